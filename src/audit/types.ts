/**
 * The audit's result as plain data: what the renderers (src/report/) show and what
 * `--format json` serialises (docs/json-output.md). Nothing here prints.
 */
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
  collectedAt: string;
  regions: string[];
  env: string | null;
}

/** Today's estimate for one environment and what the fixable findings would make it. */
export interface EnvCost {
  env: ResolvedEnv;
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

export interface ServiceSummary {
  service: Service;
  findings: number;
  /** Sum of the priced deltas (signed); unpriced findings are counted apart. */
  monthlyDeltaUsd: number;
  unpricedFindings: number;
  /** Today's estimate for the service, where it is priced. */
  todayUsd: number | null;
}

/** A resource no rule judged because its environment cannot be told. */
export interface UnknownEnvResource {
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
  regions: string[];
  /** --env, when given: only that environment's findings and costs. */
  env: Env | null;
  failOn: FailOn;
  /** --rules as resolved to rule ids, or null for every rule. */
  rules: string[] | null;
  sources: AuditSource[];
  findings: Finding[];
  /** Checks whose current value already meets the target (e.g. a Lambda tier confirmed): not findings, not counted. */
  confirmations: Finding[];
  coverageGaps: CoverageGap[];
  unknownEnvironment: UnknownEnvResource[];
  costs: {
    todayUsd: number;
    afterFixesUsd: number;
    byEnv: EnvCost[];
    /** Today's estimate per service. */
    byService: Record<string, number>;
    /** How today's estimate was made: quantity × unit price per resource. */
    lines: CostLine[];
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
    /** Findings at or above --fail-on: the exit code is 1 when this is not 0. */
    atOrAboveFailOn: number;
    /** Services whose inventory could not be listed (accepted with --allow-gaps): their resources were not audited. */
    servicesNotRead: string[];
    /** One line: "incomplete: N services not read (…)", "no findings: …" or "N findings (…)". */
    headline: string;
  };
}
