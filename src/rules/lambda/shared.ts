/** Helpers shared by the Lambda rules (not a rule: rules are the other files in this folder). */
import type { LambdaFunction, LambdaUsage } from '../../inventory/snapshot.js';
import { lambdaArch } from '../../pricing/account-cost.js';
import { SECONDS_PER_MONTH, costLine } from '../../pricing/estimator.js';
import type { EnvTargets, LambdaTier, TargetProfile } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { matchTier, type NamedFunction } from '../../targets/tier-match.js';
import { buildFinding, inScope, type FindingFields } from '../finding.js';
import type { CostLine, Finding, RuleContext, RuleMeta } from '../types.js';
import { monthlyText } from '../money-text.js';

export { lambdaArch };

/** API Gateway REST integrations time out at 29 s (the default integration timeout quota). */
export const API_GATEWAY_TIMEOUT_S = 29;
export const USAGE_NEEDED_DURATION = 'usage data needed (invocations per month and average duration)';

export interface InScope {
  fn: LambdaFunction;
  env: Env;
  targets: EnvTargets['lambda'];
}

/** Functions whose environment is known, with that environment's Lambda targets. */
export function functionsInScope(context: RuleContext): InScope[] {
  return inScope(context, context.snapshot.lambdaFunctions, 'lambda', (fn) => fn).map(({ item, env, targets }) => ({ fn: item, env, targets }));
}

/** The tier a function's name or logical ID gives it (src/targets/tier-match.ts), or null. */
export function tierOf(fn: NamedFunction, targets: TargetProfile): LambdaTier | null {
  return matchTier(fn, targets).tier;
}

/** Monthly GB-seconds a function runs at a memory size, from its usage block; null without usage. */
export function monthlyGbSeconds(usage: LambdaUsage | undefined, memoryMb: number): number | null {
  if (!usage || usage.invocationsPerMonth === null || usage.avgDurationMs === null) return null;
  return usage.invocationsPerMonth * (usage.avgDurationMs / 1000) * (memoryMb / 1024);
}

/** Provisioned concurrency configured on the function (all qualifiers), in instances. */
export function provisionedCount(fn: LambdaFunction): number {
  return fn.provisionedConcurrency.reduce((sum, pc) => sum + (pc.allocated ?? pc.requested), 0);
}

/** Signed cost line of `instances` provisioned-concurrency instances held all month at a memory size. */
export function provisionedLine(fn: LambdaFunction, description: string, instances: number, memoryMb: number, arch: 'arm64' | 'x86_64'): CostLine | null {
  return costLine(fn.region, description, instances * (memoryMb / 1024) * SECONDS_PER_MONTH, 'GB-s', `lambda.provisioned.gbSecond.${arch}`);
}

export function lambdaFinding(meta: RuleMeta, { fn, env }: InScope, fields: FindingFields): Finding {
  return buildFinding(meta, { service: 'lambda', resource: fn.arn, resourceName: fn.name, region: fn.region, env }, fields);
}

/** "$-12.34/month" style, for messages. */
export function usd(value: number): string {
  return monthlyText(value);
}
