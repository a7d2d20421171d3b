/**
 * Beyond the document: Aurora Serverless v2 can scale to 0 ACU and pause when idle, but only on
 * engine versions that support it. The rule reads what the engine supports (the engine's own
 * description, else the documented version table: engine-support.ts) and never assumes it.
 * Fixable outside prod on a supporting engine: MinCapacity 0 with SecondsUntilAutoPause from the
 * environment's autoPauseSeconds (default 300).
 */
import { HOURS_PER_MONTH, costLine, priced } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { autoPauseSupport } from './engine-support.js';
import { auroraFinding, clustersInScope, serverlessInstances, usd } from './shared.js';

/** The default idle time before pausing (autoPauseSeconds); AWS accepts 300 to 86,400 seconds. */
export const AUTO_PAUSE_SECONDS = 300;

const meta: RuleMeta = {
  id: 'aurora/auto-pause',
  service: 'aurora',
  title: 'Non-production Aurora Serverless v2 pauses when idle',
  rationale: 'Beyond the document: Aurora Serverless v2 scale to 0 ACU (auto-pause) for dev and staging, where the engine version supports it.',
  severity: 'low',
  fixable: true,
  description:
    'With MinCapacity 0 a Serverless v2 cluster pauses after SecondsUntilAutoPause (the environment\'s autoPauseSeconds, default 300) without connections and bills no ACUs ' +
    'until the next connection, which waits about 15 seconds for it to resume. Only engine versions that support it accept MinCapacity 0: the engine\'s own ' +
    'DescribeDBEngineVersions ServerlessV2FeaturesSupport.MinCapacity where the account gives it, else the documented versions (Aurora MySQL 3.08.0+, ' +
    'Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.4+); others need an engine upgrade first and stay advisory. Fixed outside prod only ' +
    '(ModifyDBCluster ServerlessV2ScalingConfiguration; the undo restores the minimum, which removes SecondsUntilAutoPause). ' +
    'The saving depends on idle time (usage idleFraction) and on nothing holding connections open (RDS Proxy, poolers, monitoring).',
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
      const support = autoPauseSupport(cluster);
      const seconds = targets.autoPauseSeconds;
      const base = {
        current: { minAcu: current.minAcu, maxAcu: current.maxAcu, secondsUntilAutoPause: current.secondsUntilAutoPause ?? null },
        target: { minAcu: 0, maxAcu: current.maxAcu, secondsUntilAutoPause: seconds },
        ...money,
        metricsUsed: metricsUsed([['auroraIdleFraction', idle]]),
      };
      if (support.supported === null) {
        return [
          auroraFinding(meta, scope, {
            ...base,
            fixable: false,
            message: `could pause at 0 ACU when idle (${priceText}), but engine ${cluster.engine} ${cluster.engineVersion}'s support for 0 ACU is unknown (ServerlessV2FeaturesSupport not read): check DescribeDBEngineVersions before setting MinCapacity 0`,
          }),
        ];
      }
      const from = support.source === 'DescribeDBEngineVersions' ? 'per DescribeDBEngineVersions' : 'per the documented engine versions (the account gave no engine description)';
      if (!support.supported) {
        return [
          auroraFinding(meta, scope, {
            ...base,
            fixable: false,
            message: `engine ${cluster.engine} ${cluster.engineVersion} supports a minimum of ${support.minAcu} ACU (${from}), so it cannot pause: upgrade to an engine version whose minimum capacity is 0 ACU to pause when idle (${priceText} after the upgrade)`,
          }),
        ];
      }
      const prod = scope.env === 'prod';
      return [
        auroraFinding(meta, scope, {
          ...base,
          fixable: !prod,
          message:
            `minimum ${current.minAcu} ACU bills while idle; engine ${cluster.engineVersion} supports 0 ACU (${from}): set MinCapacity 0 and SecondsUntilAutoPause ${seconds} to pause when idle (${priceText}); ` +
            'the first connection after a pause waits about 15 s while it resumes' +
            (prod ? '; advisory in prod (not fixed automatically): a paused production database makes its first request wait' : ''),
        }),
      ];
    });
  },
};
