/**
 * `cost-report --org`, end to end and without printing: read the baseline file and the organization
 * first (a bad file, or a caller outside the organization, costs no Cost Explorer request), ask whether
 * the environment tag is an active cost allocation tag, make the one grouped query, read the
 * environment of the accounts whose costs do not carry the tag, and compare with the baseline.
 */
import type { ClientFactory } from '../aws/clients.js';
import { mapLimit } from '../aws/concurrency.js';
import { usageError } from '../errors.js';
import { accountEnv, readAccountTags, readCaller, readOrganization, type Organization } from '../org/organization.js';
import { ENVIRONMENTS, type Env } from '../targets/environment.js';
import type { CostCache } from './cache.js';
import type { CostConfig } from './config-schema.js';
import { readTagActivation } from './cost-allocation-tags.js';
import { round2 } from './cost-table.js';
import { ORG_BASELINE_KIND, ORG_BASELINE_SCHEMA_VERSION, loadOrgBaseline, saveOrgBaseline, type OrgBaseline } from './org-baseline.js';
import { orgCosts, type KnownAccount, type OrgCosts } from './org-costs.js';
import { queryOrgCosts, type OrgCostLine } from './org-query.js';
import { isOpen, monthlyFactor, parsePeriod, periodDays, type Period } from './period.js';
import type { CostMetric } from './query.js';
import { costTargetsFrom, type CostTargets } from './targets.js';

export const ORG_REPORT_KIND = 'clinnet-opt/org-cost-report';
export const ORG_REPORT_SCHEMA_VERSION = 1;
/** Organizations' tag reads at once (its API is rate limited per account). */
const TAG_READS_IN_FLIGHT = 4;

export interface OrgCostReportOptions {
  /** Only this environment's lines; null: all. */
  env: Env | null;
  period?: string;
  metric: CostMetric;
  tagKey: string;
  config: CostConfig | undefined;
  baselineFile?: string;
  saveBaselineFile?: string;
}

export interface OrgCostReportDeps {
  /** The management account's clients: STS, Organizations, Cost Explorer. */
  factory: ClientFactory;
  /** null: --no-cache. */
  cache: CostCache | null;
  now: Date;
}

export interface OrgCostReport extends OrgCosts {
  kind: typeof ORG_REPORT_KIND;
  schemaVersion: typeof ORG_REPORT_SCHEMA_VERSION;
  generatedAt: string;
  organization: { id: string; managementAccount: string };
  env: Env | null;
  metric: CostMetric;
  period: Period;
  days: number;
  monthlyFactor: number;
  unit: string;
  estimated: boolean;
  /** Where environments came from: the active cost allocation tag (null: not active), and each account's own in Organizations. */
  environmentsFrom: { costAllocationTag: string | null; tagKey: string };
  targets: CostTargets;
  before: { file: string; period: Period; days: number; monthlyFactor: number; estimated: boolean; tagKey: string | null } | null;
  /** Cost Explorer requests (each page is one, and each is charged): ListCostAllocationTags and GetCostAndUsage. */
  requests: { costExplorer: number; answeredFromCache: number };
  savedBaseline: string | null;
  warnings: string[];
}

function checkBaseline(baseline: OrgBaseline, file: string, env: Env | null, metric: CostMetric, organization: Organization): void {
  if (baseline.metric !== metric) throw usageError(`${file}: the baseline measured ${baseline.metric}; pass --metric ${baseline.metric} or save a new baseline`);
  if ((baseline.env ?? null) !== env) {
    const scope = (e: string | null) => (e ? `--env ${e}` : 'every environment');
    throw usageError(`${file}: the baseline is for ${scope(baseline.env)}, this report for ${scope(env)}`);
  }
  if (baseline.organization !== organization.id) throw usageError(`${file}: the baseline is of organization ${baseline.organization}, this report of ${organization.id}`);
}

/** The environment of each account Organizations lists (its tag, else its name), reading tags only where needed. */
async function knownAccounts(
  factory: ClientFactory,
  organization: Organization,
  needTags: (id: string) => boolean,
  tagKey: string,
): Promise<{ accounts: Map<string, KnownAccount>; unreadTags: string[] }> {
  const unreadTags: string[] = [];
  const known = await mapLimit(organization.accounts, TAG_READS_IN_FLIGHT, async (account): Promise<KnownAccount> => {
    let tags: Record<string, string> = {};
    if (needTags(account.id)) {
      const read = await readAccountTags(factory, account.id);
      if (read === null) unreadTags.push(account.id);
      tags = read ?? {};
    }
    const { env, from } = accountEnv(account.name, tags, tagKey);
    return { id: account.id, name: account.name, env, from, active: account.state === 'ACTIVE' };
  });
  return { accounts: new Map(known.map((a) => [a.id, a])), unreadTags };
}

/** Accounts whose costs (some or all) carry no environment tag value, or that have no costs at all. */
function accountsWithoutTaggedCost(lines: readonly OrgCostLine[], organization: Organization): Set<string> {
  const needed = new Set<string>();
  const withCost = new Set<string>();
  for (const line of lines) {
    withCost.add(line.account);
    if (!line.tagValue) needed.add(line.account);
  }
  for (const account of organization.accounts) if (!withCost.has(account.id)) needed.add(account.id);
  return needed;
}

export async function buildOrgCostReport(options: OrgCostReportOptions, deps: OrgCostReportDeps): Promise<OrgCostReport> {
  // The file and the period first: a mistake there costs no request.
  const baseline = options.baselineFile ? await loadOrgBaseline(options.baselineFile) : null;
  const period = parsePeriod(options.period ?? 'last-month', deps.now);

  const caller = await readCaller(deps.factory);
  const organization = await readOrganization(deps.factory, caller);
  if (caller.account !== organization.managementAccount) {
    // Only the management account sees every member account's costs (API_GetCostAndUsage.html);
    // a member sees its own, and every other account would read $0.
    throw usageError(
      `cost-report --org reads every account's costs from the organization's management account (${organization.managementAccount}); account ${caller.account} sees only its own costs in Cost Explorer: run it with the management account's credentials`,
    );
  }
  if (baseline && options.baselineFile) checkBaseline(baseline, options.baselineFile, options.env, options.metric, organization);

  const warnings: string[] = [];
  const ce = deps.factory.costExplorer();
  const activation = await readTagActivation(ce, options.tagKey);
  if (activation.warning) warnings.push(activation.warning);

  const cacheable = !isOpen(period, deps.now);
  const result = await queryOrgCosts(
    { period, metric: options.metric, tagKey: activation.activeKey },
    { client: ce, cache: deps.cache, account: caller.account, cacheable },
  );

  const needed = accountsWithoutTaggedCost(result.lines, organization);
  const { accounts, unreadTags } = await knownAccounts(deps.factory, organization, (id) => needed.has(id), options.tagKey);
  if (unreadTags.length) {
    warnings.push(`could not read the tags of ${unreadTags.length} account(s) in Organizations (${unreadTags.join(', ')}; grant organizations:ListTagsForResource): their environment comes from their name`);
  }
  if (baseline && baseline.tagKey !== activation.activeKey) {
    const from = (key: string | null) => (key ? `the cost allocation tag ${key}` : 'Organizations');
    warnings.push(`the baseline's environments came from ${from(baseline.tagKey)}, this report's from ${from(activation.activeKey)}: lines may not pair up`);
  }

  const factor = monthlyFactor(period);
  const targets = costTargetsFrom(options.config);
  const costs = orgCosts({ lines: result.lines, accounts, names: result.names, config: options.config, targets, monthlyFactor: factor, env: options.env, baseline });
  const unknown = costs.lines.filter((l) => l.env === null && l.cost !== 0);
  if (unknown.length) {
    warnings.push(`${unknown.length} line(s) have no environment (no target checked): tag the account in Organizations with ${options.tagKey}=${ENVIRONMENTS.join('|')}, or its resources`);
  }
  const unit = result.lines.find((l) => l.unit)?.unit ?? 'USD';

  let savedBaseline: string | null = null;
  if (options.saveBaselineFile) {
    await saveOrgBaseline(options.saveBaselineFile, {
      kind: ORG_BASELINE_KIND,
      schemaVersion: ORG_BASELINE_SCHEMA_VERSION,
      savedAt: deps.now.toISOString(),
      organization: organization.id,
      env: options.env,
      metric: options.metric,
      period,
      days: periodDays(period),
      monthlyFactor: factor,
      estimated: result.estimated,
      unit,
      tagKey: activation.activeKey,
      lines: costs.lines.map((l) => ({ account: l.account, name: l.accountName, env: l.env, amount: l.cost })),
      total: round2(costs.lines.reduce((t, l) => t + l.cost, 0)),
    });
    savedBaseline = options.saveBaselineFile;
    if (result.estimated) warnings.push(`the baseline saved in ${options.saveBaselineFile} holds estimated figures (Cost Explorer has not finalised that period)`);
  }

  return {
    kind: ORG_REPORT_KIND,
    schemaVersion: ORG_REPORT_SCHEMA_VERSION,
    generatedAt: deps.now.toISOString(),
    organization: { id: organization.id, managementAccount: organization.managementAccount },
    env: options.env,
    metric: options.metric,
    period,
    days: periodDays(period),
    monthlyFactor: factor,
    unit,
    estimated: result.estimated,
    environmentsFrom: { costAllocationTag: activation.activeKey, tagKey: options.tagKey },
    targets,
    before: baseline && options.baselineFile
      ? { file: options.baselineFile, period: baseline.period, days: baseline.days, monthlyFactor: baseline.monthlyFactor, estimated: baseline.estimated, tagKey: baseline.tagKey }
      : null,
    ...costs,
    requests: { costExplorer: activation.requests + result.requests, answeredFromCache: result.fromCache ? 1 : 0 },
    savedBaseline,
    warnings,
  };
}
