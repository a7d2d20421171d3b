/**
 * Applies changes one by one: journal 'begin' → drift guard (read the attribute again; if it no
 * longer matches the before-state, skip and report) → apply → read it back → journal 'end'. A request
 * AWS accepted whose attribute does not read as planned afterwards is a failed change, not an applied
 * one. A failure stops the run unless continueOnError; the changes never attempted are journaled
 * too, so the journal says exactly what did and did not change.
 */
import type { ClientFactory } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import type { JsonValue } from '../rules/types.js';
import { APPLIERS } from './appliers/index.js';
import type { AwsContext, Reader } from './appliers/types.js';
import { JOURNAL_KIND, JOURNAL_SCHEMA_VERSION, type JournalHeader, type JournalWriter } from './journal.js';
import { readerFor, sameState } from './readers/index.js';
import { formatValue } from './render.js';
import type { AwsCall, Change, Outcome } from './types.js';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: string;
  detail?: string;
  /** What the drift guard found instead of the before-state. */
  found?: JsonValue;
  /** Skipped because the attribute already reads as the after-state: nothing left to do. */
  alreadyDone?: boolean;
  undo?: AwsCall;
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
  onEvent?: (event: ExecuteEvent) => void;
}

export interface ExecuteResult {
  journalPath: string;
  results: ChangeResult[];
  counts: Record<Outcome, number>;
  /** A change failed (the run stopped there unless continueOnError). */
  failed: boolean;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function emptyCounts(): Record<Outcome, number> {
  return { applied: 0, 'skipped-drift': 0, failed: 0, refused: 0, 'not-attempted': 0 };
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

async function applyOne(change: Change, aws: AwsContext, verifyReads: number): Promise<Omit<ChangeResult, 'change'>> {
  const reader = readerFor(change);
  const applier = APPLIERS[change.operation];
  if (!reader || !applier) return { outcome: 'failed', error: `no ${reader ? 'applier' : 'reader'} for ${change.operation} / ${change.attribute}` };
  let current: JsonValue;
  try {
    current = await reader(change, aws);
  } catch (error) {
    return { outcome: 'failed', error: `reading the current state: ${describeAwsError(error)}` };
  }
  if (!sameState(change.attribute, current, change.before)) {
    if (sameState(change.attribute, current, change.after)) return { outcome: 'skipped-drift', found: current, alreadyDone: true, detail: 'already as wanted: nothing sent' };
    return { outcome: 'skipped-drift', found: current, detail: 'changed since the plan was made: nothing sent; plan again' };
  }
  let applied;
  try {
    applied = await applier(change.input, aws, change);
  } catch (error) {
    return { outcome: 'failed', error: describeAwsError(error) };
  }
  const undo = applied.undo ?? change.undo;
  const detail = applied.detail ? { detail: applied.detail } : {};
  let check;
  try {
    check = await readBack(change, reader, aws, verifyReads);
  } catch (error) {
    return { outcome: 'failed', undo, ...detail, error: `${change.operation} was accepted, but reading ${change.attribute} back failed: ${describeAwsError(error)}; check it by hand` };
  }
  if (!check.ok) {
    const state = sameState(change.attribute, check.found, change.before) ? 'unchanged' : 'neither the before- nor the after-state';
    return {
      outcome: 'failed',
      undo,
      found: check.found,
      ...detail,
      error: `${change.operation} was accepted, but ${change.attribute} reads ${formatValue(check.found)} (${state}), not ${formatValue(change.after)}: the change did not take effect`,
    };
  }
  return { outcome: 'applied', undo, ...detail };
}

export async function executeChanges(changes: readonly Change[], options: ExecuteOptions): Promise<ExecuteResult> {
  const now = options.now ?? (() => new Date());
  const journal = options.journal;
  journal.append({ type: 'header', kind: JOURNAL_KIND, schemaVersion: JOURNAL_SCHEMA_VERSION, startedAt: now().toISOString(), ...options.header });
  const results: ChangeResult[] = [];
  const counts = emptyCounts();
  let stopped = false;
  const total = changes.length;
  for (const [index, change] of changes.entries()) {
    options.onEvent?.({ type: 'change-start', change, index, total });
    let result: ChangeResult;
    if (change.refused || stopped) {
      const reason = change.refused ?? 'not attempted: the run stopped after a failed change';
      journal.append({ type: 'not-attempted', at: now().toISOString(), change, reason });
      result = { change, outcome: change.refused ? 'refused' : 'not-attempted', detail: reason };
    } else {
      journal.append({ type: 'begin', at: now().toISOString(), change });
      const aws: AwsContext = {
        factory: options.factory,
        region: change.region ?? undefined,
        sleep: options.sleep ?? realSleep,
        pollMs: options.pollMs ?? 2000,
        maxPolls: options.maxPolls ?? 150,
      };
      const outcome = await applyOne(change, aws, Math.max(1, options.verifyReads ?? 5));
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
      if (outcome.outcome === 'failed' && !options.continueOnError) stopped = true;
    }
    counts[result.outcome]++;
    results.push(result);
    options.onEvent?.({ type: 'change-end', result, index, total });
  }
  journal.append({ type: 'finished', at: now().toISOString(), counts });
  return { journalPath: journal.path, results, counts, failed: counts.failed > 0 };
}
