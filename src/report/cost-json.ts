/** The cost report as its documented JSON (kind clinnet-opt/cost-report, schemaVersion 1; docs/cost-report.md). */
import type { CostReport } from '../cost/report.js';

export function renderCostJson(report: CostReport): string {
  return JSON.stringify(report, null, 2);
}
