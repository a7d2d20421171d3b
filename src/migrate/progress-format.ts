/** Text of the progress display and the closing summary (the command decides where and when to print). */
import type { CopyProgress, CopySummary, RestartDiscarded } from './copy.js';

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** "[#####-----]  12,000/20,000 items  4,100 items/s  ETA 0:02  rejected 3" (expected = DynamoDB's item count). */
export function formatProgressBar(progress: CopyProgress, expected: number, elapsedMs: number, width = 30): string {
  const rate = elapsedMs > 0 ? (progress.read / elapsedMs) * 1000 : 0;
  const fraction = expected > 0 ? Math.min(1, progress.read / expected) : 0;
  const filled = Math.round(fraction * width);
  const eta = expected > 0 && rate > 0 ? formatDuration(((Math.max(0, expected - progress.read)) / rate) * 1000) : '?';
  const of = expected > 0 ? `/${number(expected)}` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${number(progress.read)}${of} items  ${number(rate)} items/s  ETA ${eta}  rejected ${number(progress.rejected)}`;
}

/** One plain line for logs (no TTY). */
export function formatProgressLine(progress: CopyProgress, expected: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (progress.read / elapsedMs) * 1000 : 0;
  const pct = expected > 0 ? ` (${Math.min(100, (progress.read / expected) * 100).toFixed(1)}%)` : '';
  return `progress: read ${number(progress.read)}${pct}, written ${number(progress.written)}, rejected ${number(progress.rejected)}, ${number(rate)} items/s, elapsed ${formatDuration(elapsedMs)}`;
}

export function formatSummary(table: string, target: string, summary: CopySummary): string {
  const verb = summary.dryRun ? 'would write' : 'written';
  const lines = [
    `${summary.dryRun ? 'dry run' : 'copy'} ${table} → ${target}: read ${number(summary.run.read)}, ${verb} ${number(summary.run.written)}, rejected ${number(summary.run.rejected)}, elapsed ${formatDuration(summary.elapsedMs)}`,
  ];
  if (summary.uniqueCollisions) {
    lines.push(`unique-key collisions: ${number(summary.uniqueCollisions)} item(s) rejected because another row holds the value (both keys are in the rejects file; no row was overwritten)`);
  }
  if (summary.resumed) lines.push(`including earlier runs: read ${number(summary.total.read)}, written ${number(summary.total.written)}, rejected ${number(summary.total.rejected)}`);
  if (summary.stoppedBy === 'interrupted') lines.push('interrupted: committed batches are kept; continue with --resume');
  if (summary.stoppedBy === 'max-rejects') lines.push('stopped: more rejects than --max-rejects; see the rejects file, fix the items or the mapping, then --resume');
  return lines.join('\n');
}

/** "--restart services → services_migrated: discarded the earlier run's checkpoints (...) and 4 line(s) of services in R". */
export function formatRestart(table: string, discarded: RestartDiscarded, rejectsPath: string): string {
  const { checkpoints } = discarded;
  const earlier = checkpoints.segments
    ? `the ${checkpoints.finished ? 'finished' : 'interrupted'} earlier run's checkpoints (${checkpoints.segments} segment(s): read ${number(checkpoints.read)}, written ${number(checkpoints.written)}, rejected ${number(checkpoints.rejected)}; rows already written stay and are upserted again)`
    : 'no checkpoints (none recorded)';
  return `--restart ${table} → ${discarded.target}: discarded ${earlier} and ${number(discarded.rejectLines)} line(s) of ${table} in ${rejectsPath}`;
}
