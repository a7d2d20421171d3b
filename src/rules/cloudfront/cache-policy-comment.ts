/**
 * A template's CachePolicyId that contradicts the comment beside it: the ID is Managed-CachingDisabled
 * while the comment names a caching policy ("# CachingOptimized"), or the reverse. Someone meant one
 * and deployed the other; only the ID takes effect. Needs the comment, so it reads templates only.
 */
import type { Rule, RuleMeta } from '../types.js';
import { managedPolicyById, MANAGED_CACHE_POLICIES_SOURCE, policiesNamedIn } from './managed-cache-policies.js';
import { behaviorsOf, distributionFinding, distributionsInScope } from './shared.js';

const meta: RuleMeta = {
  id: 'cloudfront/cache-policy-comment',
  service: 'cloudfront',
  title: 'A template\'s CachePolicyId is the policy its comment names',
  rationale:
    'Design document, "CloudFront Optimization" (enhanced caching policies for static assets): an ID that says CachingDisabled beside a comment that says CachingOptimized ' +
    `leaves static assets uncached (or caches what was meant not to be). Managed policy names and IDs: ${MANAGED_CACHE_POLICIES_SOURCE}.`,
  severity: 'medium',
  fixable: false,
  description:
    'Managed cache policies are attached by ID in templates, so the policy is usually written as an opaque UUID with its name in a comment. When the comment ' +
    '(CacheBehavior.cachePolicyComment, read from the template) names a managed policy and the ID is a different managed policy (for example ' +
    '4135ea2d-6df8-44a3-9df3-4b5a84be39ad, Managed-CachingDisabled, beside "# CachingOptimized"), the deployed behavior does what the ID says. ' +
    'A comment naming no managed policy, or naming the ID\'s own one among others, is left alone, as is an ID that is not a known managed policy. ' +
    'Advisory: correct the ID or the comment; cloudfront/cache-policy says which policy the design wants.',
};

export const cloudfrontCachePolicyComment: Rule = {
  meta,
  check(context) {
    return distributionsInScope(context).flatMap((scope) => {
      const current: Record<string, string | null> = {};
      const parts: string[] = [];
      for (const behavior of behaviorsOf(scope.distribution)) {
        const comment = behavior.cachePolicyComment;
        const actual = managedPolicyById(behavior.cachePolicyId);
        if (!comment || !actual) continue;
        const named = policiesNamedIn(comment);
        if (named.length === 0 || named.some((policy) => policy.name === actual.name)) continue;
        current[behavior.pathPattern] = behavior.cachePolicyId;
        const meant = named.map((policy) => `Managed-${policy.name}${policy.id ? ` (${policy.id})` : ''}`).join(' or ');
        const where = behavior.pathPattern === '*' ? 'the default behavior' : behavior.pathPattern;
        const effect = actual.defaultTtlS === 0 && actual.minTtlS === 0 ? 'nothing is cached' : `responses are cached (default TTL ${actual.defaultTtlS.toLocaleString('en-US')} s)`;
        parts.push(`${where}: CachePolicyId ${actual.id} is Managed-${actual.name}, so ${effect}, but the comment beside it ("${comment.trim()}") names ${meant}`);
      }
      if (parts.length === 0) return [];
      return [
        distributionFinding(meta, scope, {
          current,
          target: null,
          monthlyDeltaUsd: null,
          costLines: [],
          message: `${parts.join('; ')}. Only the ID takes effect: set the ID the comment names, or correct the comment`,
        }),
      ];
    });
  },
};
