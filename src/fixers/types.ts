/**
 * A fix is data, applied elsewhere: a fixer turns a finding into Change records (the plan); one
 * executor applies them, checks drift, writes the journal and knows how to undo each one.
 */
import type { AccountSnapshot, LambdaFunction } from '../inventory/snapshot.js';
import type { FindingValues, FixableRuleId } from '../rules/finding-values.js';
import type { Finding } from '../rules/types.js';

export type { AwsCall, Change, JsonObject, ManagedBy } from '../changes/change.js';
import type { Change } from '../changes/change.js';
import type { BilledEffect } from '../changes/billed-effect.js';

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
  /** `fix --code-bucket`: an S3 bucket for code packages above Lambda's direct-upload limit. */
  codeBucket?: string;
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
  /**
   * What the change does to a billed quantity (memory, capacity, retention, a cache cluster, a price
   * class…), declared whatever the price: a change that raises one is held without --include-increases.
   */
  billedEffect(current: FindingValues[R], target: FindingValues[R]): BilledEffect;
  plan(finding: TypedFinding<R>, snapshot: AccountSnapshot, ctx: FixerContext): Promise<ChangeDraft[]>;
  /** The fixer's own step over the whole plan, after every finding was planned (e.g. one lifecycle configuration per bucket). */
  combine?: (changes: readonly Change[]) => Change[];
}

export type AnyFixer = { [R in FixableRuleId]: Fixer<R> }[FixableRuleId];

