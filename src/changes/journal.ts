/**
 * The journal: JSON Lines, one object per line, each line fsync'd before the step it announces, so
 * a journal cut by a kill is still readable up to the last complete line. A header line, then per
 * change a 'begin' line (what it expects to find and will do) before the request and an 'end' line
 * (the outcome) after it; changes never attempted get a 'not-attempted' line; a 'finished' line closes it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { usageError } from '../errors.js';
import { ChangeSchema } from './plan.js';
import type { AwsCall, Change, Outcome } from './change.js';

export const JOURNAL_KIND = 'clinnet-opt/journal';
/** 2 adds the 'unknown' outcome and 'undo' lines; version 1 journals are still read. */
export const JOURNAL_SCHEMA_VERSION = 2;

export interface JournalHeader {
  type: 'header';
  kind: typeof JOURNAL_KIND;
  schemaVersion: 1 | typeof JOURNAL_SCHEMA_VERSION;
  mode: 'apply' | 'rollback';
  startedAt: string;
  account: string | null;
  env: string | null;
  planId: string;
  /** For a rollback: the journal it undoes. */
  rollbackOf?: string;
}

export interface BeginEntry {
  type: 'begin';
  at: string;
  change: Change;
}

export interface EndEntry {
  type: 'end';
  at: string;
  changeId: string;
  outcome: Exclude<Outcome, 'not-attempted'>;
  /** For skipped-drift: what was found instead of the before-state. */
  found?: Change['before'];
  error?: string;
  detail?: string;
  /** The undo as refined by the apply (e.g. the id of an endpoint it created). */
  undo?: AwsCall;
}

/** An undo learned before the write is sent (so an unknown outcome can still be undone). */
export interface UndoEntry {
  type: 'undo';
  at: string;
  changeId: string;
  undo: AwsCall;
}

export interface NotAttemptedEntry {
  type: 'not-attempted';
  at: string;
  change: Change;
  reason: string;
}

export interface FinishedEntry {
  type: 'finished';
  at: string;
  counts: Record<Outcome, number>;
}

export type JournalEntry = JournalHeader | BeginEntry | UndoEntry | EndEntry | NotAttemptedEntry | FinishedEntry;

/** `.clinnet-opt/journal/<timestamp>.json` (content: JSON Lines). */
export function defaultJournalPath(now: Date, cwd: string = process.cwd()): string {
  return join(cwd, '.clinnet-opt', 'journal', `${now.toISOString().replace(/[:.]/g, '-')}.json`);
}

export class JournalWriter {
  private readonly fd: number;

  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw usageError(`${path}: cannot create the journal (${code === 'EEXIST' ? 'the file exists; choose another --journal' : code ?? 'write error'})`);
    }
  }

  append(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

const HeaderSchema = z.object({
  type: z.literal('header'),
  kind: z.literal(JOURNAL_KIND),
  schemaVersion: z.union([z.literal(1), z.literal(JOURNAL_SCHEMA_VERSION)]),
  mode: z.enum(['apply', 'rollback']),
  startedAt: z.string(),
  account: z.string().nullable(),
  env: z.string().nullable(),
  planId: z.string(),
  rollbackOf: z.string().optional(),
});
const AwsCallSchema = ChangeSchema.shape.undo;
const EntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('begin'), at: z.string(), change: ChangeSchema }),
  z.object({
    type: z.literal('end'),
    at: z.string(),
    changeId: z.string(),
    outcome: z.enum(['applied', 'skipped-drift', 'failed', 'unknown', 'refused']),
    found: ChangeSchema.shape.before.optional(),
    error: z.string().optional(),
    detail: z.string().optional(),
    undo: AwsCallSchema.optional(),
  }),
  z.object({ type: z.literal('undo'), at: z.string(), changeId: z.string(), undo: AwsCallSchema }),
  z.object({ type: z.literal('not-attempted'), at: z.string(), change: ChangeSchema, reason: z.string() }),
  z.object({ type: z.literal('finished'), at: z.string(), counts: z.record(z.string(), z.number()) }),
]);

export interface JournalRecord {
  change: Change;
  /** undefined: begun but no outcome recorded (the process stopped in between: state unknown). */
  outcome?: Outcome;
  end?: EndEntry;
  /** The undo journaled before the write was sent, if the applier learned one. */
  undo?: AwsCall;
}

export interface ReadJournal {
  header: JournalHeader;
  records: JournalRecord[];
  finished: boolean;
  /** True when the last line was cut short (a kill mid-write); it is ignored. */
  truncated: boolean;
}

export function parseJournal(text: string, file: string): ReadJournal {
  const lines = text.split('\n');
  const last = lines.pop();
  let truncated = false;
  if (last && last.trim()) {
    // No trailing newline: the final write was cut; everything before it is complete.
    truncated = true;
  }
  const nonEmpty = lines.filter((line) => line.trim());
  if (!nonEmpty.length) throw usageError(`${file}: empty journal`);
  let header: JournalHeader;
  try {
    header = HeaderSchema.parse(JSON.parse(nonEmpty[0])) as JournalHeader;
  } catch {
    throw usageError(`${file}: not a clinnet-opt journal (expected a "${JOURNAL_KIND}" header line)`);
  }
  const records: JournalRecord[] = [];
  const byId = new Map<string, JournalRecord>();
  let finished = false;
  nonEmpty.slice(1).forEach((line, index) => {
    let entry: z.infer<typeof EntrySchema>;
    try {
      entry = EntrySchema.parse(JSON.parse(line));
    } catch {
      throw usageError(`${file}: line ${index + 2} is not a valid journal entry`);
    }
    if (entry.type === 'begin') {
      const record: JournalRecord = { change: entry.change as Change };
      records.push(record);
      byId.set(entry.change.id, record);
    } else if (entry.type === 'undo') {
      const record = byId.get(entry.changeId);
      if (record) record.undo = entry.undo;
    } else if (entry.type === 'end') {
      const record = byId.get(entry.changeId);
      if (record) {
        record.outcome = entry.outcome;
        record.end = entry as EndEntry;
      }
    } else if (entry.type === 'not-attempted') {
      records.push({ change: entry.change as Change, outcome: entry.change.refused || entry.change.held ? 'refused' : 'not-attempted' });
    } else {
      finished = true;
    }
  });
  return { header, records, finished, truncated };
}

export async function loadJournal(file: string): Promise<ReadJournal> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read journal (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
  return parseJournal(text, file);
}
