import { describe, expect, it } from 'vitest';
import { estimateAccountCost } from '../../src/pricing/account-cost.js';
import { emptySnapshot } from '../../src/inventory/snapshot.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { resolverFor, type EnvSubject } from '../../src/targets/environment-resolver.js';
import { auroraCluster, bucket, distribution, lambdaFn, logGroup, natGateway, network, restApi, snapshotWith, table } from '../rules/fragments.js';

const envOf = (r: EnvSubject) => resolverFor(emptySnapshot({ account: null, regions: [] }), DESIGN_TARGETS).envOf(r);
const GB = 1024 ** 3;

describe('estimateAccountCost', () => {
  it('prices each resource from its configuration and usage, traceably', () => {
    const snapshot = snapshotWith({
      lambdaFunctions: [
        lambdaFn({ memoryMb: 1024, usage: { source: 'demo', invocationsPerMonth: 1_000_000, avgDurationMs: 200 } }),
      ],
      auroraClusters: [auroraCluster({ usage: { source: 'demo', avgAcu: 2, peakAcu: 4, storageGb: 50 } })],
      network: network({ natGateways: [natGateway({ usage: { source: 'demo', bytesProcessedPerMonth: 100 * GB } })] }),
      buckets: [bucket({ usage: { source: 'demo', bytesByClass: { StandardStorage: 100 * GB, GlacierStorage: 1000 * GB } } })],
      logGroups: [logGroup({ storedBytes: 10 * GB, usage: { source: 'demo', ingestedBytesPerMonth: 2 * GB } })],
      dynamoTables: [table({ sizeBytes: 4 * GB, usage: { source: 'demo', readRequestUnitsPerMonth: 8e6, writeRequestUnitsPerMonth: 1.6e6 } })],
      distributions: [distribution({ usage: { source: 'demo', bytesOutPerMonth: 100 * GB, requestsPerMonth: 1e6 } })],
      restApis: [restApi({ stages: [{ name: 'prod', cacheClusterEnabled: true, cacheClusterSize: '0.5', tags: {}, usage: { source: 'demo', requestsPerMonth: 2e6 } }] })],
    });
    const cost = estimateAccountCost(snapshot, envOf);
    // lambda: 1e6 × 0.2 s × 1 GB = 200,000 GB-s × 0.0000166667 = 3.33 + 1 M requests × 0.20 = 0.20
    expect(cost.byService.lambda).toBeCloseTo(3.53, 2);
    // aurora: 2 ACU × 730 h × 0.12 = 175.20 + 50 GB × 0.10 = 5.00
    expect(cost.byService.aurora).toBe(180.2);
    // nat: 730 h × 0.045 + 100 GB × 0.045
    expect(cost.byService.vpc).toBe(37.35);
    // s3: 100 × 0.023 + 1000 × 0.0036
    expect(cost.byService.s3).toBe(5.9);
    // logs: 10 × 0.03 + 2 × 0.50
    expect(cost.byService.logs).toBe(1.3);
    // dynamodb: 8 × 0.125 + 1.6 × 0.625 + 4 GB × 0.25
    expect(cost.byService.dynamodb).toBe(3);
    // cloudfront (PriceClass_100): 100 GB × 0.085 + 100 × 0.01
    expect(cost.byService.cloudfront).toBe(9.5);
    // api gateway: 2 × 3.50 + cache 0.5 GB 730 h × 0.02
    expect(cost.byService.apigateway).toBe(21.6);
    expect(cost.totalMonthlyUsd).toBeCloseTo(cost.lines.reduce((s, l) => s + l.monthlyUsd, 0), 2);
    expect(cost.byEnv.prod).toBe(cost.totalMonthlyUsd);
    for (const line of cost.lines) expect(line.monthlyUsd).toBeCloseTo(line.quantity * line.unitPriceUsd, 4);
    expect(cost.unpriced).toEqual([]);
  });

  it('lists what lacks usage as unpriced instead of inventing it', () => {
    const snapshot = snapshotWith({
      lambdaFunctions: [lambdaFn()],
      auroraClusters: [auroraCluster()],
      network: network(),
    });
    const cost = estimateAccountCost(snapshot, envOf);
    expect(cost.byService.lambda).toBeUndefined();
    expect(cost.byService.aurora).toBeUndefined();
    expect(cost.byService.vpc).toBe(32.85); // NAT hours are configuration: 730 × 0.045
    expect(cost.unpriced).toEqual(
      expect.arrayContaining([
        expect.stringContaining('lambda clinnet-patients-prod: usage data needed'),
        expect.stringContaining('aurora clinnet-aurora-prod: usage data needed (average ACU)'),
        expect.stringContaining('nat-0prod: usage data needed'),
      ]),
    );
  });

  it('prices provisioned concurrency from configuration alone', () => {
    const fn = lambdaFn({ memoryMb: 512, provisionedConcurrency: [{ qualifier: 'live', requested: 10, allocated: 10, status: 'READY' }] });
    const cost = estimateAccountCost(snapshotWith({ lambdaFunctions: [fn] }), envOf);
    // 10 × 0.5 GB × 2,628,000 s × 0.0000041667
    expect(cost.byService.lambda).toBeCloseTo(54.75, 1);
  });

  it('keeps only one environment when asked, and splits by environment otherwise', () => {
    const snapshot = snapshotWith({
      auroraClusters: [
        auroraCluster({ usage: { source: 'demo', avgAcu: 1, peakAcu: 2 } }),
        auroraCluster({ id: 'clinnet-aurora-dev', usage: { source: 'demo', avgAcu: 0.5, peakAcu: 1 } }),
      ],
    });
    const all = estimateAccountCost(snapshot, envOf);
    expect(all.byEnv).toEqual({ prod: 87.6, dev: 43.8 });
    const dev = estimateAccountCost(snapshot, envOf, 'dev');
    expect(dev.totalMonthlyUsd).toBe(43.8);
  });

  it('says a region without prices is unpriced', () => {
    const cost = estimateAccountCost(snapshotWith({ network: network({ natGateways: [natGateway({ region: 'ap-south-2' })] }) }), envOf);
    expect(cost.totalMonthlyUsd).toBe(0);
    expect(cost.unpriced[0]).toContain('no price in the catalog');
  });
});
