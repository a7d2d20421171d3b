/**
 * The design's lifecycle transitions moved to the nearest configuration S3 accepts: an IA class no
 * earlier than day 30, the next transition at least 30 days after an IA class, strictly increasing
 * days. Each move is explained in S3's own words so the finding can say why the target differs.
 */
import type { LifecycleTarget } from '../../targets/design.js';
import { IA_MINIMUM_DAYS } from './lifecycle-constraints.js';

// A type alias (not an interface) so it fits LifecycleRule's open Transition shape.
export type ValidTransition = {
  Days: number;
  StorageClass: string;
};

export interface AdjustedTransitions {
  transitions: ValidTransition[];
  /** One sentence per moved transition; empty when the design's transitions are valid as written. */
  adjustments: string[];
}

const isIa = (storageClass: string): boolean => storageClass === 'STANDARD_IA' || storageClass === 'ONEZONE_IA';

export function nearestValidTransitions(target: LifecycleTarget): AdjustedTransitions {
  const sorted = [...target.transitions].sort((a, b) => a.days - b.days);
  const transitions: ValidTransition[] = [];
  const adjustments: string[] = [];
  for (const t of sorted) {
    let days = t.days;
    const reasons: string[] = [];
    if (isIa(t.storageClass) && days < IA_MINIMUM_DAYS) {
      days = IA_MINIMUM_DAYS;
      reasons.push(`S3 rejects it ("'Days' in Transition action must be greater than or equal to ${IA_MINIMUM_DAYS} for storageClass '${t.storageClass}'")`);
    }
    const prev = transitions[transitions.length - 1];
    if (prev && isIa(prev.StorageClass) && days < prev.Days + IA_MINIMUM_DAYS) {
      days = prev.Days + IA_MINIMUM_DAYS;
      reasons.push(`S3 requires it at least ${IA_MINIMUM_DAYS} days after the ${prev.StorageClass} transition (the ${prev.StorageClass} minimum storage duration)`);
    } else if (prev && days <= prev.Days) {
      days = prev.Days + 1;
      reasons.push(`transitions must come on increasing days`);
    }
    if (days !== t.days) adjustments.push(`${t.storageClass} at day ${t.days} → day ${days}: ${reasons.join('; ')}`);
    transitions.push({ Days: days, StorageClass: t.storageClass });
  }
  return { transitions, adjustments };
}
