/**
 * The one answer to "which environment is this resource?", for every command (audit, fix, validate,
 * cost, migrate). In this order:
 *   1. the resource's environment tag;
 *   2. its stack's environment parameter (Environment, Env, Stage by default; configurable), or for a
 *      snapshot resolved from a template, the template's environment parameter;
 *   3. for a resource made for another (the log group /aws/lambda/F, an API stage, a NAT gateway in a
 *      VPC), its owner's tag or stack;
 *   4. an environment word in its name (PascalCase, kebab and snake words), then in its owner's;
 *   5. --env (or the account's environment recorded in the snapshot);
 *   6. else unknown, with the reason.
 * --env only labels what no other source names: a resource read as another environment, or one in
 * another environment's stack, stays that environment (and --env then filters it out).
 */
import type {
  AccountSnapshot,
  ApiStage,
  AuroraCluster,
  Bucket,
  Distribution,
  DynamoTable,
  LambdaFunction,
  LogGroup,
  NatGateway,
  RestApi,
  Stack,
  StackRef,
  Vpc,
} from '../inventory/snapshot.js';
import type { TargetProfile } from './design.js';
import { envsInName, envWords, type Env, type EnvironmentDef, type ResolvedEnv } from './environment.js';

/** Where an environment was read from. */
export type EnvSource = 'tag' | 'stack-parameter' | 'template-parameter' | 'name' | 'owner' | 'flag' | 'unknown';
export const ENV_SOURCES: readonly EnvSource[] = ['tag', 'stack-parameter', 'template-parameter', 'name', 'owner', 'flag', 'unknown'];

/** A resource's environment, where it was read from, and what said it (or, for unknown, why nothing did). */
export interface EnvReading {
  name: ResolvedEnv;
  source: EnvSource;
  detail: string;
}

/** What the resolver reads of a resource. */
export interface EnvSubject {
  name: string;
  tags?: Record<string, string>;
  stack?: Pick<StackRef, 'name'>;
  region?: string | null;
  /** The resource this one was made for, when it has one (a stage's API); log groups find theirs by name. */
  owner?: { kind: string; subject: EnvSubject };
}


// ---- Subjects: one per kind of resource, so every command reads the same fields. ----

export const functionSubject = (fn: LambdaFunction): EnvSubject => ({ name: fn.name, tags: fn.tags, stack: fn.stack, region: fn.region });
export const clusterSubject = (c: AuroraCluster): EnvSubject => ({ name: c.id, tags: c.tags, stack: c.stack, region: c.region });
export const tableSubject = (t: DynamoTable): EnvSubject => ({ name: t.name, tags: t.tags, stack: t.stack, region: t.region });
export const bucketSubject = (b: Bucket): EnvSubject => ({ name: b.name, tags: b.tags, stack: b.stack, region: b.region });
export const distributionSubject = (d: Distribution): EnvSubject => ({ name: d.comment || d.aliases[0] || d.id, tags: d.tags, stack: d.stack, region: null });
export const vpcSubject = (v: Vpc): EnvSubject => ({ name: v.tags.Name ?? v.id, tags: v.tags, stack: v.stack, region: v.region });
export const logGroupSubject = (g: LogGroup): EnvSubject => ({ name: g.name, tags: g.tags, stack: g.stack, region: g.region });
export const apiSubject = (api: RestApi): EnvSubject => ({ name: api.name, tags: api.tags, stack: api.stack, region: api.region });

/**
 * A stage: its own tags over its API's, its stack, and its API as owner. SAM's implicit stage is named
 * "Stage", which says nothing about the environment (it is not "staging"): its name is not read.
 */
export function stageSubject(api: RestApi, stage: ApiStage): EnvSubject {
  const samDefault = stage.name === 'Stage';
  return {
    name: samDefault ? '' : stage.name,
    tags: { ...api.tags, ...stage.tags },
    stack: stage.stack ?? api.stack,
    region: api.region,
    owner: { kind: 'API', subject: apiSubject(api) },
  };
}

/** A NAT gateway without an environment of its own belongs to its VPC's. */
export function natSubject(nat: NatGateway, vpcs: readonly Vpc[]): EnvSubject {
  const vpc = vpcs.find((v) => v.id === nat.vpcId);
  return { name: nat.tags.Name ?? nat.id, tags: nat.tags, stack: nat.stack, region: nat.region, ...(vpc ? { owner: { kind: 'VPC', subject: vpcSubject(vpc) } } : {}) };
}

// ---- The resolver ----

export interface EnvironmentResolver {
  read(subject: EnvSubject): EnvReading;
  envOf(subject: EnvSubject): ResolvedEnv;
}

export interface ResolverOptions {
  environments: readonly EnvironmentDef[];
  tagKey: string;
  parameterNames: readonly string[];
  /** --env, or the account's environment recorded in the snapshot; labels only what nothing else names. */
  flagEnv?: Env;
  /** How the flag's environment was given, for the reading's detail. */
  flagDetail?: string;
}

const lower = (s: string): string => s.toLowerCase();

/** The log groups made for another resource: /aws/lambda/F (or F's configured group) → F; API Gateway's execution logs → the stage. */
function logGroupOwners(snapshot: AccountSnapshot): Map<string, { kind: string; subject: EnvSubject }> {
  const owners = new Map<string, { kind: string; subject: EnvSubject }>();
  for (const fn of snapshot.lambdaFunctions) {
    const owner = { kind: 'function', subject: functionSubject(fn) };
    owners.set(`/aws/lambda/${fn.name}`, owner);
    if (fn.logging.logGroup) owners.set(fn.logging.logGroup, owner);
  }
  for (const api of snapshot.restApis) {
    for (const stage of api.stages) owners.set(`API-Gateway-Execution-Logs_${api.id}/${stage.name}`, { kind: 'stage', subject: stageSubject(api, stage) });
  }
  return owners;
}

export function createEnvironmentResolver(snapshot: AccountSnapshot, options: ResolverOptions): EnvironmentResolver {
  const words = envWords(options.environments);
  const known = options.environments.map((e) => e.name).join(', ');
  const notAnEnv = `not an environment (known: ${known}; a config file can add one under "environments")`;
  const parameterNames = options.parameterNames.map(lower);
  const owners = logGroupOwners(snapshot);
  const stacks = snapshot.stacks ?? [];

  const findStack = (ref: Pick<StackRef, 'name'>, region: string | null | undefined): Stack | undefined =>
    stacks.find((s) => s.name === ref.name && (!region || s.region === region)) ?? stacks.find((s) => s.name === ref.name);

  const tagReading = (subject: EnvSubject): EnvReading | null => {
    const entry = Object.entries(subject.tags ?? {}).find(([key]) => lower(key) === lower(options.tagKey));
    if (!entry || !entry[1].trim()) return null;
    const env = words.get(lower(entry[1].trim()));
    const said = `tag ${entry[0]}=${entry[1]}`;
    return env ? { name: env, source: 'tag', detail: said } : { name: 'unknown', source: 'unknown', detail: `${said} is ${notAnEnv}` };
  };

  const parameterReading = (parameters: readonly { key: string; value: string | null }[], where: string, source: EnvSource): EnvReading | null => {
    const parameter = parameterNames
      .map((wanted) => parameters.find((p) => lower(p.key) === wanted && p.value !== null && p.value.trim() !== ''))
      .find((p) => p !== undefined);
    if (!parameter || parameter.value === null) return null;
    const env = words.get(lower(parameter.value.trim()));
    const said = `${where} parameter ${parameter.key}=${parameter.value}`;
    return env ? { name: env, source, detail: said } : { name: 'unknown', source: 'unknown', detail: `${said} is ${notAnEnv}` };
  };

  const stackReading = (subject: EnvSubject): EnvReading | null => {
    if (!subject.stack) return null;
    const stack = findStack(subject.stack, subject.region);
    return stack ? parameterReading(stack.parameters, `stack ${stack.name}`, 'stack-parameter') : null;
  };

  const templateReading = (): EnvReading | null => {
    const template = snapshot.template;
    if (!template) return null;
    const parameters = Object.entries(template.parameters).map(([key, value]) => ({ key, value }));
    const fromParameters = parameterReading(parameters, `template ${template.file}`, 'template-parameter');
    if (fromParameters) return fromParameters;
    if (!template.environment) return null;
    const env = words.get(lower(template.environment));
    const said = `template ${template.file} environment ${template.environment}`;
    return env ? { name: env, source: 'template-parameter', detail: said } : { name: 'unknown', source: 'unknown', detail: `${said} is ${notAnEnv}` };
  };

  /** What the resource itself says for sure: its tag, its stack's or template's parameter. */
  const ownStrong = (subject: EnvSubject): EnvReading | null => tagReading(subject) ?? stackReading(subject) ?? templateReading();

  const nameReading = (subject: EnvSubject): EnvReading | null => {
    if (!subject.name) return null;
    const found = envsInName(subject.name, options.environments);
    if (found.length === 1) return { name: found[0], source: 'name', detail: `"${subject.name}" names ${found[0]}` };
    if (found.length > 1) return { name: 'unknown', source: 'unknown', detail: `"${subject.name}" names ${found.join(' and ')}: ambiguous` };
    return null;
  };

  const ownerOf = (subject: EnvSubject): { kind: string; subject: EnvSubject } | undefined => subject.owner ?? owners.get(subject.name);

  const viaOwner = (owner: { kind: string; subject: EnvSubject }, reading: EnvReading | null): EnvReading | null => {
    if (!reading) return null;
    const detail = `made for ${owner.kind} ${owner.subject.name || '(unnamed)'}: ${reading.detail}`;
    return reading.name === 'unknown' ? { ...reading, detail } : { name: reading.name, source: 'owner', detail };
  };

  /** The owner chain's strong readings, then names: ownStrong, owner's strong, ..., own name, owner's name, ... */
  const chain = (subject: EnvSubject, depth = 0): { strong: EnvReading | null; named: EnvReading | null } => {
    const owner = depth < 4 ? ownerOf(subject) : undefined;
    const above = owner ? chain(owner.subject, depth + 1) : { strong: null, named: null };
    const strong = ownStrong(subject) ?? (owner ? viaOwner(owner, above.strong) : null);
    const named = nameReading(subject) ?? (owner ? viaOwner(owner, above.named) : null);
    return { strong, named };
  };

  const unknownReason = [
    `no ${options.tagKey} tag`,
    `no stack parameter ${options.parameterNames.join('/')}`,
    'no environment word in the name',
    options.flagEnv ? '' : 'and no --env given',
  ]
    .filter(Boolean)
    .join(', ');

  const read = (subject: EnvSubject): EnvReading => {
    const { strong, named } = chain(subject);
    const reading = strong ?? named;
    if (reading) return reading;
    if (options.flagEnv) return { name: options.flagEnv, source: 'flag', detail: options.flagDetail ?? `--env ${options.flagEnv}` };
    return { name: 'unknown', source: 'unknown', detail: `${unknownReason}: targets are per environment, so no rule judged it` };
  };

  return { read, envOf: (subject) => read(subject).name };
}

/** The resolver for a snapshot under these targets: --env (or the environment recorded in the snapshot) labels only what nothing else names. */
export function resolverFor(snapshot: AccountSnapshot, targets: TargetProfile, onlyEnv?: Env): EnvironmentResolver {
  const words = envWords(targets.environments);
  const recorded = snapshot.env ? words.get(lower(snapshot.env)) : undefined;
  const flagEnv = recorded ?? onlyEnv;
  const flagDetail = recorded ? `the account's environment recorded in the snapshot (${snapshot.env})` : onlyEnv ? `--env ${onlyEnv}` : undefined;
  return createEnvironmentResolver(snapshot, {
    environments: targets.environments,
    tagKey: targets.environmentTagKey,
    parameterNames: targets.environmentParameterNames,
    flagEnv,
    flagDetail,
  });
}

/** Every judged resource with its subject and the ids findings use for it (ARNs where it has one). */
export interface NamedSubject {
  service: string;
  /** The id the unknown-environment list shows. */
  resource: string;
  /** Ids a finding on it may carry as its resource. */
  keys: string[];
  subject: EnvSubject;
}

export function namedSubjects(snapshot: AccountSnapshot): NamedSubject[] {
  const vpcArn = (v: Vpc): string => (snapshot.account ? `arn:aws:ec2:${v.region}:${snapshot.account}:vpc/${v.id}` : v.id);
  return [
    ...snapshot.lambdaFunctions.map((fn) => ({ service: 'lambda', resource: fn.arn, keys: [fn.arn], subject: functionSubject(fn) })),
    ...snapshot.auroraClusters.map((c) => ({ service: 'aurora', resource: c.arn, keys: [c.arn], subject: clusterSubject(c) })),
    ...snapshot.dynamoTables.map((t) => ({ service: 'dynamodb', resource: t.arn, keys: [t.arn], subject: tableSubject(t) })),
    ...snapshot.buckets.map((b) => ({ service: 's3', resource: b.arn ?? b.name, keys: [b.arn ?? `arn:aws:s3:::${b.name}`, b.name], subject: bucketSubject(b) })),
    ...snapshot.distributions.map((d) => ({ service: 'cloudfront', resource: d.arn, keys: [d.arn], subject: distributionSubject(d) })),
    ...snapshot.network.vpcs.filter((v) => !v.isDefault).map((v) => ({ service: 'vpc', resource: v.id, keys: [vpcArn(v), v.id], subject: vpcSubject(v) })),
    ...snapshot.logGroups.map((g) => ({ service: 'logs', resource: g.arn, keys: [g.arn, g.arn.replace(/:\*$/, '')], subject: logGroupSubject(g) })),
    ...snapshot.restApis.flatMap((api) =>
      api.stages.map((stage) => ({
        service: 'apigateway',
        resource: `${api.id}/${stage.name}`,
        keys: [`${api.id}/${stage.name}`, `arn:aws:apigateway:${api.region}::/restapis/${api.id}/stages/${stage.name}`],
        subject: stageSubject(api, stage),
      })),
    ),
  ];
}
