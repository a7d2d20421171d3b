/**
 * Applies changes one by one: journal 'begin' → limits → drift guard (read the attribute again; if
 * it no longer matches the before-state, skip and report) → send → read it back → journal 'end'.
 * Outcomes: applied (reads back as planned); failed (not made: refused by us or by AWS before or at
 * the write); unknown (the write left this process and then something went wrong: a 5xx, a timeout,
 * a failed or contradicting read-back): rollback restores the before-state where it differs.
 * A failure or unknown outcome stops the run unless continueOnError; the changes never attempted
 * are journaled too, so the journal says exactly what did and did not change.
 */
import type { ClientFactory } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import type { JsonValue } from '../rules/types.js';
import type { AwsCall, Change, Outcome } from './change.js';
import { formatValue } from './format-value.js';
import { JOURNAL_KIND, JOURNAL_SCHEMA_VERSION, type JournalHeader, type JournalWriter } from './journal.js';
import { limitViolations } from './limits/index.js';
import { operationFor, readerFor, sameState } from './operations/index.js';
import { WriteRefused, type AwsContext, type Reader, type SendTracker } from './operations/types.js';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: string;
  detail?: string;
  /** What the drift guard (or the read-back) found instead of the expected state. */
  found?: JsonValue;
  /** Skipped because the attribute already reads as the after-state: nothing left to do. */
  alreadyDone?: boolean;
  undo?: AwsCall;
}

/** A change to execute, or one the caller already decided to skip (a plan entry that drifted since it was made). */
export interface ExecutionItem {
  change: Change;
  skip?: { detail: string; found?: JsonValue; alreadyDone?: boolean };
}

export type ExecuteEvent =
  | { type: 'change-start'; change: Change; index: number; total: number }
  | { type: 'change-end'; result: ChangeResult; index: number; total: number };

export interface ExecuteOptions {
  factory: ClientFactory;
  journal: JournalWriter;
  header: Pick<JournalHeader, 'mode' | 'account' | 'env' | 'planId' | 'rollbackOf'>;
  continueOnError: boolean;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  maxPolls?: number;
  /** Reads of the attribute after a change before it counts as not taken effect (some reads lag a write). */
  verifyReads?: number;
  now?: () => Date;
  /** change-start is emitted only for changes that are attempted. */
  onEvent?: (event: ExecuteEvent) => void;
}

export interface ExecuteResult {
  journalPath: string;
  results: ChangeResult[];
  counts: Record<Outcome, number>;
  /** A change failed or ended unknown (the run stopped there unless continueOnError). */
  failed: boolean;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function emptyCounts(): Record<Outcome, number> {
  return { applied: 0, 'skipped-drift': 0, failed: 0, unknown: 0, refused: 0, 'not-attempted': 0 };
}

/** Reads the attribute until it shows the after-state; returns what it last read when it never does. */
async function readBack(change: Change, reader: Reader, aws: AwsContext, reads: number): Promise<{ ok: true } | { ok: false; found: JsonValue }> {
  let found: JsonValue = null;
  for (let attempt = 0; attempt < reads; attempt++) {
    if (attempt > 0) await aws.sleep(aws.pollMs);
    found = await reader(change, aws);
    if (sameState(change.attribute, found, change.after)) return { ok: true };
  }
  return { ok: false, found };
}

/** The drift guard: is the attribute as this change expects it? */
function guard(change: Change, current: JsonValue): Omit<ChangeResult, 'change'> | null {
  if (sameState(change.attribute, current, change.after)) return { outcome: 'skipped-drift', found: current, alreadyDone: true, detail: 'already as wanted: nothing sent' };
  // A rollback of a change whose outcome was unknown restores the before-state from any state.
  if (change.guard === 'any') return null;
  if (!sameState(change.attribute, current, change.before)) return { outcome: 'skipped-drift', found: current, detail: 'changed since the plan was made: nothing sent; plan again' };
  return null;
}

async function applyOne(change: Change, aws: AwsContext, tracker: SendTracker, verifyReads: number): Promise<Omit<ChangeResult, 'change'>> {
  const reader = readerFor(change)?.read;
  const operation = operationFor(change.operation);
  if (!reader || !operation) return { outcome: 'failed', error: `not sent: no ${reader ? 'applier' : 'reader'} for ${change.operation} / ${change.attribute}` };
  const violations = limitViolations(change);
  if (violations.length) return { outcome: 'failed', error: `not sent: ${violations.join('; ')}` };
  let current: JsonValue;
  try {
    current = await reader(change, aws);
  } catch (error) {
    return { outcome: 'failed', error: `not sent: reading the current state: ${describeAwsError(error)}` };
  }
  const skipped = guard(change, current);
  if (skipped) return skipped;
  let applied;
  try {
    applied = await operation.apply(change.input, aws, change);
  } catch (error) {
    if (error instanceof WriteRefused) return { outcome: 'failed', error: `AWS refused ${change.operation}: ${describeAwsError(error.original)}` };
    if (!tracker.sent) return { outcome: 'failed', error: `not sent: ${describeAwsError(error)}` };
    return {
      outcome: 'unknown',
      found: current,
      error: `${change.operation} was sent, then: ${describeAwsError(error)}; whether AWS made the change is unknown`,
    };
  }
  const undo = applied.undo ?? change.undo;
  const detail = applied.detail ? { detail: applied.detail } : {};
  let check;
  try {
    check = await readBack(change, reader, aws, verifyReads);
  } catch (error) {
    return { outcome: 'unknown', undo, ...detail, error: `${change.operation} was accepted, but reading ${change.attribute} back failed: ${describeAwsError(error)}` };
  }
  if (!check.ok) {
    const state = sameState(change.attribute, check.found, change.before) ? 'unchanged' : 'neither the before- nor the after-state';
    return {
      outcome: 'unknown',
      undo,
      found: check.found,
      ...detail,
      error: `${change.operation} was accepted, but ${change.attribute} reads ${formatValue(check.found)} (${state}), not ${formatValue(change.after)}`,
    };
  }
  return { outcome: 'applied', undo, ...detail };
}

export async function executeChanges(items: readonly (Change | ExecutionItem)[], options: ExecuteOptions): Promise<ExecuteResult> {
  const now = options.now ?? (() => new Date());
  const journal = options.journal;
  journal.append({ type: 'header', kind: JOURNAL_KIND, schemaVersion: JOURNAL_SCHEMA_VERSION, startedAt: now().toISOString(), ...options.header });
  const results: ChangeResult[] = [];
  const counts = emptyCounts();
  let stopped = false;
  const total = items.length;
  for (const [index, item] of items.entries()) {
    const { change, skip } = 'change' in item ? item : { change: item, skip: undefined };
    let result: ChangeResult;
    // A held change raises the bill without consent: never sent, whichever path brought it here.
    if (change.refused || change.held || stopped) {
      const reason = change.refused ?? change.held ?? 'not attempted: the run stopped after a change that failed or whose outcome is unknown';
      journal.append({ type: 'not-attempted', at: now().toISOString(), change, reason });
      result = { change, outcome: change.refused || change.held ? 'refused' : 'not-attempted', detail: reason };
    } else if (skip) {
      journal.append({ type: 'begin', at: now().toISOString(), change });
      result = { change, outcome: 'skipped-drift', detail: skip.detail, ...(skip.found !== undefined ? { found: skip.found } : {}), ...(skip.alreadyDone ? { alreadyDone: true } : {}) };
      journal.append({ type: 'end', at: now().toISOString(), changeId: change.id, outcome: 'skipped-drift', detail: skip.detail, ...(skip.found !== undefined ? { found: skip.found } : {}) });
    } else {
      options.onEvent?.({ type: 'change-start', change, index, total });
      journal.append({ type: 'begin', at: now().toISOString(), change });
      const tracker: SendTracker = { sent: false };
      const aws: AwsContext = {
        factory: options.factory,
        region: change.region ?? undefined,
        sleep: options.sleep ?? realSleep,
        pollMs: options.pollMs ?? 2000,
        maxPolls: options.maxPolls ?? 150,
        tracker,
        recordUndo: (undo) => journal.append({ type: 'undo', at: now().toISOString(), changeId: change.id, undo }),
      };
      const outcome = await applyOne(change, aws, tracker, Math.max(1, options.verifyReads ?? 5));
      result = { change, ...outcome };
      journal.append({
        type: 'end',
        at: now().toISOString(),
        changeId: change.id,
        outcome: outcome.outcome as Exclude<Outcome, 'not-attempted'>,
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(outcome.detail ? { detail: outcome.detail } : {}),
        ...(outcome.found !== undefined ? { found: outcome.found } : {}),
        ...(outcome.undo ? { undo: outcome.undo } : {}),
      });
      if ((outcome.outcome === 'failed' || outcome.outcome === 'unknown') && !options.continueOnError) stopped = true;
    }
    counts[result.outcome]++;
    results.push(result);
    options.onEvent?.({ type: 'change-end', result, index, total });
  }
  journal.append({ type: 'finished', at: now().toISOString(), counts });
  return { journalPath: journal.path, results, counts, failed: counts.failed + counts.unknown > 0 };
}
