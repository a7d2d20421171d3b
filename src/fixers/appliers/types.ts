/** How the executor talks to AWS: one applier per operation, one reader per attribute. */
import type { ClientFactory } from '../../aws/clients.js';
import type { JsonValue } from '../../rules/types.js';
import type { AwsCall, Change, JsonObject } from '../types.js';

export interface AwsContext {
  factory: ClientFactory;
  region: string | undefined;
  /** Injectable so tests run without real waits. */
  sleep: (ms: number) => Promise<void>;
  /** Delay between polls of a resource that is still updating. */
  pollMs: number;
  /** Polls before giving up on a resource that does not settle. */
  maxPolls: number;
}

export interface ApplyResult {
  /** The undo refined with what the apply learned (e.g. the id of a created endpoint). */
  undo?: AwsCall;
  detail?: string;
}

export type Applier = (input: JsonObject, ctx: AwsContext, change: Change) => Promise<ApplyResult>;

/** Reads the attribute a change touches, in the same shape as its before/after. */
export type Reader = (change: Change, ctx: AwsContext) => Promise<JsonValue>;

export const sdkInput = <T>(input: JsonObject): T => input as unknown as T;

/** A response as plain JSON (Dates as ISO strings, undefined dropped). */
export function plain(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { name?: string; Code?: string };
  return e.name ?? e.Code ?? '';
}
