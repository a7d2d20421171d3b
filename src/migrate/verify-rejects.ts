/** `verify`'s check of the rejects file: every reject the checkpoints counted has its line on file. */
import { countRejectLines } from './rejects-file.js';
import type { SqlSession } from './sql-session.js';
import { loadState } from './state-store.js';

export interface RejectsCheck {
  path: string;
  /** Rejects counted by the committed checkpoints of the last copy. */
  counted: number;
  /** Lines of this table on file, and the distinct items they name. */
  lines: number;
  items: number;
  /** Lines that are not a JSON object naming a table. */
  unreadable: number;
  /** Whether every segment of the last copy finished. */
  finished: boolean;
  ok: boolean;
}

export async function checkRejects(session: SqlSession, source: string, target: string, path: string): Promise<RejectsCheck> {
  const states = await loadState(session, target);
  const counted = states.reduce((sum, s) => sum + s.rejected, 0);
  const onFile = await countRejectLines(path, source);
  return { path, counted, ...onFile, finished: states.length > 0 && states.every((s) => s.done), ok: onFile.items === counted };
}

/** "rejects: counted 4, on file 4 items (R)" or what differs. */
export function formatRejectsCheck(check: RejectsCheck): string {
  const where = `${check.path}`;
  const unfinished = check.finished || check.counted + check.items === 0 ? '' : '; the last copy is not finished (continue it with --resume)';
  const unreadable = check.unreadable ? `; ${check.unreadable} unreadable line(s) in the file` : '';
  const repeated = check.lines > check.items ? ` (${check.lines - check.items} line(s) repeat an item: a batch interrupted before its commit is recorded again on resume)` : '';
  if (check.ok) return `rejects: counted ${check.counted}, recorded ${check.items} in ${where}${repeated}${unfinished}${unreadable}`;
  const gap =
    check.items < check.counted
      ? `${check.counted - check.items} counted reject(s) have no line`
      : `${check.items - check.counted} recorded item(s) are not counted by the checkpoints`;
  return `rejects: DIFFERENT: counted ${check.counted}, recorded ${check.items} in ${where}: ${gap}${repeated}${unfinished}${unreadable}`;
}
