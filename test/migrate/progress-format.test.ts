import { describe, expect, it } from 'vitest';
import { formatProgressBar, formatProgressLine, formatSummary } from '../../src/migrate/progress-format.js';

describe('progress on stderr', () => {
  it('the TTY bar shows items of the expected total, items/s and an ETA', () => {
    const bar = formatProgressBar({ read: 5000, written: 4990, rejected: 10 }, 20000, 2000, 20);
    expect(bar).toBe('[#####---------------] 5,000/20,000 items  2,500 items/s  ETA 0:06  rejected 10');
  });

  it('without a known item count the bar has no total and no ETA', () => {
    expect(formatProgressBar({ read: 10, written: 10, rejected: 0 }, 0, 1000, 10)).toBe('[----------] 10 items  10 items/s  ETA ?  rejected 0');
  });

  it('the plain line (no TTY) has percentage, counts and rate', () => {
    expect(formatProgressLine({ read: 1500, written: 1400, rejected: 100 }, 3000, 3000)).toBe(
      'progress: read 1,500 (50.0%), written 1,400, rejected 100, 500 items/s, elapsed 0:03',
    );
  });

  it('the summary says read, written, rejected and elapsed, and what to do after an interruption', () => {
    const text = formatSummary('services', 'services_migrated', {
      run: { read: 10, written: 9, rejected: 1 },
      total: { read: 30, written: 28, rejected: 2 },
      resumed: true,
      stoppedBy: 'interrupted',
      elapsedMs: 65_000,
      dryRun: false,
    });
    expect(text).toBe(
      [
        'copy services → services_migrated: read 10, written 9, rejected 1, elapsed 1:05',
        'including earlier runs: read 30, written 28, rejected 2',
        'interrupted: committed batches are kept; continue with --resume',
      ].join('\n'),
    );
  });
});
