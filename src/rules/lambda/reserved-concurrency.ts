/**
 * Reserved concurrency per environment, adjusted to what the account accepts: AWS keeps at least
 * 100 executions unreserved, so the reservations of a region must fit in its concurrency limit
 * minus 100 (the document's 100 per function for 20+ prod functions does not fit the default
 * 1,000). A reservation is also a cap: it never goes below the function's observed peak
 * concurrency plus headroom (a lower cap throttles it) nor below its provisioned concurrency, and
 * without a measured peak a new or lower cap is advisory.
 */
import type { LambdaFunction } from '../../inventory/snapshot.js';
import type { Env } from '../../targets/environment.js';
import { METRIC, NO_DATA, known, metricsUsed } from '../metrics.js';
import type { Finding, Rule, RuleContext, RuleMeta } from '../types.js';
import { lambdaFinding, provisionedCount } from './shared.js';
import { provisionedTargetCount } from './provisioned-concurrency.js';
import { functionSubject } from '../../targets/environment-resolver.js';

/** Lambda refuses a reservation that leaves fewer than this many executions unreserved. */
export const MIN_UNRESERVED = 100;
/** Headroom over the observed peak concurrency, in percent (the same default as the other right-sizing rules). */
export const CONCURRENCY_HEADROOM_PCT = 25;
export const NO_CONCURRENCY_DATA = `${NO_DATA}: ${METRIC.lambdaConcurrentMax} is needed before capping concurrency`;

const meta: RuleMeta = {
  id: 'lambda/reserved-concurrency',
  service: 'lambda',
  title: 'Lambda reserved concurrency fits the environment and the account',
  rationale: 'Design document, "Environment-Specific Configurations": ReservedConcurrency 5 (dev), 100 (prod).',
  severity: 'low',
  fixable: true,
  description:
    'Reserved concurrency caps a function (dev: a runaway loop cannot bill more than 5 at once) and guarantees it capacity. ' +
    `The target is the environment value, raised to the observed peak concurrent executions (ConcurrentExecutions Maximum) plus ${CONCURRENCY_HEADROOM_PCT}% headroom, since a lower cap throttles the function, ` +
    'and never below its provisioned concurrency; then lowered, where needed, to the nearest value the account accepts and the rest of the region needs: all reservations in a region must leave ' +
    'the observed peak of the functions without a reservation (their ConcurrentExecutions maxima, summed) plus the 100 executions Lambda keeps unreserved. ' +
    'Each finding states the share of the account limit the region reserves (e.g. "reserves 897 of 1,000 (90 %)"). ' +
    'Without a measured peak, a new or lower cap is advisory. Reserving concurrency has no charge.',
};

interface Plan {
  fn: LambdaFunction;
  env: Env;
  /** The environment's value, raised to the floor. */
  design: number;
  /** Provisioned concurrency the function has or will have. */
  provisioned: number;
  /** Observed peak concurrent executions, and that plus headroom; null when not measured. */
  peak: number | null;
  need: number | null;
  /** The reservation may not go below this: max(provisioned, need). */
  floor: number;
  target: number;
}

/** The largest per-function cap c with Σ max(floor, min(design, c)) ≤ pool. */
function fitToPool(plans: Plan[], pool: number): void {
  const total = (cap: number): number => plans.reduce((sum, p) => sum + Math.max(p.floor, Math.min(p.design, cap)), 0);
  let lo = 0;
  let hi = Math.max(0, ...plans.map((p) => p.design));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= pool) lo = mid;
    else hi = mid - 1;
  }
  for (const p of plans) p.target = Math.max(p.floor, Math.min(p.design, lo));
}

interface RegionPlans {
  plans: Plan[];
  /** Reservations this rule leaves as they are. */
  fixed: number;
  /** Functions that stay unreserved (they share what is left), the sum of their observed peaks, and how many have none measured. */
  unreserved: number;
  unreservedPeak: number;
  unmeasured: number;
}

function plansFor(context: RuleContext): Map<string, RegionPlans> {
  const byRegion = new Map<string, RegionPlans>();
  for (const fn of context.snapshot.lambdaFunctions) {
    const region = byRegion.get(fn.region) ?? { plans: [], fixed: 0, unreserved: 0, unreservedPeak: 0, unmeasured: 0 };
    byRegion.set(fn.region, region);
    const env = context.envOf(functionSubject(fn));
    const design = env === 'unknown' ? null : context.targets.envs[env].lambda.reservedConcurrency;
    if (env === 'unknown' || design === null) {
      region.fixed += fn.reservedConcurrency ?? 0;
      if (fn.reservedConcurrency === null) {
        const observed = fn.usage?.maxConcurrentExecutions;
        region.unreserved++;
        if (known(observed)) region.unreservedPeak += observed;
        else region.unmeasured++;
      }
      continue;
    }
    const provisioned = Math.max(provisionedCount(fn), provisionedTargetCount(fn, env, context.targets) ?? 0);
    const observed = fn.usage?.maxConcurrentExecutions;
    const peak = known(observed) ? observed : null;
    // Integer arithmetic: 4 × 125 / 100 is exactly 5, not 5.000000001.
    const need = peak === null ? null : Math.ceil((peak * (100 + CONCURRENCY_HEADROOM_PCT)) / 100);
    const floor = Math.max(provisioned, need ?? 0);
    region.plans.push({ fn, env, design: Math.max(design, floor), provisioned, peak, need, floor, target: Math.max(design, floor) });
  }
  return byRegion;
}

function peakNote(p: Plan, designValue: number): string | null {
  if (p.peak === null || p.need === null) return null;
  const observed = `the observed peak of ${p.peak} concurrent execution${p.peak === 1 ? '' : 's'} plus ${CONCURRENCY_HEADROOM_PCT}% headroom`;
  if (p.need > designValue && p.need >= p.provisioned) return `the design's ${designValue} is below ${observed} (${p.need}): a lower cap would throttle it, so the target is ${p.target}`;
  return `${observed} (${p.need}) fits under ${p.target}`;
}

export const lambdaReservedConcurrency: Rule = {
  meta,
  check(context) {
    const findings: Finding[] = [];
    for (const [region, { plans, fixed, unreserved, unreservedPeak, unmeasured }] of plansFor(context)) {
      const settings = context.snapshot.lambdaAccountSettings.find((s) => s.region === region);
      // What the rest of the region keeps: the unreserved functions' observed peaks (summed: their
      // peaks may coincide) plus AWS's minimum of 100, never less than the minimum alone.
      const headroom = unreservedPeak + MIN_UNRESERVED;
      const pool = settings ? settings.concurrencyLimit - headroom - fixed : null;
      const wanted = plans.reduce((sum, p) => sum + p.design, 0);
      const tooMuch = pool !== null && wanted > pool;
      if (tooMuch) fitToPool(plans, pool);
      const impossible = pool !== null && plans.reduce((sum, p) => sum + p.target, 0) > pool;
      const reservedTotal = fixed + plans.reduce((sum, p) => sum + p.target, 0);
      const share = settings ? reservationShare(reservedTotal, settings.concurrencyLimit, region, { unreserved, unreservedPeak, unmeasured }) : null;
      for (const p of plans) {
        if (context.onlyEnv && p.env !== context.onlyEnv) continue;
        const current = p.fn.reservedConcurrency;
        if (p.target === current) continue;
        const designValue = context.targets.envs[p.env].lambda.reservedConcurrency ?? 0;
        const throttles = p.fn.usage?.throttlesPerMonth;
        const notes: string[] = [];
        const peak = peakNote(p, designValue);
        if (peak) notes.push(peak);
        if (p.provisioned > designValue && p.provisioned >= (p.need ?? 0)) notes.push(`raised to ${p.provisioned} so it is not below the function's provisioned concurrency`);
        if (tooMuch && settings) {
          notes.push(
            `${plans.length} function(s) × up to ${Math.max(...plans.map((x) => x.design))} = ${wanted} would exceed what ${region} allows: its concurrency limit is ${settings.concurrencyLimit}, the rest of the region keeps ${headroom} (${unreservedPeak ? `the unreserved functions' observed peak ${unreservedPeak} + ${MIN_UNRESERVED}` : `AWS's minimum of ${MIN_UNRESERVED}`})` +
              (fixed ? ` and other functions reserve ${fixed}` : '') +
              `, so the nearest valid value is ${p.target}`,
          );
        }
        if (!settings) notes.push(`the account's concurrency limit in ${region} was not collected: the change fails if it leaves fewer than ${MIN_UNRESERVED} unreserved`);
        if (impossible) notes.push(`even the provisioned concurrency and observed peak floors do not fit: request a higher concurrency limit for ${region}`);
        if (known(throttles) && throttles > 0) notes.push(`it is already throttled (${throttles} throttles a month), so the observed peak understates its demand`);
        // A new cap, or a lower one, without the peak it must stay above would be a guess.
        const blind = p.peak === null && p.target > 0 && (current === null || p.target < current);
        findings.push(
          lambdaFinding(meta, { fn: p.fn, env: p.env, targets: context.targets.envs[p.env].lambda }, {
            current,
            target: p.target,
            monthlyDeltaUsd: 0,
            costLines: [],
            fixable: !impossible && !blind && (p.target > 0 || designValue === 0),
            message:
              `reserved concurrency ${current ?? 'none'} → ${p.target} (design: ${designValue} for ${p.env})` +
              (notes.length ? `; ${notes.join('; ')}` : '') +
              (p.target === 0 ? '; 0 would stop the function from running: raise the limit first' : '') +
              (blind ? `; advisory: ${NO_CONCURRENCY_DATA}` : '') +
              (share ? `; ${share}` : '') +
              '; no charge for reserving concurrency',
            metricsUsed: metricsUsed([
              ['lambdaConcurrentMax', p.peak],
              ['lambdaThrottles', throttles],
            ]),
          }),
        );
      }
    }
    return findings;
  },
};

const count = (n: number): string => n.toLocaleString('en-US');

/** "the region reserves 897 of 1,000 (90 %), leaving 103 for 2 unreserved function(s) (observed peak 3 + 100)". */
export function reservationShare(total: number, limit: number, region: string, rest: { unreserved: number; unreservedPeak: number; unmeasured: number }): string {
  const pct = limit > 0 ? Math.round((total / limit) * 100) : 0;
  const left = limit - total;
  const who = rest.unreserved ? `${rest.unreserved} unreserved function(s) in ${region}` : `functions without a reservation in ${region}`;
  const peak = rest.unreserved ? ` (observed peak ${rest.unreservedPeak}${rest.unmeasured ? `, ${rest.unmeasured} not measured` : ''} + ${MIN_UNRESERVED} kept)` : '';
  return `the region reserves ${count(total)} of ${count(limit)} (${pct} %), leaving ${count(left)} for ${who}${peak}`;
}
