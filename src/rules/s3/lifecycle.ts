/**
 * The design's lifecycle rules (documents, images), merged into each bucket's configuration: foreign
 * rules are kept verbatim, ours is added or replaced by ID. Transitions S3 would reject (the design's
 * STANDARD_IA at day 7) move to the nearest valid day, and the message says why.
 */
import type { Bucket, LifecycleRule } from '../../inventory/snapshot.js';
import { BYTES_PER_GB, costLine, priced } from '../../pricing/estimator.js';
import type { LifecycleTarget } from '../../targets/design.js';
import { matchesAny } from '../../targets/glob.js';
import { metricsUsed } from '../metrics.js';
import type { CostLine, JsonValue, Rule, RuleMeta } from '../types.js';
import { validateLifecycleRules } from './lifecycle-constraints.js';
import { nearestValidTransitions, type ValidTransition } from './lifecycle-target.js';
import { bucketFinding, bucketsInScope, gb, sameJson, storagePriceKey, transitionPriceKey, usd, withRule } from './shared.js';

const meta: RuleMeta = {
  id: 's3/lifecycle',
  service: 's3',
  title: 'Document and image buckets carry the design lifecycle rules',
  rationale: 'Design document, "3. Storage and CDN Optimization — S3 Lifecycle Management" (DocumentsLifecycle, ImagesLifecycle).',
  severity: 'medium',
  fixable: true,
  description:
    'Objects that stay in S3 Standard forever cost up to 23x more than archived ones. The fix writes the whole lifecycle configuration: ' +
    "rules written by others are kept verbatim and ours is added or replaced by ID. The design's images rule (STANDARD_IA at day 7) is " +
    'rejected by S3, which needs 30 days in Standard first and 30 days in STANDARD_IA before GLACIER: the target is STANDARD_IA at day 30, GLACIER at day 60.',
};

/** Minimum storage durations (S3 pricing): an object deleted or moved earlier is billed for the rest. */
const MINIMUM_DAYS: Record<string, number> = { STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 };
const ARCHIVES = ['GLACIER', 'DEEP_ARCHIVE'];

const describeTransitions = (transitions: readonly ValidTransition[]): string =>
  transitions.map((t) => `${t.StorageClass} at day ${t.Days}`).join(', ');

function sortedTransitions(rule: LifecycleRule): unknown {
  return [...(rule.Transitions ?? [])].map((t) => ({ Days: t.Days, Date: t.Date, StorageClass: t.StorageClass })).sort((a, b) => (a.Days ?? 0) - (b.Days ?? 0));
}

function coversWholeBucket(rule: LifecycleRule): boolean {
  const filter = rule.Filter;
  const emptyFilter = !filter || Object.keys(filter).length === 0 || (Object.keys(filter).length === 1 && filter.Prefix === '');
  return emptyFilter && (rule.Prefix === undefined || rule.Prefix === '');
}

/** Ours (by ID) already enabled with these transitions, or a foreign whole-bucket rule doing exactly the same. */
function alreadyApplied(rules: readonly LifecycleRule[], ruleId: string, transitions: ValidTransition[]): boolean {
  const wanted = sortedTransitions({ Status: 'Enabled', Transitions: transitions });
  return rules.some(
    (rule) => rule.Status === 'Enabled' && sameJson(sortedTransitions(rule), wanted) && (rule.ID === ruleId || coversWholeBucket(rule)),
  );
}

/** Our rule: the existing one with our ID keeps its other actions and filter; only Status and Transitions are ours. */
function ourRule(existing: LifecycleRule | undefined, ruleId: string, transitions: ValidTransition[]): LifecycleRule {
  if (!existing) return { ID: ruleId, Status: 'Enabled', Filter: {}, Transitions: transitions };
  return { ...existing, ID: ruleId, Status: 'Enabled', Transitions: transitions };
}

interface Money {
  monthlyDeltaUsd: number | null;
  costLines: CostLine[];
  text: string;
}

/**
 * Steady state: the share of Standard bytes older than each transition day sits in that class.
 * One-off transition requests (objects already old enough) are reported beside the monthly figure.
 */
function lifecycleMoney(bucket: Bucket, transitions: ValidTransition[]): Money {
  const usage = bucket.usage;
  const days = transitions.map((t) => t.Days);
  const needed = `usage data needed: usage.bytesByClass.StandardStorage and usage.ageFractions for days ${days.join(', ')}`;
  const standardBytes = usage?.bytesByClass.StandardStorage;
  if (!usage || standardBytes === undefined) return { monthlyDeltaUsd: null, costLines: [], text: needed };
  const ages = days.map((d) => usage.ageFractions?.[String(d)]);
  const missing = days.filter((_, i) => ages[i] === undefined);
  if (missing.length) return { monthlyDeltaUsd: null, costLines: [], text: `usage data needed: usage.ageFractions for days ${missing.join(', ')}` };
  const standardGb = standardBytes / BYTES_PER_GB;
  const lines: (CostLine | null)[] = [];
  const oneOff: (CostLine | null)[] = [];
  transitions.forEach((t, i) => {
    const share = Math.max(0, (ages[i] as number) - (i + 1 < ages.length ? (ages[i + 1] as number) : 0));
    const movedGb = standardGb * share;
    const to = storagePriceKey(t.StorageClass);
    const fromStandard = costLine(bucket.region, `${gb(movedGb)} GB aged ${t.Days}+ days leave STANDARD`, -movedGb, 'GB-month', 's3.storageGbMonth.STANDARD');
    lines.push(fromStandard, to ? costLine(bucket.region, `${gb(movedGb)} GB stored in ${t.StorageClass}`, movedGb, 'GB-month', to) : null);
    const requestKey = transitionPriceKey(t.StorageClass);
    if (usage.objectCount !== null && usage.objectCount !== undefined && requestKey) {
      // S3 skips objects under 128 KiB by default; without the share, every object is counted (an upper bound).
      const objects = usage.objectCount * share * (usage.largeObjectFraction ?? 1);
      oneOff.push(costLine(bucket.region, `one-off: ${Math.round(objects)} objects transitioned to ${t.StorageClass}`, objects / 1000, '1000 requests', requestKey));
    }
  });
  const money = priced(lines);
  if (money.monthlyDeltaUsd === null) return { monthlyDeltaUsd: null, costLines: [], text: `no S3 price for ${bucket.region} in the catalog` };
  const requests = oneOff.length ? priced(oneOff) : null;
  const requestText =
    requests && requests.monthlyDeltaUsd !== null
      ? `; one-off transition requests for objects already old enough: +$${requests.monthlyDeltaUsd.toFixed(2)} (${requests.costLines.map((l) => `${Math.round(l.quantity * 1000)} objects × $${l.unitPriceUsd}/1000 to ${l.description.split(' to ').pop()}`).join(', ')})`
      : '; one-off transition request cost needs usage.objectCount';
  return { ...money, text: `${usd(money.monthlyDeltaUsd)} once the ${gb(standardGb)} GB now in STANDARD settle into their classes${requestText}` };
}

function caveats(transitions: ValidTransition[]): string {
  const classes = transitions.map((t) => t.StorageClass);
  const minimums = classes.filter((c) => MINIMUM_DAYS[c]).map((c) => `${c} ${MINIMUM_DAYS[c]} days`);
  const parts = [
    `minimum storage durations (${minimums.join(', ')}): objects deleted earlier are billed for the rest`,
    'objects under 128 KiB are not transitioned',
  ];
  if (classes.some((c) => ARCHIVES.includes(c))) {
    parts.push(`${classes.filter((c) => ARCHIVES.includes(c)).join('/')} objects must be restored (minutes to hours) before they can be read, and carry 40 KB of index metadata each`);
  }
  return parts.join('; ');
}

function targetsFor(bucket: Bucket, targets: readonly LifecycleTarget[]): LifecycleTarget[] {
  return targets.filter((target) => matchesAny(bucket.name, target.bucketPatterns));
}

export const s3Lifecycle: Rule = {
  meta,
  check(context) {
    return bucketsInScope(context).flatMap((scope) => {
      const { bucket } = scope;
      const matching = targetsFor(bucket, scope.targets.lifecycle);
      if (matching.length === 0) return [];
      let rules: LifecycleRule[] = [...(bucket.lifecycleRules ?? [])];
      const changed: string[] = [];
      const moneyParts: Money[] = [];
      const daysPriced: number[] = [];
      for (const target of matching) {
        const { transitions, adjustments } = nearestValidTransitions(target);
        if (alreadyApplied(rules, target.ruleId, transitions)) continue;
        const existing = rules.find((rule) => rule.ID === target.ruleId);
        rules = withRule(rules, ourRule(existing, target.ruleId, transitions));
        const verb = existing ? `replace rule ${target.ruleId}` : `add rule ${target.ruleId}`;
        const adjusted = adjustments.length ? `; the design's ${describeTransitions(target.transitions.map((t) => ({ Days: t.days, StorageClass: t.storageClass })))} is moved to the nearest valid configuration: ${adjustments.join('; ')}` : '';
        changed.push(`${verb} (${describeTransitions(transitions)})${adjusted}; ${caveats(transitions)}`);
        moneyParts.push(lifecycleMoney(bucket, transitions));
        daysPriced.push(...transitions.map((t) => t.Days));
      }
      if (changed.length === 0) return [];
      const foreign = (bucket.lifecycleRules ?? []).filter((rule) => !matching.some((t) => t.ruleId === rule.ID));
      const kept = foreign.length ? `; ${foreign.length} existing rule(s) kept as they are (${foreign.map((r) => r.ID ?? '(no ID)').join(', ')})` : '';
      const problems = validateLifecycleRules(rules);
      const money =
        moneyParts.some((m) => m.monthlyDeltaUsd === null)
          ? { monthlyDeltaUsd: null, costLines: [] }
          : priced(moneyParts.flatMap((m) => m.costLines));
      const problemText = problems.length ? `; S3 would reject the result, so it is not fixable here: ${problems.map((p) => `${p.ruleId ?? 'configuration'}: ${p.message}`).join('; ')}` : '';
      return [
        bucketFinding(meta, scope, {
          current: (bucket.lifecycleRules ?? null) as JsonValue,
          target: rules as unknown as JsonValue,
          ...money,
          fixable: problems.length === 0,
          message: `${changed.join('. ')}${kept}. Cost: ${moneyParts.map((m) => m.text).join('; ')}${problemText}`,
          metricsUsed: metricsUsed([
            ['s3StandardBytes', bucket.usage?.bytesByClass.StandardStorage],
            ['s3AgeFractions', daysPriced.every((d) => bucket.usage?.ageFractions?.[String(d)] !== undefined) && bucket.usage ? 1 : null],
            ['s3Objects', bucket.usage?.objectCount],
            ['s3LargeObjectFraction', bucket.usage?.largeObjectFraction],
          ]),
        }),
      ];
    });
  },
};
