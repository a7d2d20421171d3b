/** What a sample of items says about each attribute: its DynamoDB types and the sizes of its values. */
import type { Item, WireValue } from './dynamo-json.js';
import { fitsBigint, fractionDigits, integerDigits, parseDecimal } from './numbers.js';

export type DynamoType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';

export interface AttributeStats {
  types: Set<DynamoType>;
  maxChars: number;
  maxBytes: number;
  allBigint: boolean;
  maxIntegerDigits: number;
  maxFractionDigits: number;
}

export function dynamoTypeOf(value: WireValue): DynamoType {
  // Called for every attribute of every item: a plain loop, no array or closure per call.
  const fields = value as unknown as Record<string, unknown>;
  for (const key in fields) if (fields[key] !== undefined) return key as DynamoType;
  return 'NULL';
}

export function charLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}

export class SampleStats {
  readonly attributes = new Map<string, AttributeStats>();
  items = 0;

  add(item: Item): void {
    this.items++;
    for (const [name, value] of Object.entries(item)) {
      let stats = this.attributes.get(name);
      if (!stats) {
        stats = { types: new Set(), maxChars: 0, maxBytes: 0, allBigint: true, maxIntegerDigits: 0, maxFractionDigits: 0 };
        this.attributes.set(name, stats);
      }
      const type = dynamoTypeOf(value);
      stats.types.add(type);
      if (value.S !== undefined) stats.maxChars = Math.max(stats.maxChars, charLength(value.S));
      if (value.B !== undefined) stats.maxBytes = Math.max(stats.maxBytes, Buffer.byteLength(value.B, 'base64'));
      if (value.N !== undefined) {
        const number = parseDecimal(value.N);
        if (!number) continue;
        stats.allBigint &&= fitsBigint(number);
        stats.maxIntegerDigits = Math.max(stats.maxIntegerDigits, integerDigits(number));
        stats.maxFractionDigits = Math.max(stats.maxFractionDigits, fractionDigits(number));
      }
    }
  }
}
