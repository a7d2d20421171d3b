import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-report.js';
import { renderReport } from '../../src/report/index.js';
import { runRules } from '../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { templateToSnapshot } from '../../src/templates/to-snapshot.js';
import { resource, template, unresolved } from './resolved-fixtures.js';

const fn = resource('GetPatientsFunction', 'AWS::Serverless::Function', { Runtime: 'python3.12', Timeout: 60, Events: { Get: { Type: 'Api', Properties: { Path: '/patients', Method: 'get' } } } }, { line: 253 });
const bucket = resource('ImagesBucket', 'AWS::S3::Bucket', { BucketName: 'clinnet-images-v2-prod' }, { line: 400 });
const snapshot = templateToSnapshot(template([fn, bucket]), { environment: 'prod', region: 'us-west-2' });

describe('findings name the template line of their resource', () => {
  it('every finding on a template resource carries { file, line, logicalId }, whatever the rule', () => {
    const findings = runRules({ snapshot, targets: DESIGN_TARGETS });
    const lambda = findings.filter((f) => f.service === 'lambda');
    expect(lambda.length).toBeGreaterThan(1);
    for (const f of lambda) expect(f.template).toEqual({ file: 'template.yaml', line: 253, logicalId: 'GetPatientsFunction' });
    const s3 = findings.filter((f) => f.service === 's3');
    expect(s3.length).toBeGreaterThan(0);
    for (const f of s3) expect(f.template).toEqual({ file: 'template.yaml', line: 400, logicalId: 'ImagesBucket' });
    const timeout = lambda.find((f) => f.rule === 'lambda/timeout');
    expect(timeout).toMatchObject({ current: 60 });
  });

  it('a collected resource in a stack gives its findings the stack and logical ID', () => {
    const stacked = { ...snapshot, lambdaFunctions: snapshot.lambdaFunctions.map((f) => ({ ...f, template: undefined, stack: { name: 'clinnet-emr-backend', logicalId: 'GetPatientsFunction' } })) };
    const finding = runRules({ snapshot: stacked, targets: DESIGN_TARGETS }).find((f) => f.service === 'lambda');
    expect(finding?.stack).toEqual({ name: 'clinnet-emr-backend', logicalId: 'GetPatientsFunction' });
    expect(finding?.template).toBeUndefined();
  });

  it('table, markdown and csv show template.yaml:253 (GetPatientsFunction); json carries the template field', () => {
    const report = buildAuditReport({ sources: [{ file: null, snapshot }], targets: DESIGN_TARGETS, failOn: 'high' });
    for (const format of ['table', 'markdown', 'csv'] as const) {
      expect(renderReport(report, format, { color: false, width: 200 })).toContain('template.yaml:253 (GetPatientsFunction)');
    }
    const json = JSON.parse(renderReport(report, 'json', { color: false })) as { findings: { service: string; template?: unknown }[] };
    expect(json.findings.filter((f) => f.service === 'lambda').every((f) => JSON.stringify(f.template) === JSON.stringify({ file: 'template.yaml', line: 253, logicalId: 'GetPatientsFunction' }))).toBe(true);
  });

  it('the table calls unresolved template values what they are, not unread parts of an account', () => {
    const gappy = templateToSnapshot(template([resource('F', 'AWS::Serverless::Function', { MemorySize: unresolved('!ImportValue size') })]), { environment: 'prod', region: 'us-east-1' });
    const report = buildAuditReport({ sources: [{ file: 'template.yaml', snapshot: gappy }], targets: DESIGN_TARGETS, failOn: 'high' });
    const text = renderReport(report, 'table', { color: false, width: 200 });
    expect(text).toContain('Not resolved offline — 1 template value audited as the neutral value named');
    expect(text).toContain('MemorySize: !ImportValue size could not be resolved offline');
    expect(text).not.toContain('could not be read, so were not audited');
  });
});
