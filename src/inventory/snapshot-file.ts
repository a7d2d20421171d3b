/**
 * Load and save snapshot files; every failure is a one-line usage error (exit 2). Version 1 holds one
 * account; version 2 (snapshot-set.ts) holds the accounts of one `--org`/`--accounts` read.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { usageError } from '../errors.js';
import { AccountSnapshot, SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION } from './snapshot.js';
import { SNAPSHOT_SET_SCHEMA_VERSION, SnapshotSetFile, fromSetFile, singleAccountSet, toSetFile, type SnapshotSet } from './snapshot-set.js';
import { describeZodIssue } from '../zod-issues.js';

const READABLE_VERSIONS = [SNAPSHOT_SCHEMA_VERSION, SNAPSHOT_SET_SCHEMA_VERSION];

/** Any snapshot file, as the accounts it holds. */
export function parseSnapshotSet(text: string, file: string): SnapshotSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw usageError(`${file}: not a snapshot: the JSON is invalid or truncated (${detail})`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== SNAPSHOT_KIND) {
    throw usageError(`${file}: not a clinnet-opt snapshot (expected "kind": "${SNAPSHOT_KIND}"); create one with \`clinnet-opt snapshot --out FILE\``);
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (!READABLE_VERSIONS.includes(version as number)) {
    throw usageError(`${file}: snapshot schemaVersion ${JSON.stringify(version)} is not supported (this version reads ${READABLE_VERSIONS.join(' and ')}); take a new snapshot`);
  }
  const schema = version === SNAPSHOT_SET_SCHEMA_VERSION ? SnapshotSetFile : AccountSnapshot;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: invalid snapshot: ${describeZodIssue(parsed.error.issues[0])}`);
  return version === SNAPSHOT_SET_SCHEMA_VERSION ? fromSetFile(parsed.data as SnapshotSetFile) : singleAccountSet(parsed.data as AccountSnapshot);
}

/**
 * One account of a file: the only one, or the one `account` names (a version 2 file of several
 * accounts needs it: fix and validate work on one account at a time).
 */
export function pickAccount(set: SnapshotSet, file: string, account?: string): AccountSnapshot {
  if (account) {
    const found = set.accounts.find((s) => s.account === account);
    if (found) return found;
    const unread = set.accountsNotRead.find((u) => u.account === account);
    if (unread) throw usageError(`${file}: account ${account} was not read when the snapshot was taken (${unread.reason})`);
    throw usageError(`${file}: holds no account ${account} (it holds ${set.accounts.map((s) => s.account ?? 'unknown').join(', ') || 'none'})`);
  }
  if (set.accounts.length === 1) return set.accounts[0];
  throw usageError(`${file}: holds ${set.accounts.length} accounts (${set.accounts.map((s) => s.account ?? 'unknown').join(', ')}): name one with --account ID`);
}

export function parseSnapshot(text: string, file: string, account?: string): AccountSnapshot {
  return pickAccount(parseSnapshotSet(text, file), file, account);
}

async function readSnapshotText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read snapshot (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
}

export async function loadSnapshotSet(file: string): Promise<SnapshotSet> {
  return parseSnapshotSet(await readSnapshotText(file), file);
}

export async function loadSnapshot(file: string, account?: string): Promise<AccountSnapshot> {
  return parseSnapshot(await readSnapshotText(file), file, account);
}

export async function saveSnapshot(file: string, snapshot: AccountSnapshot): Promise<void> {
  await writeJson(file, AccountSnapshot.parse(snapshot));
}

/** The accounts of one --org/--accounts read, as a version 2 file. */
export async function saveSnapshotSet(file: string, set: SnapshotSet, collectedAt: string): Promise<void> {
  await writeJson(file, SnapshotSetFile.parse(toSetFile(set, collectedAt)));
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
}
