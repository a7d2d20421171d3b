/** The audit core: snapshot files or the live account → AuditReport. No printing. */
import type { ClientFactory } from '../aws/clients.js';
import type { CollectProgress } from '../inventory/collect.js';
import { assertInventoryRead } from '../inventory/completeness.js';
import { loadSnapshot } from '../inventory/snapshot-file.js';
import type { RuleSettings } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env } from '../targets/environment.js';
import { buildAuditReport, type AuditSourceInput } from './build-report.js';
import { resolveRuleSelection } from './rule-selection.js';
import type { AuditReport, FailOn } from './types.js';

export type AuditSource =
  | { kind: 'snapshots'; files: string[] }
  | {
      kind: 'live';
      factory: ClientFactory;
      regions: string[];
      concurrency?: number;
      metricsDays?: number | false;
      /** Progress events of the read (the command decides whether to show them). */
      onProgress?: (event: CollectProgress) => void;
      onApiCall?: (apiCalls: number) => void;
    };

export interface AuditRequest {
  source: AuditSource;
  targets: TargetProfile;
  settings?: RuleSettings;
  env?: Env;
  /** --rules as given: ids or service names. */
  rules?: string[];
  failOn: FailOn;
  /** --allow-gaps: audit what was read when a service's inventory could not be (the report says "incomplete"). */
  allowGaps?: boolean;
}

async function readSources(source: AuditSource, env: Env | undefined): Promise<AuditSourceInput[]> {
  if (source.kind === 'snapshots') {
    return Promise.all(source.files.map(async (file) => ({ file, snapshot: await loadSnapshot(file) })));
  }
  // The collectors and their SDK clients load only for a live read: `--snapshot` never needs them.
  const { collectSnapshot } = await import('../inventory/collect.js');
  const { factory, regions, concurrency, metricsDays, onProgress, onApiCall } = source;
  const snapshot = await collectSnapshot(factory, { regions, env, concurrency, metricsDays, onProgress, onApiCall });
  return [{ file: null, snapshot }];
}

export async function runAudit(request: AuditRequest): Promise<AuditReport> {
  // Rule ids are checked before any file is read or any AWS call is made.
  const ruleIds = resolveRuleSelection(request.rules);
  const sources = await readSources(request.source, request.env);
  // An account (or a snapshot of one) missing a service's inventory is no pass unless the user accepts it.
  for (const { file, snapshot } of sources) assertInventoryRead(snapshot.coverageGaps, { allowGaps: Boolean(request.allowGaps), what: file ? `snapshot ${file}` : 'the account' });
  return buildAuditReport({ sources, targets: request.targets, settings: request.settings, env: request.env, ruleIds, failOn: request.failOn });
}
