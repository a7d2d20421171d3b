/**
 * DynamoDB numbers are decimal strings (up to 38 significant digits, exponent −130..+125). They
 * are handled as text here so nothing is rounded on the way: a number is normalised to
 * digits × 10^exponent and every "does it fit" question is answered exactly.
 */

export interface DecimalNumber {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; '' for zero. */
  digits: string;
  exponent: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): DecimalNumber | null {
  const match = NUMBER.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = '', exp = '0'] = match;
  if (whole === '' && fraction === '') return null;
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let exponent = Number(exp) - fraction.length;
  const trailing = /0+$/.exec(digits);
  if (trailing) {
    digits = digits.slice(0, trailing.index);
    exponent += trailing[0].length;
  }
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  return { negative: sign === '-', digits, exponent };
}

/** Plain notation without exponent or insignificant zeros: the one spelling compared everywhere. */
export function formatDecimal(value: DecimalNumber): string {
  const { digits, exponent } = value;
  if (digits === '') return '0';
  const sign = value.negative ? '-' : '';
  if (exponent >= 0) return `${sign}${digits}${'0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/** The canonical plain spelling of a decimal string, or null when it is not a number. */
export function canonicalDecimal(text: string): string | null {
  const parsed = parseDecimal(text);
  return parsed ? formatDecimal(parsed) : null;
}

export function integerDigits(value: DecimalNumber): number {
  return value.digits === '' ? 0 : Math.max(0, value.digits.length + value.exponent);
}

export function fractionDigits(value: DecimalNumber): number {
  return Math.max(0, -value.exponent);
}

const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

export function fitsBigint(value: DecimalNumber): boolean {
  if (fractionDigits(value) > 0) return false;
  if (integerDigits(value) > 19) return false;
  const n = BigInt(formatDecimal(value));
  return n >= BIGINT_MIN && n <= BIGINT_MAX;
}

/** DECIMAL(p,s) holds the value exactly (MySQL would otherwise round the fraction with only a note). */
export function fitsDecimal(value: DecimalNumber, precision: number, scale: number): boolean {
  return integerDigits(value) <= precision - scale && fractionDigits(value) <= scale;
}

/** A JSON number that survives a round trip through an IEEE double (MySQL's JSON type stores doubles). */
export function isDoubleExact(value: DecimalNumber): boolean {
  const asNumber = Number(formatDecimal(value));
  if (!Number.isFinite(asNumber)) return false;
  const back = parseDecimal(String(asNumber));
  return back !== null && formatDecimal(back) === formatDecimal(value);
}

/** MySQL's DECIMAL limits. */
export const MAX_DECIMAL_PRECISION = 65;
export const MAX_DECIMAL_SCALE = 30;
