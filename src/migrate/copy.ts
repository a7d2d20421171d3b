/**
 * The copy: a parallel scan whose pages become transactions (multi-row upsert + the segment's new
 * position), so a crash loses at most the batch in flight and a rerun never duplicates a row.
 * Each segment holds at most the rows being written and the next page, mapped to rows as it arrives:
 * memory does not grow with the table.
 */
import { usageError } from '../errors.js';
import { keyOf, mapItem, type Item, type JsonValue, type SqlValue } from './convert.js';
import type { TableMapping } from './mapping.js';
import type { ItemSource, ScanPage } from './source.js';
import { isRetryable, type SqlSession, type SqlTarget } from './sql-session.js';
import { checkpointStatement, loadState, resetState, saveCheckpoint, type SegmentState } from './state-store.js';
import { exportRunUnfinished } from './export/state.js';
import { explainRowError, upsertStatement } from './upsert.js';

export interface RejectRecord {
  table: string;
  segment: number;
  key: Record<string, JsonValue>;
  reason: string;
  /** The target column the reason is about, when there is one. */
  column?: string;
  /** A unique-key collision: the key of the row that holds the value (never overwritten). */
  conflictsWith?: Record<string, JsonValue>;
  item: unknown;
}

/** A row the server refused, explained: the reason, its column, and for a unique-key collision the other row's key. */
export interface ExplainedReject {
  index: number;
  reason: string;
  column?: string;
  conflictsWith?: Record<string, JsonValue>;
  uniqueCollision?: boolean;
}

/**
 * How items become rows and rows land: by default the migrated table's mapping and its upsert;
 * with --into-existing the application's table (see existing-writer.ts).
 */
export interface RowCodec<Row = unknown> {
  map(item: Item): { ok: true; row: Row } | { ok: false; reason: string; column?: string };
  write(session: SqlSession, rows: Row[]): Promise<ExplainedReject[]>;
}

/** The default codec: mapItem and the batched upsert. */
export function upsertCodec(mapping: TableMapping): RowCodec<SqlValue[]> {
  const statement = upsertStatement(mapping);
  return {
    map: (item) => mapItem(item, mapping),
    write: async (session, rows) => (await session.upsert(statement, rows)).map((r) => ({ index: r.index, reason: explainRowError(r.reason, mapping) })),
  };
}

export interface RejectSink {
  /** Resolves once the records are on disk: the checkpoint that counts them commits after this. */
  write(records: RejectRecord[]): Promise<void>;
  /** Lines already recorded for `table`. */
  count(table: string): Promise<number>;
  /** `--restart` only: removes the lines of `table`, keeping other tables'; returns how many. */
  discard(table: string): Promise<number>;
}

/** What `--restart` threw away, so that the command can say it. */
export interface RestartDiscarded {
  target: string;
  /** The earlier run's counts (all zero when it had none). */
  checkpoints: CopyProgress & { segments: number; finished: boolean };
  rejectLines: number;
}

/** A scan page mapped to rows. */
interface MappedPage {
  lastKey: Item | undefined;
  read: number;
  rows: unknown[];
  /** The page index of each row's item. */
  rowIndexes: number[];
  rejects: RejectRecord[];
  itemAt: (index: number) => Item;
}

export interface CopyProgress {
  read: number;
  written: number;
  rejected: number;
}

export interface CopyOptions {
  /** The whole mapping, or with `codec` only the table's names and keys. */
  mapping: Pick<TableMapping, 'source' | 'target' | 'keys'>;
  /** Default: upsertCodec(mapping), which needs the whole TableMapping. */
  codec?: RowCodec;
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
  /** Called once `--restart` has discarded an earlier run, before anything is copied. */
  onRestart?: (discarded: RestartDiscarded) => void;
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
  /** Rejects of this run that were unique-key collisions (another row holds the value). */
  uniqueCollisions?: number;
}

const MAX_ATTEMPTS = 3;

function sumStates(states: SegmentState[]): CopyProgress {
  return states.reduce((sum, s) => ({ read: sum.read + s.read, written: sum.written + s.written, rejected: sum.rejected + s.rejected }), { read: 0, written: 0, rejected: 0 });
}

/**
 * Where this run starts. A fresh start never meets reject lines of the same table (they would be
 * counted by no checkpoint); `--restart` resets the checkpoints first and only then removes the
 * table's lines, so a crash in between leaves lines without counts (refused next time), never counts
 * without lines.
 */
async function prepareState(options: CopyOptions): Promise<{ states: SegmentState[]; resumed: boolean }> {
  const { target, mapping, segments, rejects } = options;
  const fresh = (): SegmentState[] =>
    Array.from({ length: segments }, (_, segment) => ({ segment, totalSegments: segments, lastKey: null, done: false, read: 0, written: 0, rejected: 0 }));
  const session = target ? await target.session() : null;
  try {
    const stored = session ? await loadState(session, mapping.target) : [];
    const unfinished = stored.length > 0 && stored.some((s) => !s.done);
    if (session && unfinished && !options.restart && (await exportRunUnfinished(session, mapping.target))) {
      throw usageError(`the interrupted run of ${mapping.target} used --via export: continue it with --via export --resume, or start over with --restart`);
    }
    if (options.resume && stored.length) {
      const total = stored[0]?.totalSegments ?? segments;
      if (total !== segments) throw usageError(`the interrupted run of ${mapping.target} used --segments ${total}: resume with --segments ${total}, or start over with --restart`);
      return { states: stored, resumed: true };
    }
    if (unfinished && !options.restart) {
      throw usageError(`a run of ${mapping.target} was interrupted: continue it with --resume, or start over with --restart`);
    }
    if (!options.restart) {
      const lines = await rejects.count(mapping.source);
      if (lines > 0) {
        throw usageError(
          `the rejects file already holds ${lines} line(s) of ${mapping.source} from an earlier run: start over with --restart (which discards them), or give another --rejects file`,
        );
      }
    }
    const states = session ? await resetState(session, mapping.target, segments) : fresh();
    if (options.restart) {
      const rejectLines = await rejects.discard(mapping.source);
      options.onRestart?.({
        target: mapping.target,
        checkpoints: { ...sumStates(stored), segments: stored.length, finished: stored.length > 0 && !unfinished },
        rejectLines,
      });
    }
    return { states, resumed: false };
  } finally {
    await session?.release();
  }
}

export async function runCopy(options: CopyOptions): Promise<CopySummary> {
  const started = performance.now();
  const { mapping, source, target, batchSize } = options;
  const { states, resumed } = await prepareState(options);
  const codec: RowCodec = options.codec ?? upsertCodec(mapping as TableMapping);
  let uniqueCollisions = 0;
  const run: CopyProgress = { read: 0, written: 0, rejected: 0 };
  const base = sumStates(states);
  const total = (): CopyProgress => ({ read: base.read + run.read, written: base.written + run.written, rejected: base.rejected + run.rejected });
  let stoppedBy: StopReason = 'done';
  const stop = (reason: StopReason): void => {
    if (stoppedBy === 'done') stoppedBy = reason;
  };
  const stopping = (): boolean => stoppedBy !== 'done' || Boolean(options.signal?.aborted);

  /** The state after `batch`, with `serverRejects` more rows refused by the server. */
  function advance(state: SegmentState, batch: MappedPage, serverRejects = 0): SegmentState {
    return {
      ...state,
      lastKey: batch.lastKey ?? null,
      done: !batch.lastKey,
      read: state.read + batch.read,
      written: state.written + batch.rows.length - serverRejects,
      rejected: state.rejected + batch.rejects.length + serverRejects,
    };
  }

  /**
   * One transaction: the upsert, the reject lines, the checkpoint. Over mysql2 that is two round
   * trips (autocommit is off, so the upsert opens the transaction; the checkpoint travels with
   * COMMIT); elsewhere BEGIN, upsert, checkpoint, COMMIT.
   */
  async function commitBatch(session: SqlSession, state: SegmentState, batch: MappedPage, fused: boolean): Promise<SegmentState> {
    for (let attempt = 1; ; attempt++) {
      if (!fused) await session.begin();
      try {
        const serverRejects = batch.rows.length ? await codec.write(session, batch.rows) : [];
        const serverRecords = serverRejects.map((r) =>
          record(batch.itemAt(batch.rowIndexes[r.index] as number), state.segment, r.reason, {
            ...(r.column ? { column: r.column } : {}),
            ...(r.conflictsWith ? { conflictsWith: r.conflictsWith } : {}),
          }),
        );
        const next = advance(state, batch, serverRejects.length);
        // Rejects reach the disk before the checkpoint that counts them commits: a crash in between
        // writes them again on resume (verify counts distinct keys), never loses one.
        await options.rejects.write([...batch.rejects, ...serverRecords]);
        if (fused && session.commitWith) {
          const checkpoint = checkpointStatement(mapping.target, next);
          await session.commitWith(checkpoint.sql, checkpoint.params);
        } else {
          await saveCheckpoint(session, mapping.target, next);
          await session.commit();
        }
        uniqueCollisions += serverRejects.filter((r) => r.uniqueCollision).length;
        return next;
      } catch (error) {
        await session.rollback().catch(() => undefined);
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Maps a page as soon as it arrives. Its parsed items are then garbage at once instead of waiting,
   * promoted to the old generation, while the batch before it is written (in a 200,000-item copy
   * that cost about 5 % of the CLI's CPU and 8 % of its RSS). A row the server refuses is named from
   * `itemAt`, which reads the item again from the page's answer.
   */
  function mapPage(page: ScanPage, segment: number): MappedPage {
    const rows: unknown[] = [];
    const rowIndexes: number[] = [];
    const rejects: RejectRecord[] = [];
    const { items } = page;
    for (let i = 0; i < items.length; i++) {
      const mapped = codec.map(items[i] as Item);
      if (mapped.ok) {
        rows.push(mapped.row);
        rowIndexes.push(i);
      } else rejects.push(record(items[i] as Item, segment, mapped.reason, mapped.column ? { column: mapped.column } : {}));
    }
    return { lastKey: page.lastKey, read: items.length, rows, rowIndexes, rejects, itemAt: page.itemAt ?? ((i) => items[i] as Item) };
  }

  function record(item: Item, segment: number, reason: string, about: Pick<RejectRecord, 'column' | 'conflictsWith'> = {}): RejectRecord {
    return { table: mapping.source, segment, key: keyOf(item, mapping), reason, ...about, item };
  }

  async function runSegment(initial: SegmentState): Promise<void> {
    if (initial.done) return;
    let state = initial;
    const session = target ? await target.session() : null;
    const fused = Boolean(session?.startBatches && session.commitWith && session.endBatches);
    try {
      if (fused) await session?.startBatches?.();
      const next = (lastKey: Item | null | undefined): Promise<MappedPage> =>
        source.scanPage(state.segment, state.totalSegments, lastKey, batchSize).then((page) => mapPage(page, state.segment));
      let pending: Promise<MappedPage> | null = next(state.lastKey);
      while (pending && !stopping()) {
        const batch: MappedPage = await pending;
        // Read (and map) the next page while this one is written.
        pending = batch.lastKey ? next(batch.lastKey) : null;
        pending?.catch(() => undefined);
        const before = state;
        if (session) state = await commitBatch(session, state, batch, fused);
        else {
          await options.rejects.write(batch.rejects);
          state = advance(state, batch);
        }
        run.read += state.read - before.read;
        run.written += state.written - before.written;
        run.rejected += state.rejected - before.rejected;
        options.onProgress?.(total());
        if (options.maxRejects !== undefined && total().rejected > options.maxRejects) stop('max-rejects');
      }
      if (options.signal?.aborted) stop('interrupted');
    } finally {
      if (fused) await session?.endBatches?.().catch(() => undefined);
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
  return { run, total: total(), resumed, stoppedBy, elapsedMs: performance.now() - started, dryRun: !target, uniqueCollisions };
}
