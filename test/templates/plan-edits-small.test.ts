import { describe, expect, it } from 'vitest';
import type { Finding, JsonValue } from '../../src/rules/types.js';
import { parseTemplate } from '../../src/templates/parse.js';
import { planTemplateEdits } from '../../src/templates/plan-edits.js';
import { resolveTemplate } from '../../src/templates/resolve.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, test, prod]
Conditions:
  IsProduction: !Equals [!Ref Environment, prod]
Mappings:
  Retention:
    dev: {Days: 7}
    test: {Days: 7}
    prod: {Days: 7}
Globals:
  Function:
    MemorySize: 128 # the default size
    Runtime: python3.12
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
  B:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.handler
      Timeout: 20
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /clinnet/app-\${Environment}
      RetentionInDays: 3653
  MappedLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !FindInMap [Retention, !Ref Environment, Days]
`;
const ENVS = { name: 'Environment', allowedValues: ['dev', 'test', 'prod'] };

function finding(rule: string, env: string, logicalId: string, current: JsonValue, target: JsonValue, fixable = true): Finding {
  return {
    rule,
    service: rule.startsWith('logs') ? 'logs' : 'lambda',
    resource: logicalId,
    resourceName: logicalId,
    region: 'us-east-1',
    env,
    current,
    target,
    monthlyDeltaUsd: null,
    costLines: [],
    fixable,
    severity: 'medium',
    message: `${rule} ${String(current)} → ${String(target)}`,
    template: { file: 'template.yaml', line: 1, logicalId },
  } as Finding;
}

function value(text: string, env: string, logicalId: string, property: string): unknown {
  return resolveTemplate(parseTemplate(text, 'template.yaml'), { Environment: env }).resources.find((r) => r.logicalId === logicalId)?.properties[property];
}

describe('planTemplateEdits placement and values', () => {
  it('the same target for every inheriting function in each environment edits Globals once, as !If when environments differ', () => {
    const byEnv = {
      dev: [finding('lambda/memory', 'dev', 'A', 128, 256), finding('lambda/memory', 'dev', 'B', 128, 256)],
      prod: [finding('lambda/memory', 'prod', 'A', 128, 1024), finding('lambda/memory', 'prod', 'B', 128, 1024)],
    };
    const plan = planTemplateEdits(TEMPLATE, 'template.yaml', byEnv, ENVS);
    expect(plan.refused).toEqual([]);
    expect(plan.edits.filter((e) => e.kind === 'value').map((e) => e.path)).toEqual(['Globals.Function.MemorySize']);
    expect(plan.text).toContain('    MemorySize: !If [IsProduction, 1024, !If [IsDev, 256, 128]] # the default size\n');
    expect(plan.text).toContain('  IsProduction: !Equals [!Ref Environment, prod]\n  IsDev: !Equals [!Ref Environment, dev]\nMappings:');
    for (const [env, size] of [['dev', 256], ['test', 128], ['prod', 1024]] as const) {
      expect(value(plan.text, env, 'A', 'MemorySize')).toBe(size);
      expect(value(plan.text, env, 'B', 'MemorySize')).toBe(size);
    }
  });

  it('different targets for the inheriting functions give each its own property; a function property that exists is set in place', () => {
    const byEnv = {
      dev: [finding('lambda/memory', 'dev', 'A', 128, 512), finding('lambda/timeout', 'dev', 'B', 20, 30)],
      test: [finding('lambda/memory', 'test', 'A', 128, 512), finding('lambda/timeout', 'test', 'B', 20, 30)],
      prod: [finding('lambda/memory', 'prod', 'A', 128, 512), finding('lambda/timeout', 'prod', 'B', 20, 30)],
    };
    const plan = planTemplateEdits(TEMPLATE, 'template.yaml', byEnv, ENVS);
    expect(plan.edits.map((e) => e.path).sort()).toEqual(['Resources.A.Properties.MemorySize', 'Resources.B.Properties.Timeout']);
    expect(plan.text).toContain('      Handler: a.handler\n      MemorySize: 512\n');
    expect(plan.text).toContain('      Timeout: 30\n');
    expect(plan.text).toContain('    MemorySize: 128 # the default size\n');
    for (const env of ENVS.allowedValues) {
      expect(value(plan.text, env, 'A', 'MemorySize')).toBe(512);
      expect(value(plan.text, env, 'B', 'MemorySize')).toBe(128);
    }
  });

  it('onlyEnv prod: prod gets its target and the others keep today’s value, through the existing IsProduction', () => {
    const byEnv = {
      dev: [finding('logs/retention', 'dev', 'AppLogs', 3653, 30)],
      prod: [finding('logs/retention', 'prod', 'AppLogs', 3653, 365)],
    };
    const plan = planTemplateEdits(TEMPLATE, 'template.yaml', byEnv, ENVS, { onlyEnv: 'prod' });
    expect(plan.text).toContain('      RetentionInDays: !If [IsProduction, 365, 3653]\n');
    expect(plan.edits.map((e) => e.kind)).toEqual(['value']);
    expect(value(plan.text, 'prod', 'AppLogs', 'RetentionInDays')).toBe(365);
    expect(value(plan.text, 'dev', 'AppLogs', 'RetentionInDays')).toBe(3653);
    expect(value(plan.text, 'test', 'AppLogs', 'RetentionInDays')).toBe(3653);
  });

  it('a Globals value that is already !If is left alone: each function gets its own value, the other environments keeping theirs', () => {
    const text = TEMPLATE.replace('    MemorySize: 128 # the default size', '    MemorySize: !If [IsProduction, 256, 128]');
    const byEnv = { prod: [finding('lambda/memory', 'prod', 'A', 256, 512), finding('lambda/memory', 'prod', 'B', 256, 512)] };
    const plan = planTemplateEdits(text, 'template.yaml', byEnv, ENVS, { onlyEnv: 'prod' });
    expect(plan.refused).toEqual([]);
    expect(plan.edits.map((e) => e.path).sort()).toEqual(['Resources.A.Properties.MemorySize', 'Resources.B.Properties.MemorySize']);
    expect(plan.text).toContain('    MemorySize: !If [IsProduction, 256, 128]\n');
    for (const id of ['A', 'B']) {
      expect(value(plan.text, 'prod', id, 'MemorySize')).toBe(512);
      expect(value(plan.text, 'dev', id, 'MemorySize')).toBe(128);
      expect(value(plan.text, 'test', id, 'MemorySize')).toBe(128);
    }
  });

  it('a JSON template gets JSON edits: a long-form Fn::If and a condition in long form', () => {
    const json = `${JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Parameters: { Environment: { Type: 'String', AllowedValues: ['dev', 'test', 'prod'] } },
        Resources: { AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 3653 } } },
      },
      null,
      2,
    )}\n`;
    const byEnv = { prod: [finding('logs/retention', 'prod', 'AppLogs', 3653, 365)] };
    const plan = planTemplateEdits(json, 'template.json', byEnv, ENVS, { onlyEnv: 'prod' });
    expect(plan.refused).toEqual([]);
    const body = JSON.parse(plan.text) as { Conditions: unknown; Resources: { AppLogs: { Properties: unknown } } };
    expect(body.Conditions).toEqual({ IsProd: { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] } });
    expect(body.Resources.AppLogs.Properties).toEqual({ RetentionInDays: { 'Fn::If': ['IsProd', 365, 3653] } });
    expect(value(plan.text, 'prod', 'AppLogs', 'RetentionInDays')).toBe(365);
    expect(value(plan.text, 'dev', 'AppLogs', 'RetentionInDays')).toBe(3653);
  });

  it('refuses, with the reason: an intrinsic value, an advisory finding, a log group the template does not declare', () => {
    const byEnv = {
      prod: [
        finding('logs/retention', 'prod', 'MappedLogs', 7, 365),
        finding('lambda/memory', 'prod', 'A', 128, 64, false),
        finding('logs/retention', 'prod', 'A', null, 365),
      ],
    };
    const plan = planTemplateEdits(TEMPLATE, 'template.yaml', byEnv, ENVS);
    expect(plan.text).toBe(TEMPLATE);
    expect(plan.edits).toEqual([]);
    const reason = (id: string, rule: string): string => plan.refused.find((r) => r.finding.template?.logicalId === id && r.finding.rule === rule)?.reason ?? '';
    expect(plan.refused).toHaveLength(3);
    expect(reason('MappedLogs', 'logs/retention')).toContain('Resources.MappedLogs.Properties.RetentionInDays: is an intrinsic (!FindInMap)');
    expect(reason('A', 'lambda/memory')).toBe('advisory, not applied by fix: lambda/memory 128 → 64');
    expect(reason('A', 'logs/retention')).toContain('the template declares no AWS::Logs::LogGroup for A');
    const other = planTemplateEdits(TEMPLATE, 'template.yaml', { staging: [finding('lambda/memory', 'staging', 'A', 128, 512)] }, ENVS);
    expect(other.refused.map((r) => r.reason)).toEqual(["staging is not one of Environment's AllowedValues (dev, test, prod)"]);
  });
});
