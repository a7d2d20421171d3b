import { describe, expect, it } from 'vitest';
import { canonicalDecimal, fitsBigint, fitsDecimal, isDoubleExact, parseDecimal } from '../../src/migrate/numbers.js';

const parse = (text: string) => parseDecimal(text)!;

describe('DynamoDB numbers', () => {
  it.each([
    ['1E+125', '1' + '0'.repeat(125)],
    ['-1E-130', '-0.' + '0'.repeat(129) + '1'],
    ['0012.3400', '12.34'],
    ['-0', '0'],
    ['1.5e3', '1500'],
    ['0.12345678901234567890123456789012345678', '0.12345678901234567890123456789012345678'],
  ])('%s is spelled %s', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it('rejects text that is not a number', () => {
    expect(canonicalDecimal('12abc')).toBeNull();
    expect(canonicalDecimal('.')).toBeNull();
  });

  it('knows the BIGINT range exactly', () => {
    expect(fitsBigint(parse('9223372036854775807'))).toBe(true);
    expect(fitsBigint(parse('9223372036854775808'))).toBe(false);
    expect(fitsBigint(parse('-9223372036854775808'))).toBe(true);
    expect(fitsBigint(parse('1.5'))).toBe(false);
  });

  it('says whether DECIMAL(p,s) holds a value without rounding', () => {
    expect(fitsDecimal(parse('12345678.99'), 10, 2)).toBe(true);
    expect(fitsDecimal(parse('12.345'), 10, 2)).toBe(false);
    expect(fitsDecimal(parse('123456789.1'), 10, 2)).toBe(false);
  });

  it('says whether a JSON double keeps the value', () => {
    expect(isDoubleExact(parse('1.5'))).toBe(true);
    expect(isDoubleExact(parse('0.1'))).toBe(true);
    expect(isDoubleExact(parse('9007199254740993'))).toBe(false);
    expect(isDoubleExact(parse('0.1000000000000000000000000001'))).toBe(false);
  });
});
