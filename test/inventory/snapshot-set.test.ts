/** Snapshot files: version 1 (one account) still read; version 2 (an organization's accounts) written and read back. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/errors.js';
import { loadSnapshot, loadSnapshotSet, parseSnapshotSet, saveSnapshot, saveSnapshotSet } from '../../src/inventory/snapshot-file.js';
import { emptySnapshot } from '../../src/inventory/snapshot.js';

const prod = { ...emptySnapshot({ account: '222222222222', regions: ['us-east-1'], collectedAt: '2026-12-06T10:00:00.000Z' }), accountName: 'clinnet-prod', env: 'prod' };
const dev = { ...emptySnapshot({ account: '333333333333', regions: ['us-east-1'], collectedAt: '2026-12-06T10:00:01.000Z' }), accountName: 'clinnet-dev', env: 'dev' };
const set = { organization: { id: 'o-abc123', managementAccount: '111111111111' }, accounts: [prod, dev], accountsNotRead: [{ account: '444444444444', name: 'clinnet-stg', reason: 'AccessDenied: not authorized' }] };

async function usage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(ExitCode.usage);
  return (error as CliError).message;
}

describe('snapshot files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinnet-snapshot-set-'));

  it('writes several accounts as version 2 and reads back every account, and the ones not read', async () => {
    const file = join(dir, 'org.json');
    await saveSnapshotSet(file, set, '2026-12-06T10:00:00.000Z');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw).toMatchObject({ kind: 'clinnet-opt/snapshot', schemaVersion: 2, organization: set.organization, accountsNotRead: set.accountsNotRead });
    expect(raw.accounts.map((a: { account: string; accountName: string }) => [a.account, a.accountName])).toEqual([['222222222222', 'clinnet-prod'], ['333333333333', 'clinnet-dev']]);
    expect(raw.accounts[0]).not.toHaveProperty('schemaVersion');
    expect(await loadSnapshotSet(file)).toEqual(set);
    expect(await loadSnapshot(file, '333333333333')).toEqual(dev);
  });

  it('still reads a version 1 file as one account', async () => {
    const file = join(dir, 'one.json');
    await saveSnapshot(file, prod);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
    expect(await loadSnapshotSet(file)).toEqual({ organization: null, accounts: [prod], accountsNotRead: [] });
    expect(await loadSnapshot(file)).toEqual(prod);
  });

  it('asks which account when a file holds several, and says when the one named was not read or is absent', async () => {
    const file = join(dir, 'org.json');
    expect(await usage(loadSnapshot(file))).toMatch(/holds 2 accounts \(222222222222, 333333333333\): name one with --account ID/);
    expect(await usage(loadSnapshot(file, '444444444444'))).toMatch(/account 444444444444 was not read when the snapshot was taken \(AccessDenied/);
    expect(await usage(loadSnapshot(file, '555555555555'))).toMatch(/holds no account 555555555555/);
  });

  it('refuses a version it does not know, naming both it reads', () => {
    expect(() => parseSnapshotSet(JSON.stringify({ kind: 'clinnet-opt/snapshot', schemaVersion: 3 }), 'x.json')).toThrow(/schemaVersion 3 is not supported \(this version reads 1 and 2\)/);
  });
});
