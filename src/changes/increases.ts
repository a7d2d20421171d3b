/**
 * No cost increase without consent: a change that raises the bill is held unless the user passes
 * --include-increases. Whether it does is declared by its fixer (billed-effect.ts), so a region with
 * no price changes nothing: a change that raises a billed quantity is an increase whether or not it
 * was priced; one whose effect depends on usage is held when it could not be priced; a priced
 * increase is held whatever its fixer says. Pure: from changes to changes.
 */
import type { Change } from './change.js';

export const INCLUDE_INCREASES_FLAG = '--include-increases';

// No figure in the text: a plan file records it, and the decision (not the month's exact figure) is what apply compares.
function pricedText(delta: number | null): string {
  if (delta === null) return 'not priced: usage data needed';
  return delta > 0 ? 'a priced increase' : 'priced as a saving at today\'s usage, but the quantity billed rises';
}

/**
 * Why one finding's changes raise the bill, or null. The finding's money rides on its first change
 * that will be sent; the direction is the fixer's declaration for the finding.
 */
export function increaseReason(findingChanges: readonly Change[]): string | null {
  const sent = findingChanges.filter((c) => !c.refused);
  const carrier = sent[0];
  if (!carrier) return null;
  const delta = carrier.monthlyDeltaUsd;
  const billed = carrier.billed;
  if (billed?.direction === 'raises') return `raises the bill: ${billed.quantity}; ${pricedText(delta)}`;
  if (delta !== null && delta > 0) return `raises the bill: ${billed ? `${billed.quantity}; ` : ''}a priced increase`;
  if (billed?.direction === 'depends' && delta === null) return `may raise the bill: ${billed.quantity}; not priced: usage data needed`;
  return null;
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
