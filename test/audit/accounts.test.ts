/** An audit of several accounts: every finding, gap and cost line names its account; totals per account; accounts not read are never green. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-report.js';
import { parseSnapshot } from '../../src/inventory/snapshot-file.js';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { renderReport } from '../../src/report/index.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const load = (env: 'dev' | 'prod'): AccountSnapshot => {
  const file = resolve(EXAMPLES, `demo-${env}.snapshot.json`);
  return parseSnapshot(readFileSync(file, 'utf8'), file);
};
/** A log group nobody tagged, named without an environment word: only its account can tell. */
function withUntaggedTable(snapshot: AccountSnapshot, accountEnv: string, name: string): AccountSnapshot {
  const group = structuredClone(snapshot.logGroups[0]);
  group.name = 'clinnet-orders';
  group.arn = group.arn.replace(/log-group:.*/, 'log-group:clinnet-orders');
  group.tags = {};
  return { ...snapshot, env: accountEnv, accountName: name, logGroups: [...snapshot.logGroups, group] };
}

const prod = withUntaggedTable(load('prod'), 'prod', 'clinnet-prod');
const dev = withUntaggedTable(load('dev'), 'dev', 'clinnet-dev');
const notRead = [{ account: '777788889999', name: 'clinnet-stg', reason: 'AccessDenied: not authorized to perform: sts:AssumeRole' }];
const audit = (extra: Partial<Parameters<typeof buildAuditReport>[0]> = {}) =>
  buildAuditReport({ sources: [prod, dev].map((snapshot) => ({ file: null, snapshot })), targets: DESIGN_TARGETS, failOn: 'high', ...extra });

describe('an audit of several accounts', () => {
  const report = audit();

  it('names the account of every finding, coverage gap and cost line', () => {
    expect(report.findings.length).toBeGreaterThan(0);
    // The demo's dev account holds only dev resources and its prod account only prod ones.
    for (const f of report.findings) expect([f.resourceName, f.account]).toEqual([f.resourceName, f.env === 'dev' ? '111122223333' : '444455556666']);
    expect(new Set(report.findings.map((f) => f.account))).toEqual(new Set(['444455556666', '111122223333']));
    expect(report.costs.lines.every((l) => l.account === '444455556666' || l.account === '111122223333')).toBe(true);
    expect(report.costs.lines.some((l) => l.account === '111122223333')).toBe(true);
  });

  it('totals each account, and the accounts add up to the whole', () => {
    expect(report.costs.byAccount.map((a) => [a.account, a.name, a.env])).toEqual([
      ['444455556666', 'clinnet-prod', 'prod'],
      ['111122223333', 'clinnet-dev', 'dev'],
    ]);
    const total = report.costs.byAccount.reduce((s, a) => s + a.todayUsd, 0);
    expect(total).toBeCloseTo(report.costs.todayUsd, 1);
    expect(report.costs.byAccount.reduce((s, a) => s + a.findings, 0)).toBe(report.findings.length);
  });

  it('gives a resource with no tag and no environment word its account\'s environment, even under --env', () => {
    const orders = report.findings.filter((f) => f.resourceName === 'clinnet-orders');
    expect(orders.map((f) => `${f.account}:${f.env}`).sort()).toEqual([...new Set(orders.map((f) => `${f.account}:${f.env}`))].sort());
    expect(new Set(orders.map((f) => `${f.account}:${f.env}`))).toEqual(new Set(['444455556666:prod', '111122223333:dev']));
    const prodOnly = audit({ env: 'prod' });
    expect(prodOnly.findings.filter((f) => f.resourceName === 'clinnet-orders').map((f) => f.account)).toEqual(
      expect.arrayContaining(['444455556666']),
    );
    expect(prodOnly.findings.some((f) => f.account === '111122223333' && f.resourceName === 'clinnet-orders')).toBe(false);
  });

  it('is incomplete, never green, when an account was not read, and says which in every format', () => {
    const incomplete = audit({ accountsNotRead: notRead });
    expect(incomplete.account).toBeNull();
    expect(incomplete.summary.headline).toMatch(/^incomplete: 1 account not read \(777788889999\)/);
    const json = JSON.parse(renderReport(incomplete, 'json', { color: false }));
    expect(json.accountsNotRead).toEqual(notRead);
    expect(json.findings[0]).toHaveProperty('account');
    const table = renderReport(incomplete, 'table', { color: false, width: 160 });
    expect(table).toMatch(/incomplete: 1 account not read/);
    expect(table).toMatch(/777788889999 \(clinnet-stg\): AccessDenied/);
    expect(table).not.toMatch(/meets its design target/);
    expect(renderReport(incomplete, 'markdown', { color: false })).toMatch(/## Accounts not read[\s\S]*777788889999 \(clinnet-stg\)/);
    const csv = renderReport(incomplete, 'csv', { color: false }).split('\r\n');
    expect(csv).toContainEqual(expect.stringMatching(/^\(account not read\),.*clinnet-stg: AccessDenied.*,777788889999,,,$/));
  });

  it('puts an account column in table, markdown and csv', () => {
    const table = renderReport(report, 'table', { color: false, width: 160 });
    expect(table).toMatch(/│ Account\s+│ Resource\s+│ Env/);
    expect(table).toMatch(/│ clinnet-dev\s+│ clinnet-orders\s+│ dev/);
    expect(table).toMatch(/Estimated monthly cost per account[\s\S]*444455556666 \(clinnet-prod\)\s+│ prod/);
    expect(renderReport(report, 'markdown', { color: false })).toMatch(/\| Account \| Severity \| Rule \| Resource \|[\s\S]*\| clinnet-prod \| /);
    const csv = renderReport(report, 'csv', { color: false }).split('\r\n');
    expect(csv[0]).toBe('rule,service,severity,env,region,resource,resourceName,current,target,monthlyDeltaUsd,fixable,message,account,template,stack,logicalId');
    expect(csv.slice(1).filter(Boolean).every((row) => /,(444455556666|111122223333),,,$/.test(row))).toBe(true);
  });

  it('shows no account column for one account', () => {
    const one = buildAuditReport({ sources: [{ file: null, snapshot: prod }], targets: DESIGN_TARGETS, failOn: 'high' });
    expect(renderReport(one, 'table', { color: false, width: 160 })).not.toMatch(/│ Account/);
    expect(one.account).toBe('444455556666');
    expect(one.costs.byAccount).toHaveLength(1);
  });
});
