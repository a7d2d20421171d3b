/**
 * The organization's costs as report lines, without AWS: each account's cost per environment, its
 * environment's target, and totals per account and per environment, compared with a baseline when
 * there is one. An account's environment is its costs' environment tag where Cost Explorer groups by
 * it, else the account's own (Organizations tag, else a word in its name), else unknown.
 */
import { ENVIRONMENTS, type Env } from '../targets/environment.js';
import type { CostConfig } from './config-schema.js';
import { round2 } from './cost-table.js';
import { envOfTagValue } from './env-tag.js';
import type { OrgBaseline } from './org-baseline.js';
import type { OrgCostLine } from './org-query.js';
import { checkTarget, type CostTargets, type TargetStatus } from './targets.js';

/** Where a line's environment came from: the cost allocation tag on the resources, or the account's tag or name in Organizations. */
export type EnvFrom = 'cost-tag' | 'account-tag' | 'account-name';

export interface KnownAccount {
  id: string;
  name: string;
  env: Env | null;
  /** As accountEnv (src/org/organization.ts) tells it. */
  from: 'tag' | 'name' | null;
  /** ACTIVE in the organization: shown even without any cost. */
  active: boolean;
}

interface Compared {
  /** The period's cost as billed. */
  cost: number;
  /** The same as a full month's (partial months scaled by days). */
  monthly: number;
  /** null: no baseline, or nothing for this in the baseline. */
  baselineMonthly: number | null;
  changeUsd: number | null;
  changePct: number | null;
}

export interface OrgLine extends Compared {
  account: string;
  accountName: string;
  env: Env | null;
  envFrom: EnvFrom[];
  /** The environment tag values the costs carried ('' is not listed). */
  tagValues: string[];
  estimated: boolean;
  /** The environment's overall reduction target, percent; null: none (unknown environment, or not set). */
  targetPct: number | null;
  status: TargetStatus;
}

export interface OrgAccountTotal extends Compared {
  account: string;
  accountName: string;
  envs: Array<Env | null>;
}

export interface OrgEnvTotal extends Compared {
  env: Env | null;
  accounts: number;
  targetPct: number | null;
  status: TargetStatus;
}

export interface OrgCosts {
  lines: OrgLine[];
  accounts: OrgAccountTotal[];
  environments: OrgEnvTotal[];
  total: Compared;
  /** What missed its target: "<account> (<name>) <env>" lines and "<env> total". */
  missed: string[];
}

interface Grouped {
  account: string;
  env: Env | null;
  envFrom: Set<EnvFrom>;
  tagValues: Set<string>;
  amount: number;
  estimated: boolean;
}

const FROM_ORDER: EnvFrom[] = ['cost-tag', 'account-tag', 'account-name'];
const keyOf = (account: string, env: Env | null): string => `${account}\u0000${env ?? ''}`;
const envOrder = (env: Env | null): number => (env === null ? ENVIRONMENTS.length : ENVIRONMENTS.indexOf(env));
const accountFrom = (account: KnownAccount | undefined): EnvFrom[] => (account?.from === 'tag' ? ['account-tag'] : account?.from === 'name' ? ['account-name'] : []);

/** Sums Cost Explorer's groups per account and environment; ACTIVE accounts without costs get a $0 line. */
export function groupOrgLines(lines: readonly OrgCostLine[], accounts: ReadonlyMap<string, KnownAccount>, config: CostConfig | undefined): Grouped[] {
  const groups = new Map<string, Grouped>();
  const add = (account: string, env: Env | null, from: EnvFrom[], tagValue: string | null, amount: number, estimated: boolean): void => {
    const key = keyOf(account, env);
    const group = groups.get(key) ?? { account, env, envFrom: new Set<EnvFrom>(), tagValues: new Set<string>(), amount: 0, estimated: false };
    for (const f of from) group.envFrom.add(f);
    if (tagValue) group.tagValues.add(tagValue);
    group.amount += amount;
    group.estimated ||= estimated;
    groups.set(key, group);
  };
  for (const line of lines) {
    if (line.tagValue) add(line.account, envOfTagValue(line.tagValue, config), ['cost-tag'], line.tagValue, line.amount, line.estimated);
    else {
      // Untagged costs (or no tag grouping at all) belong to the account's own environment.
      const account = accounts.get(line.account);
      add(line.account, account?.env ?? null, accountFrom(account), null, line.amount, line.estimated);
    }
  }
  const seen = new Set([...groups.values()].map((g) => g.account));
  for (const account of accounts.values()) {
    if (account.active && !seen.has(account.id)) add(account.id, account.env, accountFrom(account), null, 0, false);
  }
  return [...groups.values()];
}

function compared(cost: number, factor: number, baselineMonthly: number | null): Compared {
  const monthly = round2(cost * factor);
  if (baselineMonthly === null) return { cost: round2(cost), monthly, baselineMonthly: null, changeUsd: null, changePct: null };
  const check = checkTarget(baselineMonthly, monthly, null);
  return { cost: round2(cost), monthly, baselineMonthly: round2(baselineMonthly), changeUsd: check.changeUsd, changePct: check.changePct };
}

/** Met, missed, or not checked (no target, no baseline, or nothing in the baseline to reduce). */
function statusOf(values: Compared, targetPct: number | null): TargetStatus {
  return values.baselineMonthly === null ? 'n/a' : checkTarget(values.baselineMonthly, values.monthly, targetPct).status;
}

const asEnv = (value: string | null): Env | null => (ENVIRONMENTS as readonly string[]).includes(value ?? '') ? (value as Env) : null;

export interface OrgCostsInput {
  lines: readonly OrgCostLine[];
  accounts: ReadonlyMap<string, KnownAccount>;
  /** Names Cost Explorer gave, for accounts Organizations no longer lists. */
  names: Readonly<Record<string, string>>;
  config: CostConfig | undefined;
  targets: CostTargets;
  /** The current period's factor to a full month. */
  monthlyFactor: number;
  /** Only this environment's lines (--env); null: all. */
  env: Env | null;
  baseline: OrgBaseline | null;
}

export function orgCosts(input: OrgCostsInput): OrgCosts {
  const nameOf = (id: string): string => input.accounts.get(id)?.name ?? input.names[id] ?? id;
  const grouped = groupOrgLines(input.lines, input.accounts, input.config).filter((g) => input.env === null || g.env === input.env);
  // The baseline's lines, as full months, by account and environment.
  const before = new Map<string, { monthly: number; name: string; env: Env | null; account: string }>();
  for (const line of input.baseline?.lines ?? []) {
    const env = asEnv(line.env);
    const key = keyOf(line.account, env);
    const entry = before.get(key) ?? { monthly: 0, name: line.name, env, account: line.account };
    entry.monthly += line.amount * (input.baseline?.monthlyFactor ?? 1);
    before.set(key, entry);
  }
  // A line of the baseline with no cost now is a line at $0 (its cost went away).
  for (const [key, entry] of before) {
    if (!grouped.some((g) => keyOf(g.account, g.env) === key)) {
      grouped.push({ account: entry.account, env: entry.env, envFrom: new Set(), tagValues: new Set(), amount: 0, estimated: false });
    }
  }
  const targetOf = (env: Env | null): number | null => (env ? (input.targets.overall[env] ?? null) : null);
  const hasBaseline = input.baseline !== null;
  const lines: OrgLine[] = grouped
    .map((g) => {
      const base = before.get(keyOf(g.account, g.env));
      const targetPct = targetOf(g.env);
      const values = compared(g.amount, input.monthlyFactor, hasBaseline ? (base?.monthly ?? null) : null);
      return {
        account: g.account,
        accountName: input.accounts.get(g.account)?.name ?? input.names[g.account] ?? base?.name ?? g.account,
        env: g.env,
        envFrom: FROM_ORDER.filter((from) => g.envFrom.has(from)),
        tagValues: [...g.tagValues].sort(),
        estimated: g.estimated,
        ...values,
        targetPct,
        status: statusOf(values, targetPct),
      };
    })
    .sort((a, b) => a.accountName.localeCompare(b.accountName) || a.account.localeCompare(b.account) || envOrder(a.env) - envOrder(b.env));

  const sumBefore = (filter: (entry: { account: string; env: Env | null }) => boolean): number | null => {
    if (!hasBaseline) return null;
    let total = 0;
    for (const entry of before.values()) if (filter(entry)) total += entry.monthly;
    return total;
  };

  const accountIds = [...new Set(lines.map((l) => l.account))];
  const accounts: OrgAccountTotal[] = accountIds.map((id) => {
    const own = lines.filter((l) => l.account === id);
    const cost = own.reduce((t, l) => t + l.cost, 0);
    return { account: id, accountName: own[0]?.accountName ?? nameOf(id), envs: own.map((l) => l.env), ...compared(cost, input.monthlyFactor, sumBefore((e) => e.account === id)) };
  });

  const envs = [...new Set(lines.map((l) => l.env))].sort((a, b) => envOrder(a) - envOrder(b));
  const environments: OrgEnvTotal[] = envs.map((env) => {
    const own = lines.filter((l) => l.env === env);
    const targetPct = targetOf(env);
    const cost = own.reduce((t, l) => t + l.cost, 0);
    const values = compared(cost, input.monthlyFactor, sumBefore((e) => e.env === env));
    return { env, accounts: new Set(own.map((l) => l.account)).size, ...values, targetPct, status: statusOf(values, targetPct) };
  });

  const total = compared(
    lines.reduce((t, l) => t + l.cost, 0),
    input.monthlyFactor,
    sumBefore(() => true),
  );

  const missed = [
    ...lines.filter((l) => l.status === 'fail').map((l) => `${l.account} (${l.accountName}) ${l.env ?? 'unknown'}`),
    ...environments.filter((e) => e.status === 'fail').map((e) => `${e.env ?? 'unknown'} total`),
  ];
  return { lines, accounts, environments, total, missed };
}
