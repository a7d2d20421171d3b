/**
 * Collection over a large synthetic account (bench/support/synthetic-account.ts) with 50 ms per call.
 * Prints calls made vs the minimum a complete read needs, wall time vs the bound
 * (calls ÷ concurrency × latency), and the rules' time over the snapshot. Asserts nothing about time.
 * Targets: calls ≤ 1.1 × minimum, wall ≤ 1.5 × bound, rules < 1 s.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../src/aws/clients.js';
import { collectSnapshot } from '../src/inventory/collect.js';
import { AccountSnapshot } from '../src/inventory/snapshot.js';
import { installSyntheticAccount, SIZES, type SyntheticAccount } from './support/synthetic-account.js';

const LATENCY_MS = 50;
const CONCURRENCY = 8;
let account: SyntheticAccount | undefined;
afterAll(() => account?.restore());

const ratio = (a: number, b: number) => (a / b).toFixed(3);

describe('collect benchmark', () => {
  it(`collects ${SIZES.functions} functions, ${SIZES.buckets} buckets, ${SIZES.logGroups} log groups, ${SIZES.clusters} clusters at ${LATENCY_MS} ms per call`, async () => {
    account = installSyntheticAccount(LATENCY_MS);
    const factory = new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
    const started = performance.now();
    const snapshot = await collectSnapshot(factory, { regions: ['us-east-1'], concurrency: CONCURRENCY, metricsDays: false });
    const wallMs = performance.now() - started;

    // The run must have read everything, or its figures mean nothing.
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.coverageGaps).toEqual([]);
    expect(snapshot.lambdaFunctions).toHaveLength(SIZES.functions);
    expect(snapshot.buckets).toHaveLength(SIZES.buckets);
    expect(snapshot.logGroups).toHaveLength(SIZES.logGroups);
    expect(snapshot.auroraClusters).toHaveLength(SIZES.clusters);

    const minimumByOp = account.minimum();
    const minimum = Object.values(minimumByOp).reduce((a, b) => a + b, 0);
    const calls = account.totalCalls();
    const boundMs = (calls / CONCURRENCY) * LATENCY_MS;
    const lines = [
      '',
      `collect: ${SIZES.functions} functions, ${SIZES.buckets} buckets, ${SIZES.logGroups} log groups, ${SIZES.clusters} clusters; ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY}`,
      '  operation                                   calls   minimum',
      ...Object.keys(minimumByOp).map((op) => `  ${op.padEnd(42)} ${String(account!.calls.get(op) ?? 0).padStart(6)} ${String(minimumByOp[op]).padStart(9)}`),
      `  API calls: ${calls} vs minimum ${minimum} → ratio ${ratio(calls, minimum)} (target ≤ 1.1)`,
      `  wall: ${(wallMs / 1000).toFixed(2)} s vs bound ${(boundMs / 1000).toFixed(2)} s (calls ÷ ${CONCURRENCY} × ${LATENCY_MS} ms) → ratio ${ratio(wallMs, boundMs)} (target ≤ 1.5)`,
    ];

    const enginePath = '../src/rules/engine.js';
    if (existsSync(new URL('../src/rules/engine.ts', import.meta.url))) {
      try {
        const { runRules } = await import(enginePath);
        const { DESIGN_TARGETS } = await import('../src/targets/design.js');
        const { DEFAULT_RULE_SETTINGS } = await import('../src/rules/types.js');
        runRules({ snapshot, targets: DESIGN_TARGETS, settings: DEFAULT_RULE_SETTINGS }); // warm-up (module init, JIT)
        const t0 = performance.now();
        const findings = runRules({ snapshot, targets: DESIGN_TARGETS, settings: DEFAULT_RULE_SETTINGS });
        const rulesMs = performance.now() - t0;
        lines.push(`  rules: ${rulesMs.toFixed(1)} ms over the snapshot, ${findings.length} findings (target < 1000 ms)`);
      } catch (error) {
        lines.push(`  rules: not timed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      }
    } else {
      lines.push('  rules: not timed (src/rules/engine.ts does not exist yet)');
    }
    console.log(lines.join('\n'));
  });
});
