import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultJournalPath, JournalWriter, parseJournal } from '../../src/changes/journal.js';
import type { Change } from '../../src/fixers/types.js';

const change: Change = {
  id: 'abc',
  rule: 'logs/retention',
  service: 'logs',
  region: 'us-east-1',
  resource: '/aws/lambda/x',
  resourceName: '/aws/lambda/x',
  env: 'prod',
  attribute: 'RetentionInDays',
  operation: 'logs:PutRetentionPolicy',
  input: { logGroupName: '/aws/lambda/x', retentionInDays: 30 },
  before: null,
  after: 30,
  undo: { operation: 'logs:DeleteRetentionPolicy', input: { logGroupName: '/aws/lambda/x' } },
  monthlyDeltaUsd: -1.5,
};

describe('journal', () => {
  it('writes one JSON object per line and reads back each change with its outcome', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'j.json');
    const writer = new JournalWriter(path);
    writer.append({ type: 'header', kind: 'clinnet-opt/journal', schemaVersion: 1, mode: 'apply', startedAt: 't0', account: '1', env: 'prod', planId: 'p' });
    writer.append({ type: 'begin', at: 't1', change });
    writer.append({ type: 'end', at: 't2', changeId: 'abc', outcome: 'applied' });
    writer.append({ type: 'finished', at: 't3', counts: { applied: 1, 'skipped-drift': 0, failed: 0, unknown: 0, refused: 0, 'not-attempted': 0 } });
    writer.close();
    const text = readFileSync(path, 'utf8');
    expect(text.trim().split('\n').map((l) => JSON.parse(l).type)).toEqual(['header', 'begin', 'end', 'finished']);
    const read = parseJournal(text, path);
    expect(read.records).toEqual([{ change, outcome: 'applied', end: { type: 'end', at: 't2', changeId: 'abc', outcome: 'applied' } }]);
    expect(read).toMatchObject({ finished: true, truncated: false });
  });

  it('never overwrites an existing journal', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'j.json');
    new JournalWriter(path).close();
    expect(() => new JournalWriter(path)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/exists/) }));
  });

  it('refuses a file that is not a journal', () => {
    expect(() => parseJournal('{"kind":"clinnet-opt/plan"}\n', 'p.json')).toThrow(/not a clinnet-opt journal/);
  });

  it('names the default journal .clinnet-opt/journal/<timestamp>.json', () => {
    expect(defaultJournalPath(new Date('2025-06-01T12:00:00.123Z'), '/w')).toBe('/w/.clinnet-opt/journal/2025-06-01T12-00-00-123Z.json');
  });
});
