/**
 * The copy: a parallel scan whose pages become transactions (multi-row upsert + the segment's new
 * position), so a crash loses at most the batch in flight and a rerun never duplicates a row.
 * Each segment holds at most the page being written and the next page being read: memory does not
 * grow with the table.
 */
import { usageError } from '../errors.js';
import { keyOf, mapItem, type Item, type JsonValue, type SqlValue } from './convert.js';
import type { TableMapping } from './mapping.js';
import type { ItemSource, ScanPage } from './source.js';
import { isRetryable, type SqlSession, type SqlTarget } from './sql-session.js';
import { loadState, resetState, saveCheckpoint, type SegmentState } from './state-store.js';
import { explainRowError, upsertStatement } from './upsert.js';

export interface RejectRecord {
  table: string;
  segment: number;
  key: Record<string, JsonValue>;
  reason: string;
  item: unknown;
}

export interface RejectSink {
  write(records: RejectRecord[]): Promise<void>;
}

export interface CopyProgress {
  read: number;
  written: number;
  rejected: number;
}

export interface CopyOptions {
  mapping: TableMapping;
  source: ItemSource;
  /** null: dry run (read and map, write nothing). */
  target: SqlTarget | null;
  segments: number;
  batchSize: number;
  resume: boolean;
  restart: boolean;
  maxRejects?: number;
  rejects: RejectSink;
  onProgress?: (totals: CopyProgress) => void;
  signal?: AbortSignal;
}

export type StopReason = 'done' | 'max-rejects' | 'interrupted';

export interface CopySummary {
  /** This run. */
  run: CopyProgress;
  /** Including what earlier, resumed runs committed. */
  total: CopyProgress;
  resumed: boolean;
  stoppedBy: StopReason;
  elapsedMs: number;
  dryRun: boolean;
}

const MAX_ATTEMPTS = 3;

async function prepareState(options: CopyOptions): Promise<{ states: SegmentState[]; resumed: boolean }> {
  const { target, mapping, segments } = options;
  const fresh = (): SegmentState[] =>
    Array.from({ length: segments }, (_, segment) => ({ segment, totalSegments: segments, lastKey: null, done: false, read: 0, written: 0, rejected: 0 }));
  if (!target) return { states: fresh(), resumed: false };
  const session = await target.session();
  try {
    const stored = await loadState(session, mapping.target);
    const unfinished = stored.length > 0 && stored.some((s) => !s.done);
    if (options.resume && stored.length) {
      const total = stored[0]?.totalSegments ?? segments;
      if (total !== segments) throw usageError(`the interrupted run of ${mapping.target} used --segments ${total}: resume with --segments ${total}, or start over with --restart`);
      return { states: stored, resumed: true };
    }
    if (unfinished && !options.restart) {
      throw usageError(`a run of ${mapping.target} was interrupted: continue it with --resume, or start over with --restart`);
    }
    return { states: await resetState(session, mapping.target, segments), resumed: false };
  } finally {
    await session.release();
  }
}

export async function runCopy(options: CopyOptions): Promise<CopySummary> {
  const started = performance.now();
  const { mapping, source, target, batchSize } = options;
  const { states, resumed } = await prepareState(options);
  const statement = upsertStatement(mapping);
  const run: CopyProgress = { read: 0, written: 0, rejected: 0 };
  const base = states.reduce((sum, s) => ({ read: sum.read + s.read, written: sum.written + s.written, rejected: sum.rejected + s.rejected }), { read: 0, written: 0, rejected: 0 });
  const total = (): CopyProgress => ({ read: base.read + run.read, written: base.written + run.written, rejected: base.rejected + run.rejected });
  let stoppedBy: StopReason = 'done';
  const stop = (reason: StopReason): void => {
    if (stoppedBy === 'done') stoppedBy = reason;
  };
  const stopping = (): boolean => stoppedBy !== 'done' || Boolean(options.signal?.aborted);

  async function commitBatch(session: SqlSession, state: SegmentState, page: ScanPage, rows: SqlValue[][], rowItems: Item[], rejects: RejectRecord[]): Promise<SegmentState> {
    for (let attempt = 1; ; attempt++) {
      await session.begin();
      try {
        const serverRejects = rows.length ? await session.upsert(statement, rows) : [];
        const serverRecords = serverRejects.map((r) => record(rowItems[r.index] as Item, state.segment, explainRowError(r.reason, mapping)));
        const next: SegmentState = {
          ...state,
          lastKey: page.lastKey ?? null,
          done: !page.lastKey,
          read: state.read + page.items.length,
          written: state.written + rows.length - serverRejects.length,
          rejected: state.rejected + rejects.length + serverRejects.length,
        };
        await saveCheckpoint(session, mapping.target, next);
        // Rejects are recorded before the commit: a crash here repeats them on resume, never loses them.
        await options.rejects.write([...rejects, ...serverRecords]);
        await session.commit();
        return next;
      } catch (error) {
        await session.rollback().catch(() => undefined);
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  function record(item: Item, segment: number, reason: string): RejectRecord {
    return { table: mapping.source, segment, key: keyOf(item, mapping), reason, item };
  }

  async function runSegment(initial: SegmentState): Promise<void> {
    if (initial.done) return;
    let state = initial;
    const session = target ? await target.session() : null;
    try {
      let pending: Promise<ScanPage> | null = source.scanPage(state.segment, state.totalSegments, state.lastKey, batchSize);
      while (pending && !stopping()) {
        const page: ScanPage = await pending;
        // Read the next page while this one is written.
        pending = page.lastKey ? source.scanPage(state.segment, state.totalSegments, page.lastKey, batchSize) : null;
        pending?.catch(() => undefined);
        const rows: SqlValue[][] = [];
        const rowItems: Item[] = [];
        const rejects: RejectRecord[] = [];
        for (const item of page.items) {
          const mapped = mapItem(item, mapping);
          if (mapped.ok) {
            rows.push(mapped.row);
            rowItems.push(item);
          } else rejects.push(record(item, state.segment, mapped.reason));
        }
        const before = state;
        if (session) state = await commitBatch(session, state, page, rows, rowItems, rejects);
        else {
          await options.rejects.write(rejects);
          state = { ...state, lastKey: page.lastKey ?? null, done: !page.lastKey, read: state.read + page.items.length, written: state.written + rows.length, rejected: state.rejected + rejects.length };
        }
        run.read += state.read - before.read;
        run.written += state.written - before.written;
        run.rejected += state.rejected - before.rejected;
        options.onProgress?.(total());
        if (options.maxRejects !== undefined && total().rejected > options.maxRejects) stop('max-rejects');
      }
      if (options.signal?.aborted) stop('interrupted');
    } finally {
      await session?.release();
    }
  }

  const results = await Promise.allSettled(
    states.map((state) =>
      runSegment(state).catch((error: unknown) => {
        stop('interrupted');
        throw error;
      }),
    ),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { run, total: total(), resumed, stoppedBy, elapsedMs: performance.now() - started, dryRun: !target };
}
