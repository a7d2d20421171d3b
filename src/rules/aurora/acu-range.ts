/**
 * Aurora Serverless v2 capacity range per environment, adjusted to what AWS accepts and what the
 * cluster needs: 0.5 ACU steps, max ≥ 1 and ≥ min, min 0 only on engine versions that support it,
 * and a ceiling never below the observed peak plus headroom.
 */
import { HOURS_PER_MONTH, costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { USAGE_NEEDED_ACU, auroraFinding, clustersInScope, halfStepUp, serverlessInstances, usd } from './shared.js';

/** ModifyDBCluster refuses a MaxCapacity below 1 ACU. */
const MIN_MAX_ACU = 1;

export const NO_PEAK_DATA = 'no data: ServerlessDatabaseCapacity maximum is needed before lowering the maximum ACU';

const meta: RuleMeta = {
  id: 'aurora/acu-range',
  service: 'aurora',
  title: 'Aurora Serverless v2 capacity range matches the environment',
  rationale:
    'Design document, "Aurora Serverless v2 Optimization" (0.5–4 ACU, 8 ACU max for production) and "Environment-Specific Configurations" (dev 0.5–1, prod 0.5–8).',
  severity: 'high',
  fixable: true,
  description:
    'The minimum ACU is billed every hour the cluster runs; the maximum caps a runaway. The target is the environment\'s range in 0.5 ACU steps, with the maximum never below the ' +
    'observed peak plus headroom (acuHeadroomPct; a lower ceiling throttles the database) nor below 1 ACU, and a minimum of 0 only where the engine version supports it. ' +
    'Lowering the maximum is fixable only when the peak (ServerlessDatabaseCapacity Maximum) is measured; without it the finding is advisory. ' +
    'The saving is priced from the average ACU in the usage block.',
};

export const auroraAcuRange: Rule = {
  meta,
  check(context) {
    const headroom = context.settings.acuHeadroomPct;
    return clustersInScope(context).flatMap((scope) => {
      const { cluster, targets } = scope;
      const current = cluster.serverlessV2;
      if (!current || (targets.minAcu === null && targets.maxAcu === null)) return [];
      const notes: string[] = [];
      const engineMin = cluster.engineMinAcuSupported;
      let min = halfStepUp(targets.minAcu ?? current.minAcu);
      // Auto-pause is on for this environment and the cluster already runs at 0 ACU (so its engine accepts it): keep it.
      const keepsPause = targets.autoPause && current.minAcu === 0;
      if (keepsPause) min = 0;
      if (!keepsPause && engineMin !== null && min < engineMin) {
        notes.push(`engine ${cluster.engineVersion} supports a minimum of ${engineMin} ACU`);
        min = engineMin;
      } else if (!keepsPause && engineMin === null && min === 0) {
        notes.push(`engine ${cluster.engineVersion}'s minimum capacity is unknown (ServerlessV2FeaturesSupport not read), so 0 ACU is not set`);
        min = 0.5;
      }
      let max = halfStepUp(targets.maxAcu ?? current.maxAcu);
      if (max < MIN_MAX_ACU) {
        notes.push(`AWS accepts a maximum of at least ${MIN_MAX_ACU} ACU`);
        max = MIN_MAX_ACU;
      }
      const peak = cluster.usage?.peakAcu ?? null;
      if (peak !== null) {
        const need = halfStepUp(peak * (1 + headroom / 100));
        if (max < need) {
          notes.push(`the design's ${max} ACU ceiling is below the observed peak of ${peak} ACU plus ${headroom}% headroom, so the ceiling is ${need} ACU`);
          max = need;
        } else if (max < current.maxAcu) {
          notes.push(`the observed peak of ${peak} ACU plus ${headroom}% headroom (${need} ACU) fits under ${max} ACU`);
        }
      }
      if (max < min) max = min;
      const engineMax = cluster.engineMaxAcuSupported ?? null;
      if (engineMax !== null && max > engineMax) {
        notes.push(`engine ${cluster.engineVersion} supports at most ${engineMax} ACU`);
        max = engineMax;
      }
      if (min === current.minAcu && max === current.maxAcu) return [];

      const avg = cluster.usage?.avgAcu ?? null;
      const instances = serverlessInstances(cluster);
      let money: { monthlyDeltaUsd: number | null; costLines: ReturnType<typeof priced>['costLines'] } = { monthlyDeltaUsd: null, costLines: [] };
      let priceText = USAGE_NEEDED_ACU;
      if (avg !== null) {
        // An average at the floor hides what the cluster would use below it: lowering the floor saves at most down to the new minimum.
        const pinned = avg <= current.minAcu + 0.01;
        const after = pinned && min < current.minAcu ? min : Math.min(Math.max(avg, min), max);
        const hours = instances * HOURS_PER_MONTH;
        money = priced([
          costLine(cluster.region, `${cluster.id} ${avg} avg ACU × ${instances} instance(s) × ${HOURS_PER_MONTH} h removed`, -avg * hours, 'ACU-hours', 'aurora.acuHour'),
          costLine(cluster.region, `${cluster.id} ${after} avg ACU × ${instances} instance(s) × ${HOURS_PER_MONTH} h`, after * hours, 'ACU-hours', 'aurora.acuHour'),
        ]);
        priceText =
          money.monthlyDeltaUsd === null
            ? 'no price for this region'
            : pinned && min < current.minAcu
              ? `up to ${usd(money.monthlyDeltaUsd)}: the cluster averages its floor, so what it needs below ${current.minAcu} ACU is not measured`
              : usd(money.monthlyDeltaUsd);
      }
      const blind = max < current.maxAcu && peak === null;
      const peakText = blind ? `; advisory: ${NO_PEAK_DATA} (${current.maxAcu} → ${max} ACU)` : '';
      return [
        auroraFinding(meta, scope, {
          current: { minAcu: current.minAcu, maxAcu: current.maxAcu },
          target: { minAcu: min, maxAcu: max },
          ...money,
          fixable: !blind,
          message:
            `capacity ${current.minAcu}–${current.maxAcu} ACU → ${min}–${max} ACU (design: ${targets.minAcu ?? 'unchanged'}–${targets.maxAcu ?? 'unchanged'})` +
            (notes.length ? `; ${notes.join('; ')}` : '') +
            ` (${priceText})${peakText}`,
          metricsUsed: metricsUsed([
            ['auroraAcuMax', peak],
            ['auroraAcuAvg', avg],
          ]),
        }),
      ];
    });
  },
};
