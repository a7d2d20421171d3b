/**
 * `fix --account` and `rollback --account` in-process: the options' rules, and `fix --snapshot` of a
 * version 2 (several accounts) file, which needs --account to pick one. The live path (Organizations,
 * AssumeRole, apply in the member account) is tested against moto in test/e2e/fix-account.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { saveSnapshotSet } from '../../src/inventory/snapshot-file.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { runCli } from './cli-harness.js';
import { factory } from './support.js';

let fake: FakeAccountHandle;
let dir: string;
const BASE = ['--env', 'prod', '--region', 'us-east-1'];
const PROD = '210987654321';
const DEV = '345678901234';

beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
  dir = mkdtempSync(join(tmpdir(), 'clinnet-fix-account-'));
});
afterEach(() => fake.restore());

/** A version 2 file of two accounts (the fake account read twice, under two member ids) and one not read. */
async function twoAccountFile(): Promise<string> {
  const read = await collectSnapshot(factory(), { regions: ['us-east-1'], env: 'prod', concurrency: 2 });
  const file = join(dir, 'org.json');
  await saveSnapshotSet(
    file,
    {
      organization: { id: 'o-a1b2c3d4e5', managementAccount: '123456789012' },
      accounts: [{ ...read, account: PROD }, { ...read, account: DEV }],
      accountsNotRead: [{ account: '456789012345', name: 'clinnet-staging', reason: 'AccessDenied: not authorized to perform sts:AssumeRole' }],
    },
    read.collectedAt,
  );
  return file;
}

describe('fix --snapshot of several accounts', () => {
  it('without --account: exit 2 naming the accounts the file holds', async () => {
    const run = await runCli(['fix', ...BASE, '--snapshot', await twoAccountFile()]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`holds 2 accounts \\(${PROD}, ${DEV}\\): name one with --account ID`));
    expect(run.stdout).toBe('');
  });

  it('--account picks the account: the plan names it, offline (no request, nothing changed)', async () => {
    const file = await twoAccountFile();
    const before = fake.calls.length;
    const run = await runCli(['fix', ...BASE, '--snapshot', file, '--account', DEV]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Plan [0-9a-f]+ for prod \\(account ${DEV}\\)`));
    expect(fake.calls.length).toBe(before);
    expect(fake.mutations()).toEqual([]);
  });

  it.each([
    ['456789012345', /account 456789012345 was not read when the snapshot was taken \(AccessDenied/],
    ['567890123456', new RegExp(`holds no account 567890123456 \\(it holds ${PROD}, ${DEV}\\)`)],
  ])('--account %s the file cannot give: exit 2', async (account, message) => {
    const run = await runCli(['fix', ...BASE, '--snapshot', await twoAccountFile(), '--account', account]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('--role-name with --snapshot: exit 2 (no role is assumed offline)', async () => {
    const run = await runCli(['fix', ...BASE, '--snapshot', await twoAccountFile(), '--account', DEV, '--role-name', 'ClinnetOptFix']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--snapshot plans offline: --account picks the account of the file, and --role-name and --external-id do not apply/);
  });
});

describe('fix and rollback: --account options', () => {
  it.each([
    [['fix', ...BASE, '--role-name', 'ClinnetOptFix'], /--role-name applies to --account: add --account ID/],
    [['fix', ...BASE, '--external-id', 'clinnet-7f3a'], /--external-id applies to --account/],
    [['fix', ...BASE, '--account', '2109876543'], /--account: "2109876543" is not an account id \(12 digits\)/],
    [['fix', ...BASE, '--account', PROD, '--role-name', '/leading-slash'], /--role-name: "\/leading-slash" is not an IAM role name/],
  ])('%j: exit 2 before any request', async (args, message) => {
    const before = fake.calls.length;
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fake.calls.length).toBe(before);
  });

  it('rollback --role-name without --account: exit 2 before the journal is undone', async () => {
    const journal = join(dir, 'journal.json');
    writeFileSync(journal, '');
    const run = await runCli(['rollback', journal, '--role-name', 'ClinnetOptFix', '--yes']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--role-name applies to --account/);
    expect(fake.mutations()).toEqual([]);
  });
});
