/**
 * AccountSnapshot: everything the rules need, read once from the account and saved as JSON so
 * `audit --snapshot FILE` works offline. Versioned and validated on load.
 *
 * `usage` blocks hold measured (or, in the demo snapshots, plausible) monthly usage; rules price
 * usage-dependent changes only when it is present, and say "usage data needed" otherwise.
 */
import { z } from 'zod';

export const SNAPSHOT_KIND = 'clinnet-opt/snapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

export const Tags = z.record(z.string(), z.string());

/** Where usage figures came from, and over which window. */
export const UsageSource = z.object({
  source: z.enum(['cloudwatch', 'demo', 'manual']),
  windowDays: z.number().positive().optional(),
});

const nullableNumber = z.number().nullable();

/**
 * The CloudFormation stack that manages a resource (ListStackResources: logical ID → physical ID), and for
 * a SAM template the AWS::Serverless::* resource that generated it (a function's role, version, alias and
 * permissions, an API's deployment and stage). Absent when no stack owns it, or in older snapshots.
 */
export const StackRef = z.object({
  name: z.string(),
  logicalId: z.string(),
  samResource: z.string().nullable().optional(),
});

/** Where a resource is declared in a template file (audit --template): the file, its 1-based line and logical ID. */
export const TemplateRef = z.object({ file: z.string(), line: z.number().int(), logicalId: z.string() });

/** A stack parameter (DescribeStacks). value is null for a NoEcho parameter or one whose name says password/secret/token: kept by name only. */
export const StackParameter = z.object({ key: z.string(), value: z.string().nullable(), noEcho: z.boolean() });

/** One resource of a stack (ListStackResources), and for a SAM template the AWS::Serverless::* resource that generated it. */
export const StackResource = z.object({
  logicalId: z.string(),
  physicalId: z.string().nullable(),
  type: z.string(),
  samResource: z.string().nullable().optional(),
});

/**
 * A CloudFormation stack in a collected region (DescribeStacks, ListStackResources, GetTemplate). The
 * template bodies are not kept: their parameter defaults may hold secrets; fix reads them again when it needs them.
 */
export const Stack = z.object({
  region: z.string(),
  name: z.string(),
  id: z.string(),
  status: z.string(),
  parameters: z.array(StackParameter),
  tags: Tags,
  capabilities: z.array(z.string()),
  /** The template's Transform, e.g. ['AWS::Serverless-2016-10-31'] for SAM. */
  transforms: z.array(z.string()),
  resources: z.array(StackResource),
});

/** The stack and template fields every collected resource may carry. */
const Managed = { stack: StackRef.optional(), template: TemplateRef.optional() };

export const LambdaUsage = UsageSource.extend({
  invocationsPerMonth: nullableNumber,
  avgDurationMs: nullableNumber,
  p95DurationMs: nullableNumber.optional(),
  p99DurationMs: nullableNumber.optional(),
  maxDurationMs: nullableNumber.optional(),
  maxMemoryUsedMb: nullableNumber.optional(),
  errorsPerMonth: nullableNumber.optional(),
  throttlesPerMonth: nullableNumber.optional(),
  maxConcurrentExecutions: nullableNumber.optional(),
  /** Cold-start init duration (p95, ms) from REPORT lines. */
  initDurationP95Ms: nullableNumber.optional(),
  /** Log bytes ingested per month into the function's log group. */
  logIngestedBytesPerMonth: nullableNumber.optional(),
});

/** A published version's configuration: what traffic through an alias on it runs with. */
export const LambdaVersionConfig = z.object({
  version: z.string(),
  memoryMb: z.number().int(),
  timeoutS: z.number().int(),
  architectures: z.array(z.string()),
  logFormat: z.string().nullable(),
  applicationLogLevel: z.string().nullable(),
  codeSha256: z.string().nullable(),
});

export const LambdaAlias = z.object({
  name: z.string(),
  functionVersion: z.string(),
  /** RoutingConfig.AdditionalVersionWeights: version → weight (0–1); empty when all traffic goes to functionVersion. */
  additionalVersionWeights: z.record(z.string(), z.number()),
  /** The configuration of functionVersion; null when it could not be read ('$LATEST' aliases carry none). */
  versionConfig: LambdaVersionConfig.nullable(),
});

export const LambdaInvoker = z.object({
  source: z.enum(['apigateway', 'event-source-mapping']),
  /** The REST API id or the event source mapping UUID. */
  id: z.string(),
  qualifier: z.string(),
});

/**
 * A layer's content scanned for native x86-64 code (ELF files for x86-64), as a function's own package is.
 * nativeX8664 null: the content could not be read (download failed, denied, too big, not a zip); reason says why.
 */
export const LayerContentScan = z.object({
  nativeX8664: z.boolean().nullable(),
  /** The x86-64 ELF files found (the first few), when nativeX8664 is true. */
  x86Binaries: z.array(z.string()).optional(),
  /** Files in the zip, when it was read. */
  filesScanned: z.number().int().optional(),
  reason: z.string(),
});

export const LambdaFunction = z.object({
  ...Managed,
  region: z.string(),
  name: z.string(),
  arn: z.string(),
  runtime: z.string().nullable(),
  /** Execution role ARN and VPC attachment (read for lambda/consolidation; absent in older snapshots). */
  role: z.string().nullable().optional(),
  vpc: z.object({ subnetIds: z.array(z.string()), securityGroupIds: z.array(z.string()) }).nullable().optional(),
  packageType: z.enum(['Zip', 'Image']),
  architectures: z.array(z.string()),
  memoryMb: z.number().int(),
  timeoutS: z.number().int(),
  reservedConcurrency: z.number().int().nullable(),
  provisionedConcurrency: z.array(
    z.object({
      qualifier: z.string(),
      requested: z.number().int(),
      allocated: z.number().int().nullable(),
      status: z.string().nullable(),
    }),
  ),
  /** Alias names, where collected; provisioned concurrency must target an alias or a version. */
  aliases: z.array(z.string()).optional(),
  /**
   * Each alias with the version it serves and its weighted routing (ListAliases), and that
   * version's configuration (GetFunctionConfiguration with the version as qualifier). Absent in
   * snapshots taken before it was collected.
   */
  aliasDetails: z.array(LambdaAlias).optional(),
  /**
   * The qualifiers callers invoke, from API Gateway integration URIs and event source mappings:
   * '$LATEST' for unqualified ARNs, else the alias or version. null: not fully read.
   */
  invokedQualifiers: z.array(LambdaInvoker).nullable().optional(),
  layers: z.array(
    z.object({
      arn: z.string(),
      /** null when the layer version could not be read (another account, access denied). */
      compatibleArchitectures: z.array(z.string()).nullable(),
      /** For a layer that lists no architectures: its content (GetLayerVersion Content.Location) scanned for native x86-64 code. */
      contentScan: LayerContentScan.optional(),
    }),
  ),
  logging: z.object({
    logFormat: z.string().nullable(),
    applicationLogLevel: z.string().nullable(),
    systemLogLevel: z.string().nullable(),
    logGroup: z.string().nullable(),
  }),
  /** Names only: values can hold secrets and never enter a snapshot. */
  environmentVariableNames: z.array(z.string()),
  /**
   * From a template only: the variables whose value is a parameter (!Ref P), by variable name → parameter
   * name, with whether that parameter is NoEcho and whether it declares a Default (then the value is written in the template). Never a value.
   */
  environmentVariableParameters: z
    .record(z.string(), z.object({ parameter: z.string(), noEcho: z.boolean(), hasDefault: z.boolean().optional() }))
    .optional(),
  /**
   * From a template only: the variables whose value is (or contains) a CloudFormation dynamic reference
   * ({{resolve:secretsmanager:…}}, {{resolve:ssm-secure:…}}, {{resolve:ssm:…}}), by variable name → the reference's
   * service. Never the reference's value. lambda/plaintext-secret accepts secretsmanager references.
   */
  environmentVariableDynamicReferences: z.record(z.string(), z.enum(['secretsmanager', 'ssm-secure', 'ssm'])).optional(),
  tags: Tags,
  codeSizeBytes: z.number().int(),
  codeSha256: z.string().nullable().optional(),
  /** null when it could not be determined (policy unreadable). */
  invokedByApiGateway: z.boolean().nullable(),
  lastModified: z.string().nullable().optional(),
  usage: LambdaUsage.optional(),
});

export const LambdaAccountSettings = z.object({
  region: z.string(),
  concurrencyLimit: z.number().int(),
  unreservedConcurrency: z.number().int().nullable(),
  /** AccountLimit.CodeSizeZipped: the largest package UpdateFunctionCode accepts as ZipFile (bytes); absent in older snapshots. */
  codeSizeZipped: z.number().int().nullable().optional(),
});

export const AuroraUsage = UsageSource.extend({
  avgAcu: nullableNumber,
  peakAcu: nullableNumber,
  p99Acu: nullableNumber.optional(),
  acuUtilizationPct: nullableNumber.optional(),
  storageGb: nullableNumber.optional(),
  backupStorageGb: nullableNumber.optional(),
  /** Share of the month with no connections (auto-pause candidates). */
  idleFraction: nullableNumber.optional(),
  /** Average query latency, ms (validate's "database query time"). */
  queryLatencyMs: nullableNumber.optional(),
});

export const AuroraCluster = z.object({
  ...Managed,
  region: z.string(),
  id: z.string(),
  arn: z.string(),
  engine: z.string(),
  engineVersion: z.string(),
  engineMode: z.string().nullable().optional(),
  status: z.string().nullable(),
  serverlessV2: z
    .object({
      minAcu: z.number(),
      maxAcu: z.number(),
      secondsUntilAutoPause: z.number().int().nullable().optional(),
    })
    .nullable(),
  /** From DescribeDBEngineVersions ServerlessV2FeaturesSupport; null when unknown. */
  engineMinAcuSupported: z.number().nullable(),
  engineMaxAcuSupported: z.number().nullable().optional(),
  backupRetentionDays: z.number().int(),
  multiAz: z.boolean(),
  instances: z.array(
    z.object({
      id: z.string(),
      instanceClass: z.string(),
      availabilityZone: z.string().nullable(),
      isWriter: z.boolean(),
      status: z.string().nullable().optional(),
    }),
  ),
  dataApiEnabled: z.boolean(),
  deletionProtection: z.boolean(),
  /**
   * Where the master password comes from, never the password: 'managed' (ManageMasterUserPassword, RDS keeps it in Secrets Manager;
   * live: MasterUserSecret present), 'secretsmanager' / 'ssm-secure' (a template dynamic reference), 'parameter' (a template !Ref,
   * with the parameter's name, NoEcho and whether it has a Default), 'literal' (written in the template). Absent when not known.
   */
  masterUserPassword: z
    .object({
      source: z.enum(['managed', 'secretsmanager', 'ssm-secure', 'parameter', 'literal']),
      parameter: z.string().optional(),
      noEcho: z.boolean().optional(),
      hasDefault: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  tags: Tags,
  usage: AuroraUsage.optional(),
});

const KeyElement = z.object({ name: z.string(), type: z.enum(['HASH', 'RANGE']) });

export const DynamoUsage = UsageSource.extend({
  readRequestUnitsPerMonth: nullableNumber,
  writeRequestUnitsPerMonth: nullableNumber,
  avgConsumedRcu: nullableNumber.optional(),
  avgConsumedWcu: nullableNumber.optional(),
  peakConsumedRcu: nullableNumber.optional(),
  peakConsumedWcu: nullableNumber.optional(),
});

export const DynamoTable = z.object({
  ...Managed,
  region: z.string(),
  name: z.string(),
  arn: z.string(),
  status: z.string().nullable().optional(),
  billingMode: z.enum(['PROVISIONED', 'PAY_PER_REQUEST']),
  provisioned: z.object({ rcu: z.number(), wcu: z.number() }).nullable(),
  keySchema: z.array(KeyElement),
  attributeDefinitions: z.array(z.object({ name: z.string(), type: z.string() })),
  gsis: z.array(
    z.object({
      name: z.string(),
      keySchema: z.array(KeyElement),
      projectionType: z.string(),
      nonKeyAttributes: z.array(z.string()).optional(),
      provisioned: z.object({ rcu: z.number(), wcu: z.number() }).nullable().optional(),
    }),
  ),
  itemCount: z.number().int(),
  sizeBytes: z.number(),
  /** BillingModeSummary.LastUpdateToPayPerRequestDateTime: AWS limits how often the mode may switch. */
  lastSwitchToPayPerRequest: z.string().nullable().optional(),
  tags: Tags,
  usage: DynamoUsage.optional(),
});

/** S3 lifecycle rules are kept in the API's own shape so foreign rules survive a merge verbatim. */
export const LifecycleRule = z.looseObject({
  ID: z.string().optional(),
  Status: z.enum(['Enabled', 'Disabled']),
  Filter: z.record(z.string(), z.unknown()).optional(),
  Prefix: z.string().optional(),
  Transitions: z
    .array(z.looseObject({ Days: z.number().int().optional(), Date: z.string().optional(), StorageClass: z.string() }))
    .optional(),
});

export const IntelligentTieringConfig = z.looseObject({
  Id: z.string(),
  Status: z.enum(['Enabled', 'Disabled']),
  Filter: z.record(z.string(), z.unknown()).optional(),
  Tierings: z.array(z.object({ Days: z.number().int(), AccessTier: z.string() })),
});

export const BucketUsage = UsageSource.extend({
  /** Bytes stored per storage class (StandardStorage, StandardIAStorage, GlacierStorage, ...). */
  bytesByClass: z.record(z.string(), z.number()),
  objectCount: nullableNumber.optional(),
  /** Share of objects at or above 128 KiB (Intelligent-Tiering monitors only those). */
  largeObjectFraction: nullableNumber.optional(),
  /** Share of stored bytes older than N days: { "30": 0.7, "90": 0.5, ... }. */
  ageFractions: z.record(z.string(), z.number()).optional(),
});

export const Bucket = z.object({
  ...Managed,
  name: z.string(),
  region: z.string(),
  arn: z.string().optional(),
  /** null: the bucket has no lifecycle configuration. */
  lifecycleRules: z.array(LifecycleRule).nullable(),
  intelligentTiering: z.array(IntelligentTieringConfig),
  tags: Tags,
  usage: BucketUsage.optional(),
});

/** What a behavior's legacy cache settings (ForwardedValues) send to its origin; absent under a cache policy or in older snapshots. */
export const ForwardedValues = z.object({
  queryString: z.boolean(),
  /** Header names forwarded; ['*'] forwards every viewer header (Host included). */
  headers: z.array(z.string()),
  /** 'none' | 'all' | 'whitelist' */
  cookies: z.string(),
});

export const CacheBehavior = z.object({
  pathPattern: z.string(),
  targetOriginId: z.string().nullable().optional(),
  compress: z.boolean(),
  cachePolicyId: z.string().nullable(),
  originRequestPolicyId: z.string().nullable().optional(),
  viewerProtocolPolicy: z.string().nullable().optional(),
  forwardedValues: ForwardedValues.nullable().optional(),
  /** From a template only: the comment written beside CachePolicyId (e.g. "# CachingOptimized"), to catch an ID that contradicts it. */
  cachePolicyComment: z.string().nullable().optional(),
  /**
   * What a custom cache policy caches (a template's AWS::CloudFront::CachePolicy, or GetCachePolicy): its TTLs and the headers in its
   * cache key. Absent when not read; managed policies are known by ID (src/rules/cloudfront/managed-cache-policies.ts).
   */
  cachePolicyConfig: z
    .object({ minTtlS: z.number(), defaultTtlS: z.number(), maxTtlS: z.number(), headersInCacheKey: z.array(z.string()) })
    .nullable()
    .optional(),
});

/** A distribution's origin: its domain and whether it is an S3 origin or a custom (HTTP) one. */
export const DistributionOrigin = z.object({
  id: z.string(),
  domainName: z.string(),
  kind: z.enum(['s3', 'custom']),
});

export const DistributionUsage = UsageSource.extend({
  bytesOutPerMonth: nullableNumber,
  requestsPerMonth: nullableNumber,
  cacheHitRatePct: nullableNumber.optional(),
  /** Share of bytes out that are compressible text (html, js, css, json). */
  compressibleFraction: nullableNumber.optional(),
  /** Share of requests that reach the origin. */
  originFetchFraction: nullableNumber.optional(),
  /** Share of bytes out served to viewers outside North America, Europe and Israel (the PriceClass_100 regions). */
  bytesOutsidePriceClass100Fraction: nullableNumber.optional(),
});

export const Distribution = z.object({
  ...Managed,
  id: z.string(),
  arn: z.string(),
  domainName: z.string(),
  aliases: z.array(z.string()),
  comment: z.string().nullable().optional(),
  enabled: z.boolean(),
  priceClass: z.string(),
  defaultBehavior: CacheBehavior,
  behaviors: z.array(CacheBehavior),
  /** Absent in snapshots written before origins were collected. */
  origins: z.array(DistributionOrigin).optional(),
  tags: Tags,
  usage: DistributionUsage.optional(),
});

export const Vpc = z.object({ ...Managed, region: z.string(), id: z.string(), cidr: z.string().nullable(), isDefault: z.boolean(), tags: Tags });
export const Subnet = z.object({ ...Managed, region: z.string(), id: z.string(), vpcId: z.string(), availabilityZone: z.string().nullable(), tags: Tags });
export const Route = z.object({
  destination: z.string().nullable(),
  destinationPrefixListId: z.string().nullable().optional(),
  natGatewayId: z.string().nullable().optional(),
  gatewayId: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
});
export const RouteTable = z.object({
  ...Managed,
  region: z.string(),
  id: z.string(),
  vpcId: z.string(),
  isMain: z.boolean(),
  subnetIds: z.array(z.string()),
  routes: z.array(Route),
  tags: Tags,
});
export const NatUsage = UsageSource.extend({
  bytesProcessedPerMonth: nullableNumber,
  /** Of which to S3 and DynamoDB (what gateway endpoints take off the NAT gateway). */
  s3BytesPerMonth: nullableNumber.optional(),
  dynamodbBytesPerMonth: nullableNumber.optional(),
});
export const NatGateway = z.object({
  ...Managed,
  region: z.string(),
  id: z.string(),
  vpcId: z.string(),
  subnetId: z.string().nullable(),
  state: z.string(),
  tags: Tags,
  usage: NatUsage.optional(),
});
export const VpcEndpoint = z.object({
  ...Managed,
  region: z.string(),
  id: z.string(),
  vpcId: z.string(),
  serviceName: z.string(),
  type: z.string(),
  state: z.string().nullable(),
  routeTableIds: z.array(z.string()),
  tags: Tags,
});

export const Network = z.object({
  vpcs: z.array(Vpc),
  subnets: z.array(Subnet),
  routeTables: z.array(RouteTable),
  natGateways: z.array(NatGateway),
  vpcEndpoints: z.array(VpcEndpoint),
});

export const LogGroup = z.object({
  ...Managed,
  region: z.string(),
  name: z.string(),
  arn: z.string(),
  retentionDays: z.number().int().nullable(),
  storedBytes: z.number(),
  tags: Tags.optional(),
  usage: UsageSource.extend({ ingestedBytesPerMonth: nullableNumber }).optional(),
});

export const ApiStage = z.object({
  ...Managed,
  name: z.string(),
  cacheClusterEnabled: z.boolean(),
  cacheClusterSize: z.string().nullable(),
  cacheClusterStatus: z.string().nullable().optional(),
  /** Method settings for '*\/*' (the stage-wide defaults). */
  cachingEnabled: z.boolean().optional(),
  cacheTtlSeconds: z.number().int().nullable().optional(),
  /** Caching per method-settings key ('*\/*', '~1patients/GET', …) as GetStage answers it; absent in older snapshots. */
  methodCaching: z.record(z.string(), z.object({ cachingEnabled: z.boolean(), cacheTtlSeconds: z.number().int().nullable() })).optional(),
  tags: Tags,
  usage: UsageSource.extend({
    requestsPerMonth: nullableNumber,
    /** Of which GET requests (what a cache can serve at all). */
    getRequestsPerMonth: nullableNumber.optional(),
    latencyP95Ms: nullableNumber.optional(),
    integrationLatencyP95Ms: nullableNumber.optional(),
  }).optional(),
});

export const ApiMethod = z.object({
  resourcePath: z.string(),
  httpMethod: z.string(),
  /** 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS' */
  authorizationType: z.string(),
  /** Names of the method's request parameters ('method.request.header.Authorization', …). */
  requestParameters: z.array(z.string()),
  /** The integration's cache key parameters. */
  cacheKeyParameters: z.array(z.string()),
});

export const RestApi = z.object({
  ...Managed,
  region: z.string(),
  id: z.string(),
  name: z.string(),
  tags: Tags,
  stages: z.array(ApiStage),
  /** Lambda function ARNs that this API's integrations invoke. */
  lambdaIntegrations: z.array(z.string()).optional(),
  /** Every method of the API with what decides whether its responses may be cached; absent in older snapshots. */
  methods: z.array(ApiMethod).optional(),
  /** The same, with the qualifier each integration URI names ('$LATEST' when unqualified). */
  lambdaIntegrationQualifiers: z.array(z.object({ functionArn: z.string(), qualifier: z.string() })).optional(),
});

export const CoverageGap = z.object({
  service: z.string(),
  region: z.string(),
  /** The operation that failed, e.g. 'ListFunctions'. */
  operation: z.string().optional(),
  /** 'access-denied' | 'not-enabled' | 'error' */
  kind: z.enum(['access-denied', 'not-enabled', 'error']),
  error: z.string(),
  resource: z.string().optional(),
});

export const AccountSnapshot = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  collectedAt: z.string(),
  account: z.string().nullable(),
  /** The account's name in Organizations, when it was read through --org/--accounts. */
  accountName: z.string().nullable().optional(),
  regions: z.array(z.string()),
  /**
   * The environment of resources with no tag or name that tells: --env at collection time, or under
   * --org/--accounts the account's own (its environment tag in Organizations, or its name).
   */
  env: z.string().nullable().optional(),
  lambdaFunctions: z.array(LambdaFunction),
  lambdaAccountSettings: z.array(LambdaAccountSettings),
  auroraClusters: z.array(AuroraCluster),
  dynamoTables: z.array(DynamoTable),
  buckets: z.array(Bucket),
  distributions: z.array(Distribution),
  network: Network,
  logGroups: z.array(LogGroup),
  restApis: z.array(RestApi),
  coverageGaps: z.array(CoverageGap),
  /** CloudFormation stacks of the collected regions; absent in older snapshots and in template audits. */
  stacks: z.array(Stack).optional(),
  /** Set when the snapshot was resolved from a template (audit --template) rather than read from an account. */
  template: z
    .object({ file: z.string(), parameters: z.record(z.string(), z.string()), environment: z.string().nullable() })
    .optional(),
});

export type Tags = z.infer<typeof Tags>;
export type StackRef = z.infer<typeof StackRef>;
export type TemplateRef = z.infer<typeof TemplateRef>;
export type Stack = z.infer<typeof Stack>;
export type StackParameter = z.infer<typeof StackParameter>;
export type StackResource = z.infer<typeof StackResource>;
export type LambdaFunction = z.infer<typeof LambdaFunction>;
export type LambdaUsage = z.infer<typeof LambdaUsage>;
export type LambdaAccountSettings = z.infer<typeof LambdaAccountSettings>;
export type LambdaAlias = z.infer<typeof LambdaAlias>;
export type LambdaVersionConfig = z.infer<typeof LambdaVersionConfig>;
export type LambdaInvoker = z.infer<typeof LambdaInvoker>;
export type LayerContentScan = z.infer<typeof LayerContentScan>;
export type AuroraCluster = z.infer<typeof AuroraCluster>;
export type AuroraUsage = z.infer<typeof AuroraUsage>;
export type DynamoTable = z.infer<typeof DynamoTable>;
export type LifecycleRule = z.infer<typeof LifecycleRule>;
export type IntelligentTieringConfig = z.infer<typeof IntelligentTieringConfig>;
export type Bucket = z.infer<typeof Bucket>;
export type CacheBehavior = z.infer<typeof CacheBehavior>;
export type ForwardedValues = z.infer<typeof ForwardedValues>;
export type DistributionOrigin = z.infer<typeof DistributionOrigin>;
export type ApiMethod = z.infer<typeof ApiMethod>;
export type Distribution = z.infer<typeof Distribution>;
export type Vpc = z.infer<typeof Vpc>;
export type Subnet = z.infer<typeof Subnet>;
export type RouteTable = z.infer<typeof RouteTable>;
export type NatGateway = z.infer<typeof NatGateway>;
export type VpcEndpoint = z.infer<typeof VpcEndpoint>;
export type Network = z.infer<typeof Network>;
export type LogGroup = z.infer<typeof LogGroup>;
export type ApiStage = z.infer<typeof ApiStage>;
export type RestApi = z.infer<typeof RestApi>;
export type CoverageGap = z.infer<typeof CoverageGap>;
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

export function emptySnapshot(init: { account: string | null; regions: string[]; collectedAt?: string }): AccountSnapshot {
  return {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collectedAt: init.collectedAt ?? new Date().toISOString(),
    account: init.account,
    regions: init.regions,
    lambdaFunctions: [],
    lambdaAccountSettings: [],
    auroraClusters: [],
    dynamoTables: [],
    buckets: [],
    distributions: [],
    network: { vpcs: [], subnets: [], routeTables: [], natGateways: [], vpcEndpoints: [] },
    logGroups: [],
    restApis: [],
    coverageGaps: [],
  };
}
