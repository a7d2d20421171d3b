/**
 * Beyond the document: Aurora Serverless v2 can scale to 0 ACU and pause when idle, but only on
 * engine versions whose ServerlessV2FeaturesSupport.MinCapacity is 0. The rule reads what the
 * engine supports (engineMinAcuSupported) and never assumes it.
 */
import { HOURS_PER_MONTH, costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { auroraFinding, clustersInScope, serverlessInstances, usd } from './shared.js';

/** A conservative idle time before pausing; AWS accepts 300 to 86,400 seconds. */
export const AUTO_PAUSE_SECONDS = 300;

const meta: RuleMeta = {
  id: 'aurora/auto-pause',
  service: 'aurora',
  title: 'Non-production Aurora Serverless v2 pauses when idle',
  rationale: 'Beyond the document: Aurora Serverless v2 scale to 0 ACU (auto-pause) for dev and staging, where the engine version supports it.',
  severity: 'low',
  fixable: false,
  description:
    'With MinCapacity 0 a Serverless v2 cluster pauses after SecondsUntilAutoPause without connections and bills no ACUs until the next connection, ' +
    'which waits about 15 seconds for it to resume. Only engine versions whose ServerlessV2FeaturesSupport.MinCapacity is 0 accept it; others need an engine upgrade first. ' +
    'Advisory: the saving depends on idle time (usage idleFraction) and on nothing holding connections open (RDS Proxy, poolers, monitoring).',
};

export const auroraAutoPause: Rule = {
  meta,
  check(context) {
    return clustersInScope(context).flatMap((scope) => {
      const { cluster, targets } = scope;
      const current = cluster.serverlessV2;
      if (!targets.autoPause || !current || current.minAcu === 0) return [];
      const idle = cluster.usage?.idleFraction ?? null;
      const instances = serverlessInstances(cluster);
      const money =
        idle === null
          ? { monthlyDeltaUsd: null, costLines: [] }
          : priced([
              costLine(
                cluster.region,
                `${cluster.id} idle ${Math.round(idle * 100)}% of ${HOURS_PER_MONTH} h at ${current.minAcu} ACU × ${instances} instance(s), paused instead`,
                -idle * HOURS_PER_MONTH * current.minAcu * instances,
                'ACU-hours',
                'aurora.acuHour',
              ),
            ]);
      const priceText = money.monthlyDeltaUsd === null ? (idle === null ? 'usage data needed (share of the month idle)' : 'no price for this region') : usd(money.monthlyDeltaUsd);
      const supported = cluster.engineMinAcuSupported;
      const base = {
        current: { minAcu: current.minAcu, secondsUntilAutoPause: current.secondsUntilAutoPause ?? null },
        target: { minAcu: 0, secondsUntilAutoPause: AUTO_PAUSE_SECONDS },
        ...money,
        metricsUsed: metricsUsed([['auroraIdleFraction', idle]]),
      };
      if (supported === null) {
        return [
          auroraFinding(meta, scope, {
            ...base,
            message: `could pause at 0 ACU when idle (${priceText}), but engine ${cluster.engine} ${cluster.engineVersion}'s support for 0 ACU is unknown (ServerlessV2FeaturesSupport not read): check DescribeDBEngineVersions before setting MinCapacity 0`,
          }),
        ];
      }
      if (supported > 0) {
        return [
          auroraFinding(meta, scope, {
            ...base,
            message: `engine ${cluster.engine} ${cluster.engineVersion} supports a minimum of ${supported} ACU, so it cannot pause: upgrade to an engine version whose minimum capacity is 0 ACU to pause when idle (${priceText} after the upgrade)`,
          }),
        ];
      }
      return [
        auroraFinding(meta, scope, {
          ...base,
          message:
            `minimum ${current.minAcu} ACU bills while idle; engine ${cluster.engineVersion} supports 0 ACU: set MinCapacity 0 and SecondsUntilAutoPause ${AUTO_PAUSE_SECONDS} to pause when idle (${priceText}); ` +
            'the first connection after a pause waits about 15 s while it resumes',
        }),
      ];
    });
  },
};
