/**
 * CloudFront's managed cache policies, by the names and IDs on the AWS page "Use managed cache
 * policies" (MANAGED_CACHE_POLICIES_SOURCE), with the settings that decide whether a response is
 * cached and for whom: TTLs and the headers in the cache key. The IDs are the same in every account.
 *
 * UseOriginCacheControlHeaders and UseOriginCacheControlHeaders-QueryStrings (added August 2024) are
 * named but carry no ID here: it could not be confirmed from the AWS page, so a behavior that uses one
 * is judged as an unknown policy (not at all), never by a guessed ID.
 */

export const MANAGED_CACHE_POLICIES_SOURCE = 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html';

export interface ManagedCachePolicy {
  /** The name without the console's "Managed-" prefix. */
  name: string;
  id: string | null;
  minTtlS: number;
  defaultTtlS: number;
  maxTtlS: number;
  headersInCacheKey: readonly string[];
}

export const MANAGED_CACHE_POLICY_TABLE: readonly ManagedCachePolicy[] = [
  { name: 'Amplify', id: '2e54312d-136d-493c-8eb9-b001f22f67d2', minTtlS: 2, defaultTtlS: 2, maxTtlS: 600, headersInCacheKey: ['Authorization', 'CloudFront-Viewer-Country', 'Host'] },
  { name: 'CachingDisabled', id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', minTtlS: 0, defaultTtlS: 0, maxTtlS: 0, headersInCacheKey: [] },
  { name: 'CachingOptimized', id: '658327ea-f89d-4fab-a63d-7e88639e58f6', minTtlS: 1, defaultTtlS: 86_400, maxTtlS: 31_536_000, headersInCacheKey: [] },
  { name: 'CachingOptimizedForUncompressedObjects', id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d', minTtlS: 1, defaultTtlS: 86_400, maxTtlS: 31_536_000, headersInCacheKey: [] },
  { name: 'Elemental-MediaPackage', id: '08627262-05a9-4f76-9ded-b50ca2e3a84f', minTtlS: 0, defaultTtlS: 86_400, maxTtlS: 31_536_000, headersInCacheKey: ['Origin'] },
  { name: 'UseOriginCacheControlHeaders', id: null, minTtlS: 0, defaultTtlS: 0, maxTtlS: 31_536_000, headersInCacheKey: [] },
  { name: 'UseOriginCacheControlHeaders-QueryStrings', id: null, minTtlS: 0, defaultTtlS: 0, maxTtlS: 31_536_000, headersInCacheKey: [] },
];

export function managedPolicyById(id: string | null | undefined): ManagedCachePolicy | undefined {
  return id ? MANAGED_CACHE_POLICY_TABLE.find((policy) => policy.id === id) : undefined;
}

/** A policy caches a response whatever the origin says when its minimum or default TTL is above 0. */
export function cachesByDefault(policy: { minTtlS: number; defaultTtlS: number }): boolean {
  return policy.minTtlS > 0 || policy.defaultTtlS > 0;
}

export function keysOnAuthorization(policy: { headersInCacheKey: readonly string[] }): boolean {
  return policy.headersInCacheKey.some((header) => header.toLowerCase() === 'authorization');
}

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The managed policies a free-text comment names ("# Managed-CachingOptimized", "caching disabled"), longest names first. */
export function policiesNamedIn(comment: string): ManagedCachePolicy[] {
  let text = squash(comment);
  const named: ManagedCachePolicy[] = [];
  const longestFirst = [...MANAGED_CACHE_POLICY_TABLE].sort((a, b) => squash(b.name).length - squash(a.name).length);
  for (const policy of longestFirst) {
    const key = squash(policy.name);
    if (!text.includes(key)) continue;
    named.push(policy);
    text = text.split(key).join(' ');
  }
  return named;
}
