/** Helpers shared by the CloudFront rules (not a rule: rules are the other files in this folder). */
import type { CacheBehavior, Distribution } from '../../inventory/snapshot.js';
import type { EnvTargets } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { buildFinding, inScope, type FindingFields } from '../finding.js';
import type { Finding, RuleContext, RuleMeta } from '../types.js';
import { monthlyText } from '../money-text.js';
import { distributionSubject } from '../../targets/environment-resolver.js';

/** AWS managed cache policies (ids are the same in every account). */
export const MANAGED_CACHE_POLICIES = {
  CachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  CachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
} as const;

export const DEFAULT_BEHAVIOR = '*';

export interface DistributionScope {
  distribution: Distribution;
  env: Env;
  targets: EnvTargets['cloudfront'];
}

/** The name the engine resolves a distribution's environment from (comment, first alias, id). */
export function distributionName(distribution: Distribution): string {
  return distribution.comment || distribution.aliases[0] || distribution.id;
}

export function distributionsInScope(context: RuleContext): DistributionScope[] {
  return inScope(context, context.snapshot.distributions, 'cloudfront', distributionSubject).map(({ item, env, targets }) => ({
    distribution: item,
    env,
    targets,
  }));
}

/** The default behavior (path '*') first, then the ordered cache behaviors. */
export function behaviorsOf(distribution: Distribution): CacheBehavior[] {
  return [{ ...distribution.defaultBehavior, pathPattern: DEFAULT_BEHAVIOR }, ...distribution.behaviors];
}

/** A behavior serves the API when its path pattern is one of the API patterns or lies under one ('/api/v1/*' under '/api/*'). */
export function isApiBehavior(behavior: CacheBehavior, apiPathPatterns: readonly string[]): boolean {
  if (behavior.pathPattern === DEFAULT_BEHAVIOR) return false;
  return apiPathPatterns.some((pattern) => {
    if (behavior.pathPattern === pattern) return true;
    const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : null;
    return prefix !== null && prefix.length > 0 && behavior.pathPattern.startsWith(prefix);
  });
}

/** The managed policy a behavior should carry in this environment, or null when the design sets none. */
export function targetPolicyName(behavior: CacheBehavior, targets: EnvTargets['cloudfront']): 'CachingOptimized' | 'CachingDisabled' | null {
  return isApiBehavior(behavior, targets.apiPathPatterns) ? targets.apiCachePolicy : targets.staticCachePolicy;
}

export function distributionFinding(meta: RuleMeta, { distribution, env }: DistributionScope, fields: FindingFields): Finding {
  return buildFinding(meta, { service: 'cloudfront', resource: distribution.arn, resourceName: distribution.id, region: null, env }, fields);
}

export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

export function isPriceClass(value: string): value is PriceClass {
  return (PRICE_CLASSES as readonly string[]).includes(value);
}

export function usd(value: number): string {
  return monthlyText(value);
}
