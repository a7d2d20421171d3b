import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Composer, CST, Parser } from 'yaml';
import { parseTemplate, SHORT_FORM_TAGS, templateTags } from '../../src/templates/parse.js';
import { TemplateError } from '../../src/templates/errors.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/clinnet-backend.yaml', import.meta.url));
const text = readFileSync(FIXTURE, 'utf8');
const parsed = parseTemplate(text, 'clinnet-backend.yaml');
const fixtureLines = text.split('\n');

/** 1-based line of the one fixture line that, trimmed, starts with `start` (after the line `after`, if given). */
function lineOf(start: string, after?: string): number {
  const from = after === undefined ? 0 : lineOf(after);
  const index = fixtureLines.findIndex((line, i) => i >= from && line.trim().startsWith(start));
  if (index < 0) throw new Error(`fixture has no line starting ${start}`);
  return index + 1;
}

const resource = (id: string) => {
  const found = parsed.resources.find((r) => r.logicalId === id);
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

function thrown(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('parseTemplate: the Clinnet backend fixture', () => {
  it('reads the SAM transform, parameters, conditions, mappings and every resource', () => {
    expect(parsed.format).toBe('yaml');
    expect(parsed.sam).toBe(true);
    expect(parsed.transforms).toEqual(['AWS::Serverless-2016-10-31']);
    expect(parsed.parameters.map((p) => p.name)).toEqual(['Environment', 'DBUsername', 'DBPassword', 'VpcId', 'PrivateSubnetIds']);
    const environment = parsed.parameters[0];
    expect(environment).toMatchObject({ type: 'String', default: 'dev', allowedValues: ['dev', 'test', 'prod'], noEcho: false, line: lineOf('Environment:') });
    expect(parsed.parameters[1]).toMatchObject({ name: 'DBUsername', default: null, allowedValues: null });
    expect(parsed.parameters[2]).toMatchObject({ name: 'DBPassword', noEcho: true, default: 'ClinnetDev2024!', line: lineOf('DBPassword:') });
    expect(Object.keys(parsed.conditions)).toEqual(['IsProduction', 'IsNotProduction', 'HasLongRetention']);
    expect(parsed.conditions.IsProduction).toEqual({ 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] });
    expect(parsed.conditions.IsNotProduction).toEqual({ 'Fn::Not': [{ Condition: 'IsProduction' }] });
    expect(parsed.mappings).toHaveProperty('EnvironmentConfig.prod.LogRetentionDays', 365);
    const functions = parsed.resources.filter((r) => r.type === 'AWS::Serverless::Function');
    expect(functions.length).toBeGreaterThanOrEqual(22);
    expect(functions.filter((f) => f.properties.FunctionName === undefined).length).toBeGreaterThan(functions.length / 2);
    expect(resource('SeedTestDataFunction').condition).toBe('IsNotProduction');
    expect(resource('ClinnetDatabaseCluster').attributes).toEqual({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  it('gives the 1-based line of each logical ID and of each property path, arrays by index', () => {
    expect(resource('GetPatientsFunction').line).toBe(lineOf('GetPatientsFunction:'));
    const summarize = resource('SummarizeNoteFunction');
    expect(summarize.propertyLines['Properties.Timeout']).toBe(lineOf('Timeout: 60'));
    const distribution = resource('ClinnetDistribution');
    expect(distribution.propertyLines['Properties.DistributionConfig.CacheBehaviors.0']).toBe(lineOf('- PathPattern: /static/*'));
    expect(distribution.propertyLines['Properties.DistributionConfig.CacheBehaviors.0.CachePolicyId']).toBe(
      lineOf('CachePolicyId: 4135ea2d', '- PathPattern: /static/*'),
    );
    expect(distribution.propertyLines['Properties.DistributionConfig.CacheBehaviors.2.CachePolicyId']).toBe(
      lineOf('CachePolicyId: 4135ea2d', '- PathPattern: /api/*'),
    );
    const bucket = resource('ImagesBucket');
    expect(bucket.propertyLines['Properties.LifecycleConfiguration.Rules.0.Transitions.0.TransitionInDays']).toBe(lineOf('- TransitionInDays: 7'));
    expect(bucket.properties.BucketName).toEqual({ 'Fn::Sub': 'clinnet-images-v2-${AWS::AccountId}-${AWS::Region}-${Environment}' });
    // inside an intrinsic, by its long-form key
    const cluster = resource('ClinnetDatabaseCluster');
    expect(cluster.propertyLines['Properties.ServerlessV2ScalingConfiguration.MinCapacity']).toBe(lineOf('MinCapacity:'));
    expect(cluster.propertyLines['Properties.ServerlessV2ScalingConfiguration.MinCapacity.Fn::If.2']).toBe(lineOf('MinCapacity:'));
    expect(parsed.nodes['Resources.ClinnetDatabaseCluster.Properties.ServerlessV2ScalingConfiguration.MinCapacity']).toMatchObject({ tag: '!If', style: 'FLOW_SEQ' });
  });

  it('gives the lines of Globals entries by full path', () => {
    expect(parsed.globals.Function.MemorySize).toBe(256);
    expect(parsed.globalsLines['Globals.Function.Timeout']).toBe(lineOf('Timeout: 30'));
    expect(parsed.globalsLines['Globals.Function.Environment.Variables.DB_PASSWORD']).toBe(lineOf('DB_PASSWORD: !Ref DBPassword'));
    expect(parsed.globalsLines['Globals.Function.VpcConfig.SecurityGroupIds.0']).toBe(lineOf('- !Ref LambdaSecurityGroup'));
    expect(parsed.globals.Function.Environment).toEqual({
      Variables: {
        DB_HOST: { 'Fn::GetAtt': ['ClinnetDatabaseCluster', 'Endpoint.Address'] },
        DB_PORT: '3306',
        DB_NAME: 'clinnet',
        DB_USER: { Ref: 'DBUsername' },
        DB_PASSWORD: { Ref: 'DBPassword' },
        ENVIRONMENT: { Ref: 'Environment' },
        LOG_LEVEL: { 'Fn::If': ['IsProduction', 'INFO', 'DEBUG'] },
      },
    });
  });

  it('keeps the comment beside a property and the comment line directly above it', () => {
    const distribution = resource('ClinnetDistribution');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.0.CachePolicyId']).toBe('CachingOptimized');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.1.CachePolicyId']).toBe('CachingOptimized (long TTL for hashed bundles)');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.2.CachePolicyId']).toBe('CachingDisabled');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.2.OriginRequestPolicyId']).toBe('AllViewerExceptHostHeader');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.0.PathPattern']).toBeUndefined();
    expect(resource('SummarizeNoteFunction').propertyComments['Properties.Timeout']).toBe('the model can take a while on long notes');
    expect(resource('ImagesBucket').propertyComments['Properties.LifecycleConfiguration']).toBe('Design doc 4.3: images older than a week go to infrequent access');
    expect(parsed.nodes['Globals.Function.Environment.Variables.DB_PASSWORD'].comment).toBe('plain variable, see the security review');
  });

  it('reads a list of transforms, and AWS::Include by its name', () => {
    const parsed = parseTemplate('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n  A:\n    Type: X\n', 't.yaml');
    expect(parsed).toMatchObject({ transforms: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], sam: true });
    const include = parseTemplate('Transform:\n  Name: AWS::Include\n  Parameters: { Location: s3://b/k }\nResources:\n  A:\n    Type: X\n', 't.yaml');
    expect(include).toMatchObject({ transforms: ['AWS::Include'], sam: false });
  });

  it('reads folded and literal blocks as YAML does', () => {
    expect(parsed.body.Description).toMatch(/^Clinnet EMR backend: patients, appointments, services and users behind API Gateway, /);
    const body = resource('OperationsDashboard').properties.DashboardBody as { 'Fn::Sub': string };
    expect(body['Fn::Sub']).toContain('"region": "${AWS::Region}",\n');
    expect(parsed.nodes['Resources.OperationsDashboard.Properties.DashboardBody']).toMatchObject({ tag: '!Sub', style: 'BLOCK_LITERAL' });
  });

  it('keeps what an in-place edit needs: the text and each node offsets', () => {
    expect(parsed.text).toBe(text);
    const node = parsed.nodes['Resources.SummarizeNoteFunction.Properties.Timeout'];
    expect(text.slice(node.keyRange![0], node.keyRange![1])).toBe('Timeout');
    expect(text.slice(node.valueRange[0], node.valueRange[1])).toBe('60');
  });
});

describe('parseTemplate: what the template editor builds on', () => {
  it('the fixture goes through the yaml CST unchanged, and composes with the same tags without a warning', () => {
    const tokens = [...new Parser().parse(text)];
    expect(tokens.map((token) => CST.stringify(token)).join('')).toBe(text);
    const documents = [...new Composer({ customTags: [...templateTags], keepSourceTokens: true }).compose(tokens)];
    expect(documents).toHaveLength(1);
    expect(documents[0].errors).toEqual([]);
    expect(documents[0].warnings).toEqual([]);
  });
});

describe('parseTemplate: YAML details CloudFormation users write', () => {
  it('reads CRLF files and a byte order mark with the same lines and comments', () => {
    const crlf = '\uFEFFResources:\r\n  A:\r\n    Type: AWS::S3::Bucket\r\n    Properties:\r\n      # the logs\r\n      BucketName: logs # beside\r\n';
    const resource = parseTemplate(crlf, 'crlf.yaml').resources[0];
    expect(resource.line).toBe(2);
    expect(resource.propertyLines['Properties.BucketName']).toBe(6);
    expect(resource.propertyComments['Properties.BucketName']).toBe('the logs\nbeside');
    expect(resource.properties.BucketName).toBe('logs');
  });

  it('keeps a number written with leading zeros as the string CloudFormation reads (an account ID)', () => {
    const resource = parseTemplate('Resources:\n  A:\n    Type: X\n    Properties:\n      Account: 012345678901\n      Port: 3306\n      Ratio: 0.5\n', 't.yaml').resources[0];
    expect(resource.properties).toEqual({ Account: '012345678901', Port: 3306, Ratio: 0.5 });
  });

  it('follows anchors and aliases', () => {
    const resource = parseTemplate('Resources:\n  A:\n    Type: X\n    Properties:\n      One: &tags { App: clinnet }\n      Two: *tags\n', 't.yaml').resources[0];
    expect(resource.properties).toEqual({ One: { App: 'clinnet' }, Two: { App: 'clinnet' } });
    expect(resource.propertyLines['Properties.Two']).toBe(6);
  });

  it('a quoted # is not a comment', () => {
    const resource = parseTemplate("Resources:\n  A:\n    Type: X\n    Properties:\n      Channel: '#alerts'\n      Other: \"a # b\" # real\n", 't.yaml').resources[0];
    expect(resource.properties).toEqual({ Channel: '#alerts', Other: 'a # b' });
    expect(resource.propertyComments).toEqual({ 'Properties.Other': 'real' });
  });
});

describe('parseTemplate: short-form tags', () => {
  const yaml = `Resources:
  R:
    Type: AWS::X::Y
    Properties:
      Ref: !Ref P
      Sub: !Sub 'a-\${P}'
      SubList: !Sub ['\${A}-x', { A: !Ref P }]
      GetAtt: !GetAtt Cluster.Endpoint.Address
      GetAttList: !GetAtt [Cluster, Arn]
      If: !If [C, 1, 2]
      Equals: !Equals [a, b]
      Not: !Not [!Equals [a, b]]
      And: !And [!Condition C, !Condition D]
      Or: !Or [!Condition C, !Condition D]
      Select: !Select [0, !GetAZs '']
      Join: !Join ['-', [a, b]]
      FindInMap: !FindInMap [M, K, V]
      ImportValue: !ImportValue shared-vpc
      Split: !Split [',', 'a,b']
      Base64: !Base64 hello
      Cidr: !Cidr [10.0.0.0/16, 4, 8]
      GetAZs: !GetAZs us-west-2
      Condition: !Condition C
`;
  const properties = parseTemplate(yaml, 't.yaml').resources[0].properties;

  it('turns each tag into its long form', () => {
    expect(properties).toEqual({
      Ref: { Ref: 'P' },
      Sub: { 'Fn::Sub': 'a-${P}' },
      SubList: { 'Fn::Sub': ['${A}-x', { A: { Ref: 'P' } }] },
      GetAtt: { 'Fn::GetAtt': ['Cluster', 'Endpoint.Address'] },
      GetAttList: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      If: { 'Fn::If': ['C', 1, 2] },
      Equals: { 'Fn::Equals': ['a', 'b'] },
      Not: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] },
      And: { 'Fn::And': [{ Condition: 'C' }, { Condition: 'D' }] },
      Or: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
      Select: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      Join: { 'Fn::Join': ['-', ['a', 'b']] },
      FindInMap: { 'Fn::FindInMap': ['M', 'K', 'V'] },
      ImportValue: { 'Fn::ImportValue': 'shared-vpc' },
      Split: { 'Fn::Split': [',', 'a,b'] },
      Base64: { 'Fn::Base64': 'hello' },
      Cidr: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      GetAZs: { 'Fn::GetAZs': 'us-west-2' },
      Condition: { Condition: 'C' },
    });
  });

  it('covers every short form the issue lists', () => {
    for (const tag of ['!Ref', '!Sub', '!GetAtt', '!If', '!Equals', '!Not', '!And', '!Or', '!Select', '!Join', '!FindInMap', '!ImportValue', '!Split', '!Base64', '!Cidr', '!GetAZs', '!Condition']) {
      expect(SHORT_FORM_TAGS[tag], tag).toBeDefined();
      expect(yaml).toContain(`${tag} `);
    }
  });
});

describe('parseTemplate: JSON templates', () => {
  const json = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "Environment": { "Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev" } },
  "Resources": {
    "Logs": {
      "Type": "AWS::Logs::LogGroup",
      "Properties": {
        "LogGroupName": { "Fn::Sub": "/clinnet/\${Environment}" },
        "RetentionInDays": 7
      }
    }
  }
}`;

  it('reads JSON with the same long form and positions', () => {
    const template = parseTemplate(json, 'stack.json');
    expect(template.format).toBe('json');
    expect(template.sam).toBe(false);
    expect(template.parameters[0]).toMatchObject({ name: 'Environment', allowedValues: ['dev', 'prod'], line: 3 });
    const logs = template.resources[0];
    expect(logs).toMatchObject({ logicalId: 'Logs', type: 'AWS::Logs::LogGroup', line: 5 });
    expect(logs.properties).toEqual({ LogGroupName: { 'Fn::Sub': '/clinnet/${Environment}' }, RetentionInDays: 7 });
    expect(logs.propertyLines['Properties.RetentionInDays']).toBe(9);
  });

  it('names the file and line of invalid JSON', () => {
    const error = thrown(() => parseTemplate('{\n  "Resources": {\n    "A": { "Type": "X", },\n  }\n}', 'bad.json'));
    expect(error.message).toMatch(/^bad\.json:3: not valid JSON/);
    expect(error.line).toBe(3);
  });
});

describe('parseTemplate: errors name file, line and what is wrong', () => {
  it.each([
    ['an empty file', '\n# nothing yet\n', /^t\.yaml:1: empty file/],
    ['not YAML', 'Resources:\n  A:\n    Type: X\n   Bad: [unclosed\n', /^t\.yaml:\d+: not valid YAML: /],
    ['two documents', 'Resources:\n  A:\n    Type: X\n---\nResources: {}\n', /^t\.yaml:4: not valid YAML: a template is one YAML document/],
    ['no Resources section', 'AWSTemplateFormatVersion: "2010-09-09"\nParameters: {}\n', /^t\.yaml:1: no Resources section/],
    ['not a mapping', '- a\n- b\n', /^t\.yaml:1: not a CloudFormation template/],
    ['a Fn::ForEach loop', 'Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [a, b]\n    - Topic${Name}: { Type: AWS::SNS::Topic }\n', /^t\.yaml:3: Fn::ForEach::Topics: Fn::ForEach loops \(AWS::LanguageExtensions\) are not expanded offline/],
    ['a resource without Type', 'Resources:\n  A:\n    Properties: {}\n', /^t\.yaml:2: resource A has no Type/],
    ['a parameter without Type', 'Parameters:\n  P:\n    Default: x\nResources:\n  A:\n    Type: X\n', /^t\.yaml:2: parameter P has no Type/],
    ['a duplicate key', 'Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n', /^t\.yaml:4: not valid YAML: Map keys must be unique/],
    ['!GetAtt without attribute', 'Resources:\n  A:\n    Type: X\n    Properties:\n      V: !GetAtt Cluster\n', /^t\.yaml:5: !GetAtt Cluster: write it as LogicalId\.Attribute/],
  ])('%s', (_what, source, message) => {
    const error = thrown(() => parseTemplate(source, 't.yaml'));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('an unknown tag, with its line', () => {
    const error = thrown(() => parseTemplate('Resources:\n  A:\n    Type: X\n    Properties:\n      V: !Reference P\n', 't.yaml'));
    expect(error.message).toMatch(/^t\.yaml:5: unknown tag !Reference/);
    expect(error.line).toBe(5);
  });
});
