import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/inventory/snapshot-file.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

describe('the demo account', () => {
  it('is exactly what examples/make-demo.mjs generates', () => {
    const run = spawnSync(process.execPath, [resolve(EXAMPLES, 'make-demo.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(['dev', 'prod'] as const)('%s validates against the snapshot schema and matches the design\'s current architecture', (env) => {
    const file = resolve(EXAMPLES, `demo-${env}.snapshot.json`);
    const snapshot = parseSnapshot(readFileSync(file, 'utf8'), file);
    expect(snapshot.lambdaFunctions.length).toBeGreaterThanOrEqual(20);
    for (const fn of snapshot.lambdaFunctions) {
      expect(fn.name.endsWith(`-${env}`)).toBe(true);
      expect(fn.tags.Environment).toBe(env);
      expect(fn).toMatchObject({ architectures: ['x86_64'], memoryMb: 256, timeoutS: 30 });
      expect(fn.usage?.source).toBe('demo');
    }
    expect(snapshot.auroraClusters[0].serverlessV2).toMatchObject({ minAcu: 0.5, maxAcu: 16 });
    expect(snapshot.dynamoTables.map((t) => t.name)).toEqual([`clinnet-medical_reports-${env}`, `clinnet-services-${env}`, `clinnet-users-${env}`]);
    expect(snapshot.buckets.every((b) => b.lifecycleRules === null)).toBe(true);
    expect(snapshot.distributions[0].priceClass).toBe('PriceClass_100');
    expect(snapshot.network.natGateways).toHaveLength(1);
    expect(snapshot.network.vpcEndpoints).toHaveLength(0);
    expect(snapshot.logGroups.every((g) => g.retentionDays === null)).toBe(true);
    expect(snapshot.restApis[0].stages).toHaveLength(1);
  });
});

describe('the example config', () => {
  it('is a valid config file', async () => {
    const { loadConfig } = await import('../../src/targets/config.js');
    const loaded = await loadConfig(resolve(EXAMPLES, 'clinnet-opt.config.example.yaml'));
    expect(loaded.targets.envs.dev.aurora.maxAcu).toBe(2);
    expect(loaded.targets.envs.prod.apiGateway.cacheClusterSize).toBe('0.5');
  });
});
