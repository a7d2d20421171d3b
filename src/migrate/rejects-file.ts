/** Rejected items, one JSON object per line: table, segment, key, reason, and the whole item as DynamoDB JSON. */
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import type { RejectRecord, RejectSink } from './copy.js';

/** Created at the first reject, so a clean run leaves no empty file behind. Writes are serialised (segments write concurrently). */
export class RejectsFile implements RejectSink {
  private handle: Promise<FileHandle> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private constructor(readonly path: string) {}

  /** A fresh run removes the file of an earlier run (a regular file only: never /dev/null or a pipe); a resumed run appends. */
  static async open(path: string, append: boolean): Promise<RejectsFile> {
    if (!append) {
      const existing = await stat(path).catch(() => null);
      if (existing?.isFile()) await rm(path);
    }
    return new RejectsFile(path);
  }

  write(records: RejectRecord[]): Promise<void> {
    if (!records.length) return Promise.resolve();
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const next = this.queue.then(async () => {
      this.handle ??= open(this.path, 'a');
      await (await this.handle).appendFile(text, 'utf8');
    });
    this.queue = next.catch(() => undefined);
    return next;
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
}
