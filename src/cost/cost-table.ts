/** Cost Explorer lines summed into the design's categories, for one period. */
import { CATEGORY_IDS, categorize, type CategoryId } from './categories.js';
import { monthlyFactor, periodDays, type Period } from './period.js';
import type { CostLine, CostMetric, Granularity } from './query.js';

export type CategoryAmounts = Record<CategoryId, number>;

export interface ServiceLine {
  service: string;
  category: CategoryId;
  amount: number;
}

export interface CostTable {
  period: Period;
  metric: CostMetric;
  granularity: Granularity;
  env: string | null;
  days: number;
  /** Multiply by this to get a full month's cost (1 for a whole calendar month). */
  monthlyFactor: number;
  unit: string;
  /** Costs of the period as billed. */
  categories: CategoryAmounts;
  total: number;
  /** Some figures are Cost Explorer estimates, not final. */
  estimated: boolean;
  /** Per service and category, largest first. */
  services: ServiceLine[];
  /** Per day, when the granularity is daily. */
  daily?: Array<{ date: string; categories: CategoryAmounts; total: number; estimated: boolean }>;
}

export function emptyAmounts(): CategoryAmounts {
  return Object.fromEntries(CATEGORY_IDS.map((id) => [id, 0])) as CategoryAmounts;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function sum(amounts: CategoryAmounts): number {
  return CATEGORY_IDS.reduce((total, id) => total + amounts[id], 0);
}

export function buildCostTable(
  lines: CostLine[],
  context: { period: Period; metric: CostMetric; granularity: Granularity; env: string | null; estimated: boolean },
): CostTable {
  const categories = emptyAmounts();
  const services = new Map<string, ServiceLine>();
  const days = new Map<string, { categories: CategoryAmounts; estimated: boolean }>();
  let unit = 'USD';
  for (const line of lines) {
    const category = categorize(line.service, line.usageType);
    categories[category] += line.amount;
    unit = line.unit || unit;
    const key = `${line.service}\u0000${category}`;
    const entry = services.get(key) ?? { service: line.service, category, amount: 0 };
    entry.amount += line.amount;
    services.set(key, entry);
    if (context.granularity === 'DAILY') {
      const day = days.get(line.start) ?? { categories: emptyAmounts(), estimated: false };
      day.categories[category] += line.amount;
      day.estimated ||= line.estimated;
      days.set(line.start, day);
    }
  }
  for (const id of CATEGORY_IDS) categories[id] = round2(categories[id]);
  const table: CostTable = {
    period: context.period,
    metric: context.metric,
    granularity: context.granularity,
    env: context.env,
    days: periodDays(context.period),
    monthlyFactor: monthlyFactor(context.period),
    unit,
    categories,
    total: round2(sum(categories)),
    estimated: context.estimated,
    services: [...services.values()].map((s) => ({ ...s, amount: round2(s.amount) })).filter((s) => s.amount !== 0).sort((a, b) => b.amount - a.amount),
  };
  if (context.granularity === 'DAILY') {
    table.daily = [...days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, day]) => {
        for (const id of CATEGORY_IDS) day.categories[id] = round2(day.categories[id]);
        return { date, categories: day.categories, total: round2(sum(day.categories)), estimated: day.estimated };
      });
  }
  return table;
}

/** The period's costs as a full month's (a partial month scaled by days). */
export function monthlyAmounts(table: Pick<CostTable, 'categories' | 'monthlyFactor'>): CategoryAmounts {
  const out = emptyAmounts();
  for (const id of CATEGORY_IDS) out[id] = round2(table.categories[id] * table.monthlyFactor);
  return out;
}

/** Lines restricted to a window (for the journal's before/after split of one daily query). */
export function linesIn(lines: CostLine[], period: Pick<Period, 'start' | 'end'>): CostLine[] {
  return lines.filter((line) => line.start >= period.start && line.start < period.end);
}
