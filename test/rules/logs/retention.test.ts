import { describe, expect, it } from 'vitest';
import { logsRetention, nearestValidRetention } from '../../../src/rules/logs/retention.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { logGroup, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from '../s3/traceable.js';

const ingest = (gib: number) => ({ source: 'cloudwatch' as const, ingestedBytesPerMonth: gib * GIB });

ruleCases(logsRetention, {
  valid: [
    { name: 'prod at the target', snapshot: snapshotWith({ logGroups: [logGroup({ retentionDays: 365 })] }) },
    { name: 'a shorter retention someone chose is left alone', snapshot: snapshotWith({ logGroups: [logGroup({ name: '/aws/lambda/clinnet-x-staging', retentionDays: 30 })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ logGroups: [logGroup({ name: '/aws/lambda/clinnet-x' })] }) },
  ],
  invalid: [
    {
      name: 'prod group that never expires, no usage',
      snapshot: snapshotWith({ logGroups: [logGroup({ storedBytes: 10 * GIB })] }),
      expect: [
        {
          resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/clinnet-patients-prod',
          resourceName: '/aws/lambda/clinnet-patients-prod',
          env: 'prod',
          current: null,
          target: 365,
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('never expires: set retention to 365 days; it grows forever; usage data needed: usage.ingestedBytesPerMonth'),
          metricsUsed: ['AWS/Logs IncomingBytes Sum: no data'],
        },
      ],
    },
  ],
});

describe('logs/retention money', () => {
  it('a dev group without retention: keeps 30 days of ingest, deletes the rest, and says it grows forever', () => {
    const snapshot = snapshotWith({ logGroups: [logGroup({ name: '/aws/lambda/clinnet-patients-dev', storedBytes: 10 * GIB, usage: ingest(2) })] });
    const finding = onlyFinding(logsRetention, { snapshot });
    // 2 GB/month × 30 days / (365/12) = 1.97 GB kept of 10 GB.
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([[-8.027397, 0.03]]);
    expect(finding.monthlyDeltaUsd).toBe(-0.24);
    expect(finding).toMatchObject({ current: null, target: 30 });
    expect(finding.message).toContain('it grows forever: -$0.24/month of storage');
    expect(finding.message).toContain('without retention it grows by 2.00 GB and +$0.06/month of storage every month');
  });

  it('a longer retention is shortened in proportion', () => {
    const finding = onlyFinding(logsRetention, { snapshot: snapshotWith({ logGroups: [logGroup({ name: '/aws/lambda/clinnet-x-dev', retentionDays: 365, storedBytes: 12 * GIB })] }) });
    expect(finding).toMatchObject({ current: 365, target: 30, monthlyDeltaUsd: -0.33 });
    expect(finding.message).toContain('keeps events 365 days: shorten to 30 days');
  });

  it('targets only values CloudWatch Logs accepts', () => {
    expect(nearestValidRetention(100)).toBe(120);
    expect(nearestValidRetention(365)).toBe(365);
    expect(nearestValidRetention(5000)).toBe(3653);
    const targets = structuredClone(DESIGN_TARGETS);
    targets.envs.prod.logs.retentionDays = 100;
    const finding = onlyFinding(logsRetention, { snapshot: snapshotWith({ logGroups: [logGroup({ retentionDays: 400 })] }), targets });
    expect(finding.target).toBe(120);
    expect(finding.message).toContain('the target 100 is not a value CloudWatch Logs accepts; nearest accepted value at or above it: 120');
  });
});
