/**
 * A resolved template → the AccountSnapshot the rules read (`audit --template`), so no rule knows
 * where its data came from. Every record carries `template: { file, line, logicalId }`.
 *
 * What a template cannot say offline is never made up silently: a value the resolver left unresolved
 * gets a documented neutral value and a coverage gap naming the template line, the expression and the
 * value audited instead. There are no usage blocks (a template has no traffic), so money is "usage data
 * needed" unless usage comes from elsewhere. Secrets stay out: a NoEcho parameter, or one whose name
 * says password/secret/token, is recorded by name only, and environment variable values are never copied.
 */
import { AccountSnapshot, SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION } from '../inventory/snapshot.js';
import { buildContext } from './snapshot-context.js';
import { templateBuckets, templateClusters, templateLogGroups, templateTables } from './snapshot-data.js';
import { templateDistributions, templateRestApis } from './snapshot-edge.js';
import { templateFunctions } from './snapshot-lambda.js';
import { templateNetwork } from './snapshot-network.js';
import { TEMPLATE_ACCOUNT } from './snapshot-values.js';
import type { ResolvedTemplate } from './types.js';

export interface TemplateSnapshotOptions {
  /** The value of the environment parameter this run audits, or null when the template has none. */
  environment: string | null;
  region: string;
  /** The account id ARNs name; TEMPLATE_ACCOUNT (000000000000) when none is given. */
  account?: string;
  collectedAt?: string;
}

/** The value recorded for a secret parameter: its name is kept, its value never. */
export const SECRET_PARAMETER_VALUE = '(secret: not recorded)';

const SECRET_NAME = /pass(word|wd)?|secret|token|api[-_]?key|credential|private[-_]?key/i;

export function isSecretParameter(template: ResolvedTemplate, name: string): boolean {
  return SECRET_NAME.test(name) || Boolean(template.declaredParameters.find((p) => p.name === name)?.noEcho);
}

function recordedParameters(template: ResolvedTemplate): Record<string, string> {
  return Object.fromEntries(Object.entries(template.parameters).map(([name, value]) => [name, isSecretParameter(template, name) ? SECRET_PARAMETER_VALUE : value]));
}

export function templateToSnapshot(resolved: ResolvedTemplate, opts: TemplateSnapshotOptions): AccountSnapshot {
  const c = buildContext(resolved, opts.region, opts.account ?? TEMPLATE_ACCOUNT);
  const snapshot: AccountSnapshot = {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collectedAt: opts.collectedAt ?? new Date().toISOString(),
    account: opts.account ?? null,
    regions: [opts.region],
    env: opts.environment,
    lambdaFunctions: templateFunctions(c),
    lambdaAccountSettings: [],
    auroraClusters: templateClusters(c),
    dynamoTables: templateTables(c),
    buckets: templateBuckets(c),
    distributions: templateDistributions(c),
    network: templateNetwork(c),
    logGroups: templateLogGroups(c),
    restApis: templateRestApis(c),
    coverageGaps: c.log.gaps,
    template: { file: resolved.file, parameters: recordedParameters(resolved), environment: opts.environment },
  };
  // The same validation a snapshot file gets: a template the builder mapped wrongly fails here, not in a rule.
  return AccountSnapshot.parse(snapshot);
}
