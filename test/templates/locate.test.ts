/** `fix --template FILE` names the line that declares a logical ID, in YAML (short-form tags) and JSON templates. */
import { describe, expect, it } from 'vitest';
import { resourceLines, templateLocator } from '../../src/templates/locate.js';

const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment:
    Type: String
Resources:
  # the patients handler
  GetPatientsFunction:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: !If [IsProduction, 512, 256]
      FunctionName: !Sub '\${AWS::StackName}-patients'
  ServicesTable:
    Type: AWS::DynamoDB::Table
Outputs:
  GetPatientsFunction:
    Value: !Ref GetPatientsFunction
`;

describe('resourceLines', () => {
  it('gives the 1-based line of each key under Resources, not of a same-named output', () => {
    expect(Object.fromEntries(resourceLines(YAML)!)).toEqual({ GetPatientsFunction: 8, ServicesTable: 13 });
  });

  it('reads JSON templates too', () => {
    const json = JSON.stringify({ Resources: { A: { Type: 'AWS::S3::Bucket' }, B: { Type: 'AWS::SNS::Topic' } } }, null, 2);
    expect(Object.fromEntries(resourceLines(json)!)).toEqual({ A: 3, B: 6 });
  });

  it('gives null for what is no template', () => {
    expect(resourceLines('Outputs: {}')).toBeNull();
    expect(resourceLines('a: [unclosed')).toBeNull();
  });
});

describe('templateLocator', () => {
  it('names file:line for a declared logical ID and nothing for an unknown one', () => {
    const locate = templateLocator('template.yaml', YAML)!;
    expect(locate('ServicesTable')).toBe('template.yaml:13');
    expect(locate('NotThere')).toBeUndefined();
  });
});
