/** Load and save AccountSnapshot files; every failure is a one-line usage error (exit 2). */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { usageError } from '../errors.js';
import { AccountSnapshot, SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION } from './snapshot.js';
import { describeZodIssue } from '../zod-issues.js';

export function parseSnapshot(text: string, file: string): AccountSnapshot {
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
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw usageError(`${file}: snapshot schemaVersion ${JSON.stringify(version)} is not supported (this version reads ${SNAPSHOT_SCHEMA_VERSION}); take a new snapshot`);
  }
  const parsed = AccountSnapshot.safeParse(raw);
  if (!parsed.success) {
    throw usageError(`${file}: invalid snapshot: ${describeZodIssue(parsed.error.issues[0])}`);
  }
  return parsed.data;
}

export async function loadSnapshot(file: string): Promise<AccountSnapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read snapshot (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
  return parseSnapshot(text, file);
}

export async function saveSnapshot(file: string, snapshot: AccountSnapshot): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(AccountSnapshot.parse(snapshot), null, 2)}\n`, 'utf8');
}
