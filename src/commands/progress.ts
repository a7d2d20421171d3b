/**
 * Progress of a live read on stderr: only on a terminal, never in a pipe or with --quiet, and only
 * once the read has taken more than a second. One line, redrawn in place, cleared when done.
 */
import type { CollectProgress } from '../inventory/collect.js';
import { formatReadProgress, type ReadState } from '../report/progress.js';
import { outputWidth } from '../report/width.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface ReadProgress {
  onProgress: (event: CollectProgress) => void;
  onApiCall: (apiCalls: number) => void;
  /** Clears the line (if drawn) and stops redrawing. */
  stop: () => void;
}

export interface ReadProgressOptions {
  quiet?: boolean;
  /** How long a read runs before the line appears (1 s). */
  delayMs?: number;
  /** How often it is redrawn. */
  intervalMs?: number;
}

const CLEAR = '\r\x1b[K';

export function readProgress(stream: ProgressStream, options: ReadProgressOptions = {}): ReadProgress {
  const state: ReadState = { apiCalls: 0 };
  const onProgress = (event: CollectProgress): void => {
    state.latest = event;
    state.apiCalls = Math.max(state.apiCalls, event.apiCalls);
  };
  const onApiCall = (apiCalls: number): void => {
    state.apiCalls = apiCalls;
  };
  if (!stream.isTTY || options.quiet) return { onProgress, onApiCall, stop: () => undefined };

  const started = Date.now();
  let drawn = false;
  let interval: NodeJS.Timeout | undefined;
  const draw = (): void => {
    stream.write(`${CLEAR}${formatReadProgress(state, Date.now() - started, outputWidth(stream))}`);
    drawn = true;
  };
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, options.intervalMs ?? 200);
    interval.unref();
  }, options.delayMs ?? 1000);
  delay.unref();
  return {
    onProgress,
    onApiCall,
    stop: () => {
      clearTimeout(delay);
      if (interval) clearInterval(interval);
      if (drawn) stream.write(CLEAR);
      drawn = false;
    },
  };
}
