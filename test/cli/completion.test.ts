import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { ensureBuilt, runCli } from './built-cli.js';

const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** Runs the bash completion function on a command line (the last word is the one being completed). */
function completeInBash(script: string, words: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'clinnet-completion-')), 'c.bash');
  writeFileSync(file, script);
  const array = words.map((w) => `'${w}'`).join(' ');
  const run = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _clinnet_opt; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter(Boolean);
}

describe('clinnet-opt completion (built binary)', () => {
  const scripts: Record<string, string> = {};
  beforeAll(() => {
    ensureBuilt();
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = runCli(['completion', shell]);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      scripts[shell] = run.stdout;
    }
  });

  it('each script names every command, their options and every rule id', () => {
    for (const script of Object.values(scripts)) {
      for (const command of ['snapshot', 'audit', 'fix', 'rollback', 'iam-policy', 'migrate-dynamo', 'cost-report', 'validate', 'completion']) expect(script).toContain(command);
      for (const word of ['schema', 'add-partition', 'budgets', 'fail-on', 'metrics-days', 'plan-out', 'explain']) expect(script).toContain(word);
      for (const rule of RULES) expect(script).toContain(rule.meta.id);
    }
  });

  it('bash accepts the bash script', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'clinnet-completion-')), 'c.bash');
    writeFileSync(file, scripts.bash);
    const run = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.runIf(hasShell('zsh'))('zsh accepts the zsh script', () => {
    const run = spawnSync('zsh', ['-n'], { input: scripts.zsh, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.runIf(hasShell('fish'))('fish accepts the fish script', () => {
    const run = spawnSync('fish', ['--no-execute'], { input: scripts.fish, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('bash completes commands, options and their values', () => {
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'au'])).toEqual(['audit']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'audit', '--fa'])).toEqual(['--fail-on']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'audit', '--env', ''])).toEqual(['dev', 'test', 'staging', 'prod']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'audit', '--format', ''])).toEqual(['table', 'json', 'markdown', 'csv']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'validate', '--format', 'ma'])).toEqual(['markdown']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'fix', '--format', ''])).toEqual(['table', 'markdown', 'json']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'audit', '--rules', 'lambda/arm64,lambda/ti'])).toEqual(['lambda/arm64,lambda/timeout', 'lambda/arm64,lambda/tier']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'iam-policy', '--for', ''])).toEqual(['audit', 'fix', 'migrate', 'cost', 'org', 'trust']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'migrate-dynamo', 'copy', '--resu'])).toEqual(['--resume']);
    expect(completeInBash(scripts.bash, ['clinnet-opt', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('an unknown shell is a usage error', () => {
    const run = runCli(['completion', 'tcsh']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bash, zsh, fish');
    expect(run.stdout).toBe('');
  });
});
