/**
 * API Gateway stage cache cluster per environment. The design's production cache (0.5 GB) is a cost
 * INCREASE: a cache cluster is billed every hour it exists, used or not; cache hits are still billed
 * as API requests, and what it saves (Lambda and database calls) depends on the hit rate.
 */
import type { ApiStage, RestApi } from '../../inventory/snapshot.js';
import { API_CACHE_SIZES, HOURS_PER_MONTH, costLine, priced, type ApiCacheSize } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { CostLine, Finding, Rule, RuleMeta } from '../types.js';

const meta: RuleMeta = {
  id: 'apigateway/stage-cache',
  service: 'apigateway',
  title: 'API Gateway stage cache matches the environment',
  rationale: 'Design document, "Optimized Architecture Design": API Gateway Enhanced Caching; this tool\'s targets: 0.5 GB cache in prod, none in dev.',
  severity: 'low',
  fixable: true,
  description:
    'A stage cache cluster is billed per hour while it exists (hourly rate × 730 hours a month), whether or not anything is cached. ' +
    'The fix enables or disables the cluster and sets its size. Enabling the cluster caches nothing until method caching is on, and responses of ' +
    'authorized (Cognito) methods must key the cache on the Authorization header, or one user may be served another\'s response.',
};

function isCacheSize(value: string | null): value is ApiCacheSize {
  return value !== null && (API_CACHE_SIZES as readonly string[]).includes(value);
}

function stageEnv(context: Parameters<Rule['check']>[0], api: RestApi, stage: ApiStage): Finding['env'] {
  const tags = { ...api.tags, ...stage.tags };
  const byStage = context.envOf({ name: stage.name, tags });
  return byStage !== 'unknown' ? byStage : context.envOf({ name: api.name, tags });
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
        const current = { enabled: stage.cacheClusterEnabled, size: stage.cacheClusterEnabled ? stage.cacheClusterSize : null };
        const target = { enabled: wanted.cacheClusterEnabled, size: wanted.cacheClusterEnabled ? (wanted.cacheClusterSize ?? current.size ?? '0.5') : null };
        if (current.enabled === target.enabled && current.size === target.size) continue;
        const lines: (CostLine | null)[] = [];
        let unpriced = '';
        if (current.enabled) {
          if (isCacheSize(current.size)) lines.push(clusterLine(api.region, current.size, -1));
          else unpriced = `unknown current cache size ${current.size}`;
        }
        if (target.enabled) {
          if (isCacheSize(target.size)) lines.push(clusterLine(api.region, target.size, 1));
          else unpriced = `unknown cache size ${target.size}`;
        }
        const money = unpriced ? { monthlyDeltaUsd: null, costLines: [] } : priced(lines);
        const figure =
          money.monthlyDeltaUsd === null
            ? `not priced: ${unpriced || `no API Gateway cache price for ${api.region} in the catalog`}`
            : money.monthlyDeltaUsd > 0
              ? `a cost INCREASE of +$${money.monthlyDeltaUsd.toFixed(2)}/month (${money.costLines.filter((l) => l.quantity > 0).map((l) => `$${l.unitPriceUsd}/hour × ${HOURS_PER_MONTH}`).join(', ')}), billed whether or not anything is cached; cache hits are still billed as API requests, and the Lambda and database calls they save are not priced (they depend on the hit rate)`
              : `-$${Math.abs(money.monthlyDeltaUsd).toFixed(2)}/month`;
        const what = !target.enabled
          ? `cache cluster (${current.size} GB) enabled: disable it`
          : !current.enabled
            ? `no cache cluster: enable ${target.size} GB`
            : `cache cluster ${current.size} GB: resize to ${target.size} GB (the cache is flushed)`;
        const caveats =
          target.enabled && stage.cachingEnabled !== true
            ? '; method caching is off on */*: the cluster caches nothing until it is enabled per method, and authorized methods must key the cache on the Authorization header'
            : target.enabled
              ? '; authorized methods must key the cache on the Authorization header, or one user may get another\'s cached response'
              : '';
        // A cache is worth its hourly bill only with traffic to hit it: say what the stage serves.
        const requests = stage.usage?.requestsPerMonth ?? null;
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
          message: `${api.name} stage ${stage.name}: ${what} (${figure})${caveats}${traffic}`,
          ...(traffic ? { metricsUsed: metricsUsed([['apiRequests', requests]]) } : {}),
        });
      }
    }
    return findings;
  },
};
