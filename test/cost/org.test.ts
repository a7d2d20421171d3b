/**
 * `clinnet-opt cost-report --org` in-process, against Organizations and Cost Explorer answers shaped
 * like the real APIs' (pages, DimensionValueAttributes, TAG group keys "Environment$prod").
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  ListCostAllocationTagsCommand,
  type GetCostAndUsageCommandOutput,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  AWSOrganizationsNotInUseException,
  AccessDeniedException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { groupOrgLines, orgCosts, type KnownAccount } from '../../src/cost/org-costs.js';
import { buildOrgRequest, tagValueOf } from '../../src/cost/org-query.js';
import { costTargetsFrom } from '../../src/cost/targets.js';
import { runCli, tempDir } from './harness.js';

const ce = mockClient(CostExplorerClient);
const sts = mockClient(STSClient);
const org = mockClient(OrganizationsClient);
let dir: string;

const MANAGEMENT = '123456789012';
const PROD = '111111111111';
const DEV = '222222222222';
const SANDBOX = '333333333333';

function run(args: string[]) {
  return runCli(args, { cwd: () => dir });
}

type Group = [account: string, tag: string | null, amount: number];

function result(start: string, end: string, groups: Group[], estimated = false): ResultByTime {
  return {
    TimePeriod: { Start: start, End: end },
    Total: {},
    Groups: groups.map(([account, tag, amount]) => ({
      Keys: tag === null ? [account] : [account, tag],
      Metrics: { UnblendedCost: { Amount: amount.toFixed(10), Unit: 'USD' } },
    })),
    Estimated: estimated,
  };
}

const NAMES: Record<string, string> = { [MANAGEMENT]: 'payer', [PROD]: 'clinnet-prod', [DEV]: 'clinnet-dev', [SANDBOX]: 'sandbox' };

function answer(results: ResultByTime[], byTag: boolean, accounts: string[], nextPageToken?: string): GetCostAndUsageCommandOutput {
  return {
    $metadata: { httpStatusCode: 200 },
    GroupDefinitions: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, ...(byTag ? [{ Type: 'TAG' as const, Key: 'Environment' }] : [])],
    ResultsByTime: results,
    // Cost Explorer names the linked accounts of the page in DimensionValueAttributes.
    DimensionValueAttributes: accounts.map((id) => ({ Value: id, Attributes: { description: NAMES[id] ?? id } })),
    ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
  };
}

function orgAccounts(extra: Array<{ Id: string; Name: string; State?: string }> = []) {
  const account = (Id: string, Name: string, State = 'ACTIVE') => ({ Id, Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-abc123/${Id}`, Name, Email: `${Name}@example.com`, State, Status: State === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED', JoinedMethod: 'CREATED', JoinedTimestamp: new Date('2024-01-01') });
  return [account(MANAGEMENT, 'payer'), account(PROD, 'clinnet-prod'), account(DEV, 'clinnet-dev'), account(SANDBOX, 'sandbox'), ...extra.map((a) => account(a.Id, a.Name, a.State))];
}

function tagsActive(active: boolean): void {
  // Two pages: the environment tag is on the second, as a long list of active tags would have it.
  ce.on(ListCostAllocationTagsCommand).callsFake((input: { NextToken?: string }) =>
    input.NextToken === 'tags-2'
      ? { CostAllocationTags: active ? [{ TagKey: 'Environment', Type: 'UserDefined', Status: 'Active', LastUpdatedDate: '2025-01-02T00:00:00Z' }] : [] }
      : { CostAllocationTags: [{ TagKey: 'team', Type: 'UserDefined', Status: 'Active' }], NextToken: 'tags-2' },
  );
}

beforeEach(() => {
  ce.reset();
  sts.reset();
  org.reset();
  dir = tempDir();
  sts.on(GetCallerIdentityCommand).resolves({ Account: MANAGEMENT, Arn: `arn:aws:iam::${MANAGEMENT}:user/finance`, UserId: 'AIDA' });
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123', Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-abc123`, MasterAccountId: MANAGEMENT, FeatureSet: 'ALL' } });
  // Two pages of accounts.
  org.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
    const all = orgAccounts();
    return input.NextToken === 'accounts-2' ? { Accounts: all.slice(2) } : { Accounts: all.slice(0, 2), NextToken: 'accounts-2' };
  });
  org.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  org.on(ListTagsForResourceCommand, { ResourceId: PROD }).resolves({ Tags: [{ Key: 'Environment', Value: 'production' }] });
  org.on(ListTagsForResourceCommand, { ResourceId: DEV }).resolves({ Tags: [{ Key: 'environment', Value: 'dev' }] });
});

describe('cost-report --org, the environment tag active as a cost allocation tag', () => {
  beforeEach(() => {
    tagsActive(true);
    // One query in two pages; the dev account's costs are split between dev- and prod-tagged resources.
    ce.on(GetCostAndUsageCommand).callsFake((input: { NextPageToken?: string }) =>
      input.NextPageToken === 'page-2'
        ? answer([result('2025-05-01', '2025-06-01', [[DEV, 'Environment$dev', 120], [DEV, 'Environment$prod', 30], [SANDBOX, 'Environment$sandbox', 5], [MANAGEMENT, 'Environment$', 2]])], true, [DEV, SANDBOX, MANAGEMENT])
        : answer([result('2025-05-01', '2025-06-01', [[PROD, 'Environment$prod', 400], [PROD, 'Environment$', 50]])], true, [PROD], 'page-2'),
    );
  });

  it('asks one query grouped by LINKED_ACCOUNT and the tag, follows every page, and names the account on every JSON line', async () => {
    const r = await run(['cost-report', '--org', '--format', 'json', '--no-cache']);
    expect(r.exitCode, r.stderr).toBe(0);
    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toEqual({
      TimePeriod: { Start: '2025-05-01', End: '2025-06-01' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'TAG', Key: 'Environment' },
      ],
    });
    expect(calls[1].args[0].input.NextPageToken).toBe('page-2');
    expect(ce.commandCalls(ListCostAllocationTagsCommand)[0].args[0].input).toMatchObject({ Status: 'Active', Type: 'UserDefined' });

    const report = JSON.parse(r.stdout);
    expect(report.kind).toBe('clinnet-opt/org-cost-report');
    expect(report.environmentsFrom).toEqual({ costAllocationTag: 'Environment', tagKey: 'Environment' });
    for (const line of report.lines) expect(line.account).toMatch(/^\d{12}$/);
    const line = (account: string, env: string | null) => report.lines.find((l: { account: string; env: string | null }) => l.account === account && l.env === env);
    // Tagged prod plus the untagged $50, which takes the account's own environment (its Organizations tag "production").
    expect(line(PROD, 'prod')).toMatchObject({ accountName: 'clinnet-prod', cost: 450, envFrom: ['cost-tag', 'account-tag'], tagValues: ['prod'], targetPct: 40, status: 'n/a' });
    // An account split across tag values goes to each environment.
    expect(line(DEV, 'dev')).toMatchObject({ cost: 120, envFrom: ['cost-tag'], targetPct: 60 });
    expect(line(DEV, 'prod')).toMatchObject({ cost: 30, envFrom: ['cost-tag'] });
    // A tag value that is no environment, and an account with neither tag nor environment word: unknown, no target.
    expect(line(SANDBOX, null)).toMatchObject({ cost: 5, tagValues: ['sandbox'], targetPct: null });
    expect(line(MANAGEMENT, null)).toMatchObject({ cost: 2, envFrom: [] });
    expect(report.accounts.find((a: { account: string }) => a.account === DEV)).toMatchObject({ cost: 150, envs: ['dev', 'prod'] });
    expect(report.environments).toEqual([
      expect.objectContaining({ env: 'dev', accounts: 1, cost: 120, targetPct: 60 }),
      expect.objectContaining({ env: 'prod', accounts: 2, cost: 480, targetPct: 40 }),
      expect.objectContaining({ env: null, accounts: 2, cost: 7, targetPct: null }),
    ]);
    expect(report.total.cost).toBe(607);
    expect(report.requests).toEqual({ costExplorer: 4, answeredFromCache: 0 });
    // Tags are read only for accounts with untagged costs (prod, the management account).
    const tagReads = org.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceId).sort();
    expect(tagReads).toEqual([PROD, MANAGEMENT]);
    expect(r.stderr).toMatch(/warning: 2 line\(s\) have no environment/);
  });

  it('table, markdown and csv have an account column and totals per account and per environment', async () => {
    const table = await run(['cost-report', '--org', '--no-cache']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/Cost report — organization o-abc123 \(management account 123456789012\), UnblendedCost, last-month/);
    expect(table.stdout).toMatch(/Account\s*│\s*Name\s*│\s*Env\s*│\s*Env from\s*│\s*Cost\s*│\s*Target\s*│\s*Result/);
    expect(table.stdout).toMatch(/111111111111\s*│\s*clinnet-prod\s*│\s*prod\s*│\s*tag Environment=prod, account tag\s*│\s*\$450\.00\s*│\s*−40%\s*│\s*no baseline/);
    expect(table.stdout).toMatch(/Per account/);
    expect(table.stdout).toMatch(/222222222222\s*│\s*clinnet-dev\s*│\s*dev, prod\s*│\s*\$150\.00/);
    expect(table.stdout).toMatch(/Per environment/);
    expect(table.stdout).toMatch(/prod\s*│\s*2\s*│\s*\$480\.00\s*│\s*−40%/);
    expect(table.stdout).toMatch(/Total\s*│\s*4\s*│\s*\$607\.00/);
    expect(table.stdout).toMatch(/Targets are reductions against a baseline/);

    const md = await run(['cost-report', '--org', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^\| Account \| Name \| Env \| Env from \| Cost \| Target \| Result \|$/m);
    expect(md.stdout).toMatch(/^\| 222222222222 \| clinnet-dev \| prod \| tag Environment=prod \| \$30\.00 \| −40% \| no baseline \|$/m);
    expect(md.stdout).toMatch(/^\| \*\*Total\*\* \| \*\*4\*\* \| \*\*\$607\.00\*\* \|/m);

    const csv = await run(['cost-report', '--org', '--format', 'csv']);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('row,account,account_name,env,env_from,tag_values,period_start,period_end,cost_usd,monthly_usd,estimated,baseline_monthly_usd,change_usd,change_pct,target_pct,result');
    expect(rows).toContain('line,222222222222,clinnet-dev,prod,cost-tag,prod,2025-05-01,2025-06-01,30,30,false,,,,40,n/a');
    expect(rows).toContain('account,222222222222,clinnet-dev,dev|prod,,,2025-05-01,2025-06-01,150,150,false,,,,,');
    expect(rows).toContain('env,,,prod,,,2025-05-01,2025-06-01,480,480,false,,,,40,n/a');
    expect(rows.at(-1)).toBe('total,,,,,,2025-05-01,2025-06-01,607,607,false,,,,,');
  });

  it('--env prod keeps only the prod lines', async () => {
    const r = await run(['cost-report', '--org', '--env', 'production', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.env).toBe('prod');
    expect(report.lines.map((l: { account: string; env: string }) => [l.account, l.env])).toEqual([
      [DEV, 'prod'],
      [PROD, 'prod'],
    ]);
    expect(report.total.cost).toBe(480);
  });

  it('a closed period is answered from the cache the second time (one charged query in all)', async () => {
    await run(['cost-report', '--org', '--quiet']);
    const again = await run(['cost-report', '--org', '--format', 'json']);
    expect(again.exitCode).toBe(0);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
    expect(JSON.parse(again.stdout).requests).toEqual({ costExplorer: 2, answeredFromCache: 1 });
    expect(JSON.parse(again.stdout).total.cost).toBe(607);
  });
});

describe('cost-report --org, the tag not active', () => {
  beforeEach(() => {
    tagsActive(false);
    ce.on(GetCostAndUsageCommand).resolves(answer([result('2025-05-01', '2025-06-01', [[PROD, null, 300], [DEV, null, 100], [MANAGEMENT, null, 10]])], false, [PROD, DEV, MANAGEMENT]));
  });

  it('groups by LINKED_ACCOUNT alone, and each account takes its environment from Organizations (tag, else name)', async () => {
    const r = await run(['cost-report', '--org', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);
    const report = JSON.parse(r.stdout);
    expect(report.environmentsFrom.costAllocationTag).toBeNull();
    expect(report.lines.map((l: { account: string; env: string | null; envFrom: string[]; cost: number }) => [l.account, l.env, l.envFrom, l.cost])).toEqual([
      [DEV, 'dev', ['account-tag'], 100],
      [PROD, 'prod', ['account-tag'], 300],
      [MANAGEMENT, null, [], 10],
      // ACTIVE without any cost: shown at $0.
      [SANDBOX, null, [], 0],
    ]);
  });

  it('an account whose tags cannot be read takes its environment from its name, with a warning', async () => {
    org.on(ListTagsForResourceCommand, { ResourceId: DEV }).rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['cost-report', '--org', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/could not read the tags of 1 account\(s\) in Organizations \(222222222222; grant organizations:ListTagsForResource\)/);
    const dev = JSON.parse(r.stdout).lines.find((l: { account: string }) => l.account === DEV);
    expect(dev).toMatchObject({ env: 'dev', envFrom: ['account-name'] });
  });

  it('ListCostAllocationTags refused: a warning, and the accounts still reported from Organizations', async () => {
    ce.on(ListCostAllocationTagsCommand).rejects(Object.assign(new Error('not authorized to perform: ce:ListCostAllocationTags'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['cost-report', '--org', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/warning: could not tell whether "Environment" is an active cost allocation tag .*grant ce:ListCostAllocationTags/);
    expect(ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);
  });
});

describe('cost-report --org with a baseline: targets per account and environment', () => {
  beforeEach(() => {
    tagsActive(true);
    ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2025-04-01', End: '2025-05-01' } }).resolves(
      answer([result('2025-04-01', '2025-05-01', [[PROD, 'Environment$prod', 500], [DEV, 'Environment$dev', 100]])], true, [PROD, DEV]),
    );
    // May: prod −40 % exactly (met), dev −50 % (its target is −60 %: missed).
    ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2025-05-01', End: '2025-06-01' } }).resolves(
      answer([result('2025-05-01', '2025-06-01', [[PROD, 'Environment$prod', 300], [DEV, 'Environment$dev', 50]])], true, [PROD, DEV]),
    );
  });

  async function saveApril(): Promise<string> {
    const file = join(dir, 'org-baseline.json');
    const saved = await run(['cost-report', '--org', '--period', '2025-04', '--save-baseline', file, '--quiet']);
    expect(saved.exitCode, saved.stderr).toBe(0);
    return file;
  }

  it('saves a per-account baseline and exits 1 naming the account that missed its environment target', async () => {
    const file = await saveApril();
    const baseline = JSON.parse(readFileSync(file, 'utf8'));
    expect(baseline).toMatchObject({ kind: 'clinnet-opt/org-cost-baseline', schemaVersion: 1, organization: 'o-abc123', env: null, tagKey: 'Environment', total: 600 });
    expect(baseline.lines).toEqual(expect.arrayContaining([{ account: PROD, name: 'clinnet-prod', env: 'prod', amount: 500 }]));

    const r = await run(['cost-report', '--org', '--baseline', file, '--format', 'json']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^clinnet-opt: 2 cost target\(s\) missed: 222222222222 \(clinnet-dev\) dev, dev total$/m);
    const report = JSON.parse(r.stdout);
    const line = (account: string) => report.lines.find((l: { account: string }) => l.account === account);
    expect(line(PROD)).toMatchObject({ baselineMonthly: 500, monthly: 300, changeUsd: -200, changePct: -40, targetPct: 40, status: 'pass' });
    expect(line(DEV)).toMatchObject({ baselineMonthly: 100, monthly: 50, changePct: -50, targetPct: 60, status: 'fail' });
    expect(report.missed).toEqual(['222222222222 (clinnet-dev) dev', 'dev total']);

    const table = await run(['cost-report', '--org', '--baseline', file]);
    expect(table.stdout).toMatch(/111111111111\s*│\s*clinnet-prod\s*│\s*prod\s*│[^\n]*\$300\.00\s*│\s*\$500\.00\s*│\s*−\$200\.00\s*│\s*−40\.0%\s*│\s*−40%\s*│\s*PASS/);
    expect(table.stdout).toMatch(/222222222222\s*│\s*clinnet-dev\s*│\s*dev\s*│[^\n]*FAIL/);
    expect(table.stdout).toMatch(/Targets missed: 222222222222 \(clinnet-dev\) dev, dev total/);
  });

  it('exit 0 when every account meets its target', async () => {
    const file = await saveApril();
    ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2025-05-01', End: '2025-06-01' } }).resolves(
      answer([result('2025-05-01', '2025-06-01', [[PROD, 'Environment$prod', 300], [DEV, 'Environment$dev', 40]])], true, [PROD, DEV]),
    );
    const r = await run(['cost-report', '--org', '--baseline', file]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Every target checked is met/);
  });

  it('a one-account baseline with --org, or an organization baseline without it, is exit 2 before any Cost Explorer request', async () => {
    const orgFile = await saveApril();
    ce.resetHistory();
    const single = join(dir, 'single.json');
    writeFileSync(single, JSON.stringify({ kind: 'clinnet-opt/cost-baseline', schemaVersion: 1 }));
    const a = await run(['cost-report', '--org', '--baseline', single]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/a one-account baseline \(per category\): --org compares with a baseline saved by cost-report --org --save-baseline/);
    const b = await run(['cost-report', '--baseline', orgFile]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/an organization's baseline \(per account\): compare with it in `cost-report --org`/);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
  });

  it('a baseline of another --env is exit 2', async () => {
    const file = await saveApril();
    const r = await run(['cost-report', '--org', '--env', 'prod', '--baseline', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the baseline is for every environment, this report for --env prod/);
  });
});

describe('cost-report --org: usage and access', () => {
  it('outside an organization: exit 2, no Cost Explorer request', async () => {
    org.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['cost-report', '--org']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/account 123456789012 is not in an AWS Organization/);
    expect(ce.calls()).toHaveLength(0);
  });

  it('ListAccounts refused: exit 3, no Cost Explorer request', async () => {
    org.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'You don\'t have permissions to access this resource.', $metadata: { httpStatusCode: 400 } }));
    const r = await run(['cost-report', '--org']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/Organizations refused to list the accounts/);
    expect(ce.calls()).toHaveLength(0);
  });

  it('from a member account: exit 2 (Cost Explorer would show it only its own costs)', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: PROD, Arn: `arn:aws:iam::${PROD}:user/finance`, UserId: 'AIDA' });
    const r = await run(['cost-report', '--org']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/from the organization's management account \(123456789012\); account 111111111111 sees only its own costs/);
    expect(ce.calls()).toHaveLength(0);
  });

  it.each([
    [['--journal', 'j.json'], /--org does not combine with --journal/],
    [['--compare-estimate', 'a.json'], /--org does not combine with --compare-estimate/],
    [['--put-metrics'], /--org does not combine with --put-metrics/],
    [['--granularity', 'daily'], /--org does not combine with --granularity daily/],
  ])('refuses %j with exit 2 before any request', async (extra, message) => {
    const r = await run(['cost-report', '--org', ...extra]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(org.calls()).toHaveLength(0);
    expect(ce.calls()).toHaveLength(0);
  });

  it('cost-report budgets --org is exit 2', async () => {
    const r = await run(['cost-report', 'budgets', '--org']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cost-report budgets plans the budgets of one account: --org does not apply/);
    expect(existsSync(join(dir, '.clinnet-opt'))).toBe(false);
  });
});

describe('the pure parts', () => {
  it('reads TAG group keys: "Environment$prod" is prod, "Environment$" is untagged', () => {
    expect(tagValueOf('Environment$prod')).toBe('prod');
    expect(tagValueOf('Environment$')).toBe('');
    expect(tagValueOf(undefined)).toBe('');
    expect(buildOrgRequest({ period: { start: '2025-05-01', end: '2025-06-01' }, metric: 'AmortizedCost', tagKey: null }).GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);
  });

  it('configured tag values name the environment; a baseline line with no cost now is a line at $0', () => {
    const accounts = new Map<string, KnownAccount>([[PROD, { id: PROD, name: 'p', env: 'prod', from: 'tag', active: true }]]);
    const config = { environmentTagValues: { staging: ['preprod'] } };
    const grouped = groupOrgLines([{ account: PROD, tagValue: 'preprod', amount: 10, unit: 'USD', estimated: false }], accounts, config);
    expect(grouped.map((g) => g.env)).toEqual(['staging']);
    const costs = orgCosts({
      lines: [],
      accounts: new Map(),
      names: {},
      config: undefined,
      targets: costTargetsFrom(undefined),
      monthlyFactor: 1,
      env: null,
      baseline: {
        kind: 'clinnet-opt/org-cost-baseline',
        schemaVersion: 1,
        savedAt: '2025-05-01T00:00:00Z',
        organization: 'o-abc123',
        env: null,
        metric: 'UnblendedCost',
        period: { start: '2025-04-01', end: '2025-05-01', label: '2025-04' },
        days: 30,
        monthlyFactor: 1,
        estimated: false,
        unit: 'USD',
        tagKey: null,
        lines: [{ account: DEV, name: 'gone-dev', env: 'dev', amount: 80 }],
        total: 80,
      },
    });
    expect(costs.lines).toEqual([expect.objectContaining({ account: DEV, accountName: 'gone-dev', cost: 0, baselineMonthly: 80, status: 'pass' })]);
  });
});
