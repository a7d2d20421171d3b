/**
 * Several accounts read in one run (`--org`, `--accounts`), saved as one file: schema version 2 of
 * the snapshot file. Each entry of `accounts` is an account record exactly as a version 1 file holds
 * it (without the file's kind and version); `accountsNotRead` names each account whose role could
 * not be assumed, with the reason, so an audit of the file offline is no more complete than the read.
 */
import { z } from 'zod';
import { AccountSnapshot, SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION } from './snapshot.js';

/** The file version `--org`/`--accounts` writes; a single-account snapshot stays version 1. */
export const SNAPSHOT_SET_SCHEMA_VERSION = 2;

export const UnreadAccount = z.object({
  account: z.string(),
  name: z.string().nullable(),
  /** What STS (or the read) answered, one line. */
  reason: z.string(),
});

export const OrganizationInfo = z.object({
  id: z.string(),
  managementAccount: z.string(),
});

export const AccountRecord = AccountSnapshot.omit({ kind: true, schemaVersion: true });

export const SnapshotSetFile = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  schemaVersion: z.literal(SNAPSHOT_SET_SCHEMA_VERSION),
  collectedAt: z.string(),
  organization: OrganizationInfo.nullable(),
  accounts: z.array(AccountRecord),
  accountsNotRead: z.array(UnreadAccount),
});

export type UnreadAccount = z.infer<typeof UnreadAccount>;
export type OrganizationInfo = z.infer<typeof OrganizationInfo>;
export type SnapshotSetFile = z.infer<typeof SnapshotSetFile>;

/** What any snapshot file holds once read: one account (version 1) or several (version 2). */
export interface SnapshotSet {
  organization: OrganizationInfo | null;
  accounts: AccountSnapshot[];
  accountsNotRead: UnreadAccount[];
}

export function singleAccountSet(snapshot: AccountSnapshot): SnapshotSet {
  return { organization: null, accounts: [snapshot], accountsNotRead: [] };
}

export function toSetFile(set: SnapshotSet, collectedAt: string): SnapshotSetFile {
  return {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SET_SCHEMA_VERSION,
    collectedAt,
    organization: set.organization,
    accounts: set.accounts.map((snapshot) => AccountRecord.parse(snapshot)),
    accountsNotRead: set.accountsNotRead,
  };
}

export function fromSetFile(file: SnapshotSetFile): SnapshotSet {
  return {
    organization: file.organization,
    accounts: file.accounts.map((record) => ({ kind: SNAPSHOT_KIND, schemaVersion: SNAPSHOT_SCHEMA_VERSION, ...record })),
    accountsNotRead: file.accountsNotRead,
  };
}
