import { describe, expect, it } from 'vitest';
import { PRICE_CATALOG } from '../../src/pricing/catalog.js';
import { HOURS_PER_MONTH, costLine, priced, unitPrice } from '../../src/pricing/estimator.js';

describe('unitPrice', () => {
  it('reads the public list prices of us-east-1', () => {
    expect(unitPrice('us-east-1', 'lambda.gbSecond.x86_64')).toBe(0.0000166667);
    expect(unitPrice('us-east-1', 'lambda.gbSecond.arm64')).toBe(0.0000133334);
    expect(unitPrice('us-east-1', 'aurora.acuHour')).toBe(0.12);
    expect(unitPrice('us-east-1', 'natGateway.hour')).toBe(0.045);
    expect(unitPrice('us-east-1', 'natGateway.gbProcessed')).toBe(0.045);
    expect(unitPrice('us-east-1', 'logs.ingestGb')).toBe(0.5);
    expect(unitPrice('us-east-1', 'logs.storageGbMonth')).toBe(0.03);
    // DynamoDB on-demand after the November 2024 price cut.
    expect(unitPrice('us-east-1', 'dynamodb.onDemand.writePerMillion')).toBe(0.625);
    expect(unitPrice('us-east-1', 'dynamodb.onDemand.readPerMillion')).toBe(0.125);
  });

  it('prices eu-west-1 with its own entry', () => {
    expect(unitPrice('eu-west-1', 'aurora.acuHour')).toBe(0.13);
    expect(unitPrice('eu-west-1', 'natGateway.hour')).toBe(0.048);
  });

  it('returns null for a region the catalog does not hold, never another region\'s price', () => {
    expect(unitPrice('ap-south-2', 'aurora.acuHour')).toBeNull();
    expect(unitPrice('ap-south-2', 'lambda.gbSecond.arm64')).toBeNull();
  });

  it('prices CloudFront from the global entry whatever region is asked', () => {
    expect(unitPrice(null, 'cloudfront.dataOutGb.PriceClass_100')).toBe(0.085);
    expect(unitPrice('us-east-1', 'cloudfront.dataOutGb.PriceClass_All')).toBe(0.12);
    expect(unitPrice(null, 'aurora.acuHour')).toBeNull();
  });

  it('every catalog entry says when and where its prices were read', () => {
    for (const [region, entry] of Object.entries(PRICE_CATALOG)) {
      expect(entry.readOn, region).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.source.length, region).toBeGreaterThan(10);
      for (const price of Object.values(entry.prices)) expect(price).toBeGreaterThan(0);
    }
    expect(Object.keys(PRICE_CATALOG)).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'global']));
  });
});

describe('costLine', () => {
  it('is quantity × unit price, signed', () => {
    const line = costLine('us-east-1', 'min ACU lowered 1.5 ACU', -1.5 * HOURS_PER_MONTH, 'ACU-hours', 'aurora.acuHour');
    expect(line).toEqual({ description: 'min ACU lowered 1.5 ACU', quantity: -1095, unit: 'ACU-hours', unitPriceUsd: 0.12, monthlyUsd: -131.4 });
  });

  it('is null when the region has no price', () => {
    expect(costLine('sa-east-1', 'x', 10, 'hours', 'natGateway.hour')).toBeNull();
  });
});

describe('priced', () => {
  it('sums the lines to cents', () => {
    const lines = [
      costLine('us-east-1', 'NAT hours', HOURS_PER_MONTH, 'hours', 'natGateway.hour'),
      costLine('us-east-1', 'NAT data', 100, 'GB', 'natGateway.gbProcessed'),
    ];
    const result = priced(lines);
    expect(result.monthlyDeltaUsd).toBe(37.35); // 730 × 0.045 + 100 × 0.045
    expect(result.costLines).toHaveLength(2);
  });

  it('is null with no lines when any price is missing', () => {
    expect(priced([costLine('us-east-1', 'a', 1, 'hours', 'natGateway.hour'), null])).toEqual({ monthlyDeltaUsd: null, costLines: [] });
  });

  it('an empty list is a zero change', () => {
    expect(priced([])).toEqual({ monthlyDeltaUsd: 0, costLines: [] });
  });
});
