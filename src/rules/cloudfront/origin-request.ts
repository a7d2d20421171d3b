/**
 * What a behavior must keep sending its origin when its cache settings change. Under a cache policy
 * the origin receives only what the cache key or an origin request policy forwards, so a behavior
 * whose legacy settings forwarded headers, query strings or cookies to an API needs an origin request
 * policy. Only managed policies are attached: a custom origin request policy cannot list
 * Authorization (CloudFront answers 400), and API Gateway must not receive the viewer's Host header.
 */
import type { CacheBehavior, Distribution, DistributionOrigin, ForwardedValues } from '../../inventory/snapshot.js';

/** AWS managed origin request policies (ids are the same in every account). */
export const MANAGED_ORIGIN_REQUEST_POLICIES = {
  /** Every viewer header (Host included), every cookie and query string. */
  AllViewer: '216adef6-5c7f-47e4-b989-5492eafa07d3',
  /** Every viewer header but Host, every cookie and query string: for API Gateway and Lambda function URL origins. */
  AllViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;

export type OriginRequestPolicyName = keyof typeof MANAGED_ORIGIN_REQUEST_POLICIES;

export type OriginRequestDecision =
  /** Nothing to add: the origin received nothing the cache policy does not send, or an origin request policy is already attached. */
  | { kind: 'none'; originRequestPolicyId: string | null }
  | { kind: 'attach'; name: OriginRequestPolicyName; originRequestPolicyId: string; why: string }
  | { kind: 'refuse'; reason: string };

const API_GATEWAY_DOMAIN = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/i;
const MANAGED_CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const MANAGED_CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

export function isApiGatewayDomain(domain: string): boolean {
  return API_GATEWAY_DOMAIN.test(domain);
}

export function originOf(distribution: Distribution, behavior: CacheBehavior): DistributionOrigin | undefined {
  return distribution.origins?.find((o) => o.id === behavior.targetOriginId);
}

/** What legacy settings forward, in words ('' when nothing). */
export function forwardedText(f: ForwardedValues | null | undefined): string {
  if (!f) return '';
  const parts: string[] = [];
  if (f.headers.includes('*')) parts.push('every header');
  else if (f.headers.length) parts.push(`header${f.headers.length > 1 ? 's' : ''} ${f.headers.join(', ')}`);
  if (f.queryString) parts.push('the query string');
  if (f.cookies === 'all') parts.push('every cookie');
  else if (f.cookies === 'whitelist') parts.push('some cookies');
  return parts.join(', ');
}

function forwardsHost(f: ForwardedValues): boolean {
  return f.headers.some((h) => h === '*' || h.toLowerCase() === 'host');
}

/**
 * The origin request policy a behavior needs when it moves to `targetPolicy`, decided from the
 * origin it targets and what its legacy settings forwarded.
 */
export function originRequestFor(distribution: Distribution, behavior: CacheBehavior, targetPolicy: 'CachingOptimized' | 'CachingDisabled'): OriginRequestDecision {
  if (behavior.originRequestPolicyId) return { kind: 'none', originRequestPolicyId: behavior.originRequestPolicyId };
  // A managed caching policy keys on nothing the origin needs: it received only the path.
  if (behavior.cachePolicyId === MANAGED_CACHING_OPTIMIZED || behavior.cachePolicyId === MANAGED_CACHING_DISABLED) return { kind: 'none', originRequestPolicyId: null };
  if (distribution.origins === undefined || (behavior.cachePolicyId === null && behavior.forwardedValues === undefined)) {
    return {
      kind: 'refuse',
      reason: `the snapshot does not record the origins and forwarded values of ${behavior.pathPattern} (it was written by an older version): take a new snapshot so the change can keep what the origin receives`,
    };
  }
  const origin = originOf(distribution, behavior);
  if (!origin) return { kind: 'refuse', reason: `${behavior.pathPattern} targets origin ${behavior.targetOriginId ?? '(none)'}, which the distribution does not list` };
  const apiGateway = origin.kind === 'custom' && isApiGatewayDomain(origin.domainName);
  const f = behavior.forwardedValues ?? null;
  const sent = forwardedText(f);
  const where = `${behavior.pathPattern} (origin ${origin.domainName})`;

  if (f === null) {
    // Already under a cache policy: the origin received what that policy's key forwards.
    const id = behavior.cachePolicyId;
    if (targetPolicy === 'CachingDisabled' && apiGateway) {
      return attach('AllViewerExceptHostHeader', `${where} is an API Gateway origin: every viewer header but Host, every cookie and query string keep reaching it whatever cache policy ${id} forwarded`);
    }
    return { kind: 'refuse', reason: `${where} uses cache policy ${id}, whose forwarded headers, cookies and query strings were not read: replacing it could stop them reaching the origin` };
  }
  if (!sent) return { kind: 'none', originRequestPolicyId: null };

  if (targetPolicy === 'CachingOptimized') {
    return {
      kind: 'refuse',
      reason: `${where} forwards ${sent}, so its responses depend on the caller: CachingOptimized keys the cache on none of them and would serve one caller's response to another. Add its path to cloudfront.apiPathPatterns (CachingDisabled) or leave it`,
    };
  }
  if (apiGateway) {
    return attach('AllViewerExceptHostHeader', `${where} forwarded ${sent}: AllViewerExceptHostHeader keeps sending them (with every other viewer header but Host, which API Gateway must not receive)`);
  }
  if (origin.kind === 's3') {
    return { kind: 'refuse', reason: `${where} forwards ${sent} to an S3 origin: no managed origin request policy sends exactly that to S3 (the AllViewer policies drop S3's response-content-* query strings)` };
  }
  if (forwardsHost(f)) {
    return attach('AllViewer', `${where} forwarded ${sent}, Host included: AllViewer keeps sending every viewer header (Host too), cookie and query string`);
  }
  if (f.headers.length) {
    const authorization = f.headers.some((h) => h.toLowerCase() === 'authorization')
      ? ' and a custom origin request policy cannot list Authorization (CloudFront answers 400)'
      : ': create an origin request policy that lists them and attach it, then run the fix again';
    return {
      kind: 'refuse',
      reason: `${where} forwards only ${sent}: no managed origin request policy forwards exactly that list (AllViewer adds Host, AllViewerExceptHostHeader every other header)${authorization}`,
    };
  }
  return attach('AllViewerExceptHostHeader', `${where} forwarded ${sent}: AllViewerExceptHostHeader keeps sending them; the origin keeps receiving its own domain as Host`);
}

function attach(name: OriginRequestPolicyName, why: string): OriginRequestDecision {
  return { kind: 'attach', name, originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICIES[name], why };
}
