/**
 * A rule is data plus one pure function (ESLint's rule modules are the model). `check` never calls
 * AWS: everything it needs is in the snapshot, so `audit --snapshot FILE` works offline.
 */
import type { AccountSnapshot, StackRef, TemplateRef } from '../inventory/snapshot.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import type { EnvReading, EnvSubject } from '../targets/environment-resolver.js';
import type { TargetProfile } from '../targets/design.js';

export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

export type Service =
  | 'aurora'
  | 'lambda'
  | 'dynamodb'
  | 's3'
  | 'cloudfront'
  | 'vpc'
  | 'logs'
  | 'apigateway';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One traceable line of a money figure: quantity × unit price = monthly USD (signed). */
export interface CostLine {
  description: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  monthlyUsd: number;
}

export interface Finding {
  rule: string;
  service: Service;
  /** ARN where the resource has one, else its name or id. */
  resource: string;
  resourceName: string;
  region: string | null;
  env: ResolvedEnv;
  /** Where env was read from (tag, stack-parameter, template-parameter, name, owner, flag): set by the engine. */
  environment?: EnvReading;
  current: JsonValue;
  target: JsonValue;
  /** Signed: negative saves, positive costs more; null where usage data is needed to price it. */
  monthlyDeltaUsd: number | null;
  /** How the figure was made; empty when monthlyDeltaUsd is null. */
  costLines: CostLine[];
  fixable: boolean;
  severity: Severity;
  message: string;
  /** Metrics a metric-driven rule used (issue: right-sizing), or the ones it lacked. */
  metricsUsed?: string[];
  /** The stack and logical ID that manage the resource, when a stack does. */
  stack?: StackRef;
  /** Where the resource is declared, when the finding comes from a template (audit --template). */
  template?: TemplateRef;
}

export interface RuleMeta {
  id: string;
  service: Service;
  title: string;
  /** The design document section the rule enforces, or "beyond the document: …". */
  rationale: string;
  severity: Severity;
  fixable: boolean;
  /** What a user reads in the catalogue: the risk and the remediation. */
  description: string;
}

export interface RuleSettings {
  acuHeadroomPct: number;
  memoryHeadroomPct: number;
  timeoutHeadroomPct: number;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { acuHeadroomPct: 25, memoryHeadroomPct: 25, timeoutHeadroomPct: 25 };

export interface RuleContext {
  snapshot: AccountSnapshot;
  targets: TargetProfile;
  settings: RuleSettings;
  /** The environment of a resource (src/targets/environment-resolver.ts: tag, stack, owner, name, --env, else unknown). */
  envOf(resource: EnvSubject): ResolvedEnv;
  /** The same, with where it was read from. */
  envReading(resource: EnvSubject): EnvReading;
  /** --env, when the user gave one; the engine drops findings of other environments. */
  onlyEnv?: Env;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): Finding[];
}
