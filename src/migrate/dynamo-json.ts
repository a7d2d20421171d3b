/**
 * Items in DynamoDB's own JSON wire format, binary as base64 text: the form a Scan answer carries
 * and the form the migration works in (source.ts reads Scan answers itself). It is also the form a
 * rejected item is written in, so it can be fixed and put back with any DynamoDB tool.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dataObject } from './data-object.js';

export interface WireValue {
  S?: string;
  N?: string;
  /** base64 */
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, WireValue>;
  L?: WireValue[];
  SS?: string[];
  NS?: string[];
  /** base64 each */
  BS?: string[];
}

export type Item = Record<string, WireValue>;

/** A key (S, N or B attributes) in the SDK's form, for ExclusiveStartKey. */
export function toSdkKey(key: Item): Record<string, AttributeValue> {
  const out = dataObject<AttributeValue>();
  for (const name of Object.keys(key)) {
    const value = key[name] as WireValue;
    if (value.S !== undefined) out[name] = { S: value.S };
    else if (value.N !== undefined) out[name] = { N: value.N };
    else if (value.B !== undefined) out[name] = { B: new Uint8Array(Buffer.from(value.B, 'base64')) };
  }
  return out;
}
