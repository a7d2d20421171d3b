/** The audit core: snapshot files, the live account or an organization's accounts → AuditReport. No printing. */
import type { ClientFactory } from '../aws/clients.js';
import type { CollectProgress } from '../inventory/collect.js';
import { accountLabel, assertAccountsRead, assertInventoryRead } from '../inventory/completeness.js';
import type { UnreadAccount } from '../inventory/snapshot-set.js';
import { loadSnapshotSet } from '../inventory/snapshot-file.js';
import type { OrgReadRequest } from '../org/read-accounts.js';
import type { RuleSettings } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env } from '../targets/environment.js';
import { buildAuditReport, type AuditSourceInput } from './build-report.js';
import { resolveRuleSelection } from './rule-selection.js';
import type { AuditReport, FailOn } from './types.js';

interface LiveRead {
  factory: ClientFactory;
  regions: string[];
  concurrency?: number;
  metricsDays?: number | false;
  /** Progress events of the read (the command decides whether to show them). */
  onProgress?: (event: CollectProgress) => void;
  onApiCall?: (apiCalls: number) => void;
}

export type AuditSource =
  | { kind: 'snapshots'; files: string[] }
  | ({ kind: 'live' } & LiveRead)
  | ({
      kind: 'org';
      request: OrgReadRequest;
      /** Told once per account --org passed over (the management account, suspended ones). */
      onPassedOver?: (account: { id: string; name: string; reason: string }) => void;
    } & LiveRead);

export interface AuditRequest {
  source: AuditSource;
  targets: TargetProfile;
  settings?: RuleSettings;
  env?: Env;
  /** --rules as given: ids or service names. */
  rules?: string[];
  failOn: FailOn;
  /** --allow-gaps: audit what was read when a service's inventory (or an account) could not be (the report says "incomplete"). */
  allowGaps?: boolean;
}

interface ReadSources {
  sources: AuditSourceInput[];
  accountsNotRead: UnreadAccount[];
}

async function readSources(source: AuditSource, env: Env | undefined): Promise<ReadSources> {
  if (source.kind === 'snapshots') {
    const sets = await Promise.all(source.files.map(async (file) => ({ file, set: await loadSnapshotSet(file) })));
    return {
      sources: sets.flatMap(({ file, set }) => set.accounts.map((snapshot) => ({ file, snapshot }))),
      accountsNotRead: sets.flatMap(({ set }) => set.accountsNotRead),
    };
  }
  const { factory, regions, concurrency, metricsDays, onProgress, onApiCall } = source;
  if (source.kind === 'org') {
    const { collectAccounts } = await import('../org/collect-accounts.js');
    const set = await collectAccounts(factory, source.request, { regions, env, concurrency, metricsDays, onProgress, onApiCall });
    for (const passed of set.passedOver) source.onPassedOver?.(passed);
    return { sources: set.accounts.map((snapshot) => ({ file: null, snapshot })), accountsNotRead: set.accountsNotRead };
  }
  // The collectors and their SDK clients load only for a live read: `--snapshot` never needs them.
  const { collectSnapshot } = await import('../inventory/collect.js');
  const snapshot = await collectSnapshot(factory, { regions, env, concurrency, metricsDays, onProgress, onApiCall });
  return { sources: [{ file: null, snapshot }], accountsNotRead: [] };
}

/** "snapshot org.json, account 111122223333 (clinnet-dev)", "account 111122223333", "the account". */
function describeSource({ file, snapshot }: AuditSourceInput, several: boolean): string {
  const account = accountLabel({ account: snapshot.account, name: snapshot.accountName });
  if (file) return several ? `snapshot ${file}, account ${account}` : `snapshot ${file}`;
  return several ? `account ${account}` : 'the account';
}

export async function runAudit(request: AuditRequest): Promise<AuditReport> {
  // Rule ids are checked before any file is read or any AWS call is made.
  const ruleIds = resolveRuleSelection(request.rules);
  const { sources, accountsNotRead } = await readSources(request.source, request.env);
  const allowGaps = Boolean(request.allowGaps);
  // An account (or a snapshot of one) missing a service's inventory, or an account not read at all, is no pass unless the user accepts it.
  assertAccountsRead(accountsNotRead, { allowGaps });
  const several = request.source.kind === 'org' || sources.length > 1;
  for (const source of sources) assertInventoryRead(source.snapshot.coverageGaps, { allowGaps, what: describeSource(source, several) });
  return buildAuditReport({ sources, accountsNotRead, targets: request.targets, settings: request.settings, env: request.env, ruleIds, failOn: request.failOn });
}
