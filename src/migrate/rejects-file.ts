/**
 * Rejected items, one JSON object per line: table, segment, key, reason, and the whole item as
 * DynamoDB JSON. One file may serve any number of tables: every line names its table.
 *
 * Nothing here truncates or deletes a file except `discard`, which `copy --restart` calls for the
 * table it starts over (and which keeps every other table's lines).
 */
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { RejectRecord, RejectSink } from './copy.js';

/** `--rejects FILE` serves every table of the run; without it, each table has `<target>.rejects.jsonl`. */
export function rejectsPathFor(given: string | undefined, target: string): string {
  return given ?? `${target}.rejects.jsonl`;
}

/** What the rejects file holds for one table. */
export interface RejectLines {
  /** Lines naming the table. */
  lines: number;
  /** Distinct item keys among them (a batch interrupted before its commit writes its lines again on resume). */
  items: number;
  /** Lines that are not JSON objects naming a table (a line cut by a full disk, or an edited file). */
  unreadable: number;
}

interface LineFields {
  table?: unknown;
  key?: unknown;
}

function parseLine(line: string): LineFields | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LineFields) : null;
  } catch {
    return null;
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function forEachLine(path: string, visit: (line: string) => void | Promise<void>): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') await visit(line);
}

/** Counts the lines of `table` in the file at `path` (none when there is no file). */
export async function countRejectLines(path: string, table: string): Promise<RejectLines> {
  const out: RejectLines = { lines: 0, items: 0, unreadable: 0 };
  if (!(await isRegularFile(path))) return out;
  const keys = new Set<string>();
  await forEachLine(path, (line) => {
    const fields = parseLine(line);
    if (!fields || typeof fields.table !== 'string') out.unreadable++;
    else if (fields.table === table) {
      out.lines++;
      keys.add(JSON.stringify(fields.key ?? null));
    }
  });
  out.items = keys.size;
  return out;
}

/**
 * Appends, creating the file at the first reject (a clean run leaves none). Each write reaches the
 * disk (`datasync`) before it resolves, so the checkpoint that counts a reject is committed after its
 * line exists. Writes are serialised (segments write concurrently).
 */
export class RejectsFile implements RejectSink {
  private handle: Promise<FileHandle> | null = null;
  private queue: Promise<void> = Promise.resolve();
  constructor(readonly path: string) {}

  write(records: RejectRecord[]): Promise<void> {
    if (!records.length) return Promise.resolve();
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const next = this.queue.then(async () => {
      this.handle ??= open(this.path, 'a');
      const handle = await this.handle;
      await handle.appendFile(text, 'utf8');
      if (await isRegularFile(this.path)) await handle.datasync();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async count(table: string): Promise<number> {
    await this.queue;
    return (await countRejectLines(this.path, table)).lines;
  }

  /** Removes the lines of `table` (a regular file only: never /dev/null or a pipe); other tables' lines stay. Returns how many were removed. */
  async discard(table: string): Promise<number> {
    await this.queue;
    if (!(await isRegularFile(this.path))) return 0;
    const temporary = `${this.path}.${process.pid}.tmp`;
    const out = await open(temporary, 'w');
    let removed = 0;
    try {
      await forEachLine(this.path, async (line) => {
        if (parseLine(line)?.table === table) removed++;
        else await out.appendFile(`${line}\n`, 'utf8');
      });
      await out.datasync();
    } finally {
      await out.close();
    }
    if (removed === 0) {
      await rm(temporary, { force: true });
      return 0;
    }
    await this.close();
    await rename(temporary, this.path);
    return removed;
  }

  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    this.handle = null;
    await (await handle)?.close();
  }
}

/** Dry runs and tests: counts only. */
export class DiscardRejects implements RejectSink {
  readonly records: RejectRecord[] = [];
  constructor(private readonly keep = false) {}
  async write(records: RejectRecord[]): Promise<void> {
    if (this.keep) this.records.push(...records);
  }
  async count(table: string): Promise<number> {
    return this.records.filter((r) => r.table === table).length;
  }
  async discard(table: string): Promise<number> {
    const before = this.records.length;
    this.records.splice(0, this.records.length, ...this.records.filter((r) => r.table !== table));
    return before - this.records.length;
  }
}

/** The reasons recorded for `table`, by the JSON of each item's key (the last line wins). */
export async function readRejectReasons(path: string, table: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await isRegularFile(path))) return out;
  await forEachLine(path, (line) => {
    const fields = parseLine(line) as (LineFields & { reason?: unknown }) | null;
    if (fields?.table === table) out.set(JSON.stringify(fields.key ?? null), typeof fields.reason === 'string' ? fields.reason : '');
  });
  return out;
}
