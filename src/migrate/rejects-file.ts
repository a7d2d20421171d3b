/** Rejected items, one JSON object per line: table, segment, key, reason, and the whole item as DynamoDB JSON. */
import { open, type FileHandle } from 'node:fs/promises';
import type { RejectRecord, RejectSink } from './copy.js';

export class RejectsFile implements RejectSink {
  private constructor(private readonly handle: FileHandle) {}

  /** A fresh run truncates; a resumed run appends. */
  static async open(path: string, append: boolean): Promise<RejectsFile> {
    return new RejectsFile(await open(path, append ? 'a' : 'w'));
  }

  async write(records: RejectRecord[]): Promise<void> {
    if (!records.length) return;
    await this.handle.appendFile(records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');
  }

  async close(): Promise<void> {
    await this.handle.close();
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
