/**
 * No cost increase without consent: a change that raises the bill is held unless the user passes
 * --include-increases. A change raises the bill when its priced monthly delta is positive, or when
 * it is one of the changes known to cost more that the finding could not price (provisioned
 * concurrency, a wider CloudFront price class, an Aurora reader, an API Gateway cache cluster).
 * Pure: from changes to changes.
 */
import type { JsonValue } from '../rules/types.js';
import type { Change } from './change.js';

export const INCLUDE_INCREASES_FLAG = '--include-increases';

const PRICE_CLASS_ORDER = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'];

const num = (value: JsonValue | undefined): number | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

const field = (value: JsonValue, key: string): JsonValue | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;

function patchValue(change: Change, path: string): JsonValue | undefined {
  const ops = change.input.patchOperations;
  if (!Array.isArray(ops)) return undefined;
  const op = ops.find((o) => field(o, 'path') === path && field(o, 'op') === 'replace');
  return op === undefined ? undefined : field(op, 'value');
}

/** Why an unpriced change is known to cost more, or null. */
export function knownIncrease(change: Change): string | null {
  if (change.operation === 'lambda:PutProvisionedConcurrencyConfig') {
    const after = num(change.input.ProvisionedConcurrentExecutions);
    const before = num(change.before) ?? 0;
    if (after !== null && after > before) return `provisioned concurrency ${before} → ${after} bills every hour it is configured, invoked or not`;
  }
  if (change.service === 'cloudfront' && change.attribute === 'PriceClass' && typeof change.after === 'string') {
    const before = PRICE_CLASS_ORDER.indexOf(String(change.before));
    const after = PRICE_CLASS_ORDER.indexOf(change.after);
    if (after > before && before !== -1) return `${change.after} serves from more expensive edge locations than ${String(change.before)}`;
  }
  if (change.operation === 'rds:CreateDBInstance') return 'an Aurora reader bills its own capacity every hour it runs';
  if (change.operation === 'apigateway:UpdateStage') {
    const enabling = patchValue(change, '/cacheClusterEnabled') === 'true' && field(change.before, 'enabled') !== true;
    const size = num(patchValue(change, '/cacheClusterSize'));
    const sizeBefore = num(field(change.before, 'size')) ?? 0;
    if (enabling || (size !== null && size > sizeBefore)) return 'a stage cache cluster bills per hour while it exists, used or not';
  }
  return null;
}

/**
 * Why one finding's changes raise the bill, or null. The finding's money rides on its first change
 * that will be sent: a positive figure is an increase; without a figure, the changes known to cost
 * more are; a priced saving or zero is not.
 */
export function increaseReason(findingChanges: readonly Change[]): string | null {
  const sent = findingChanges.filter((c) => !c.refused);
  const carrier = sent[0];
  if (!carrier) return null;
  // No figure in the text: a plan file records it, and the decision (not the month's exact figure) is what apply compares.
  if (carrier.monthlyDeltaUsd !== null) return carrier.monthlyDeltaUsd > 0 ? 'raises the bill (a priced increase)' : null;
  const known = sent.map(knownIncrease).filter((r): r is string => r !== null);
  return known.length ? `raises the bill (${known.join('; ')}; not priced: usage data needed)` : null;
}

/**
 * Holds the changes of one finding together: when they raise the bill, none is sent (a finding's
 * money rides on one of its changes, and its changes only make sense together).
 */
export function holdIncreases(findingChanges: readonly Change[], includeIncreases: boolean): Change[] {
  const reason = includeIncreases ? null : increaseReason(findingChanges);
  if (!reason) return [...findingChanges];
  const held = `held: ${reason}; pass ${INCLUDE_INCREASES_FLAG} to apply it`;
  return findingChanges.map((c) => (c.refused ? c : { ...c, held }));
}
