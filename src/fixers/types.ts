/**
 * A fix is data, applied elsewhere: a fixer turns a finding into Change records (the plan); one
 * executor applies them, checks drift, writes the journal and knows how to undo each one.
 */
import type { AccountSnapshot, LambdaFunction } from '../inventory/snapshot.js';
import type { ResolvedEnv } from '../targets/environment.js';
import type { FindingValues, FixableRuleId } from '../rules/finding-values.js';
import type { Finding, JsonValue, Service } from '../rules/types.js';

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

export interface Change {
  /** Stable within a plan: rule, resource and attribute. */
  id: string;
  rule: string;
  service: Service;
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
  /** Why this change will not be applied (shown in the plan, never sent). */
  refused?: string;
  managedBy?: ManagedBy;
  /** What a user should know: irreversible parts, AWS limits, adjustments. */
  notes?: string[];
}

/** What a fixer returns for one finding; the planner fills in the finding's identity and money. */
export type ChangeDraft = Pick<Change, 'attribute' | 'operation' | 'input' | 'before' | 'after' | 'undo'> & {
  refused?: string;
  notes?: string[];
  /** The CloudFormation resource type and property to change instead, e.g. 'AWS::Lambda::Function.MemorySize'. */
  templateProperty: string;
  /** Overrides for a change on a different resource than the finding's (rare). */
  resource?: string;
  resourceName?: string;
};

export interface CodeInspection {
  /** Files in the package that are native x86-64 ELF binaries. */
  x86Binaries: string[];
  /** Set when the package could not be read; the change is refused with this reason. */
  error?: string;
}

export interface FixerContext {
  /** Reads a zip function's current code and looks for x86-64 binaries; absent when planning offline. */
  inspectLambdaCode?: (fn: LambdaFunction) => Promise<CodeInspection>;
  now: Date;
}

export type TypedFinding<R extends FixableRuleId> = Omit<Finding, 'current' | 'target'> & {
  rule: R;
  current: FindingValues[R];
  target: FindingValues[R];
};

export interface Fixer<R extends FixableRuleId = FixableRuleId> {
  rule: R;
  /** Every IAM action this fixer's changes (and their drift reads and undo) call. */
  permissions: readonly string[];
  plan(finding: TypedFinding<R>, snapshot: AccountSnapshot, ctx: FixerContext): Promise<ChangeDraft[]>;
}

export type AnyFixer = { [R in FixableRuleId]: Fixer<R> }[FixableRuleId];

export type Outcome = 'applied' | 'skipped-drift' | 'failed' | 'refused' | 'not-attempted';
