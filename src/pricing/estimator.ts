/**
 * The one estimator: every money figure is quantity × unit price from the catalog, signed
 * (negative saves, positive costs more), and null when the catalog lacks the price.
 */
import type { CostLine } from '../rules/types.js';
import { catalogEntry } from './catalog.js';
import type { PriceKey } from './price-keys.js';

export type { PriceKey, ApiCacheSize } from './price-keys.js';
export { API_CACHE_SIZES } from './price-keys.js';

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const BYTES_PER_GB = 1024 ** 3;

/** CloudFront is a global service: its prices come from the 'global' entry whatever region is asked. */
function isGlobalKey(key: PriceKey): boolean {
  return key.startsWith('cloudfront.');
}

/** The unit price in USD, or null when the catalog has no price for that region (never guess another region's). */
export function unitPrice(region: string | null, key: PriceKey): number | null {
  const entry = catalogEntry(isGlobalKey(key) ? null : region);
  const price = entry?.prices[key];
  return typeof price === 'number' ? price : null;
}

/** Rounds away float noise while keeping sub-cent lines visible. */
function round6(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function roundCents(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** quantity × unit price as a traceable line; quantity is signed (negative = usage removed). null when unpriced. */
export function costLine(region: string | null, description: string, quantity: number, unit: string, key: PriceKey): CostLine | null {
  const price = unitPrice(region, key);
  if (price === null || !Number.isFinite(quantity)) return null;
  return { description, quantity: round6(quantity), unit, unitPriceUsd: price, monthlyUsd: round6(quantity * price) };
}

/** Sum of lines rounded to cents; null if any line is null (a finding then says which price or usage is missing). */
export function priced(lines: readonly (CostLine | null)[]): { monthlyDeltaUsd: number | null; costLines: CostLine[] } {
  if (lines.some((line) => line === null)) return { monthlyDeltaUsd: null, costLines: [] };
  const costLines = lines as CostLine[];
  return { monthlyDeltaUsd: roundCents(costLines.reduce((sum, line) => sum + line.monthlyUsd, 0)), costLines };
}
