import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadAllCommands } from '../../src/commands/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

function walk(command: Command, path: string[] = []): { path: string; flags: string[] }[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [{ path: here.join(' '), flags: sub.options.map((o) => o.long ?? o.short ?? '') }, ...walk(sub, here)];
  });
}

describe('docs/cli.md', () => {
  it('documents every command and every option the CLI has', async () => {
    const program = new Command('clinnet-opt');
    for (const register of await loadAllCommands()) register(program);
    const doc = readFileSync(resolve(ROOT, 'docs/cli.md'), 'utf8');
    const missing: string[] = [];
    for (const { path, flags } of walk(program)) {
      if (!doc.includes(path) && !doc.includes(`\`${path.split(' ').at(-1)}\``)) missing.push(path);
      for (const flag of flags) if (!doc.includes(`\`${flag}`)) missing.push(`${path} ${flag}`);
    }
    expect(missing).toEqual([]);
  });

  it('the README keeps the test command exactly `npm test` and the one-command demo', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });
});
