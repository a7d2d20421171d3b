import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, cleanEnv, ensureBuilt } from './built-cli.js';

// A command that builds AWS clients and fails fast: nothing listens on port 1.
const ARGS = ['audit', '--fail-on', 'none'];
const ENV = cleanEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1', NO_COLOR: '1' });

function run(node: string, extra: string[] = []): string {
  return spawnSync(node, [BIN, ...ARGS, ...extra], { env: ENV, encoding: 'utf8' }).stderr;
}

describe('stderr on an old Node.js line', () => {
  beforeAll(() => ensureBuilt());

  it('the SDK\'s eight-line warning becomes one line of the tool\'s own, said once', () => {
    const stderr = run(process.execPath);
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    const major = Number(process.versions.node.split('.')[0]);
    const notices = stderr.split('\n').filter((line) => line.startsWith('clinnet-opt: note: Node.js'));
    expect(notices).toHaveLength(major < 22 ? 1 : 0);
    // The rest of stderr is about the account: it could not be read.
    expect(stderr).toContain('account not read');
  });

  it('--quiet leaves only the error', () => {
    const stderr = run(process.execPath, ['--quiet']);
    expect(stderr).not.toContain('Node.js');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

});
