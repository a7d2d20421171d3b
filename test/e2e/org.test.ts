/**
 * `audit`, `snapshot` and `validate` across an AWS Organization, from the built binary against moto:
 * the management account 123456789012 (the default test credentials) with a prod and a dev member,
 * each seeded through its own assumed-role credentials (test/e2e/support/org-seed.ts). Every
 * finding, gap and cost line names its account; a member's untagged resources take the account's
 * environment from its Organizations tag; the management account's own function is audited only
 * when that account is named; a member whose role cannot be assumed (the fault proxy's AccessDenied:
 * moto does not check role trust) is named with STS's reason and is never green.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountFinding as Finding, AuditReport as Report } from '../../src/audit/types.js';
import { parseCsv } from '../report/fixture.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount, type EmulatedAccount } from './support/emulated-account.js';
import { awsQueryError, isAssumeRoleInto, startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { MANAGEMENT_ACCOUNT, MANAGEMENT_FUNCTION, MEMBER_ROLE, seedOrganization, UNTAGGED_TABLE, type SeededMember, type SeededOrganization } from './support/org-seed.js';

// The JSON report is the AuditReport, serialized (docs/json-output.md).
let emulated: EmulatedAccount;
let org: SeededOrganization;
let members: SeededMember[];
/** The live `audit --org` report (scenario a), the reference for the snapshot and concurrency runs. */
let liveReport: Report;

beforeAll(async () => {
  emulated = await startEmulatedAccount('org');
  org = await seedOrganization(emulated.f, emulated.moto.endpoint);
  members = [org.prod, org.dev];
});
afterAll(async () => emulated?.moto.stop());

const cli = (args: string[], env: Record<string, string> = {}, endpoint = emulated.moto.endpoint) => runClinnet(endpoint, args, { cwd: emulated.dir, env });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stderr, describeRun(run)).not.toMatch(/unexpected error/);
}

/** Exit code, nothing on stdout, one line on stderr matching `line`. */
function expectOneLine(run: CliRun, status: number, line: RegExp): void {
  expectClean(run, status);
  expect(run.stdout, describeRun(run)).toBe('');
  expect(run.stderr.trimEnd().split('\n'), describeRun(run)).toHaveLength(1);
  expect(run.stderr.trimEnd(), describeRun(run)).toMatch(line);
}

const nameOf = (f: Finding) => f.resourceName ?? f.resource;
const key = (f: Finding) => `${f.account} ${f.rule} ${f.resource}`;
const keys = (report: Report) => report.findings.map(key).sort();
const memberById = (id: string | null) => members.find((m) => m.id === id);
const ids = (list: readonly { id: string }[]) => list.map((m) => m.id).sort();

/** Every resource the seed put in a member, by the names and ids a finding shows. */
function seededNames(member: SeededMember): string[] {
  const r = member.resources;
  return [...r.functions, ...r.logGroups, r.cluster, ...r.tables, ...Object.values(r.buckets), r.vpc, r.distribution, ...member.untagged];
}

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

describe('audit --org: both members, each finding in its own account', () => {
  it('a. one report: members only, every finding, gap and cost line naming its account, totals per account with its Organizations environment', async () => {
    const file = join(emulated.dir, 'org-audit.json');
    const run = await cli(['audit', '--org', '--format', 'json', '--output', file]);
    // Both members hold a high finding (the Aurora ACU range): the default --fail-on high exits 1.
    expectClean(run, 1);
    const report = readReport(file);
    liveReport = report;
    expect(report.summary.atOrAboveFailOn).toBeGreaterThan(0);

    expect([...report.accounts].sort()).toEqual(ids(members));
    expect(report.accountsNotRead).toEqual([]);

    for (const finding of report.findings) {
      const member = memberById(finding.account);
      expect(member, `${finding.rule} ${nameOf(finding)} names account ${finding.account}`).toBeDefined();
      expect(seededNames(member!), `${finding.rule} ${nameOf(finding)} is not a resource of ${member!.name}`).toContain(nameOf(finding));
      expect(finding.env, `${finding.rule} ${nameOf(finding)} in ${member!.name}`).toBe(member!.env);
    }
    for (const member of members) expect(report.findings.some((f) => f.account === member.id), member.name).toBe(true);

    // What carries no environment of its own takes the account's Organizations tag: judged, in that environment.
    expect(report.unknownEnvironment).toEqual([]);
    for (const member of members) {
      const untagged = report.findings.filter((f) => f.account === member.id && nameOf(f) === UNTAGGED_TABLE);
      expect(untagged.map((f) => f.rule), `${UNTAGGED_TABLE} in ${member.name}`).toContain('dynamodb/on-demand');
      for (const f of untagged) expect(f.env).toBe(member.env);
      for (const name of member.untagged) expect(report.findings.some((f) => f.account === member.id && nameOf(f) === name), `${name} in ${member.name}`).toBe(true);
    }

    // moto lacks the same optional reads in each member: a gap per member, each naming it.
    for (const gap of report.coverageGaps) expect(memberById(gap.account), JSON.stringify(gap)).toBeDefined();
    for (const member of members) expect(report.coverageGaps.some((g) => g.account === member.id), member.name).toBe(true);
    expect(report.costs.lines.length).toBeGreaterThan(0);
    for (const line of report.costs.lines) expect(memberById(line.account), JSON.stringify(line)).toBeDefined();
    for (const member of members) expect(report.costs.lines.some((l) => l.account === member.id), member.name).toBe(true);

    expect(report.costs.byAccount.map((a) => a.account).sort()).toEqual(ids(members));
    for (const member of members) {
      const cost = report.costs.byAccount.find((a) => a.account === member.id)!;
      expect(cost).toMatchObject({ account: member.id, name: member.name, env: member.env, findings: report.findings.filter((f) => f.account === member.id).length });
      for (const field of ['todayUsd', 'fixableDeltaUsd', 'afterFixesUsd', 'advisoryDeltaUsd'] as const) expect(typeof cost[field], field).toBe('number');
      expect(cost.todayUsd).toBeGreaterThan(0);
    }
    const sum = (field: 'todayUsd' | 'afterFixesUsd') => report.costs.byAccount.reduce((total, a) => total + a[field], 0);
    expect(Math.abs(sum('todayUsd') - report.costs.todayUsd)).toBeLessThan(0.02);
    expect(Math.abs(sum('afterFixesUsd') - report.costs.afterFixesUsd)).toBeLessThan(0.02);

    // The management account's own function is not the workload: passed over, and said so.
    expect(JSON.stringify(report)).not.toContain(MANAGEMENT_FUNCTION);
    expect(report.findings.some((f) => f.account === MANAGEMENT_ACCOUNT)).toBe(false);
    expect(run.stderr.split('\n').some((l) => l.includes(MANAGEMENT_ACCOUNT) && /management account/.test(l)), describeRun(run)).toBe(true);
  });

  it('b. --accounts PROD,MANAGEMENT: the management account read with the caller\'s own credentials, the dev member not read', async () => {
    const run = await cli(['audit', '--accounts', `${org.prod.id},${MANAGEMENT_ACCOUNT}`, '--format', 'json']);
    expectClean(run, 1);
    const report = JSON.parse(run.stdout) as Report;
    expect([...report.accounts].sort()).toEqual([org.prod.id, MANAGEMENT_ACCOUNT].sort());
    expect(report.findings.some((f) => f.account === org.dev.id)).toBe(false);
    expect(report.findings.some((f) => f.account === org.prod.id)).toBe(true);
    const managementFindings = report.findings.filter((f) => f.account === MANAGEMENT_ACCOUNT);
    expect(managementFindings.map((f) => f.rule), describeRun(run)).toContain('lambda/arm64');
    // Only what the management account holds is audited in it: the members' resources were seeded in the members.
    for (const f of managementFindings) expect(nameOf(f)).toMatch(new RegExp(MANAGEMENT_FUNCTION));
    for (const entry of report.unknownEnvironment) expect(entry.account, entry.resource).toBe(MANAGEMENT_ACCOUNT);
    expect(report.costs.byAccount.map((a) => a.account).sort()).toEqual([org.prod.id, MANAGEMENT_ACCOUNT].sort());
    // No Environment tag in Organizations and no environment word in its name ("master"): no account environment.
    expect(report.costs.byAccount.find((a) => a.account === MANAGEMENT_ACCOUNT)?.env).toBeNull();
    expect(report.costs.byAccount.find((a) => a.account === org.prod.id)?.env).toBe('prod');
  });

  it('c. what the user named wrongly is exit 2, one line', async () => {
    expectOneLine(await cli(['audit', '--accounts', '999999999999']), 2, /999999999999 is not (in|an account of) (the )?organization/);
    expectOneLine(await cli(['audit', '--accounts', '12ab']), 2, /--accounts: "?12ab"?/);
    expectOneLine(await cli(['audit', '--org', '--accounts', org.prod.id]), 2, /--org.*--accounts|--accounts.*--org/);
    expectOneLine(await cli(['audit', '--role-name', 'X']), 2, /--role-name.*--org/);
  });
});

describe('d. a member whose role cannot be assumed (STS AccessDenied from the fault proxy)', () => {
  let proxy: FaultProxy;
  const denial = () => `User: arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/clinnet-auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${org.dev.id}:role/${MEMBER_ROLE}`;
  beforeAll(async () => {
    proxy = await startFaultProxy(emulated.moto.endpoint, { fail: isAssumeRoleInto(org.dev.id), answer: awsQueryError(403, 'AccessDenied', denial()) });
  });
  afterAll(async () => proxy?.stop());
  const viaProxy = (args: string[]) => cli(args, {}, proxy.endpoint);

  it('audit --org: exit 3 naming the dev account and the AccessDenied', async () => {
    const before = proxy.faults();
    const run = await viaProxy(['audit', '--org']);
    expectClean(run, 3);
    expect(proxy.faults()).toBeGreaterThan(before);
    const line = run.stderr.split('\n').find((l) => l.includes(org.dev.id));
    expect(line, describeRun(run)).toBeDefined();
    expect(line).toMatch(/AccessDenied/);
    expect(run.stdout).not.toContain('meets its design target');
  });

  it('--allow-gaps: the prod member audited, exit per its findings, the report incomplete and naming the dev member with the reason', async () => {
    const run = await viaProxy(['audit', '--org', '--allow-gaps', '--format', 'json']);
    expectClean(run, 1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.accounts).toEqual([org.prod.id]);
    expect(report.accountsNotRead).toEqual([{ account: org.dev.id, name: org.dev.name, reason: expect.stringMatching(/AccessDenied/) }]);
    expect(report.summary.headline).toMatch(/^incomplete: /);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.account).toBe(org.prod.id);
    expect(report.costs.byAccount.map((a) => a.account)).toEqual([org.prod.id]);
  });

  it('--allow-gaps in table format names the account not read too, and never says the accounts meet their targets', async () => {
    const run = await viaProxy(['audit', '--org', '--allow-gaps']);
    expectClean(run, 1);
    expect(run.stdout, describeRun(run)).toContain(org.dev.id);
    expect(run.stdout).toContain('incomplete');
    expect(run.stdout).not.toContain('meets its design target');
  });
});

describe('e. snapshot --org: one file for the organization, audited offline', () => {
  const offline = { AWS_ENDPOINT_URL: '', AWS_ACCESS_KEY_ID: 'AKIAOFFLINEBOGUS0000', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' };

  it('a version 2 file with each member and its name, then the same findings as the live audit with no AWS at all', async () => {
    const file = join(emulated.dir, 'org.snapshot.json');
    const snap = await cli(['snapshot', '--org', '--out', file]);
    expectClean(snap, 0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ kind: 'clinnet-opt/snapshot', schemaVersion: 2, organization: { id: org.organizationId, managementAccount: MANAGEMENT_ACCOUNT }, accountsNotRead: [] });
    expect(typeof written.collectedAt).toBe('string');
    expect(written.accounts).toHaveLength(2);
    for (const member of members) {
      expect(written.accounts.find((a: { account: string }) => a.account === member.id), member.name).toMatchObject({ account: member.id, accountName: member.name, env: member.env });
    }
    expect(JSON.stringify(written)).not.toContain(MANAGEMENT_FUNCTION);

    const run = await cli(['audit', '--snapshot', file, '--format', 'json'], offline);
    expectClean(run, 1);
    const report = JSON.parse(run.stdout) as Report;
    expect([...report.accounts].sort()).toEqual(ids(members));
    expect(keys(report)).toEqual(keys(liveReport));
    expect(report.costs.byAccount.map((a) => [a.account, a.name, a.env]).sort()).toEqual(liveReport.costs.byAccount.map((a) => [a.account, a.name, a.env]).sort());
  });

  it('an old single-account (version 1) snapshot file still audits', async () => {
    const file = join(emulated.dir, 'management.snapshot.json');
    expectClean(await cli(['snapshot', '--out', file]), 0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 1, account: MANAGEMENT_ACCOUNT });
    const run = await cli(['audit', '--snapshot', file, '--format', 'json'], offline);
    // The management account's function holds medium and low findings only.
    expectClean(run, 0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.accounts).toEqual([MANAGEMENT_ACCOUNT]);
    expect(report.findings.some((f) => f.rule === 'lambda/arm64' && nameOf(f) === MANAGEMENT_FUNCTION && f.account === MANAGEMENT_ACCOUNT), describeRun(run)).toBe(true);
  });
});

describe('f. every format names the account', () => {
  it('csv has an account column holding each finding\'s member', async () => {
    const run = await cli(['audit', '--org', '--format', 'csv']);
    expectClean(run, 1);
    const [header, ...rows] = parseCsv(run.stdout);
    const column = header.indexOf('account');
    expect(column, header.join(',')).toBeGreaterThanOrEqual(0);
    expect(rows).toHaveLength(liveReport.findings.length);
    for (const row of rows) expect(ids(members), row.join(',')).toContain(row[column]);
    for (const member of members) expect(rows.some((row) => row[column] === member.id), member.name).toBe(true);
  });

  it('markdown and table name each member and not the management account', async () => {
    for (const format of ['markdown', 'table']) {
      const run = await cli(['audit', '--org', '--format', format]);
      expectClean(run, 1);
      for (const member of members) {
        expect(run.stdout, `${format}: ${member.name}`).toContain(member.id);
        expect(run.stdout, `${format}: ${member.id}`).toContain(member.name);
      }
      expect(run.stdout, format).not.toContain(MANAGEMENT_FUNCTION);
    }
  });
});

describe('g. validate --org', () => {
  it('each benchmark row names its account', async () => {
    const run = await cli(['validate', '--org', '--format', 'json']);
    // No metrics were put: every benchmark is "no data", which is never a pass.
    expectClean(run, 1);
    const report = JSON.parse(run.stdout) as { benchmarks: { id: string; account: string; status: string }[] };
    expect(report.benchmarks.length).toBeGreaterThan(0);
    for (const row of report.benchmarks) expect(ids(members), `${row.id}: ${row.account}`).toContain(row.account);
    for (const member of members) expect(report.benchmarks.some((row) => row.account === member.id), member.name).toBe(true);
  });
});

describe('h. --max-accounts-in-flight', () => {
  it('1 reads one account at a time and gives the same report', async () => {
    const run = await cli(['audit', '--org', '--max-accounts-in-flight', '1', '--format', 'json']);
    expectClean(run, 1);
    const report = JSON.parse(run.stdout) as Report;
    expect([...report.accounts].sort()).toEqual(ids(members));
    expect(keys(report)).toEqual(keys(liveReport));
  });

  it('0 is exit 2, one line', async () => {
    expectOneLine(await cli(['audit', '--org', '--max-accounts-in-flight', '0']), 2, /--max-accounts-in-flight/);
  });
});
