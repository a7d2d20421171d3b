/**
 * A finding's monthly figure as a reader sees it: signed dollars, or "—" with the reason when the
 * figure is absent or rounds to zero (never "+$0.00").
 */
import type { CostLine } from '../rules/types.js';
import { signedUsd, USAGE_NEEDED } from './format.js';

export const NO_FIGURE = '—';

/** Why a priced figure rounds to zero, read from its cost lines (`--explain` shows them). */
export function zeroReason(costLines: readonly CostLine[]): string {
  if (!costLines.length) return 'no direct cost';
  const net = costLines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  // Lines that cancel: the same usage priced the same before and after (a ceiling it stays under).
  if (Math.abs(net) < 1e-9) return 'no change';
  return 'under $0.01';
}

export interface DeltaText {
  text: string;
  /** null: absent; 0: rounds to zero; else the signed figure's sign. */
  sign: -1 | 0 | 1 | null;
}

export function deltaText(finding: { monthlyDeltaUsd: number | null; costLines: readonly CostLine[] }): DeltaText {
  const value = finding.monthlyDeltaUsd;
  if (value === null) return { text: `${NO_FIGURE} ${USAGE_NEEDED}`, sign: null };
  const cents = Math.round(value * 100);
  if (cents === 0) return { text: `${NO_FIGURE} ${zeroReason(finding.costLines)}`, sign: 0 };
  return { text: signedUsd(value), sign: cents < 0 ? -1 : 1 };
}
