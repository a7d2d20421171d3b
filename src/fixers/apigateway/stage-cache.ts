/**
 * API Gateway stage cache: one UpdateStage with the cluster (/cacheClusterEnabled, /cacheClusterSize)
 * and, when it is enabled, method caching on the GET methods that may be cached
 * (src/rules/apigateway/method-caching.ts). Each GET method that answers per caller without the caller
 * in its cache key is a refused change naming it; with no method to cache, the cluster is refused too.
 */
import type { ApiStage, RestApi } from '../../inventory/snapshot.js';
import { cacheOfKey, methodCachingOps, methodKey, planMethodCaching, type MethodCache } from '../../rules/apigateway/method-caching.js';
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { stageOf } from '../lookup.js';
import type { ChangeDraft } from '../types.js';
import { numericEffect } from '../../changes/billed-effect.js';

interface StageCache {
  enabled: boolean;
  size: string | null;
  methods?: Record<string, MethodCache>;
}

/** API Gateway's own default method-caching TTL. */
const DEFAULT_CACHE_TTL_SECONDS = 300;
const TEMPLATE = 'AWS::ApiGateway::Stage.CacheClusterEnabled / CacheClusterSize / MethodSettings (CachingEnabled, CacheTtlInSeconds)';

function clusterOps(cache: StageCache): JsonValue[] {
  const ops: JsonValue[] = [{ op: 'replace', path: '/cacheClusterEnabled', value: String(cache.enabled) }];
  if (cache.enabled && cache.size) ops.push({ op: 'replace', path: '/cacheClusterSize', value: cache.size });
  return ops;
}

function patch(cache: StageCache, withCluster: boolean): JsonValue[] {
  return [...(withCluster ? clusterOps(cache) : []), ...(cache.methods ? (methodCachingOps(cache.methods) as unknown as JsonValue[]) : [])];
}

function draft(restApiId: string, stageName: string, before: StageCache, after: StageCache, withCluster: boolean, notes: string[], refused?: string): ChangeDraft {
  // The undo puts the cluster back first only when the change touched it.
  return {
    attribute: 'CacheCluster',
    operation: 'apigateway:UpdateStage',
    input: { restApiId, stageName, patchOperations: patch(after, withCluster) },
    before: before as unknown as JsonValue,
    after: after as unknown as JsonValue,
    undo: { operation: 'apigateway:UpdateStage', input: { restApiId, stageName, patchOperations: patch(before, withCluster) } },
    templateProperty: TEMPLATE,
    notes,
    ...(refused ? { refused } : {}),
  };
}

function methodsBefore(stage: ApiStage | undefined, keys: string[]): Record<string, MethodCache> {
  return Object.fromEntries(keys.map((k) => [k, stage ? cacheOfKey(stage, k) : { cachingEnabled: false, ttlSeconds: null }]));
}

export const apigatewayStageCacheFixer = defineFixer({
  rule: 'apigateway/stage-cache',
  permissions: ['apigateway:GET', 'apigateway:PATCH'],
  billedEffect: (current, target) =>
    target.enabled && !current.enabled
      ? { direction: 'raises', quantity: `a ${target.size ?? ''} GB stage cache cluster, billed per hour while it exists` }
      : !target.enabled && current.enabled
        ? { direction: 'lowers', quantity: 'the stage cache cluster is deleted (billed per hour while it exists)' }
        : numericEffect(Number(current.size ?? 0), Number(target.size ?? 0), (b, a) => `stage cache cluster ${b} → ${a} GB, billed per hour`),
  async plan(finding, snapshot) {
    const found = stageOf(snapshot, finding);
    const restApiId = found?.api.id ?? finding.resourceName.split('/')[0];
    const stageName = found?.stage.name ?? finding.resourceName.split('/')[1] ?? finding.resourceName;
    const cluster = { enabled: finding.current.enabled, size: finding.current.enabled ? finding.current.size : null };
    const wanted = { enabled: finding.target.enabled, size: finding.target.enabled ? finding.target.size : null };
    const withCluster = cluster.enabled !== wanted.enabled || cluster.size !== wanted.size;
    if (!wanted.enabled) {
      return [draft(restApiId, stageName, cluster, wanted, true, ['flushes and deletes the stage cache'])];
    }
    const ttl = finding.target.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
    const notes = ['a stage cache cluster is billed per hour while it exists, used or not', `cached GET responses live ${ttl} s`];
    const api: RestApi | undefined = found?.api;
    if (!api?.methods) {
      return [draft(restApiId, stageName, cluster, wanted, withCluster, notes, 'the snapshot does not list the API\'s methods (take a new snapshot): which of them may be cached safely is unknown')];
    }
    const plan = planMethodCaching(api.methods);
    const refusedDrafts = plan.refused.map(({ method, reason }) => {
      const key = methodKey(method);
      const before = { ...cluster, methods: methodsBefore(found?.stage, [key]) };
      return draft(restApiId, stageName, before, { ...wanted, methods: { [key]: { cachingEnabled: true, ttlSeconds: ttl } } }, false, notes, reason);
    });
    if (plan.keys.length === 0) {
      const reason =
        plan.refused.length > 0
          ? `no GET method of ${api.name} can be cached safely (${plan.refused.map((r) => r.method.httpMethod + ' ' + r.method.resourcePath).join(', ')} answer per caller without the caller in the cache key): a cluster would cost its hourly rate for nothing`
          : `${api.name} has no GET method: a cluster would cost its hourly rate for nothing`;
      return [draft(restApiId, stageName, cluster, wanted, withCluster, notes, reason), ...refusedDrafts];
    }
    const before: StageCache = { ...cluster, methods: methodsBefore(found?.stage, plan.keys) };
    const after: StageCache = { ...wanted, methods: Object.fromEntries(plan.keys.map((k) => [k, { cachingEnabled: true, ttlSeconds: ttl }])) };
    if (plan.notGet.length) notes.push(`only GET methods are cached: method caching is set per method, not on */*: ${plan.notGet.map((m) => `${m.httpMethod} ${m.resourcePath}`).join(', ')} not cached`);
    return [draft(restApiId, stageName, before, after, withCluster, notes), ...refusedDrafts];
  },
});
