/** Test helpers: findings in the rules' own value shapes, and a snapshot read straight from the fake account's state. */
import { ClientFactory } from '../../src/aws/clients.js';
import { functionArnOfUri, qualifierOfUri } from '../../src/inventory/collectors/apigateway.js';
import { emptySnapshot, type AccountSnapshot, type LambdaInvoker } from '../../src/inventory/snapshot.js';
import { sha256Base64 } from '../support/fake-account/state.js';
import type { FindingValues, FixableRuleId } from '../../src/rules/finding-values.js';
import type { Finding, Service } from '../../src/rules/types.js';
import type { FakeState } from '../support/fake-account/index.js';

export function finding<R extends FixableRuleId>(
  rule: R,
  resourceName: string,
  current: FindingValues[R],
  target: FindingValues[R],
  extra: Partial<Finding> = {},
): Finding {
  return {
    rule,
    service: rule.split('/')[0] as Service,
    resource: resourceName,
    resourceName,
    region: 'us-east-1',
    env: 'prod',
    current: current as Finding['current'],
    target: target as Finding['target'],
    monthlyDeltaUsd: -10,
    costLines: [],
    fixable: true,
    severity: 'medium',
    message: `${rule} on ${resourceName}`,
    ...extra,
  };
}

/** The qualifiers the fake's API Gateway integrations and event source mappings invoke. */
function invokedQualifiersOf(state: FakeState, f: FakeState['functions'][number]): LambdaInvoker[] {
  const arn = `arn:aws:lambda:${f.region}:${state.accountId}:function:${f.name}`;
  const viaApis = state.restApis.flatMap((api) =>
    api.resources.flatMap((r) =>
      Object.values(r.methods).flatMap((m) => {
        if (functionArnOfUri(m.uri) !== arn) return [];
        return [{ source: 'apigateway' as const, id: api.id, qualifier: qualifierOfUri(m.uri) ?? '$LATEST' }];
      }),
    ),
  );
  const viaMappings = (state.eventSourceMappings ?? [])
    .filter((m) => m.functionArn.split(':')[6] === f.name)
    .map((m) => ({ source: 'event-source-mapping' as const, id: m.uuid, qualifier: m.functionArn.split(':')[7] ?? '$LATEST' }));
  const seen = new Set<string>();
  return [...viaApis, ...viaMappings].filter((q) => !seen.has(`${q.source}:${q.id}:${q.qualifier}`) && seen.add(`${q.source}:${q.id}:${q.qualifier}`));
}

/** The parts of a snapshot the fixers look up (tags, aliases, layers, scaling), from the fake's state. */
export function snapshotOf(state: FakeState): AccountSnapshot {
  const snapshot = emptySnapshot({ account: state.accountId, regions: ['us-east-1'], collectedAt: '2025-06-01T12:00:00Z' });
  snapshot.lambdaFunctions = state.functions.map((f) => ({
    region: f.region,
    name: f.name,
    arn: `arn:aws:lambda:${f.region}:${state.accountId}:function:${f.name}`,
    runtime: f.runtime,
    packageType: f.packageType,
    architectures: f.architectures,
    memoryMb: f.memory,
    timeoutS: f.timeout,
    reservedConcurrency: f.reserved,
    provisionedConcurrency: Object.entries(f.provisioned).map(([qualifier, n]) => ({ qualifier, requested: n, allocated: n, status: 'READY' })),
    aliases: Object.keys(f.aliases),
    aliasDetails: Object.entries(f.aliases).map(([name, version]) => {
      // A seeded version without its own configuration is $LATEST as seeded (the fake freezes it so on first read).
      const v = f.versionConfigs?.[version] ?? { memory: f.memory, timeout: f.timeout, architectures: f.architectures, logging: f.logging, code: f.code };
      return {
        name,
        functionVersion: version,
        additionalVersionWeights: { ...(f.aliasWeights?.[name] ?? {}) },
        versionConfig:
          version === '$LATEST'
            ? null
            : {
                version,
                memoryMb: v.memory,
                timeoutS: v.timeout,
                architectures: [...v.architectures],
                logFormat: v.logging.LogFormat,
                applicationLogLevel: v.logging.LogFormat === 'JSON' ? (v.logging.ApplicationLogLevel ?? null) : null,
                codeSha256: v.code ? sha256Base64(v.code) : null,
              },
      };
    }),
    invokedQualifiers: invokedQualifiersOf(state, f),
    codeSha256: f.code ? sha256Base64(f.code) : null,
    layers: f.layers.map((arn) => ({ arn, compatibleArchitectures: state.layers[arn]?.compatibleArchitectures ?? null })),
    logging: { logFormat: f.logging.LogFormat, applicationLogLevel: f.logging.ApplicationLogLevel ?? null, systemLogLevel: f.logging.SystemLogLevel ?? null, logGroup: f.logging.LogGroup },
    environmentVariableNames: Object.keys(f.environment),
    tags: f.tags,
    codeSizeBytes: f.code?.length ?? 0,
    invokedByApiGateway: null,
  }));
  snapshot.auroraClusters = state.clusters.map((c) => ({
    region: c.region,
    id: c.id,
    arn: `arn:aws:rds:${c.region}:${state.accountId}:cluster:${c.id}`,
    engine: c.engine,
    engineVersion: c.engineVersion,
    status: c.status,
    serverlessV2: { minAcu: c.minAcu, maxAcu: c.maxAcu },
    engineMinAcuSupported: 0,
    backupRetentionDays: c.backupRetention,
    multiAz: c.multiAz,
    instances: [],
    dataApiEnabled: c.dataApi,
    deletionProtection: c.deletionProtection,
    tags: c.tags,
  }));
  snapshot.dynamoTables = state.tables.map((t) => ({
    region: t.region,
    name: t.name,
    arn: `arn:aws:dynamodb:${t.region}:${state.accountId}:table/${t.name}`,
    billingMode: t.billingMode,
    provisioned: t.billingMode === 'PROVISIONED' ? { rcu: t.rcu, wcu: t.wcu } : null,
    keySchema: [],
    attributeDefinitions: [],
    gsis: t.gsis.map((g) => ({ name: g.name, keySchema: [], projectionType: g.projection, provisioned: { rcu: g.rcu, wcu: g.wcu } })),
    itemCount: t.itemCount,
    sizeBytes: t.sizeBytes,
    lastSwitchToPayPerRequest: t.switchesToOnDemand.at(-1) ?? null,
    tags: t.tags,
  }));
  snapshot.buckets = state.buckets.map((b) => ({
    name: b.name,
    region: b.region,
    lifecycleRules: (b.lifecycle as AccountSnapshot['buckets'][number]['lifecycleRules']) ?? null,
    intelligentTiering: b.intelligentTiering as AccountSnapshot['buckets'][number]['intelligentTiering'],
    tags: b.tags,
  }));
  snapshot.network.vpcs = state.network.vpcs.map((v) => ({ region: v.region, id: v.id, cidr: v.cidr, isDefault: v.isDefault, tags: v.tags }));
  snapshot.logGroups = state.logGroups.map((g) => ({ region: g.region, name: g.name, arn: `arn:aws:logs:${g.region}:${state.accountId}:log-group:${g.name}:*`, retentionDays: g.retention, storedBytes: g.storedBytes }));
  snapshot.restApis = state.restApis.map((a) => ({
    region: a.region,
    id: a.id,
    name: a.name,
    tags: a.tags,
    stages: a.stages.map((s) => ({
      name: s.name,
      cacheClusterEnabled: s.cacheClusterEnabled,
      cacheClusterSize: s.cacheClusterSize ?? null,
      methodCaching: Object.fromEntries(Object.entries(s.methodSettings ?? {}).map(([k, m]) => [k, { cachingEnabled: m.cachingEnabled, cacheTtlSeconds: m.cacheTtlInSeconds }])),
      tags: s.tags,
    })),
    methods: a.resources.flatMap((r) =>
      Object.entries(r.methods).map(([httpMethod, m]) => ({
        resourcePath: r.path,
        httpMethod,
        authorizationType: m.authorizationType ?? 'NONE',
        requestParameters: Object.keys(m.requestParameters ?? {}),
        cacheKeyParameters: [...(m.cacheKeyParameters ?? [])],
      })),
    ),
  }));
  snapshot.distributions = state.distributions.map((d) => ({
    id: d.id,
    arn: `arn:aws:cloudfront::${state.accountId}:distribution/${d.id}`,
    domainName: `${d.id.toLowerCase()}.cloudfront.net`,
    aliases: [],
    enabled: true,
    priceClass: String(d.config.PriceClass),
    defaultBehavior: behaviorOf(d.config.DefaultCacheBehavior as FakeBehavior, '*'),
    behaviors: ((d.config.CacheBehaviors as { Items?: FakeBehavior[] } | undefined)?.Items ?? []).map((b) => behaviorOf(b, String(b.PathPattern))),
    origins: ((d.config.Origins as { Items?: { Id: string; DomainName: string; S3OriginConfig?: unknown }[] }).Items ?? []).map((o) => ({
      id: o.Id,
      domainName: o.DomainName,
      kind: o.S3OriginConfig ? ('s3' as const) : ('custom' as const),
    })),
    tags: d.tags,
  }));
  return snapshot;
}

interface FakeBehavior {
  PathPattern?: string;
  TargetOriginId?: string;
  Compress?: boolean;
  CachePolicyId?: string;
  OriginRequestPolicyId?: string;
  ForwardedValues?: { QueryString: boolean; Headers?: { Items?: string[] }; Cookies?: { Forward?: string } };
}

function behaviorOf(b: FakeBehavior, pathPattern: string): AccountSnapshot['distributions'][number]['defaultBehavior'] {
  const f = b.ForwardedValues;
  return {
    pathPattern,
    targetOriginId: b.TargetOriginId ?? null,
    compress: b.Compress ?? false,
    cachePolicyId: b.CachePolicyId ?? null,
    originRequestPolicyId: b.OriginRequestPolicyId ?? null,
    forwardedValues: f && !b.CachePolicyId ? { queryString: f.QueryString, headers: [...(f.Headers?.Items ?? [])], cookies: f.Cookies?.Forward ?? 'none' } : null,
  };
}

export function factory(): ClientFactory {
  return new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });
}

export const noSleep = async (): Promise<void> => {};

/** The fake's state without what AWS changes on every write (timestamps, ETags, id counters). */
export function comparableState(state: FakeState): unknown {
  const copy = structuredClone({ ...state, now: undefined, beforeRequest: undefined }) as Record<string, unknown>;
  delete copy.counter;
  for (const f of copy.functions as { lastModified?: string; updatingReads?: number; code?: unknown; revision?: number; aliasRevisions?: unknown; versionConfigs?: Record<string, { code?: unknown }> }[]) {
    // Revision ids change with every write, as lastModified does.
    delete f.lastModified;
    delete f.updatingReads;
    delete f.revision;
    delete f.aliasRevisions;
    for (const v of Object.values(f.versionConfigs ?? {})) v.code = v.code ? Buffer.from(v.code as Uint8Array).toString('base64') : null;
    f.code = f.code ? Buffer.from(f.code as Uint8Array).toString('base64') : null;
  }
  for (const d of copy.distributions as { etag?: string }[]) delete d.etag;
  // A rollback turns method caching off on the keys the fix set; the key itself stays in the stage's
  // methodSettings (as on AWS: the tool sends no `remove`), holding API Gateway's defaults. Such a key
  // caches nothing, exactly as an absent one, so it compares as absent.
  for (const api of copy.restApis as { stages: { methodSettings?: Record<string, { cachingEnabled: boolean; cacheTtlInSeconds: number }> }[] }[]) {
    for (const stage of api.stages) {
      for (const [key, m] of Object.entries(stage.methodSettings ?? {})) if (!m.cachingEnabled && m.cacheTtlInSeconds === 300) delete stage.methodSettings?.[key];
      if (stage.methodSettings && Object.keys(stage.methodSettings).length === 0) delete stage.methodSettings;
    }
  }
  for (const c of copy.clusters as { modifyingReads?: number }[]) delete c.modifyingReads;
  for (const t of copy.tables as { switchesToOnDemand?: string[] }[]) delete t.switchesToOnDemand;
  return copy;
}
