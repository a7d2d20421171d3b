/**
 * The design's cost targets ("Expected Cost Savings"), overridable in the config's `cost` section,
 * and the comparison of a current period with a baseline, both as full months.
 */
import type { Env } from '../targets/environment.js';
import { CATEGORY_IDS, CATEGORY_LABELS, type CategoryId } from './categories.js';
import type { CostConfig } from './config-schema.js';
import { round2, type CategoryAmounts } from './cost-table.js';

export interface CostTargets {
  /** Reduction in percent per category; null or absent: not checked. */
  categories: Partial<Record<CategoryId, number | null>>;
  overall: Partial<Record<Env, number | null>>;
}

export const DESIGN_COST_TARGETS: CostTargets = {
  categories: { aurora: 60, lambda: 35, s3: 20, dataTransfer: 30, cloudwatch: 25 },
  overall: { dev: 60, prod: 40 },
};

export interface RoiSettings {
  implementationHours: number;
  hourlyRateUsd: number;
  /** The rate is this tool's assumption, not the config's. */
  rateAssumed: boolean;
}

/** The design's ~40 hours; the hourly rate is not in the design, so it is an assumption until configured. */
export const DEFAULT_ROI = { implementationHours: 40, hourlyRateUsd: 100 };

export function costTargetsFrom(config: CostConfig | undefined): CostTargets {
  return {
    categories: { ...DESIGN_COST_TARGETS.categories, ...(config?.targets?.categories ?? {}) },
    overall: { ...DESIGN_COST_TARGETS.overall, ...(config?.targets?.overall ?? {}) },
  };
}

export function roiSettingsFrom(config: CostConfig | undefined): RoiSettings {
  return {
    implementationHours: config?.roi?.implementationHours ?? DEFAULT_ROI.implementationHours,
    hourlyRateUsd: config?.roi?.hourlyRateUsd ?? DEFAULT_ROI.hourlyRateUsd,
    rateAssumed: config?.roi?.hourlyRateUsd === undefined,
  };
}

export type TargetStatus = 'pass' | 'fail' | 'n/a';

export interface ComparisonRow {
  id: CategoryId | 'total';
  label: string;
  baselineMonthly: number;
  currentMonthly: number;
  /** Signed: negative is a saving. */
  changeUsd: number;
  /** Signed percent; null when the baseline is zero. */
  changePct: number | null;
  /** Required reduction in percent; null: not checked. */
  targetPct: number | null;
  status: TargetStatus;
  /** The audit's estimated monthly delta for this category (--compare-estimate), signed. */
  estimatedUsd?: number | null;
  /** Applied changes' predicted monthly delta (--journal), signed. */
  predictedUsd?: number | null;
}

export interface Roi {
  implementationHours: number;
  hourlyRateUsd: number;
  rateAssumed: boolean;
  implementationCostUsd: number;
  monthlySavingUsd: number;
  annualSavingUsd: number;
  /** null: no saving, so it never pays back. */
  paybackMonths: number | null;
}

export interface Comparison {
  rows: ComparisonRow[];
  total: ComparisonRow;
  missed: string[];
  roi: Roi;
}

export interface TargetCheck {
  /** Signed: negative is a saving. */
  changeUsd: number;
  /** Signed percent; null when the baseline is zero. */
  changePct: number | null;
  status: TargetStatus;
}

/** A monthly cost against its baseline and a required reduction (percent; null: not checked). */
export function checkTarget(baseline: number, current: number, targetPct: number | null): TargetCheck {
  const changeUsd = round2(current - baseline);
  const ratio = baseline > 0 ? ((current - baseline) / baseline) * 100 : null;
  const changePct = ratio === null ? null : (Math.sign(ratio) * Math.round(Math.abs(ratio) * 10)) / 10;
  let status: TargetStatus = 'n/a';
  // Compared in money, to the half cent, so a target met exactly is met despite float error.
  if (targetPct !== null && baseline > 0) status = current - baseline * (1 - targetPct / 100) <= 0.005 ? 'pass' : 'fail';
  return { changeUsd, changePct, status };
}

function row(id: CategoryId | 'total', label: string, baseline: number, current: number, targetPct: number | null): ComparisonRow {
  const { changeUsd, changePct, status } = checkTarget(baseline, current, targetPct);
  return { id, label, baselineMonthly: round2(baseline), currentMonthly: round2(current), changeUsd, changePct, targetPct, status };
}

export function roiOf(monthlySaving: number, settings: RoiSettings): Roi {
  const implementationCostUsd = round2(settings.implementationHours * settings.hourlyRateUsd);
  const saving = round2(monthlySaving);
  return {
    ...settings,
    implementationCostUsd,
    monthlySavingUsd: saving,
    annualSavingUsd: round2(saving * 12),
    paybackMonths: saving > 0 ? Math.round((implementationCostUsd / saving) * 10) / 10 : null,
  };
}

/** Both sides are monthly amounts (partial months already scaled). */
export function compareWithBaseline(
  baselineMonthly: CategoryAmounts,
  currentMonthly: CategoryAmounts,
  targets: CostTargets,
  env: Env | null,
  roi: RoiSettings,
): Comparison {
  const rows = CATEGORY_IDS.map((id) => row(id, CATEGORY_LABELS[id], baselineMonthly[id], currentMonthly[id], targets.categories[id] ?? null));
  const baseTotal = CATEGORY_IDS.reduce((t, id) => t + baselineMonthly[id], 0);
  const currentTotal = CATEGORY_IDS.reduce((t, id) => t + currentMonthly[id], 0);
  const total = row('total', 'Total', baseTotal, currentTotal, env ? (targets.overall[env] ?? null) : null);
  const missed = [...rows, total].filter((r) => r.status === 'fail').map((r) => r.label);
  return { rows, total, missed, roi: roiOf(baseTotal - currentTotal, roi) };
}
