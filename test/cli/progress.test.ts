import { describe, expect, it } from 'vitest';
import { readProgress, type ProgressStream } from '../../src/commands/progress.js';
import type { CollectProgress } from '../../src/inventory/collect.js';
import { formatReadProgress } from '../../src/report/progress.js';

const event = (fields: Partial<CollectProgress> = {}): CollectProgress => ({
  service: 'lambda',
  region: 'us-east-1',
  done: false,
  readsDone: 7,
  readsTotal: 16,
  regionsDone: 0,
  regionsTotal: 2,
  apiCalls: 400,
  ...fields,
});

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const out = { isTTY, columns: 120, text: '', write: (chunk: string) => ((out.text += chunk), true) };
  return out;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read progress line', () => {
  it('says reads and regions done, API calls, elapsed time and the read under way, within the width', () => {
    const text = formatReadProgress({ latest: event(), apiCalls: 412 }, 3400, 200);
    expect(text).toBe('reading the account: 7/16 service reads done · regions 0/2 done · 412 API calls · 3.4 s · lambda us-east-1');
    expect(formatReadProgress({ latest: event(), apiCalls: 412 }, 3400, 60).length).toBeLessThan(60);
  });

  it('counts accounts, and every account\'s reads together, under --org', () => {
    const text = formatReadProgress({ latest: event({ readsDone: 40, readsTotal: 80, regionsDone: 3, regionsTotal: 5, accountsDone: 2, accountsTotal: 5 }), apiCalls: 1900 }, 12_000, 200);
    expect(text).toBe('reading 5 accounts: 2/5 accounts done · 40/80 service reads done · 1,900 API calls · 12.0 s · lambda us-east-1');
  });

  it('draws on a terminal once the delay has passed, and clears the line when the read ends', async () => {
    const tty = stream(true);
    const progress = readProgress(tty, { delayMs: 5, intervalMs: 5 });
    progress.onProgress(event());
    progress.onApiCall(412);
    await tick(40);
    progress.stop();
    expect(tty.text).toContain('reading the account: 7/16 service reads done');
    expect(tty.text).toContain('412 API calls');
    expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
    for (const line of tty.text.split("\r\x1b[K")) expect(line.length).toBeLessThan(120);
  });

  it('draws nothing in a pipe, nothing with --quiet, and nothing for a read shorter than the delay', async () => {
    const pipe = stream(false);
    const quiet = stream(true);
    const short = stream(true);
    const runs = [readProgress(pipe, { delayMs: 5, intervalMs: 5 }), readProgress(quiet, { quiet: true, delayMs: 5, intervalMs: 5 }), readProgress(short, { delayMs: 10_000 })];
    for (const run of runs) run.onProgress(event());
    await tick(30);
    for (const run of runs) run.stop();
    expect([pipe.text, quiet.text, short.text]).toEqual(['', '', '']);
  });
});
