/** A change is plain data: the request that makes it, the state it expects before and after, and its undo. */
import { createHash } from 'node:crypto';
import type { ResolvedEnv } from '../targets/environment.js';
import type { JsonValue, Service } from '../rules/types.js';
import type { BilledEffect } from './billed-effect.js';

export type JsonObject = { [key: string]: JsonValue };

/** One AWS request: 'service:Operation' and its input, as plain JSON. */
export interface AwsCall {
  operation: string;
  input: JsonObject;
}

/** A resource managed by CloudFormation: the change belongs in the template, not the account. */
export interface ManagedBy {
  stack: string;
  logicalId: string | null;
  templateProperty: string;
}

/** Services a change can touch: the audited services, plus budgets (cost-report budgets) and CloudWatch alarms (validate alarms). */
export type ChangeService = Service | 'budgets' | 'cloudwatch';

export interface Change {
  /** Stable within a plan: rule, resource and attribute. */
  id: string;
  rule: string;
  service: ChangeService;
  region: string | null;
  /** ARN where the resource has one, else its name or id. */
  resource: string;
  resourceName: string;
  env: ResolvedEnv;
  /** What changes, e.g. 'MemorySize', 'LifecycleConfiguration', 'GatewayEndpoint'. */
  attribute: string;
  /** The request that makes the change, e.g. 'lambda:UpdateFunctionConfiguration'. */
  operation: string;
  input: JsonObject;
  /** The attribute's expected state before the change (what the drift guard compares). */
  before: JsonValue;
  after: JsonValue;
  /** The request that restores `before` (the executor may refine it with the apply's result). */
  undo: AwsCall;
  /** Signed monthly USD from the finding; null where the finding could not price it. */
  monthlyDeltaUsd: number | null;
  /** What the change does to a billed quantity, as its fixer declares it (absent: not a fixer's change). */
  billed?: BilledEffect;
  /** Why this change will not be applied (shown in the plan, never sent). */
  refused?: string;
  /**
   * Why this change is held: it raises the bill and the plan was made without --include-increases.
   * Shown in the plan with the flag to pass, never sent; a plan file records it like a refusal.
   */
  held?: string;
  managedBy?: ManagedBy;
  /** What a user should know: irreversible parts, AWS limits, adjustments. */
  notes?: string[];
  /**
   * 'any': the drift guard accepts any current state (a rollback of a change whose outcome was
   * unknown restores the before-state wherever it differs). Default: the before-state only.
   */
  guard?: 'any';
}

/**
 * applied: AWS accepted it and it reads back as planned. failed: not made (refused by AWS, or
 * read back unchanged). unknown: it may have been made (timeout, read-back failed, state neither
 * before nor after): rollback reads the resource and restores the before-state where it differs.
 */
export type Outcome = 'applied' | 'skipped-drift' | 'failed' | 'unknown' | 'refused' | 'not-attempted';

/** A change's id: the same rule, resource, attribute and input always give the same id (fix, budgets and alarms alike). */
export function changeId(rule: string, resource: string, attribute: string, input: JsonValue): string {
  return createHash('sha256').update(JSON.stringify([rule, resource, attribute, input])).digest('hex').slice(0, 12);
}
