/**
 * Every rule that reads usage names the metrics it used the same way (src/rules/metrics.ts): the
 * CloudWatch metric, or "<metric>: no data" where the figure is missing. Run over the demo account
 * (usage measured) and the same account with every usage block removed (nothing measured).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { parseSnapshot } from '../../src/inventory/snapshot-file.js';
import { runRules } from '../../src/rules/engine.js';
import { METRIC, NO_DATA } from '../../src/rules/metrics.js';
import type { Finding } from '../../src/rules/types.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const demo = (env: string): AccountSnapshot => {
  const file = resolve(EXAMPLES, `demo-${env}.snapshot.json`);
  return parseSnapshot(readFileSync(file, 'utf8'), file);
};

/** Rules whose figures or checks read a usage block. */
const USAGE_RULES = [
  'lambda/arm64',
  'lambda/memory',
  'lambda/timeout',
  'lambda/log-level',
  'lambda/tier',
  'aurora/acu-range',
  'aurora/backup-retention',
  'aurora/auto-pause',
  'aurora/multi-az',
  'dynamodb/on-demand',
  's3/lifecycle',
  's3/intelligent-tiering',
  'cloudfront/compression',
  'cloudfront/price-class',
  'vpc/gateway-endpoints',
];

function withoutUsage(snapshot: AccountSnapshot): AccountSnapshot {
  const copy = structuredClone(snapshot);
  const strip = (items: { usage?: unknown }[]) => items.forEach((item) => delete item.usage);
  strip(copy.lambdaFunctions);
  strip(copy.auroraClusters);
  strip(copy.dynamoTables);
  strip(copy.buckets);
  strip(copy.distributions);
  strip(copy.logGroups);
  strip(copy.network.natGateways);
  copy.restApis.forEach((api) => strip(api.stages));
  return copy;
}

const NAMES = new Set<string>(Object.values(METRIC));
const findings = (snapshot: AccountSnapshot): Finding[] => runRules({ snapshot, targets: DESIGN_TARGETS });

describe('metricsUsed', () => {
  for (const env of ['prod', 'dev']) {
    const measured = findings(demo(env));
    const unmeasured = findings(withoutUsage(demo(env)));

    it(`${env}: every usage rule names its metrics, each a known metric or "<metric>: ${NO_DATA}"`, () => {
      for (const id of USAGE_RULES) {
        const mine = [...measured, ...unmeasured].filter((f) => f.rule === id);
        for (const f of mine) {
          expect(f.metricsUsed, `${id} ${f.resourceName}`).toBeDefined();
          for (const name of f.metricsUsed ?? []) expect(NAMES.has(name.replace(`: ${NO_DATA}`, '')), `${id}: ${name}`).toBe(true);
        }
      }
    });

    it(`${env}: with no usage at all, every metric a finding names is "no data", and nothing that lowers memory, a timeout or an ACU ceiling is fixable`, () => {
      const named = unmeasured.filter((f) => f.metricsUsed);
      expect(named.length).toBeGreaterThan(0);
      for (const f of named) for (const name of f.metricsUsed ?? []) expect(name, f.rule).toMatch(/: no data$/);
      const lowers = (f: Finding): boolean =>
        (f.rule === 'lambda/memory' || f.rule === 'lambda/timeout') ? (f.target as number) < (f.current as number)
          : f.rule === 'aurora/acu-range' ? (f.target as { maxAcu: number }).maxAcu < (f.current as { maxAcu: number }).maxAcu
            : false;
      const blind = unmeasured.filter(lowers);
      expect(blind.length).toBeGreaterThan(0);
      for (const f of blind) {
        expect(f.fixable, `${f.rule} ${f.resourceName}`).toBe(false);
        expect(f.message).toContain('no data: ');
      }
    });
  }
});
