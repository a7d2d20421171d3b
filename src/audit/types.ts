/**
 * The audit's result as plain data: what the renderers (src/report/) show and what
 * `--format json` serialises (docs/json-output.md). Nothing here prints.
 */
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import type { CoverageGap } from '../inventory/snapshot.js';
import type { CostLine, Finding, Service, Severity } from '../rules/types.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';

export const AUDIT_REPORT_KIND = 'clinnet-opt/audit';
export const AUDIT_SCHEMA_VERSION = 1;

export type FailOn = Severity | 'none';
export const FAIL_ON_CHOICES: readonly FailOn[] = ['low', 'medium', 'high', 'none'];

/** One snapshot the audit read (a file, or the live account collected just now). */
export interface AuditSource {
  file: string | null;
  account: string | null;
  /** The account's name in Organizations (--org/--accounts), else null. */
  accountName: string | null;
  collectedAt: string;
  regions: string[];
  env: string | null;
  /** Set for a template audit (audit --template): the file, the parameter values of this run (secret ones by name only) and its environment. */
  template?: { file: string; parameters: Record<string, string>; environment: string | null };
}

/** Today's estimate for a part of what was audited, and what the fixable findings would make it. */
export interface CostTotals {
  todayUsd: number;
  /** Sum of the priced deltas of fixable findings (signed). */
  fixableDeltaUsd: number;
  afterFixesUsd: number;
  /** Sum of the priced deltas of advisory findings (not applied by `fix`). */
  advisoryDeltaUsd: number;
  findings: number;
  /** Findings whose delta needs usage data the snapshot lacks. */
  unpricedFindings: number;
}

/** One environment's totals. */
export interface EnvCost extends CostTotals {
  env: ResolvedEnv;
}

/** One account's totals (several accounts: --org, --accounts, or several snapshots). */
export interface AccountCost extends CostTotals {
  account: string | null;
  name: string | null;
  /** The account's own environment (Organizations tag or name; --env at collection), else null. */
  env: string | null;
}

/** Every finding, gap and cost line names the account it belongs to (null: a snapshot without one). */
export interface AccountFinding extends Finding {
  account: string | null;
}
export type AccountCoverageGap = CoverageGap & { account: string | null };
export type AccountCostLine = CostLine & { account: string | null };

export interface ServiceSummary {
  service: Service;
  findings: number;
  /** Sum of the priced deltas (signed); unpriced findings are counted apart. */
  monthlyDeltaUsd: number;
  unpricedFindings: number;
  /** Today's estimate for the service, where it is priced. */
  todayUsd: number | null;
}

/** The findings on the resources of one CloudFormation stack, by account and stack name. */
export interface StackSummary {
  account: string | null;
  stack: string;
  /** The regions of those findings' resources (a global resource, CloudFront's, has none). */
  regions: string[];
  findings: number;
  /** Sum of the priced deltas (signed); unpriced findings are counted apart. */
  monthlyDeltaUsd: number;
  unpricedFindings: number;
}

/** A resource no rule judged because its environment cannot be told. */
export interface UnknownEnvResource {
  account?: string | null;
  service: string;
  resource: string;
  reason: string;
}

export interface AuditReport {
  kind: typeof AUDIT_REPORT_KIND;
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  /** The account id when every snapshot is of one account, else null (see `accounts`). */
  account: string | null;
  accounts: string[];
  /** Accounts asked for (--org/--accounts) whose role could not be assumed: nothing of them was audited. */
  accountsNotRead: UnreadAccount[];
  regions: string[];
  /** --env, when given: only that environment's findings and costs. */
  env: Env | null;
  failOn: FailOn;
  /** --rules as resolved to rule ids, or null for every rule. */
  rules: string[] | null;
  sources: AuditSource[];
  findings: AccountFinding[];
  /** Checks whose current value already meets the target (e.g. a Lambda tier confirmed): not findings, not counted. */
  confirmations: AccountFinding[];
  coverageGaps: AccountCoverageGap[];
  unknownEnvironment: UnknownEnvResource[];
  costs: {
    todayUsd: number;
    afterFixesUsd: number;
    byEnv: EnvCost[];
    /** Per account, in the order read (one entry for a one-account audit). */
    byAccount: AccountCost[];
    /** Today's estimate per service. */
    byService: Record<string, number>;
    /** How today's estimate was made: quantity × unit price per resource. */
    lines: AccountCostLine[];
    /** What today's estimate could not price (usage or price missing), one phrase each. */
    unpriced: string[];
  };
  summary: {
    findings: number;
    monthlyDeltaUsd: number;
    fixableMonthlyDeltaUsd: number;
    unpricedFindings: number;
    bySeverity: Record<Severity, number>;
    byService: ServiceSummary[];
    /** Per CloudFormation stack, the findings on the resources it manages (most findings first); empty when no stack manages any. */
    byStack: StackSummary[];
    /** Findings at or above --fail-on: the exit code is 1 when this is not 0. */
    atOrAboveFailOn: number;
    /** Services whose inventory could not be listed (accepted with --allow-gaps): their resources were not audited. */
    servicesNotRead: string[];
    /** Accounts not read (accepted with --allow-gaps), as ids. */
    accountsNotRead: string[];
    /** One line: "incomplete: N services not read (…)", "no findings: …" or "N findings (…)". */
    headline: string;
  };
}
