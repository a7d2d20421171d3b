/**
 * API Gateway stage cache cluster per environment. The design's production cache (0.5 GB) is a cost
 * INCREASE: a cache cluster is billed every hour it exists, used or not; cache hits are still billed
 * as API requests, and what it saves (Lambda and database calls) depends on the hit rate.
 */
import type { ApiStage, RestApi } from '../../inventory/snapshot.js';
import { API_CACHE_SIZES, HOURS_PER_MONTH, costLine, priced, type ApiCacheSize } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import { cachedGetMethods, methodLabel, planMethodCaching } from './method-caching.js';
import type { CostLine, Finding, Rule, RuleMeta } from '../types.js';
import { stageSubject } from '../../targets/environment-resolver.js';

const meta: RuleMeta = {
  id: 'apigateway/stage-cache',
  service: 'apigateway',
  title: 'API Gateway stage cache matches the environment',
  rationale: 'Design document, "Optimized Architecture Design": API Gateway Enhanced Caching; this tool\'s targets: 0.5 GB cache in prod, none in dev.',
  severity: 'low',
  fixable: true,
  description:
    'A stage cache cluster is billed per hour while it exists (hourly rate × 730 hours a month), whether or not anything is cached. ' +
    'A cluster caches nothing until method caching is on, so the fix enables the cluster together with method caching on GET methods ' +
    '(UpdateStage: /*/*/caching/enabled, or one /{path with ~1 for /}/GET/caching/enabled per method when the API has other methods, ' +
    'with the TTL from apiGateway.cacheTtlSeconds, default 300 s); other methods are never cached. A method that answers per caller ' +
    '(an authorizer, or Authorization among its request parameters) is cached only with method.request.header.Authorization in its ' +
    'cache key, otherwise it is refused by name: one user would be served another\'s response. The finding prices the cluster per hour ' +
    'and says what share of requests it can serve (GET requests, where measured). Disabling the cluster removes it.',
};

function isCacheSize(value: string | null): value is ApiCacheSize {
  return value !== null && (API_CACHE_SIZES as readonly string[]).includes(value);
}

/** The stage's own tag or stack, its API's, the stage name, the API's name (stageSubject: every command reads a stage so). */
function stageEnv(context: Parameters<Rule['check']>[0], api: RestApi, stage: ApiStage): Finding['env'] {
  return context.envOf(stageSubject(api, stage));
}

function clusterLine(region: string, size: ApiCacheSize, sign: 1 | -1): CostLine | null {
  return costLine(region, `${size} GB cache cluster ${sign > 0 ? 'running' : 'removed'} (× ${HOURS_PER_MONTH} h)`, sign * HOURS_PER_MONTH, 'hours', `apigateway.cacheHour.${size}`);
}

export const apigatewayStageCache: Rule = {
  meta,
  check(context) {
    const findings: Finding[] = [];
    for (const api of context.snapshot.restApis) {
      for (const stage of api.stages) {
        const env = stageEnv(context, api, stage);
        if (env === 'unknown') continue;
        const wanted = context.targets.envs[env].apiGateway;
        if (wanted.cacheClusterEnabled === null) continue;
        const cluster = { enabled: stage.cacheClusterEnabled, size: stage.cacheClusterEnabled ? stage.cacheClusterSize : null };
        const wantedCluster = { enabled: wanted.cacheClusterEnabled, size: wanted.cacheClusterEnabled ? (wanted.cacheClusterSize ?? cluster.size ?? '0.5') : null };
        const plan = wantedCluster.enabled && api.methods ? planMethodCaching(api.methods) : null;
        const cachedNow = wantedCluster.enabled ? cachedGetMethods(api, stage) : [];
        const cachedWanted = plan ? plan.cacheable.map(methodLabel) : cachedNow;
        const missing = cachedWanted.filter((m) => !cachedNow.includes(m));
        const clusterChanges = cluster.enabled !== wantedCluster.enabled || cluster.size !== wantedCluster.size;
        if (!clusterChanges && missing.length === 0) continue;
        const current = wantedCluster.enabled ? { ...cluster, cachedMethods: cachedNow } : cluster;
        const target = wantedCluster.enabled ? { ...wantedCluster, cachedMethods: cachedWanted, cacheTtlSeconds: wanted.cacheTtlSeconds } : wantedCluster;
        const lines: (CostLine | null)[] = [];
        let unpriced = '';
        if (clusterChanges && current.enabled) {
          if (isCacheSize(current.size)) lines.push(clusterLine(api.region, current.size, -1));
          else unpriced = `unknown current cache size ${current.size}`;
        }
        if (clusterChanges && target.enabled) {
          if (isCacheSize(target.size)) lines.push(clusterLine(api.region, target.size, 1));
          else unpriced = `unknown cache size ${target.size}`;
        }
        const money = !clusterChanges ? { monthlyDeltaUsd: 0, costLines: [] } : unpriced ? { monthlyDeltaUsd: null, costLines: [] } : priced(lines);
        const figure = !clusterChanges
          ? 'no change to the bill: the cluster already runs'
          : money.monthlyDeltaUsd === null
            ? `not priced: ${unpriced || `no API Gateway cache price for ${api.region} in the catalog`}`
            : money.monthlyDeltaUsd > 0
              ? `a cost INCREASE of +$${money.monthlyDeltaUsd.toFixed(2)}/month (${money.costLines.filter((l) => l.quantity > 0).map((l) => `$${l.unitPriceUsd.toFixed(3)}/hour × ${HOURS_PER_MONTH} h`).join(', ')}), billed whether or not anything is cached; cache hits are still billed as API requests, and the Lambda and database calls they save are not priced (they depend on the hit rate)`
              : `-$${Math.abs(money.monthlyDeltaUsd).toFixed(2)}/month`;
        const what = !target.enabled
          ? `cache cluster (${current.size} GB) enabled: disable it`
          : !current.enabled
            ? `no cache cluster: enable ${target.size} GB`
            : clusterChanges
              ? `cache cluster ${current.size} GB: resize to ${target.size} GB (the cache is flushed)`
              : `cache cluster ${current.size} GB runs but caches ${cachedNow.length ? `only ${cachedNow.join(', ')}` : 'nothing'}: enable method caching`;
        const ttl = wanted.cacheTtlSeconds;
        const methodsText = !target.enabled
          ? ''
          : !plan
            ? '; the API\'s methods were not read (take a new snapshot), so which methods may be cached is unknown and the fix is refused'
            : [
                plan.cacheable.length
                  ? `; caches ${plan.cacheable.map(methodLabel).join(', ')} for ${ttl} s (method settings ${plan.keys.join(', ')})`
                  : '; no GET method can be cached safely: a cluster would cost its hourly rate for nothing, so the fix is refused',
                plan.notGet.length ? `; never caches ${plan.notGet.map(methodLabel).join(', ')} (only GET responses are cached)` : '',
                ...plan.refused.map((r) => `; refused: ${r.reason}`),
              ].join('');
        // A cache is worth its hourly bill only with traffic to hit it: say what the stage serves.
        const requests = stage.usage?.requestsPerMonth ?? null;
        const gets = stage.usage?.getRequestsPerMonth ?? null;
        const share = !target.enabled
          ? ''
          : requests !== null && gets !== null && requests > 0
            ? `; it can serve at most the ${Math.round((gets / requests) * 100)}% of requests that are GETs (${Math.round(gets).toLocaleString('en-US')} of ${Math.round(requests).toLocaleString('en-US')}/month), less the misses`
            : '; the share of requests it can serve (the GET share) is unknown: per-method request counts were not measured';
        const traffic =
          !target.enabled || money.monthlyDeltaUsd === null || money.monthlyDeltaUsd <= 0
            ? ''
            : requests === null
              ? '; the stage\'s requests per month are not measured (no data), so whether the cache pays for itself is unknown'
              : `; the stage serves ${Math.round(requests).toLocaleString('en-US')} requests/month${requests > 0 ? `: $${((money.monthlyDeltaUsd / requests) * 1e6).toFixed(2)} per million requests before any hit` : ', nothing to cache'}`;
        findings.push({
          rule: meta.id,
          service: 'apigateway',
          resource: `arn:aws:apigateway:${api.region}::/restapis/${api.id}/stages/${stage.name}`,
          resourceName: `${api.id}/${stage.name}`,
          region: api.region,
          env,
          current,
          target,
          monthlyDeltaUsd: money.monthlyDeltaUsd,
          costLines: money.monthlyDeltaUsd === null ? [] : money.costLines,
          fixable: true,
          severity: meta.severity,
          message: `${api.name} stage ${stage.name}: ${what} (${figure})${methodsText}${share}${traffic}`,
          ...(traffic || share ? { metricsUsed: metricsUsed([['apiRequests', requests]]) } : {}),
        });
      }
    }
    return findings;
  },
};
