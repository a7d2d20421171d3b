/**
 * How the engine talks to AWS: per operation its applier and IAM actions, per attribute its
 * reader and IAM actions, declared side by side in one file per service.
 */
import type { ClientFactory } from '../../aws/clients.js';
import type { JsonValue } from '../../rules/types.js';
import type { AwsCall, Change, JsonObject } from '../change.js';

export interface AwsContext {
  factory: ClientFactory;
  region: string | undefined;
  /** Injectable so tests run without real waits. */
  sleep: (ms: number) => Promise<void>;
  /** Delay between polls of a resource that is still updating. */
  pollMs: number;
  /** Polls before giving up on a resource that does not settle. */
  maxPolls: number;
  /**
   * Records an undo learned before the request is sent (e.g. the legacy cache settings a cache
   * policy replaces), so a write whose outcome is unknown can still be rolled back.
   */
  recordUndo?: (undo: AwsCall) => void;
  /** Set by sendWrite when the write leaves this process. */
  tracker?: SendTracker;
}

export interface ApplyResult {
  /** The undo refined with what the apply learned (e.g. the id of a created endpoint). */
  undo?: AwsCall;
  detail?: string;
}

export type Applier = (input: JsonObject, ctx: AwsContext, change: Change) => Promise<ApplyResult>;

/** Reads the attribute a change touches, in the same shape as its before/after. */
export type Reader = (change: Change, ctx: AwsContext) => Promise<JsonValue>;

export interface OperationSpec {
  /** Every IAM action the applier calls (the write and the waits around it). */
  iam: readonly string[];
  apply: Applier;
}

export interface ReaderSpec {
  iam: readonly string[];
  read: Reader;
}

export interface ServiceOperations {
  /** 'service:Operation' → applier. */
  operations: Record<string, OperationSpec>;
  /** 'service:Attribute' (the change's service and attribute) → reader. */
  readers: Record<string, ReaderSpec>;
}

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

/** AWS answered the write itself with a client error (4xx): the request was refused, nothing changed. */
export class WriteRefused extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'WriteRefused';
  }
}

/** Tracks whether a write left this process, so a failure after it is "unknown", not "failed". */
export interface SendTracker {
  sent: boolean;
}

function isClientFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { $fault?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'client' && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Sends one write. Before it leaves, the tracker says so; a 4xx answer to it becomes WriteRefused
 * (definitely not made); anything else (5xx, timeout, dropped connection) propagates as is, and the
 * executor records the outcome as unknown.
 */
export async function sendWrite<T>(ctx: { tracker?: SendTracker }, send: () => Promise<T>): Promise<T> {
  if (ctx.tracker) ctx.tracker.sent = true;
  try {
    return await send();
  } catch (error) {
    if (isClientFault(error)) throw new WriteRefused(error);
    throw error;
  }
}
