#!/usr/bin/env node
/**
 * Generates the demo account: the design document's "current architecture" for dev and prod
 * (examples/demo-dev.snapshot.json, examples/demo-prod.snapshot.json), with plausible usage
 * blocks (source "demo") so the audit's dollars are real estimates from the price catalog.
 *
 *   node examples/make-demo.mjs           write both files
 *   node examples/make-demo.mjs --check   exit 1 if the committed files differ from what this writes
 *
 * Deterministic: no clock, no randomness. Each environment is its own AWS account (the usual
 * multi-account setup); names still carry -dev/-prod and an Environment tag, as Clinnet's templates do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REGION = 'us-east-1';
const GB = 1024 ** 3;
const COLLECTED_AT = '2025-06-02T08:00:00.000Z';

/**
 * Per environment: the account, and how busy it is. Prod is a multi-clinic EMR in daily use;
 * dev is the team's own traffic, so usage is a small fraction of prod's.
 */
const ENVS = {
  prod: {
    account: '444455556666',
    traffic: 1,
    aurora: { engineVersion: '8.0.mysql_aurora.3.05.2', engineMin: 0.5, engineMax: 128, retention: 14, readers: 1, avgAcu: 2.0, peakAcu: 9.5, p99Acu: 6.5, storageGb: 64, backupGb: 90, idle: 0, latency: 14 },
    dynamo: { reports: [50, 25, 20, 10], services: [10, 5], users: [25, 10, 10, 5] },
    buckets: { documents: 1250, images: 2600, frontend: 3.2 },
    cloudfront: { gbOut: 1000, requests: 14_000_000, hitRate: 78 },
    nat: { gb: 950, s3Gb: 580, dynamoGb: 85 },
    apiLogGb: 30,
    logMonths: 14,
    concurrencyLimit: 1000,
    vpcCidr: '10.20.0.0/16',
    cfId: 'E3CLINNETPROD1',
    apiId: 'k7prd4x2m9',
    alias: 'app.clinnet.example',
  },
  dev: {
    account: '111122223333',
    traffic: 0.02,
    aurora: { engineVersion: '8.0.mysql_aurora.3.08.0', engineMin: 0, engineMax: 256, retention: 7, readers: 0, avgAcu: 0.62, peakAcu: 2.5, p99Acu: 1.5, storageGb: 9, backupGb: 6, idle: 0.68, latency: 9 },
    dynamo: { reports: [5, 5, 5, 5], services: [5, 5], users: [5, 5, 5, 5] },
    buckets: { documents: 22, images: 45, frontend: 1.1 },
    cloudfront: { gbOut: 6, requests: 180_000, hitRate: 35 },
    nat: { gb: 42, s3Gb: 24, dynamoGb: 5 },
    apiLogGb: 1.5,
    logMonths: 14,
    concurrencyLimit: 1000,
    vpcCidr: '10.10.0.0/16',
    cfId: 'E1CLINNETDEV01',
    apiId: 'q3dev8n1c5',
    alias: 'dev.clinnet.example',
  },
};

/**
 * The functions, with prod usage: [name, invocations/month, avg ms, p95, p99, max ms, max memory MB at 256 MB,
 * invoked by API Gateway, log KB per invocation at INFO, layer]. Durations are measured at today's 256 MB on x86_64.
 */
const FUNCTIONS = [
  ['patients', 2_400_000, 180, 420, 900, 3800, 148, true, 10],
  ['patient-search', 1_100_000, 240, 600, 1200, 4100, 171, true, 8],
  ['appointments', 2_000_000, 160, 380, 850, 3500, 139, true, 10],
  ['appointment-reminders', 180_000, 900, 2100, 3500, 8200, 122, false, 6],
  ['services', 600_000, 90, 200, 420, 1900, 104, true, 6],
  ['users', 800_000, 110, 260, 520, 2300, 118, true, 8],
  ['auth', 3_100_000, 70, 160, 330, 1500, 96, true, 6],
  ['billing', 350_000, 280, 650, 1300, 5200, 156, true, 12],
  ['invoices', 220_000, 340, 820, 1600, 6400, 163, true, 12],
  ['scheduling', 450_000, 200, 480, 980, 4000, 131, true, 8],
  ['notifications', 320_000, 260, 700, 1500, 6000, 112, false, 6],
  ['diagnostics', 9_000, 350, 900, 1600, 4200, 88, true, 4],
  ['health-check', 43_200, 45, 90, 160, 900, 71, false, 2],
  ['admin', 18_000, 220, 600, 1100, 3900, 97, true, 6],
  ['status', 86_000, 40, 80, 150, 700, 68, true, 2],
  ['db-migrate', 60, 4200, 9800, 12000, 14500, 141, false, 20],
  ['reports', 32_000, 7800, 16500, 22000, 27500, 241, true, 30],
  ['ai-summarize', 21_000, 11800, 21000, 26500, 29800, 236, false, 40],
  ['document-export', 15_000, 5200, 11000, 15800, 21000, 212, true, 20],
  ['image-process', 64_000, 2900, 6100, 8800, 12500, 229, false, 15, 'pillow'],
  ['pdf-render', 26_000, 3400, 7200, 9900, 14000, 198, false, 15],
  ['analytics', 4_800, 9600, 18000, 23000, 26000, 224, true, 25],
  ['data-import', 1_900, 14000, 22000, 26000, 28500, 233, false, 30],
];
/** Functions the design gives provisioned concurrency in prod are invoked through a "live" alias. */
const ALIASED = ['patients', 'appointments'];

const round = (n) => Math.round(n);
const tagsOf = (env, extra = {}) => ({ Environment: env, Project: 'clinnet', ...extra });

function lambdaFunctions(env, cfg) {
  return FUNCTIONS.map(([base, invocations, avg, p95, p99, max, mem, api, logKb, layer]) => {
    const name = `clinnet-${base}-${env}`;
    const calls = Math.max(1, round(invocations * cfg.traffic));
    const logBytes = round(calls * logKb * 1024);
    const layers = [{ arn: `arn:aws:lambda:${REGION}:${cfg.account}:layer:clinnet-common:12`, compatibleArchitectures: ['x86_64', 'arm64'] }];
    // Pillow ships native code: this layer was only ever built for x86_64.
    if (layer === 'pillow') layers.push({ arn: `arn:aws:lambda:${REGION}:${cfg.account}:layer:pillow:4`, compatibleArchitectures: ['x86_64'] });
    return {
      region: REGION,
      name,
      arn: `arn:aws:lambda:${REGION}:${cfg.account}:function:${name}`,
      runtime: 'python3.12',
      packageType: 'Zip',
      architectures: ['x86_64'],
      memoryMb: 256,
      timeoutS: 30,
      reservedConcurrency: null,
      provisionedConcurrency: [],
      aliases: env === 'prod' && ALIASED.includes(base) ? ['live'] : [],
      // API Gateway invokes the aliased functions through `live`, which serves version 7 (the same configuration and code as $LATEST).
      aliasDetails:
        env === 'prod' && ALIASED.includes(base)
          ? [{ name: 'live', functionVersion: '7', additionalVersionWeights: {}, versionConfig: { version: '7', memoryMb: 256, timeoutS: 30, architectures: ['x86_64'], logFormat: 'Text', applicationLogLevel: null, codeSha256: null } }]
          : [],
      invokedQualifiers: api ? [{ source: 'apigateway', id: cfg.apiId, qualifier: env === 'prod' && ALIASED.includes(base) ? 'live' : '$LATEST' }] : [],
      layers,
      logging: { logFormat: 'Text', applicationLogLevel: null, systemLogLevel: null, logGroup: `/aws/lambda/${name}` },
      environmentVariableNames: ['DB_HOST', 'DB_NAME', 'DB_USERNAME', 'DB_SECRET_ARN', 'LOG_LEVEL', 'DOCUMENTS_BUCKET'],
      tags: tagsOf(env, { Service: base }),
      codeSizeBytes: 1_800_000 + base.length * 41_000,
      codeSha256: null,
      invokedByApiGateway: api,
      lastModified: '2025-05-12T09:30:00.000+0000',
      usage: {
        source: 'demo',
        windowDays: 30,
        invocationsPerMonth: calls,
        avgDurationMs: avg,
        p95DurationMs: p95,
        p99DurationMs: p99,
        maxDurationMs: max,
        maxMemoryUsedMb: mem,
        errorsPerMonth: round(calls * 0.002),
        throttlesPerMonth: 0,
        maxConcurrentExecutions: Math.max(1, round((invocations * cfg.traffic * avg) / 1000 / (30 * 86400) * 12)),
        initDurationP95Ms: 850,
        logIngestedBytesPerMonth: logBytes,
      },
    };
  });
}

function auroraCluster(env, cfg) {
  const a = cfg.aurora;
  const id = `clinnet-aurora-${env}`;
  const instances = [{ id: `${id}-writer`, instanceClass: 'db.serverless', availabilityZone: `${REGION}a`, isWriter: true, status: 'available' }];
  for (let i = 1; i <= a.readers; i++) instances.push({ id: `${id}-reader-${i}`, instanceClass: 'db.serverless', availabilityZone: `${REGION}b`, isWriter: false, status: 'available' });
  return {
    region: REGION,
    id,
    arn: `arn:aws:rds:${REGION}:${cfg.account}:cluster:${id}`,
    engine: 'aurora-mysql',
    engineVersion: a.engineVersion,
    engineMode: 'provisioned',
    status: 'available',
    serverlessV2: { minAcu: 0.5, maxAcu: 16, secondsUntilAutoPause: null },
    engineMinAcuSupported: a.engineMin,
    engineMaxAcuSupported: a.engineMax,
    backupRetentionDays: a.retention,
    multiAz: a.readers > 0,
    instances,
    dataApiEnabled: false,
    deletionProtection: env === 'prod',
    tags: tagsOf(env),
    usage: {
      source: 'demo',
      windowDays: 30,
      avgAcu: a.avgAcu,
      peakAcu: a.peakAcu,
      p99Acu: a.p99Acu,
      acuUtilizationPct: Math.round((a.avgAcu / 16) * 1000) / 10,
      storageGb: a.storageGb,
      backupStorageGb: a.backupGb,
      idleFraction: a.idle,
      queryLatencyMs: a.latency,
    },
  };
}

function dynamoTables(env, cfg) {
  const seconds = 30 * 86400;
  const table = (base, [rcu, wcu, gsiRcu, gsiWcu], items, bytes, keyAttrs, gsi, utilisation) => {
    const name = `clinnet-${base}-${env}`;
    return {
      region: REGION,
      name,
      arn: `arn:aws:dynamodb:${REGION}:${cfg.account}:table/${name}`,
      status: 'ACTIVE',
      billingMode: 'PROVISIONED',
      provisioned: { rcu, wcu },
      keySchema: [{ name: 'id', type: 'HASH' }],
      attributeDefinitions: keyAttrs.map((n) => ({ name: n, type: 'S' })),
      gsis: gsi ? [{ ...gsi, provisioned: { rcu: gsiRcu, wcu: gsiWcu } }] : [],
      itemCount: items,
      sizeBytes: bytes,
      lastSwitchToPayPerRequest: null,
      tags: tagsOf(env),
      usage: {
        source: 'demo',
        windowDays: 30,
        // Consumed capacity runs at a fraction of what is provisioned: the case for on-demand.
        readRequestUnitsPerMonth: round(rcu * utilisation * seconds),
        writeRequestUnitsPerMonth: round(wcu * utilisation * seconds),
        avgConsumedRcu: rcu * utilisation,
        avgConsumedWcu: wcu * utilisation,
        peakConsumedRcu: rcu * 0.8,
        peakConsumedWcu: wcu * 0.7,
      },
    };
  };
  const t = cfg.traffic;
  return [
    table('medical_reports', cfg.dynamo.reports, round(1_850_000 * Math.max(t, 0.01)), round(9.4 * GB * Math.max(t, 0.01)), ['id', 'patientId'], { name: 'PatientIndex', keySchema: [{ name: 'patientId', type: 'HASH' }], projectionType: 'ALL' }, 0.22),
    table('services', cfg.dynamo.services, 240, 118_000, ['id'], null, 0.08),
    table('users', cfg.dynamo.users, round(12_400 * Math.max(t, 0.02)), round(8.1e6 * Math.max(t, 0.02)), ['id', 'email'], { name: 'EmailIndex', keySchema: [{ name: 'email', type: 'HASH' }], projectionType: 'ALL' }, 0.12),
  ];
}

function buckets(env, cfg) {
  const bucket = (base, gb, objects, large, ages) => ({
    name: `clinnet-${base}-${env}`,
    region: REGION,
    arn: `arn:aws:s3:::clinnet-${base}-${env}`,
    lifecycleRules: null,
    intelligentTiering: [],
    tags: tagsOf(env),
    usage: { source: 'demo', windowDays: 30, bytesByClass: { StandardStorage: round(gb * GB) }, objectCount: objects, largeObjectFraction: large, ageFractions: ages },
  });
  const list = [
    bucket('documents', cfg.buckets.documents, round(cfg.buckets.documents * 1900), 0.86, { 7: 0.96, 30: 0.86, 60: 0.78, 90: 0.7, 365: 0.34 }),
    bucket('medical-images', cfg.buckets.images, round(cfg.buckets.images * 430), 0.98, { 7: 0.97, 30: 0.9, 60: 0.83, 90: 0.76, 365: 0.41 }),
    bucket('frontend', cfg.buckets.frontend, 2400, 0.22, { 7: 0.7, 30: 0.55, 90: 0.4, 365: 0.1 }),
  ];
  // A deployment bucket nobody tagged and whose name says no environment: the audit lists it, never guesses.
  if (env === 'prod') {
    list.push({
      name: 'clinnet-deploy-artifacts-4f7a',
      region: REGION,
      arn: 'arn:aws:s3:::clinnet-deploy-artifacts-4f7a',
      lifecycleRules: null,
      intelligentTiering: [],
      tags: {},
      usage: { source: 'demo', windowDays: 30, bytesByClass: { StandardStorage: round(14 * GB) }, objectCount: 1900 },
    });
  }
  return list;
}

function distribution(env, cfg) {
  const behavior = (pathPattern, origin) => ({ pathPattern, targetOriginId: origin, compress: false, cachePolicyId: null, originRequestPolicyId: null, viewerProtocolPolicy: 'redirect-to-https' });
  return {
    id: cfg.cfId,
    arn: `arn:aws:cloudfront::${cfg.account}:distribution/${cfg.cfId}`,
    domainName: `d${cfg.cfId.toLowerCase().slice(2, 12)}.cloudfront.net`,
    aliases: [cfg.alias],
    comment: `clinnet-frontend-${env}`,
    enabled: true,
    priceClass: 'PriceClass_100',
    defaultBehavior: behavior('*', 'frontend-s3'),
    behaviors: [behavior('/api/*', 'api-gateway')],
    tags: tagsOf(env),
    usage: {
      source: 'demo',
      windowDays: 30,
      bytesOutPerMonth: round(cfg.cloudfront.gbOut * GB),
      requestsPerMonth: cfg.cloudfront.requests,
      cacheHitRatePct: cfg.cloudfront.hitRate,
      compressibleFraction: 0.55,
      // Clinics are in North America: few bytes go to viewers PriceClass_100 does not cover.
      bytesOutsidePriceClass100Fraction: 0.03,
      originFetchFraction: Math.round((1 - cfg.cloudfront.hitRate / 100) * 100) / 100,
    },
  };
}

function network(env, cfg) {
  const n = env === 'prod' ? '1' : '2';
  const vpcId = `vpc-0${n}a2b3c4d5e6f7081`;
  const sub = (s) => `subnet-0${n}${s}3c4d5e6f708192`;
  const rtb = (s) => `rtb-0${n}${s}4d5e6f70819203`;
  const natId = `nat-0${n}b4c5d6e7f8091a2b`;
  const name = (what) => ({ ...tagsOf(env), Name: `clinnet-${env}-${what}` });
  const subnets = [
    ['a', 'public-a', `${REGION}a`],
    ['b', 'public-b', `${REGION}b`],
    ['c', 'private-a', `${REGION}a`],
    ['d', 'private-b', `${REGION}b`],
  ].map(([s, what, az]) => ({ region: REGION, id: sub(s), vpcId, availabilityZone: az, tags: name(what) }));
  const local = { destination: cfg.vpcCidr, destinationPrefixListId: null, natGatewayId: null, gatewayId: 'local', state: 'active' };
  return {
    vpcs: [{ region: REGION, id: vpcId, cidr: cfg.vpcCidr, isDefault: false, tags: name('vpc') }],
    subnets,
    routeTables: [
      { region: REGION, id: rtb('a'), vpcId, isMain: true, subnetIds: [sub('a'), sub('b')], routes: [local, { destination: '0.0.0.0/0', destinationPrefixListId: null, natGatewayId: null, gatewayId: `igw-0${n}c5d6e7f8091a2b3`, state: 'active' }], tags: name('public') },
      ...['c', 'd'].map((s) => ({
        region: REGION,
        id: rtb(s),
        vpcId,
        isMain: false,
        subnetIds: [sub(s)],
        routes: [local, { destination: '0.0.0.0/0', destinationPrefixListId: null, natGatewayId: natId, gatewayId: null, state: 'active' }],
        tags: name(`private-${s === 'c' ? 'a' : 'b'}`),
      })),
    ],
    natGateways: [
      {
        region: REGION,
        id: natId,
        vpcId,
        subnetId: sub('a'),
        state: 'available',
        tags: name('nat'),
        usage: { source: 'demo', windowDays: 30, bytesProcessedPerMonth: round(cfg.nat.gb * GB), s3BytesPerMonth: round(cfg.nat.s3Gb * GB), dynamodbBytesPerMonth: round(cfg.nat.dynamoGb * GB) },
      },
    ],
    vpcEndpoints: [],
  };
}

function logGroups(env, cfg, functions) {
  // Nothing ever expires: what is stored is (roughly) every month since launch, compressed.
  const stored = (perMonth) => round(perMonth * cfg.logMonths * 0.2);
  const groups = functions.map((fn) => ({
    region: REGION,
    name: fn.logging.logGroup,
    arn: `arn:aws:logs:${REGION}:${cfg.account}:log-group:${fn.logging.logGroup}`,
    retentionDays: null,
    storedBytes: stored(fn.usage.logIngestedBytesPerMonth),
    tags: tagsOf(env),
    usage: { source: 'demo', windowDays: 30, ingestedBytesPerMonth: fn.usage.logIngestedBytesPerMonth },
  }));
  const apiGroup = `API-Gateway-Execution-Logs_${cfg.apiId}/${env}`;
  groups.push({
    region: REGION,
    name: apiGroup,
    arn: `arn:aws:logs:${REGION}:${cfg.account}:log-group:${apiGroup}`,
    retentionDays: null,
    storedBytes: stored(cfg.apiLogGb * GB),
    tags: tagsOf(env),
    usage: { source: 'demo', windowDays: 30, ingestedBytesPerMonth: round(cfg.apiLogGb * GB) },
  });
  return groups;
}

function restApi(env, cfg, functions) {
  const viaApi = functions.filter((fn) => fn.invokedByApiGateway);
  return {
    region: REGION,
    id: cfg.apiId,
    name: `clinnet-api-${env}`,
    tags: tagsOf(env),
    stages: [
      {
        name: env,
        cacheClusterEnabled: false,
        cacheClusterSize: null,
        cacheClusterStatus: 'NOT_AVAILABLE',
        cachingEnabled: false,
        cacheTtlSeconds: null,
        tags: tagsOf(env),
        usage: {
          source: 'demo',
          windowDays: 30,
          requestsPerMonth: viaApi.reduce((sum, fn) => sum + fn.usage.invocationsPerMonth, 0),
          latencyP95Ms: 190,
          integrationLatencyP95Ms: 160,
        },
      },
    ],
    lambdaIntegrations: viaApi.map((fn) => fn.arn),
    lambdaIntegrationQualifiers: viaApi.map((fn) => ({ functionArn: fn.arn, qualifier: fn.invokedQualifiers[0].qualifier })),
  };
}

export function demoSnapshot(env) {
  const cfg = ENVS[env];
  const functions = lambdaFunctions(env, cfg);
  return {
    kind: 'clinnet-opt/snapshot',
    schemaVersion: 1,
    collectedAt: COLLECTED_AT,
    account: cfg.account,
    regions: [REGION],
    env: null,
    lambdaFunctions: functions,
    lambdaAccountSettings: [{ region: REGION, concurrencyLimit: cfg.concurrencyLimit, unreservedConcurrency: cfg.concurrencyLimit }],
    auroraClusters: [auroraCluster(env, cfg)],
    dynamoTables: dynamoTables(env, cfg),
    buckets: buckets(env, cfg),
    distributions: [distribution(env, cfg)],
    network: network(env, cfg),
    logGroups: logGroups(env, cfg, functions),
    restApis: [restApi(env, cfg, functions)],
    coverageGaps: [],
  };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const env of ['dev', 'prod']) {
    const file = join(HERE, `demo-${env}.snapshot.json`);
    const text = `${JSON.stringify(demoSnapshot(env), null, 2)}\n`;
    if (check) {
      let current;
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        current = '';
      }
      if (current !== text) {
        console.error(`${file} is not what examples/make-demo.mjs writes: run \`node examples/make-demo.mjs\``);
        stale++;
      }
    } else {
      writeFileSync(file, text);
      console.error(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
