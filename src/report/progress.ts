/** The text of the live-read progress line (the command layer decides whether and when to draw it). */
import type { CollectProgress } from '../inventory/collect.js';

export interface ReadState {
  latest?: CollectProgress;
  apiCalls: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** "reading the account: 7/16 reads done · regions 0/2 · 412 API calls · 3.4 s · lambda us-east-1" (several accounts: "reading 5 accounts: 2/5 accounts done · 40/80 service reads done · …"), at most `width` characters. */
export function formatReadProgress(state: ReadState, elapsedMs: number, width: number): string {
  const latest = state.latest;
  const several = latest?.accountsTotal !== undefined;
  const parts = [several ? `reading ${latest?.accountsTotal} accounts` : 'reading the account'];
  const counts: string[] = [];
  if (several) counts.push(`${latest?.accountsDone ?? 0}/${latest?.accountsTotal} accounts done`);
  if (latest) {
    counts.push(`${latest.readsDone}/${latest.readsTotal} service reads done`);
    if (latest.regionsTotal && !several) counts.push(`regions ${latest.regionsDone}/${latest.regionsTotal} done`);
  }
  counts.push(`${state.apiCalls.toLocaleString('en-US')} API call${state.apiCalls === 1 ? '' : 's'}`, seconds(elapsedMs));
  if (latest && !latest.done) counts.push(`${latest.service} ${latest.region}`);
  const text = `${parts[0]}: ${counts.join(' · ')}`;
  const max = Math.max(1, width - 1);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
