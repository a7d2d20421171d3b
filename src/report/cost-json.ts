/**
 * The cost report as its documented JSON (docs/cost-report.md): kind clinnet-opt/cost-report, or
 * clinnet-opt/org-cost-report for `--org` (every line names its account); schemaVersion 1 each.
 */
import type { OrgCostReport } from '../cost/org-report.js';
import type { CostReport } from '../cost/report.js';

export function renderCostJson(report: CostReport | OrgCostReport): string {
  return JSON.stringify(report, null, 2);
}
