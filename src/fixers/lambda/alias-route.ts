/**
 * Where a Lambda change must land to reach the traffic. A function invoked only unqualified (or
 * through an alias on $LATEST) runs $LATEST: the change updates $LATEST. A function served through
 * an alias on a published version runs that version, which cannot change: the change updates
 * $LATEST, publishes it as a new version and moves the alias to it (provisioned concurrency
 * configured on the alias follows it). Anything the tool cannot do safely is refused with why.
 */
import type { LambdaAlias, LambdaFunction, LambdaVersionConfig } from '../../inventory/snapshot.js';
import type { JsonObject } from '../../changes/change.js';
import type { ChangeDraft } from '../types.js';

/** Updates $LATEST, publishes it, moves the alias (the composite request an aliased change sends). */
export const RELEASE_CONFIG = 'lambda:UpdateFunctionConfiguration+PublishVersion+UpdateAlias';
export const RESTORE_CONFIG = 'lambda:UpdateFunctionConfiguration+UpdateAlias';
export const RELEASE_CODE = 'lambda:UpdateFunctionCode+PublishVersion+UpdateAlias';
export const RESTORE_CODE = 'lambda:UpdateFunctionCode+UpdateAlias';

export type Route = { kind: 'latest'; note?: string } | { kind: 'alias'; alias: LambdaAlias & { versionConfig: LambdaVersionConfig }; via: string[] } | { kind: 'refused'; reason: string };

const percent = (weight: number): string => `${Math.round(weight * 1000) / 10} %`;

/** "apigateway abc123, event-source-mapping 1f2e…" */
function callers(fn: LambdaFunction, qualifier: string): string[] {
  return (fn.invokedQualifiers ?? []).filter((q) => q.qualifier === qualifier).map((q) => `${q.source === 'apigateway' ? 'API Gateway' : 'event source mapping'} ${q.id}`);
}

export function servingRoute(fn: LambdaFunction): Route {
  const names = fn.aliases ?? [];
  const details = fn.aliasDetails;
  if (!names.length && !details?.length) return { kind: 'latest' };
  if (!details) return { kind: 'refused', reason: `the function has aliases (${names.join(', ')}) but the snapshot does not say which versions they serve: take a new snapshot` };
  const invoked = fn.invokedQualifiers;
  if (invoked === undefined || invoked === null) {
    return {
      kind: 'refused',
      reason: `the function has aliases (${details.map((a) => a.name).join(', ')}) and which qualifier its API Gateway integrations and event source mappings invoke was not read${invoked === undefined ? ' (the snapshot predates it)' : ''}: a change to $LATEST might not reach the traffic`,
    };
  }
  const versions = [...new Set(invoked.map((q) => q.qualifier).filter((q) => /^\d+$/.test(q)))];
  if (versions.length) {
    return { kind: 'refused', reason: `${versions.map((v) => `version ${v} is invoked directly (${callers(fn, v).join(', ')})`).join('; ')}: a published version cannot change; point the caller at an alias first` };
  }
  const provisioned = new Set(fn.provisionedConcurrency.map((p) => p.qualifier));
  const served = details.filter((a) => invoked.some((q) => q.qualifier === a.name) || provisioned.has(a.name));
  if (!served.length) return { kind: 'latest', note: `aliases ${details.map((a) => `${a.name} (version ${a.functionVersion})`).join(', ')} are not invoked by any API Gateway integration or event source mapping and carry no provisioned concurrency: only $LATEST changes` };
  const canary = served.find((a) => Object.keys(a.additionalVersionWeights).length);
  if (canary) {
    const weights = Object.entries(canary.additionalVersionWeights).map(([version, weight]) => `${percent(weight)} to version ${version}`);
    const rest = 1 - Object.values(canary.additionalVersionWeights).reduce((sum, w) => sum + w, 0);
    return { kind: 'refused', reason: `alias ${canary.name} routes ${weights.join(', ')} and ${percent(rest)} to version ${canary.functionVersion} (a canary in progress): finish or cancel it, then plan again` };
  }
  const onVersions = served.filter((a) => a.functionVersion !== '$LATEST');
  if (!onVersions.length) return { kind: 'latest', note: `alias ${served.map((a) => a.name).join(', ')} serves $LATEST, so the change reaches it` };
  if (served.length > 1) {
    return { kind: 'refused', reason: `the function is served through ${served.length} aliases (${served.map((a) => `${a.name} on version ${a.functionVersion}`).join(', ')}): move them one at a time by hand or make one of them the entry point` };
  }
  const alias = onVersions[0] as LambdaAlias;
  if (!alias.versionConfig) return { kind: 'refused', reason: `the configuration of version ${alias.functionVersion} (alias ${alias.name}) was not read: take a new snapshot` };
  const via = [...callers(fn, alias.name), ...(provisioned.has(alias.name) ? ['provisioned concurrency'] : [])];
  return { kind: 'alias', alias: { ...alias, versionConfig: alias.versionConfig }, via };
}

type Field = 'MemorySize' | 'Timeout' | 'Architectures' | 'LoggingConfig' | 'Code';

/** Where $LATEST differs from the version the alias serves, besides the attribute being changed. */
export function unreleasedDifferences(fn: LambdaFunction, version: LambdaVersionConfig, changing: Field): string[] {
  const diffs: string[] = [];
  const add = (field: Field, latest: unknown, served: unknown): void => {
    if (field !== changing && JSON.stringify(latest) !== JSON.stringify(served)) diffs.push(`${field} ${JSON.stringify(latest)} on $LATEST, ${JSON.stringify(served)} on version ${version.version}`);
  };
  add('MemorySize', fn.memoryMb, version.memoryMb);
  add('Timeout', fn.timeoutS, version.timeoutS);
  add('Architectures', fn.architectures, version.architectures);
  add('LoggingConfig', [fn.logging.logFormat ?? 'Text', fn.logging.applicationLogLevel], [version.logFormat ?? 'Text', version.applicationLogLevel]);
  if ((fn.codeSha256 ?? null) !== version.codeSha256) diffs.push(`the code on $LATEST (CodeSha256 ${fn.codeSha256 ?? 'unknown'}) is not the code of version ${version.version} (${version.codeSha256 ?? 'unknown'})`);
  return diffs;
}

/**
 * Turns a $LATEST change into one that reaches the alias: the same fields, plus the publish (guarded
 * by the served version's CodeSha256) and the alias move; its undo restores $LATEST and moves the
 * alias back to the version it serves now.
 */
export function throughAlias(draft: ChangeDraft, fn: LambdaFunction, field: Field, release: string, restore: string): ChangeDraft {
  const route = servingRoute(fn);
  if (route.kind === 'refused') return { ...draft, refused: route.reason };
  if (route.kind === 'latest') return route.note ? { ...draft, notes: [...(draft.notes ?? []), route.note] } : draft;
  const { alias, via } = route;
  const version = alias.versionConfig;
  const diffs = unreleasedDifferences(fn, version, field);
  const aliasInput: JsonObject = { Name: alias.name, FromVersion: alias.functionVersion };
  const changed: ChangeDraft = {
    ...draft,
    operation: release,
    input: { ...draft.input, PublishVersion: { CodeSha256: version.codeSha256 }, UpdateAlias: aliasInput },
    undo: { operation: restore, input: { ...draft.undo.input, UpdateAlias: { Name: alias.name, FunctionVersion: alias.functionVersion } } },
    notes: [
      `reaches alias ${alias.name} (version ${alias.functionVersion}${via.length ? `; invoked by ${via.join(', ')}` : ''}): updates $LATEST, publishes it as a new version (PublishVersion with the CodeSha256 of version ${alias.functionVersion} and the RevisionId of the update), then moves ${alias.name} from version ${alias.functionVersion} to it (UpdateAlias FunctionVersion); rollback restores $LATEST and moves ${alias.name} back to version ${alias.functionVersion}`,
      ...provisionedNote(fn, alias.name),
      ...(draft.notes ?? []),
    ],
  };
  if (diffs.length) {
    changed.refused = `$LATEST differs from version ${alias.functionVersion} that alias ${alias.name} serves (${diffs.join('; ')}): publishing it would release that too; release or revert $LATEST first`;
  }
  return changed;
}

function provisionedNote(fn: LambdaFunction, alias: string): string[] {
  const pc = fn.provisionedConcurrency.find((p) => p.qualifier === alias);
  return pc ? [`provisioned concurrency on ${alias} (${pc.requested}) follows the alias: Lambda allocates it to the new version`] : [];
}
