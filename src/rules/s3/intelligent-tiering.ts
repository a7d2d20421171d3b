/**
 * Intelligent-Tiering on the frontend bucket, priced honestly: only objects of 128 KiB or more are
 * tiered (and billed for monitoring, per object), and a CDN origin's objects are read on every
 * cache miss, so they rarely go 30 days unread. Often this costs more than it saves; the finding
 * shows the increase when it is one.
 */
import type { Bucket, LifecycleRule } from '../../inventory/snapshot.js';
import { BYTES_PER_GB, costLine, priced } from '../../pricing/estimator.js';
import { matchesAny } from '../../targets/glob.js';
import { metricsUsed } from '../metrics.js';
import type { CostLine, JsonValue, Rule, RuleMeta } from '../types.js';
import { validateLifecycleRules } from './lifecycle-constraints.js';
import { bucketFinding, bucketsInScope, gb, usd, withRule } from './shared.js';

const meta: RuleMeta = {
  id: 's3/intelligent-tiering',
  service: 's3',
  title: 'Frontend bucket objects move to S3 Intelligent-Tiering',
  rationale: 'Design document, "Optimized Architecture Design": S3 Frontend with Intelligent Tiering.',
  severity: 'low',
  fixable: true,
  description:
    'Adds a lifecycle rule that moves objects into INTELLIGENT_TIERING from day 0 (other lifecycle rules are kept). ' +
    'Intelligent-Tiering bills monitoring per object of 128 KiB or more, never tiers smaller objects, and moves an object to a cheaper tier ' +
    'only after 30 days without access: for a CDN origin, whose objects are read on cache misses, it often costs more than it saves. ' +
    'The finding prices both sides from usage; opt out with targets.<env>.s3.intelligentTiering.bucketPatterns: [] in the config.',
};

export const INTELLIGENT_TIERING_RULE_ID = 'IntelligentTiering';

const itRule: LifecycleRule = {
  ID: INTELLIGENT_TIERING_RULE_ID,
  Status: 'Enabled',
  Filter: {},
  Transitions: [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }],
};

function alreadyTiered(bucket: Bucket): boolean {
  return (bucket.lifecycleRules ?? []).some((rule) => rule.Status === 'Enabled' && (rule.Transitions ?? []).some((t) => t.StorageClass === 'INTELLIGENT_TIERING'));
}

interface Money {
  monthlyDeltaUsd: number | null;
  costLines: CostLine[];
  text: string;
}

/**
 * Monitoring is certain; the saving is a best case: every byte older than 30 days (90 for Archive
 * Instant Access) counted as unread, since an object not read for 30 days is at least 30 days old.
 */
function tieringMoney(bucket: Bucket): Money {
  const usage = bucket.usage;
  const standardBytes = usage?.bytesByClass.StandardStorage;
  const objects = usage?.objectCount;
  const large = usage?.largeObjectFraction;
  const age30 = usage?.ageFractions?.['30'];
  const missing = [
    standardBytes === undefined ? 'usage.bytesByClass.StandardStorage' : null,
    objects === null || objects === undefined ? 'usage.objectCount' : null,
    large === null || large === undefined ? 'usage.largeObjectFraction (monitoring is billed per object of 128 KiB or more)' : null,
    age30 === undefined ? 'usage.ageFractions["30"]' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length || standardBytes === undefined || typeof objects !== 'number' || typeof large !== 'number' || age30 === undefined) {
    return { monthlyDeltaUsd: null, costLines: [], text: `usage data needed: ${missing.join(', ')}` };
  }
  const region = bucket.region;
  const monitored = objects * large;
  const standardGb = standardBytes / BYTES_PER_GB;
  const age90 = usage?.ageFractions?.['90'];
  const infrequentGb = standardGb * Math.max(0, age30 - (age90 ?? 0));
  const archiveGb = standardGb * (age90 ?? 0);
  const lines: (CostLine | null)[] = [
    costLine(region, `monitoring ${Math.round(monitored)} objects of 128 KiB or more`, monitored / 1000, '1000 objects', 's3.intelligentTiering.monitoringPer1000Objects'),
    costLine(region, `best case: ${gb(infrequentGb)} GB unread 30+ days leave STANDARD`, -infrequentGb, 'GB-month', 's3.storageGbMonth.STANDARD'),
    costLine(region, `best case: ${gb(infrequentGb)} GB in the Infrequent Access tier`, infrequentGb, 'GB-month', 's3.storageGbMonth.INTELLIGENT_TIERING_INFREQUENT'),
  ];
  if (age90 !== undefined) {
    lines.push(
      costLine(region, `best case: ${gb(archiveGb)} GB unread 90+ days leave STANDARD`, -archiveGb, 'GB-month', 's3.storageGbMonth.STANDARD'),
      costLine(region, `best case: ${gb(archiveGb)} GB in the Archive Instant Access tier`, archiveGb, 'GB-month', 's3.storageGbMonth.INTELLIGENT_TIERING_ARCHIVE_INSTANT'),
    );
  }
  const money = priced(lines);
  if (money.monthlyDeltaUsd === null) return { monthlyDeltaUsd: null, costLines: [], text: `no S3 price for ${region} in the catalog` };
  const monitoringUsd = money.costLines[0].monthlyUsd;
  const oneOff = costLine(region, 'one-off transitions', monitored / 1000, '1000 requests', 's3.transitionPer1000.INTELLIGENT_TIERING');
  const oneOffText = oneOff ? `; plus a one-off $${oneOff.monthlyUsd.toFixed(2)} to transition ${Math.round(monitored)} objects` : '';
  const verdict =
    money.monthlyDeltaUsd > 0
      ? `a cost INCREASE of ${usd(money.monthlyDeltaUsd)} even if every byte older than 30 days went unread (monitoring alone is $${monitoringUsd.toFixed(2)}/month); ` +
        'a CDN origin is read on every cache miss, so the real saving is smaller still: consider opting this bucket out (targets.<env>.s3.intelligentTiering.bucketPatterns: [])'
      : `at best ${usd(money.monthlyDeltaUsd)} (monitoring $${monitoringUsd.toFixed(2)}/month against a saving that assumes every byte older than 30 days goes unread; a CDN origin is read on cache misses, so expect less)`;
  return { ...money, text: `${verdict}${oneOffText}` };
}

export const s3IntelligentTiering: Rule = {
  meta,
  check(context) {
    return bucketsInScope(context).flatMap((scope) => {
      const { bucket } = scope;
      if (!matchesAny(bucket.name, scope.targets.intelligentTiering.bucketPatterns) || alreadyTiered(bucket)) return [];
      const rules = withRule(bucket.lifecycleRules, itRule);
      const problems = validateLifecycleRules(rules);
      const money = tieringMoney(bucket);
      const small = bucket.usage?.largeObjectFraction;
      const smallText = typeof small === 'number' ? `${Math.round((1 - small) * 100)}% of its objects are under 128 KiB and stay in the Frequent Access tier` : 'objects under 128 KiB are never tiered';
      const problemText = problems.length ? `; S3 would reject the result, so it is not fixable here: ${problems.map((p) => `${p.ruleId ?? 'configuration'}: ${p.message}`).join('; ')}` : '';
      return [
        bucketFinding(meta, scope, {
          current: { lifecycleRules: (bucket.lifecycleRules ?? null) as JsonValue, intelligentTiering: bucket.intelligentTiering as unknown as JsonValue },
          target: { lifecycleRules: rules as unknown as JsonValue, intelligentTiering: bucket.intelligentTiering as unknown as JsonValue },
          monthlyDeltaUsd: money.monthlyDeltaUsd,
          costLines: money.costLines,
          fixable: problems.length === 0,
          message: `add lifecycle rule ${INTELLIGENT_TIERING_RULE_ID} (INTELLIGENT_TIERING from day 0); ${smallText}. Cost: ${money.text}${problemText}`,
          metricsUsed: metricsUsed([
            ['s3StandardBytes', bucket.usage?.bytesByClass.StandardStorage],
            ['s3Objects', bucket.usage?.objectCount],
            ['s3LargeObjectFraction', small],
            ['s3AgeFractions', bucket.usage?.ageFractions?.['30']],
          ]),
        }),
      ];
    });
  },
};
