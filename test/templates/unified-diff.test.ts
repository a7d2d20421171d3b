import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffHunks, unifiedDiff } from '../../src/templates/unified-diff.js';

const OLD = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

function edited(changes: Record<number, string | null>, inserts: Record<number, string> = {}): string {
  const out: string[] = [];
  OLD.split('\n').slice(0, -1).forEach((line, i) => {
    const n = i + 1;
    if (n in changes) {
      if (changes[n] !== null) out.push(changes[n] as string);
    } else out.push(line);
    if (n in inserts) out.push(inserts[n]);
  });
  return `${out.join('\n')}\n`;
}

/** What GNU patch makes of the diff applied to the old text. */
function patched(oldText: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'clinnet-diff-'));
  writeFileSync(join(dir, 'old.txt'), oldText);
  writeFileSync(join(dir, 'change.diff'), diff);
  const run = spawnSync('patch', ['-s', '-o', join(dir, 'new.txt'), join(dir, 'old.txt'), join(dir, 'change.diff')], { encoding: 'utf8' });
  expect(run.status, run.stderr + run.stdout).toBe(0);
  return readFileSync(join(dir, 'new.txt'), 'utf8');
}

describe('unifiedDiff', () => {
  it('is empty for the same text', () => {
    expect(unifiedDiff(OLD, OLD, 'template.yaml')).toBe('');
  });

  it('prints a/ b/ headers and one hunk with 3 lines of context around a changed line', () => {
    const diff = unifiedDiff(OLD, edited({ 10: 'line ten' }), 'template.yaml');
    expect(diff).toBe(
      ['--- a/template.yaml', '+++ b/template.yaml', '@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' line 13', ''].join('\n'),
    );
  });

  it('an inserted line: the new side counts one more (as diff -u numbers it); far changes are separate hunks, near ones one', () => {
    const far = diffHunks(OLD, edited({ 2: 'two' }, { 18: 'added' }));
    expect(far.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount])).toEqual([
      [1, 5, 1, 5],
      [16, 5, 16, 6],
    ]);
    const near = diffHunks(OLD, edited({ 5: 'five', 11: 'eleven' }));
    expect(near).toHaveLength(1);
  });

  it('applies with patch to give the new text (changes, insertions, deletions, at both ends)', () => {
    for (const next of [edited({ 1: 'first', 20: 'last' }), edited({ 3: null, 4: null }, { 9: 'x', 10: 'y' }), edited({}, { 20: 'tail' }), `start\n${OLD}`]) {
      expect(patched(OLD, unifiedDiff(OLD, next, 'old.txt'))).toBe(next);
    }
  });

  it('prints the caller’s annotation above each hunk, outside the hunk lines', () => {
    const diff = unifiedDiff(OLD, edited({ 2: 'two' }, { 18: 'added' }), 'template.yaml', {
      annotate: (hunk) => [`# clinnet-opt: hunk at ${hunk.newStart}`],
    });
    const lines = diff.split('\n');
    const first = lines.indexOf('# clinnet-opt: hunk at 1');
    const second = lines.indexOf('# clinnet-opt: hunk at 16');
    expect(lines[first + 1]).toBe('@@ -1,5 +1,5 @@');
    expect(lines[second + 1]).toBe('@@ -16,5 +16,6 @@');
    expect(lines.slice(0, 2)).toEqual(['--- a/template.yaml', '+++ b/template.yaml']);
  });
});
