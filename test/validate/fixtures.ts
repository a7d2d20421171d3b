/** Snapshots with measured usage for the benchmarks. */
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { auroraCluster, distribution, lambdaFn, restApi, snapshotWith } from '../rules/fragments.js';

const cw = { source: 'cloudwatch' as const, windowDays: 14 };

export interface Figures {
  apiP95?: number | null;
  queryMs?: number | null;
  initMs?: number | null;
  hitPct?: number | null;
}

/** A prod account with one of each resource, measured as given (null: no data). */
export function measuredAccount(f: Figures = {}): AccountSnapshot {
  const stage = { name: 'prod', cacheClusterEnabled: false, cacheClusterSize: null, tags: {}, usage: { ...cw, requestsPerMonth: 1e6, latencyP95Ms: f.apiP95 ?? null } };
  return snapshotWith({
    env: 'prod',
    restApis: [restApi({ stages: [stage] })],
    auroraClusters: [auroraCluster({ usage: { ...cw, avgAcu: 1, peakAcu: 3, queryLatencyMs: f.queryMs ?? null } })],
    lambdaFunctions: [
      lambdaFn({ usage: { ...cw, invocationsPerMonth: 1e6, avgDurationMs: 100, initDurationP95Ms: f.initMs ?? null } }),
      lambdaFn({ name: 'clinnet-admin-prod', usage: { ...cw, invocationsPerMonth: 10, avgDurationMs: 100, initDurationP95Ms: null } }),
    ],
    distributions: [distribution({ usage: { ...cw, bytesOutPerMonth: 1e9, requestsPerMonth: 1e6, cacheHitRatePct: f.hitPct ?? null } })],
  });
}

export const ALL_GOOD: Figures = { apiP95: 150, queryMs: 4.2, initMs: 640, hitPct: 97.5 };
