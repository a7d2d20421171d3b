/** --period parsing (UTC, End exclusive) and the scaling of a partial month to a full one. */
import { describe, expect, it } from 'vitest';
import { isOpen, monthlyFactor, parsePeriod } from '../../src/cost/period.js';
import { buildCostTable, monthlyAmounts } from '../../src/cost/cost-table.js';

const NOW = new Date('2025-03-10T23:30:00Z');

describe('parsePeriod', () => {
  it.each([
    ['last-month', '2025-02-01', '2025-03-01'],
    ['month-to-date', '2025-03-01', '2025-03-10'],
    ['2025-01', '2025-01-01', '2025-02-01'],
    ['2024-12', '2024-12-01', '2025-01-01'],
    ['2025-03', '2025-03-01', '2025-03-10'],
    ['2025-02-03..2025-02-09', '2025-02-03', '2025-02-10'],
  ])('%s → [%s, %s)', (spec, start, end) => {
    expect(parsePeriod(spec, NOW)).toMatchObject({ start, end });
  });

  it('last-month in January is December of the year before', () => {
    expect(parsePeriod('last-month', new Date('2025-01-05T00:00:00Z'))).toMatchObject({ start: '2024-12-01', end: '2025-01-01' });
  });

  it.each([
    ['2025-02-30..2025-03-01', /not a date/],
    ['2025-02-09..2025-02-03', /ends before it starts/],
    ['2025-03-01..2025-03-10', /must end before today/],
    ['2025-13', /not a month/],
    ['yesterday', /--period must be/],
  ])('%s is refused', (spec, message) => {
    expect(() => parsePeriod(spec, NOW)).toThrow(message);
  });

  it('month-to-date on the first of the month says to use last-month', () => {
    expect(() => parsePeriod('month-to-date', new Date('2025-03-01T08:00:00Z'))).toThrow(/use --period last-month/);
  });

  it('a period is open while it reaches yesterday or today', () => {
    expect(isOpen(parsePeriod('month-to-date', NOW), NOW)).toBe(true);
    expect(isOpen(parsePeriod('last-month', NOW), NOW)).toBe(false);
    expect(isOpen(parsePeriod('last-month', new Date('2025-03-01T05:00:00Z')), new Date('2025-03-01T05:00:00Z'))).toBe(true);
  });
});

describe('normalising a partial month', () => {
  it('scales by the days of its own month; a whole month is left alone', () => {
    expect(monthlyFactor({ start: '2025-02-01', end: '2025-03-01' })).toBe(1);
    expect(monthlyFactor({ start: '2025-03-01', end: '2025-03-10' })).toBeCloseTo(31 / 9, 10);
    // Across two months: an average month (365.25 / 12 days) over the days covered.
    expect(monthlyFactor({ start: '2025-01-20', end: '2025-02-10' })).toBeCloseTo(30.4375 / 21, 10);
  });

  it('nine days of March at $9 is $31 for the month', () => {
    const table = buildCostTable([{ start: '2025-03-01', service: 'AWS Lambda', usageType: 'Request', amount: 9, unit: 'USD', estimated: true }], {
      period: parsePeriod('month-to-date', NOW),
      metric: 'UnblendedCost',
      granularity: 'MONTHLY',
      env: null,
      estimated: true,
    });
    expect(table.categories.lambda).toBe(9);
    expect(monthlyAmounts(table).lambda).toBe(31);
  });
});
