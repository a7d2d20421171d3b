/**
 * Reserved concurrency per environment, adjusted to what the account accepts: AWS keeps at least
 * 100 executions unreserved, so the reservations of a region must fit in its concurrency limit
 * minus 100 (the document's 100 per function for 20+ prod functions does not fit the default
 * 1,000). A function's reservation also stays at or above its provisioned concurrency.
 */
import type { LambdaFunction } from '../../inventory/snapshot.js';
import type { Env } from '../../targets/environment.js';
import type { Finding, Rule, RuleContext, RuleMeta } from '../types.js';
import { lambdaFinding, provisionedCount } from './shared.js';
import { provisionedTargetCount } from './provisioned-concurrency.js';

/** Lambda refuses a reservation that leaves fewer than this many executions unreserved. */
export const MIN_UNRESERVED = 100;

const meta: RuleMeta = {
  id: 'lambda/reserved-concurrency',
  service: 'lambda',
  title: 'Lambda reserved concurrency fits the environment and the account',
  rationale: 'Design document, "Environment-Specific Configurations": ReservedConcurrency 5 (dev), 100 (prod).',
  severity: 'low',
  fixable: true,
  description:
    'Reserved concurrency caps a function (dev: a runaway loop cannot bill more than 5 at once) and guarantees it capacity. ' +
    'The target is the environment value, lowered to the nearest value the account accepts: all reservations in a region must leave 100 executions unreserved, ' +
    'and a reservation never goes below the function\'s provisioned concurrency. Reserving concurrency has no charge.',
};

interface Plan {
  fn: LambdaFunction;
  env: Env;
  design: number;
  /** Provisioned concurrency the function has or will have: the reservation may not go below it. */
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

function plansFor(context: RuleContext): Map<string, { plans: Plan[]; fixed: number }> {
  const byRegion = new Map<string, { plans: Plan[]; fixed: number }>();
  for (const fn of context.snapshot.lambdaFunctions) {
    const region = byRegion.get(fn.region) ?? { plans: [], fixed: 0 };
    byRegion.set(fn.region, region);
    const env = context.envOf(fn);
    const design = env === 'unknown' ? null : context.targets.envs[env].lambda.reservedConcurrency;
    if (env === 'unknown' || design === null) {
      region.fixed += fn.reservedConcurrency ?? 0;
      continue;
    }
    const floor = Math.max(provisionedCount(fn), provisionedTargetCount(fn, env, context.targets) ?? 0);
    region.plans.push({ fn, env, design: Math.max(design, floor), floor, target: Math.max(design, floor) });
  }
  return byRegion;
}

export const lambdaReservedConcurrency: Rule = {
  meta,
  check(context) {
    const findings: Finding[] = [];
    for (const [region, { plans, fixed }] of plansFor(context)) {
      const settings = context.snapshot.lambdaAccountSettings.find((s) => s.region === region);
      const pool = settings ? settings.concurrencyLimit - MIN_UNRESERVED - fixed : null;
      const wanted = plans.reduce((sum, p) => sum + p.design, 0);
      const tooMuch = pool !== null && wanted > pool;
      if (tooMuch) fitToPool(plans, pool);
      const impossible = pool !== null && plans.reduce((sum, p) => sum + p.target, 0) > pool;
      for (const p of plans) {
        if (context.onlyEnv && p.env !== context.onlyEnv) continue;
        if (p.target === p.fn.reservedConcurrency) continue;
        const designValue = context.targets.envs[p.env].lambda.reservedConcurrency;
        const notes: string[] = [];
        if (p.floor > (designValue ?? 0)) notes.push(`raised to ${p.floor} so it is not below the function's provisioned concurrency`);
        if (tooMuch && settings) {
          notes.push(
            `${plans.length} function(s) × up to ${Math.max(...plans.map((x) => x.design))} = ${wanted} would exceed what ${region} allows: its concurrency limit is ${settings.concurrencyLimit}, AWS keeps ${MIN_UNRESERVED} unreserved` +
              (fixed ? ` and other functions reserve ${fixed}` : '') +
              `, so the nearest valid value is ${p.target}`,
          );
        }
        if (!settings) notes.push(`the account's concurrency limit in ${region} was not collected: the change fails if it leaves fewer than ${MIN_UNRESERVED} unreserved`);
        if (impossible) notes.push(`even the provisioned concurrency floors do not fit: request a higher concurrency limit for ${region}`);
        findings.push(
          lambdaFinding(meta, { fn: p.fn, env: p.env, targets: context.targets.envs[p.env].lambda }, {
            current: p.fn.reservedConcurrency,
            target: p.target,
            monthlyDeltaUsd: 0,
            costLines: [],
            fixable: !impossible && (p.target > 0 || designValue === 0),
            message:
              `reserved concurrency ${p.fn.reservedConcurrency ?? 'none'} → ${p.target} (design: ${designValue} for ${p.env})` +
              (notes.length ? `; ${notes.join('; ')}` : '') +
              (p.target === 0 ? '; 0 would stop the function from running: raise the limit first' : '') +
              '; no charge for reserving concurrency',
          }),
        );
      }
    }
    return findings;
  },
};
