/**
 * What a change does to a billed quantity, declared by its fixer: the hold on cost increases
 * (increases.ts) reads this, so consent never depends on a price being known for the region.
 */
export type BilledDirection = 'raises' | 'lowers' | 'unchanged' | 'depends';

export interface BilledEffect {
  direction: BilledDirection;
  /** The billed quantity and how it moves, e.g. "memory 256 → 512 MB (GB-seconds billed per ms)". */
  quantity: string;
}

/** A numeric setting's effect: larger raises the quantity billed, smaller lowers it. null counts as `nullAs`. */
export function numericEffect(before: number | null, after: number | null, describe: (b: string, a: string) => string, nullAs = 0, nullText = 'none'): BilledEffect {
  const b = before ?? nullAs;
  const a = after ?? nullAs;
  const quantity = describe(before === null ? nullText : String(before), after === null ? nullText : String(after));
  return { direction: a > b ? 'raises' : a < b ? 'lowers' : 'unchanged', quantity };
}
