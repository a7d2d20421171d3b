import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandModules, loadAllCommands, stubCommand, subcommandTerm } from '../../src/commands/index.js';
import { VERSION } from '../../src/version.js';
import { DEMO_PROD, ensureBuilt, runCli } from './built-cli.js';

const program = (): Command => new Command('clinnet-opt').configureHelp({ subcommandTerm });

describe('start-up: help and version load no command module', () => {
  beforeAll(() => ensureBuilt());

  it('the help listing made without loading the commands equals the one with every command loaded', async () => {
    const listed = program();
    for (const module of commandModules) stubCommand(module)(listed);
    const loaded = program();
    for (const register of await loadAllCommands()) register(loaded);
    expect(listed.helpInformation()).toBe(loaded.helpInformation());
  });

  it('--version prints the version; --help and no command list every command', () => {
    const version = runCli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    for (const args of [['--help'], ['help']]) {
      const help = runCli(args);
      expect(help.status).toBe(0);
      for (const module of commandModules) expect(help.stdout).toContain(module.term);
    }
  });

  it('`help audit` shows the audit command\'s own options; a misspelt command gets a suggestion', () => {
    const help = runCli(['help', 'audit']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--fail-on <severity>');
    const typo = runCli(['audti']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean audit?');
  });
});

describe('start-up: the YAML parser loads only for a YAML config', () => {
  beforeAll(() => ensureBuilt());

  it('a YAML config in the working directory is still read, and a broken one is still a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinnet-yaml-'));
    writeFileSync(join(dir, 'clinnet-opt.config.yaml'), 'metrics:\n  acuHeadroomPct: 100\n');
    const run = runCli(['audit', '--snapshot', DEMO_PROD, '--fail-on', 'none', '--explain', 'aurora/acu-range'], { cwd: dir });
    expect(run.status).toBe(0);
    // 9.5 ACU observed plus 100% headroom: the ceiling becomes 19 ACU (25% gives 12).
    expect(run.stdout).toContain('capacity 0.5–16 ACU → 0.5–19 ACU');
    writeFileSync(join(dir, 'clinnet-opt.config.yaml'), 'metrics: [oops\n');
    const broken = runCli(['audit', '--snapshot', DEMO_PROD], { cwd: dir });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('cannot parse config');
  });
});
