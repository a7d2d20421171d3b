/**
 * Cache policy per behavior, with the origin request policy that keeps what the origin received
 * (src/rules/cloudfront/origin-request.ts). One change per distribution for the behaviors that can
 * move, one refused change per behavior left as it is. The change's value per path pattern is
 * { cachePolicyId, originRequestPolicyId }, read back from the distribution config after the write.
 */
import type { CacheBehavior, Distribution } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import { originRequestFor } from '../../rules/cloudfront/origin-request.js';
import { behaviorsOf, MANAGED_CACHE_POLICIES } from '../../rules/cloudfront/shared.js';
import { defineFixer } from '../define.js';
import { distributionOf } from '../lookup.js';
import type { ChangeDraft } from '../types.js';
import { CLOUDFRONT_PERMISSIONS } from './distribution-patch.js';

const TEMPLATE = 'AWS::CloudFront::Distribution.DistributionConfig.(Default)CacheBehavior(s).CachePolicyId / OriginRequestPolicyId';

interface Policies {
  cachePolicyId: string | null;
  originRequestPolicyId: string | null;
}

function policyName(id: string): 'CachingOptimized' | 'CachingDisabled' | null {
  return id === MANAGED_CACHE_POLICIES.CachingOptimized ? 'CachingOptimized' : id === MANAGED_CACHE_POLICIES.CachingDisabled ? 'CachingDisabled' : null;
}

function draft(id: string, before: Record<string, Policies>, after: Record<string, Policies>, notes: string[], refused?: string): ChangeDraft {
  const patterns = Object.keys(after);
  const input = (values: Record<string, Policies>) => ({
    Id: id,
    CachePolicyId: Object.fromEntries(patterns.map((p) => [p, values[p].cachePolicyId])),
    OriginRequestPolicyId: Object.fromEntries(patterns.map((p) => [p, values[p].originRequestPolicyId])),
  });
  return {
    attribute: 'CachePolicy',
    operation: 'cloudfront:UpdateDistribution',
    input: input(after),
    before: before as unknown as JsonValue,
    after: after as unknown as JsonValue,
    undo: { operation: 'cloudfront:UpdateDistribution', input: input(before) },
    templateProperty: TEMPLATE,
    notes,
    ...(refused ? { refused } : {}),
  };
}

function behaviorAt(distribution: Distribution | undefined, pattern: string): CacheBehavior | undefined {
  return distribution ? behaviorsOf(distribution).find((b) => b.pathPattern === pattern) : undefined;
}

export const cloudfrontCachePolicyFixer = defineFixer({
  rule: 'cloudfront/cache-policy',
  permissions: [...CLOUDFRONT_PERMISSIONS],
  billedEffect: (current, target) => {
    const disabled = Object.keys(target).filter((p) => target[p] === MANAGED_CACHE_POLICIES.CachingDisabled && current[p] !== target[p]);
    if (disabled.length) return { direction: 'raises', quantity: `requests for ${disabled.join(', ')} reach the origin, API Gateway and Lambda, instead of the edge cache` };
    return { direction: 'lowers', quantity: 'origin requests: more answers served from the edge cache' };
  },
  async plan(finding, snapshot) {
    const distribution = distributionOf(snapshot, finding);
    const id = distribution?.id ?? finding.resourceName;
    const before: Record<string, Policies> = {};
    const after: Record<string, Policies> = {};
    const notes = [
      'CloudFront deploys the change to its edge locations over several minutes',
      'a behavior that used legacy cache settings (ForwardedValues, TTLs) drops them for the cache policy; the journal keeps them for a rollback',
    ];
    const drafts: ChangeDraft[] = [];
    for (const [pattern, target] of Object.entries(finding.target)) {
      const behavior = behaviorAt(distribution, pattern);
      const current: Policies = { cachePolicyId: finding.current[pattern] ?? null, originRequestPolicyId: behavior?.originRequestPolicyId ?? null };
      const name = target ? policyName(target) : null;
      const decision = !behavior
        ? ({ kind: 'refuse', reason: `the snapshot holds no behavior ${pattern} for distribution ${id}` } as const)
        : name === null
          ? ({ kind: 'refuse', reason: `${pattern}: ${target ?? 'no policy'} is not a managed cache policy this fix sets` } as const)
          : originRequestFor(distribution as Distribution, behavior, name);
      if (decision.kind === 'refuse') {
        drafts.push(draft(id, { [pattern]: current }, { [pattern]: { cachePolicyId: target, originRequestPolicyId: current.originRequestPolicyId } }, notes, decision.reason));
        continue;
      }
      before[pattern] = current;
      after[pattern] = { cachePolicyId: target, originRequestPolicyId: decision.originRequestPolicyId };
      if (decision.kind === 'attach') notes.push(`${decision.why}: origin request policy ${decision.name} (${decision.originRequestPolicyId}) attached`);
    }
    if (Object.keys(after).length) drafts.unshift(draft(id, before, after, notes));
    return drafts;
  },
});
