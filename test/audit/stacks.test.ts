/** A live audit names the stack and logical ID of every finding on a stack-managed resource, in every format, and counts findings per stack. */
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-report.js';
import { explainSelection } from '../../src/audit/explain.js';
import { renderExplanation } from '../../src/report/explain.js';
import type { StackRef } from '../../src/inventory/snapshot.js';
import { parseCsv } from '../report/fixture.js';
import { CSV_COLUMNS, renderCsv } from '../../src/report/csv.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { lambdaFn, logGroup, snapshotWith } from '../rules/fragments.js';

const STACK = 'clinnet-emr-backend-prod';
const ref = (logicalId: string, samResource: string | null = null): StackRef => ({ name: STACK, logicalId, samResource });

function report() {
  const snapshot = snapshotWith({
    stacks: [{ region: 'us-east-1', name: STACK, id: 'arn:aws:cloudformation:us-east-1:123456789012:stack/x/y', status: 'UPDATE_COMPLETE', parameters: [], tags: {}, capabilities: [], transforms: [], resources: [] }],
    logGroups: [
      logGroup({ name: '/clinnet/audit-prod', retentionDays: null, stack: ref('AuditLogGroup') }),
      logGroup({ name: '/aws/lambda/clinnet-hand-made-prod', retentionDays: null }),
    ],
    lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-prod', stack: ref('GetPatientsFunction', 'GetPatientsFunction') })],
  });
  return buildAuditReport({ sources: [{ file: null, snapshot }], targets: DESIGN_TARGETS, failOn: 'none' });
}

describe('findings on stack-managed resources', () => {
  const r = report();
  const managed = r.findings.filter((f) => f.stack);

  it('carry the stack and logical ID; findings on other resources carry none', () => {
    const audit = r.findings.find((f) => f.resourceName === '/clinnet/audit-prod');
    expect(audit?.stack).toEqual({ name: STACK, logicalId: 'AuditLogGroup', samResource: null });
    expect(r.findings.find((f) => f.resourceName === '/aws/lambda/clinnet-hand-made-prod')).not.toHaveProperty('stack');
    expect(managed.length).toBeGreaterThan(0);
  });

  it('are counted per stack in the summary', () => {
    expect(r.summary.byStack).toEqual([expect.objectContaining({ account: '123456789012', stack: STACK, regions: ['us-east-1'], findings: managed.length })]);
  });

  it('name stack and logical ID in the table, markdown, CSV and JSON', () => {
    const table = renderTable(r, { color: false, width: 200 });
    expect(table).toContain(`${STACK} · AuditLogGroup`);
    expect(table).toMatch(new RegExp(`Per CloudFormation stack[^\\n]*\\n\\s+- ${STACK} \\(us-east-1\\): ${managed.length} finding`));
    const md = renderMarkdown(r);
    expect(md).toContain('Stack · logical ID');
    expect(md).toContain(`${STACK} · AuditLogGroup`);
    expect(md).toContain('### Per CloudFormation stack');
    const rows = parseCsv(renderCsv(r));
    const row = rows.find((x) => x[CSV_COLUMNS.indexOf('resourceName')] === '/clinnet/audit-prod');
    expect([row?.[CSV_COLUMNS.indexOf('stack')], row?.[CSV_COLUMNS.indexOf('logicalId')]]).toEqual([STACK, 'AuditLogGroup']);
    const json = JSON.parse(renderJson(r)) as { findings: { resourceName: string; stack?: StackRef }[]; summary: { byStack: unknown[] } };
    expect(json.findings.find((f) => f.resourceName === '/clinnet/audit-prod')?.stack).toEqual({ name: STACK, logicalId: 'AuditLogGroup', samResource: null });
    expect(json.summary.byStack).toHaveLength(1);
  });

  it('--explain names the stack and logical ID', () => {
    const text = renderExplanation('/clinnet/audit-prod', explainSelection(r, '/clinnet/audit-prod'), { color: false, width: 200 });
    expect(text).toContain(`Stack: ${STACK} · AuditLogGroup: change it in the stack's template and deploy it`);
  });

  it('leaves the reports of an account without stacks as they were: no stack column', () => {
    const plain = buildAuditReport({ sources: [{ file: null, snapshot: snapshotWith({ logGroups: [logGroup({ name: '/clinnet/audit-prod', retentionDays: null })] }) }], targets: DESIGN_TARGETS, failOn: 'none' });
    expect(plain.summary.byStack).toEqual([]);
    expect(renderTable(plain, { color: false })).not.toContain('Stack · logical ID');
    expect(renderMarkdown(plain)).not.toContain('Per CloudFormation stack');
  });
});
