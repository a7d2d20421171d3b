/**
 * Managed cache policies per behavior: API paths never cached (every environment), static content
 * CachingOptimized in staging/prod and CachingDisabled in dev (the design's "for development testing").
 */
import type { Rule, RuleMeta } from '../types.js';
import { originRequestFor } from './origin-request.js';
import { behaviorsOf, distributionFinding, distributionsInScope, isApiBehavior, MANAGED_CACHE_POLICIES, targetPolicyName } from './shared.js';

const meta: RuleMeta = {
  id: 'cloudfront/cache-policy',
  service: 'cloudfront',
  title: 'CloudFront behaviors use the design cache policies',
  rationale:
    'Design document, "3. Storage and CDN Optimization — Cache Behaviors: separate policies for static assets vs. API responses" and ' +
    '"5. Environment-Specific Configurations" (production CachingOptimized, development CachingDisabled).',
  severity: 'medium',
  fixable: true,
  description:
    'Static behaviors get the managed CachingOptimized policy (CachingDisabled in dev), API behaviors the managed CachingDisabled policy, so that ' +
    'authenticated API responses are never served from the cache. A behavior that used legacy cache settings (ForwardedValues, TTLs) drops them; ' +
    'with a cache policy, the origin receives only the headers, cookies and query strings the cache key or an origin request policy forwards, so a ' +
    'behavior whose origin is an API keeps what it sent: the managed AllViewerExceptHostHeader origin request policy for API Gateway origins ' +
    '(*.execute-api.*.amazonaws.com), AllViewer where the legacy settings forwarded Host (or every header) to another custom origin; a behavior ' +
    'whose forwarding no managed policy matches (a specific header list: a custom origin request policy cannot list Authorization) is left as it ' +
    'is with the reason.',
};

const nameOf = (id: string | null): string =>
  id === MANAGED_CACHE_POLICIES.CachingOptimized ? 'CachingOptimized' : id === MANAGED_CACHE_POLICIES.CachingDisabled ? 'CachingDisabled' : id ? `policy ${id}` : 'legacy cache settings';

export const cloudfrontCachePolicy: Rule = {
  meta,
  check(context) {
    return distributionsInScope(context).flatMap((scope) => {
      const { distribution, targets } = scope;
      const current: Record<string, string | null> = {};
      const target: Record<string, string> = {};
      const changes: string[] = [];
      const forwarding: string[] = [];
      const refused: string[] = [];
      for (const behavior of behaviorsOf(distribution)) {
        const policy = targetPolicyName(behavior, targets);
        if (policy === null) continue;
        const id = MANAGED_CACHE_POLICIES[policy];
        if (behavior.cachePolicyId === id) continue;
        current[behavior.pathPattern] = behavior.cachePolicyId;
        target[behavior.pathPattern] = id;
        const kind = isApiBehavior(behavior, targets.apiPathPatterns) ? 'API' : 'static';
        changes.push(`${behavior.pathPattern} (${kind}): ${nameOf(behavior.cachePolicyId)} → ${policy}`);
        const decision = originRequestFor(distribution, behavior, policy);
        if (decision.kind === 'attach') forwarding.push(`${decision.why} (origin request policy ${decision.originRequestPolicyId})`);
        else if (decision.kind === 'refuse') refused.push(decision.reason);
      }
      if (changes.length === 0) return [];
      const forwardingText = (forwarding.length ? `; ${forwarding.join('; ')}` : '') + (refused.length ? `; left as it is: ${refused.join('; ')}` : '');
      const devText = scope.env === 'dev' && targets.staticCachePolicy === 'CachingDisabled' ? '; dev static content is not cached, as the design asks for development testing' : '';
      return [
        distributionFinding(meta, scope, {
          current,
          target,
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `${changes.join('; ')}${devText}${forwardingText}. Not priced: CloudFront bills requests and bytes the same whether cached or not; ` +
            'the change moves load on the origin (S3 GET requests, API Gateway and Lambda invocations), which depends on the hit rate after the change',
        }),
      ];
    });
  },
};
