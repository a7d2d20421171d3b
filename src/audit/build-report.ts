/**
 * Snapshots → findings, today's estimate and the estimate after the fixable changes, as one
 * AuditReport. Pure: no AWS, no files, no printing.
 */
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { estimateAccountCost } from '../pricing/account-cost.js';
import { roundCents } from '../pricing/estimator.js';
import { compareFindings, envResolver, evaluateRules, unknownEnvironmentResources } from '../rules/engine.js';
import type { Finding, RuleSettings, Service } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import { incompleteHeadline, unreadServices } from '../inventory/completeness.js';
import { withoutDuplicates } from './dedupe.js';
import { atOrAbove } from './fail-on.js';
import {
  AUDIT_REPORT_KIND,
  AUDIT_SCHEMA_VERSION,
  type AccountCost,
  type AccountCostLine,
  type AccountCoverageGap,
  type AccountFinding,
  type AuditReport,
  type CostTotals,
  type EnvCost,
  type FailOn,
  type ServiceSummary,
  type StackSummary,
  type UnknownEnvResource,
} from './types.js';

export interface AuditSourceInput {
  /** The file it was read from; null for a live collection. */
  file: string | null;
  snapshot: AccountSnapshot;
}

export interface AuditInput {
  sources: AuditSourceInput[];
  /** Accounts asked for whose role could not be assumed (--org/--accounts, or a snapshot of such a read). */
  accountsNotRead?: UnreadAccount[];
  targets: TargetProfile;
  settings?: RuleSettings;
  env?: Env;
  /** Rule ids to run (already resolved); every rule when absent. */
  ruleIds?: string[];
  failOn: FailOn;
  /**
   * false: every snapshot is audited whole (audit --template: one snapshot per environment of one template,
   * whose resources share identities on purpose). Default true: a resource already in an earlier snapshot is dropped.
   */
  dedupe?: boolean;
  /** A last say on each finding of a snapshot before it is counted (audit --template: money a template cannot price). */
  reviseFinding?: (finding: Finding, snapshot: AccountSnapshot) => Finding;
}

const SERVICE_ORDER: readonly Service[] = ['aurora', 'lambda', 'dynamodb', 's3', 'cloudfront', 'vpc', 'logs', 'apigateway'];

const sum = (values: readonly number[]): number => roundCents(values.reduce((a, b) => a + b, 0));
const pricedDeltas = (findings: readonly Finding[]): number[] => findings.flatMap((f) => (f.monthlyDeltaUsd === null ? [] : [f.monthlyDeltaUsd]));

function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

/** The totals of some findings over today's estimate of the same part. */
function costTotals(findings: readonly Finding[], todayUsd: number): CostTotals {
  const today = roundCents(todayUsd);
  const fixableDeltaUsd = sum(pricedDeltas(findings.filter((f) => f.fixable)));
  return {
    todayUsd: today,
    fixableDeltaUsd,
    afterFixesUsd: roundCents(today + fixableDeltaUsd),
    advisoryDeltaUsd: sum(pricedDeltas(findings.filter((f) => !f.fixable))),
    findings: findings.length,
    unpricedFindings: findings.filter((f) => f.monthlyDeltaUsd === null).length,
  };
}

/** Per environment, in the targets' order (dev, test, staging, prod, then any the config adds), unknown last. */
function envCosts(findings: readonly Finding[], todayByEnv: Record<string, number>, targets: TargetProfile): EnvCost[] {
  const envs = new Set<string>([...Object.keys(todayByEnv), ...findings.map((f) => f.env)]);
  const order: ResolvedEnv[] = [...targets.environments.map((e) => e.name), 'unknown'];
  return order.filter((env) => envs.has(env)).map((env) => ({ env, ...costTotals(findings.filter((f) => f.env === env), todayByEnv[env] ?? 0) }));
}

function serviceSummaries(findings: readonly Finding[], todayByService: Record<string, number>): ServiceSummary[] {
  const services = new Set<string>(findings.map((f) => f.service));
  return SERVICE_ORDER.filter((service) => services.has(service)).map((service) => {
    const mine = findings.filter((f) => f.service === service);
    return {
      service,
      findings: mine.length,
      monthlyDeltaUsd: sum(pricedDeltas(mine)),
      unpricedFindings: mine.filter((f) => f.monthlyDeltaUsd === null).length,
      todayUsd: service in todayByService ? roundCents(todayByService[service]) : null,
    };
  });
}

function stackSummaries(findings: readonly AccountFinding[]): StackSummary[] {
  const groups = new Map<string, AccountFinding[]>();
  for (const f of findings) {
    if (!f.stack) continue;
    const k = JSON.stringify([f.account, f.stack.name]);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.values()]
    .map((mine) => ({
      account: mine[0].account,
      stack: mine[0].stack?.name ?? '',
      regions: [...new Set(mine.flatMap((f) => (f.region ? [f.region] : [])))].sort(),
      findings: mine.length,
      monthlyDeltaUsd: sum(pricedDeltas(mine)),
      unpricedFindings: mine.filter((f) => f.monthlyDeltaUsd === null).length,
    }))
    .sort((a, b) => b.findings - a.findings || a.stack.localeCompare(b.stack) || (a.account ?? '').localeCompare(b.account ?? ''));
}

function accountCost(snapshot: AccountSnapshot, findings: readonly Finding[], todayByEnv: Record<string, number>): AccountCost {
  return { account: snapshot.account, name: snapshot.accountName ?? null, env: snapshot.env ?? null, ...costTotals(findings, sum(Object.values(todayByEnv))) };
}

/** The rules' order, then the account: one resource name in two accounts lists together. */
function compareAccountFindings(a: AccountFinding, b: AccountFinding): number {
  return compareFindings(a, b) || (a.account ?? '').localeCompare(b.account ?? '');
}

/** The summary's one line; an incomplete read is never called a pass, whatever the findings. */
export function auditHeadline(findings: number, servicesNotRead: readonly string[], accountsNotRead: readonly string[] = []): string {
  const incomplete = incompleteHeadline(servicesNotRead, accountsNotRead);
  if (incomplete) return `${incomplete}: ${findings ? `${findings} finding${findings === 1 ? '' : 's'} in what was read` : 'no findings in what was read'}`;
  return findings ? `${findings} finding${findings === 1 ? '' : 's'}` : 'no findings: every audited resource meets its design target';
}

export function buildAuditReport(input: AuditInput): AuditReport {
  const { targets, env } = input;
  const read = input.sources.map((s) => s.snapshot);
  const snapshots = input.dedupe === false ? read : withoutDuplicates(read);
  const revise = input.reviseFinding;
  const findings: AccountFinding[] = [];
  const confirmations: AccountFinding[] = [];
  const unknownEnvironment: UnknownEnvResource[] = [];
  const todayByEnv: Record<string, number> = {};
  const todayByService: Record<string, number> = {};
  const lines: AccountCostLine[] = [];
  const unpriced: string[] = [];
  const byAccount: AccountCost[] = [];
  for (const snapshot of snapshots) {
    const account = snapshot.account;
    const inAccount = <T extends object>(item: T): T & { account: string | null } => ({ account, ...item });
    const evaluated = evaluateRules({ snapshot, targets, settings: input.settings, onlyEnv: env, ruleIds: input.ruleIds });
    const results = revise ? { findings: evaluated.findings.map((f) => revise(f, snapshot)), confirmations: evaluated.confirmations } : evaluated;
    const mine = results.findings.map(inAccount);
    findings.push(...mine);
    confirmations.push(...results.confirmations.map(inAccount));
    unknownEnvironment.push(...unknownEnvironmentResources(snapshot, targets, env).map(inAccount));
    const cost = estimateAccountCost(snapshot, envResolver(snapshot, targets, env), env);
    addInto(todayByEnv, cost.byEnv);
    addInto(todayByService, cost.byService);
    lines.push(...cost.lines.map(inAccount));
    unpriced.push(...cost.unpriced);
    byAccount.push(accountCost(snapshot, mine, cost.byEnv));
  }
  findings.sort(compareAccountFindings);
  confirmations.sort(compareAccountFindings);

  const byEnv = envCosts(findings, todayByEnv, targets);
  const accounts = [...new Set(snapshots.flatMap((s) => (s.account ? [s.account] : [])))];
  const coverageGaps: AccountCoverageGap[] = snapshots.flatMap((s) => s.coverageGaps.map((gap) => ({ account: s.account, ...gap })));
  const servicesNotRead = unreadServices(coverageGaps).map((u) => u.service);
  const accountsNotRead = input.accountsNotRead ?? [];
  return {
    kind: AUDIT_REPORT_KIND,
    schemaVersion: AUDIT_SCHEMA_VERSION,
    account: accounts.length === 1 && !accountsNotRead.length ? accounts[0] : null,
    accounts,
    accountsNotRead,
    regions: [...new Set(snapshots.flatMap((s) => s.regions))].sort(),
    env: env ?? null,
    failOn: input.failOn,
    rules: input.ruleIds ?? null,
    sources: input.sources.map(({ file, snapshot }) => ({
      file,
      account: snapshot.account,
      accountName: snapshot.accountName ?? null,
      collectedAt: snapshot.collectedAt,
      regions: snapshot.regions,
      env: snapshot.env ?? null,
      ...(snapshot.template ? { template: snapshot.template } : {}),
    })),
    findings,
    confirmations,
    coverageGaps,
    unknownEnvironment,
    costs: {
      todayUsd: sum(byEnv.map((e) => e.todayUsd)),
      afterFixesUsd: sum(byEnv.map((e) => e.afterFixesUsd)),
      byEnv,
      byAccount,
      byService: Object.fromEntries(Object.entries(todayByService).map(([k, v]) => [k, roundCents(v)])),
      lines,
      unpriced,
    },
    summary: {
      findings: findings.length,
      monthlyDeltaUsd: sum(pricedDeltas(findings)),
      fixableMonthlyDeltaUsd: sum(pricedDeltas(findings.filter((f) => f.fixable))),
      unpricedFindings: findings.filter((f) => f.monthlyDeltaUsd === null).length,
      bySeverity: {
        low: findings.filter((f) => f.severity === 'low').length,
        medium: findings.filter((f) => f.severity === 'medium').length,
        high: findings.filter((f) => f.severity === 'high').length,
      },
      byService: serviceSummaries(findings, todayByService),
      byStack: stackSummaries(findings),
      atOrAboveFailOn: atOrAbove(findings, input.failOn).length,
      servicesNotRead,
      accountsNotRead: accountsNotRead.map((u) => u.account),
      headline: auditHeadline(findings.length, servicesNotRead, accountsNotRead.map((u) => u.account)),
    },
  };
}
