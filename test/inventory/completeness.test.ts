/**
 * A service whose inventory list fails is "not read" (exit 3 unless --allow-gaps); a failed optional
 * read stays a coverage gap. The list names are checked against what the collectors really record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { assertInventoryRead, INVENTORY_READS, incompleteHeadline, isInventoryGap, unreadServices } from '../../src/inventory/completeness.js';
import type { CoverageGap } from '../../src/inventory/snapshot.js';
import { awsError } from '../support/fake-account/errors.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { testFactory } from './support/mock-clients.js';

let fake: FakeAccountHandle | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

const gap = (service: string, operation: string, extra: Partial<CoverageGap> = {}): CoverageGap => ({ service, region: 'us-east-1', operation, kind: 'access-denied', error: `AccessDenied: ${operation}`, ...extra });

describe('inventory gaps', () => {
  it('are the failed list reads; account settings, engine versions, per-resource reads and metrics are not', () => {
    expect(isInventoryGap(gap('lambda', 'ListFunctions'))).toBe(true);
    expect(isInventoryGap(gap('s3', 'ListBuckets', { region: 'global' }))).toBe(true);
    expect(isInventoryGap(gap('lambda', 'GetAccountSettings'))).toBe(false);
    expect(isInventoryGap(gap('rds', 'DescribeDBEngineVersions', { resource: 'aurora-mysql 8.0' }))).toBe(false);
    expect(isInventoryGap(gap('s3', 'GetBucketLifecycleConfiguration', { resource: 'b' }))).toBe(false);
    expect(isInventoryGap(gap('cloudwatch', 'GetMetricData'))).toBe(false);
  });

  it('name each service once, with every region and list that failed', () => {
    const gaps = [gap('s3', 'ListBuckets', { region: 'global' }), gap('lambda', 'ListFunctions'), gap('lambda', 'ListFunctions', { region: 'eu-west-1' }), gap('lambda', 'GetAccountSettings')];
    expect(unreadServices(gaps)).toEqual([
      { service: 'lambda', reads: ['us-east-1 ListFunctions', 'eu-west-1 ListFunctions'], error: 'AccessDenied: ListFunctions' },
      { service: 's3', reads: ['global ListBuckets'], error: 'AccessDenied: ListBuckets' },
    ]);
    expect(incompleteHeadline(['lambda', 's3'])).toBe('incomplete: 2 services not read (lambda, s3)');
    expect(incompleteHeadline([])).toBeNull();
  });

  it('stop the command with exit 3 and one line naming what was not read, unless gaps are allowed', () => {
    const gaps = [gap('lambda', 'ListFunctions'), gap('lambda', 'GetAccountSettings')];
    let thrown: unknown;
    try {
      assertInventoryRead(gaps, { allowGaps: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      exitCode: ExitCode.access,
      message: 'the account: 1 service not read: lambda (us-east-1 ListFunctions: AccessDenied: ListFunctions); fix access, or pass --allow-gaps to accept an incomplete result',
    });
    expect((thrown as Error).message).not.toContain('\n');
    expect(() => assertInventoryRead(gaps, { allowGaps: true })).not.toThrow();
    expect(() => assertInventoryRead([gap('lambda', 'GetAccountSettings')], { allowGaps: false })).not.toThrow();
  });
});

describe('INVENTORY_READS matches the collectors', () => {
  const lists = Object.entries(INVENTORY_READS).flatMap(([service, operations]) => operations.map((operation) => [service, operation] as const));

  it.each(lists)('a denied %s %s is recorded as that service not read', async (service, operation) => {
    const state = seedProdAccount();
    state.beforeRequest = (s, op) => {
      if (s === service && op === operation) throw awsError(service as 'lambda', 'AccessDenied', `not authorized to perform: ${service}:${operation}`, 403);
    };
    fake = installFakeAccount(state);
    const snapshot = await collectSnapshot(testFactory(), { regions: ['us-east-1'], env: 'prod', metricsDays: false });
    expect(unreadServices(snapshot.coverageGaps).map((u) => u.service)).toEqual([service]);
  });
});
