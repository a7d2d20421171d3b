/**
 * A behavior (or the default one) in front of an API whose cache policy caches responses without the
 * caller in the cache key: CloudFront then answers one caller's GET with another caller's response.
 * Judged from what is known for sure: a managed policy by its documented settings, or a custom
 * policy whose TTLs and cache-key headers the snapshot records (cachePolicyConfig). Legacy cache
 * settings (ForwardedValues) are not judged: their TTLs are not collected.
 */
import type { CacheBehavior, Distribution } from '../../inventory/snapshot.js';
import type { Rule, RuleMeta } from '../types.js';
import { originOf } from './origin-request.js';
import { cachesByDefault, keysOnAuthorization, managedPolicyById, MANAGED_CACHE_POLICIES_SOURCE } from './managed-cache-policies.js';
import { behaviorsOf, distributionFinding, distributionsInScope, isApiBehavior, MANAGED_CACHE_POLICIES } from './shared.js';

const API_DOMAIN = /\.(execute-api|lambda-url)\./i;

const meta: RuleMeta = {
  id: 'cloudfront/api-cached',
  service: 'cloudfront',
  title: 'CloudFront never caches per-caller API responses',
  rationale:
    'Design document, "CloudFront Optimization" ("separate policies for static assets vs. API responses"); a cached API answer holding patient data served to another ' +
    `caller breaks HIPAA's access control (issue 20). Managed policy settings: AWS, "Use managed cache policies" (${MANAGED_CACHE_POLICIES_SOURCE}).`,
  severity: 'high',
  fixable: false,
  description:
    'A behavior whose origin is an API (API Gateway *.execute-api.*, a Lambda function URL, or a custom origin behind a path in cloudfront.apiPathPatterns) must not ' +
    'cache with a key that leaves the caller out: CloudFront would serve one caller\'s GET response, with its records, to the next caller of the same URL. Flagged: ' +
    'a managed caching policy (CachingOptimized, CachingOptimizedForUncompressedObjects, Elemental-MediaPackage: TTL above 0, no Authorization in the key), or a custom ' +
    'policy whose minimum or default TTL is above 0 without the Authorization header in its cache key (when the snapshot or template records it). Not judged: legacy ' +
    'cache settings, custom policies not read, and the UseOriginCacheControlHeaders policies (default TTL 0: they cache only what the origin marks cacheable). ' +
    'Fix: Managed-CachingDisabled (4135ea2d-6df8-44a3-9df3-4b5a84be39ad) with the AllViewerExceptHostHeader origin request policy; cloudfront/cache-policy plans it ' +
    'for paths in cloudfront.apiPathPatterns. Advisory here.',
};

function isApiOrigin(distribution: Distribution, behavior: CacheBehavior, apiPathPatterns: readonly string[]): string | null {
  const origin = originOf(distribution, behavior);
  if (origin && origin.kind === 'custom' && API_DOMAIN.test(origin.domainName)) return `origin ${origin.domainName}`;
  if (isApiBehavior(behavior, apiPathPatterns) && (!origin || origin.kind === 'custom')) return `an API path (cloudfront.apiPathPatterns)${origin ? `, origin ${origin.domainName}` : ''}`;
  return null;
}

/** Why the behavior's policy caches per-caller answers for everyone, or null when it does not (or is not known). */
function cachingWithoutCaller(behavior: CacheBehavior): string | null {
  const managed = managedPolicyById(behavior.cachePolicyId);
  if (managed) {
    if (!cachesByDefault(managed) || keysOnAuthorization(managed)) return null;
    return `cache policy Managed-${managed.name} (${managed.id}: default TTL ${managed.defaultTtlS.toLocaleString('en-US')} s, no Authorization in the cache key)`;
  }
  const config = behavior.cachePolicyConfig;
  if (!behavior.cachePolicyId || !config || !cachesByDefault(config) || keysOnAuthorization(config)) return null;
  return `cache policy ${behavior.cachePolicyId} (minimum TTL ${config.minTtlS} s, default TTL ${config.defaultTtlS} s, cache key headers ${config.headersInCacheKey.join(', ') || 'none'}: no Authorization)`;
}

export const cloudfrontApiCached: Rule = {
  meta,
  check(context) {
    return distributionsInScope(context).flatMap((scope) => {
      const { distribution, targets } = scope;
      const current: Record<string, string | null> = {};
      const target: Record<string, string> = {};
      const parts: string[] = [];
      for (const behavior of behaviorsOf(distribution)) {
        const api = isApiOrigin(distribution, behavior, targets.apiPathPatterns);
        const caching = api ? cachingWithoutCaller(behavior) : null;
        if (!api || !caching) continue;
        current[behavior.pathPattern] = behavior.cachePolicyId;
        target[behavior.pathPattern] = MANAGED_CACHE_POLICIES.CachingDisabled;
        const planned = isApiBehavior(behavior, targets.apiPathPatterns) && targets.apiCachePolicy === 'CachingDisabled';
        parts.push(
          `${behavior.pathPattern === '*' ? 'the default behavior' : behavior.pathPattern} (${api}) uses ${caching}` +
            (planned ? ': cloudfront/cache-policy plans CachingDisabled for it' : ': add its path to cloudfront.apiPathPatterns so cloudfront/cache-policy plans CachingDisabled, or change it in the template'),
        );
      }
      if (parts.length === 0) return [];
      return [
        distributionFinding(meta, scope, {
          current,
          target,
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `API responses are cached without the caller in the cache key, so CloudFront serves one caller's answer to the next caller of the same URL: ${parts.join('; ')}. ` +
            `Use Managed-CachingDisabled (${MANAGED_CACHE_POLICIES.CachingDisabled}) with the AllViewerExceptHostHeader origin request policy. Not priced`,
        }),
      ];
    });
  },
};
