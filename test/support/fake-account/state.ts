/** The fake account's state: plain data the handlers read and change, as AWS would. */
import { createHash } from 'node:crypto';

export type Tags = Record<string, string>;

export interface FakeFunction {
  region: string;
  name: string;
  runtime: string | null;
  packageType: 'Zip' | 'Image';
  architectures: string[];
  memory: number;
  timeout: number;
  reserved: number | null;
  /** Zip package bytes (Zip functions). */
  code: Buffer | null;
  imageUri?: string;
  layers: string[];
  logging: { LogFormat: 'Text' | 'JSON'; ApplicationLogLevel?: string; SystemLogLevel?: string; LogGroup: string };
  environment: Record<string, string>;
  tags: Tags;
  /** alias name → version */
  aliases: Record<string, string>;
  versions: string[];
  /** qualifier → requested provisioned concurrency */
  provisioned: Record<string, number>;
  /** alias name → RoutingConfig.AdditionalVersionWeights (a canary); absent: all traffic to the alias's version. */
  aliasWeights?: Record<string, Record<string, number>>;
  /**
   * Published versions' configuration (immutable). A seeded version without one is frozen from
   * $LATEST the first time it is read, as if published from the function as seeded.
   */
  versionConfigs?: Record<string, FakeVersion>;
  /** Bumped on every change to $LATEST, as RevisionId is. */
  revision?: number;
  /** Bumped on every UpdateAlias, as the alias's RevisionId is. */
  aliasRevisions?: Record<string, number>;
  lastModified: string;
  /** Reads left before an update in progress completes (ResourceConflictException meanwhile). */
  updatingReads: number;
  /** What CloudWatch has for the function over any window (Lambda Insights memory, Duration, ConcurrentExecutions); absent: nothing published. */
  published?: { maxMemoryUsedMb: number; p99DurationMs: number; maxDurationMs: number; maxConcurrentExecutions?: number };
}

export interface FakeVersion {
  memory: number;
  timeout: number;
  architectures: string[];
  logging: FakeFunction['logging'];
  code: Buffer | null;
}

export interface FakeCluster {
  region: string;
  id: string;
  engine: string;
  engineVersion: string;
  status: string;
  minAcu: number;
  maxAcu: number;
  secondsUntilAutoPause?: number;
  backupRetention: number;
  multiAz: boolean;
  instances: { id: string; instanceClass: string; az: string; writer: boolean }[];
  dataApi: boolean;
  deletionProtection: boolean;
  tags: Tags;
  modifyingReads: number;
}

export interface FakeTable {
  region: string;
  name: string;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  rcu: number;
  wcu: number;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributes: { AttributeName: string; AttributeType: string }[];
  gsis: { name: string; keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]; projection: string; rcu: number; wcu: number }[];
  itemCount: number;
  sizeBytes: number;
  tags: Tags;
  /** Times of switches to on-demand (AWS allows 4 per 24 hours). */
  switchesToOnDemand: string[];
}

export interface FakeBucket {
  name: string;
  region: string;
  lifecycle: Record<string, unknown>[] | null;
  intelligentTiering: Record<string, unknown>[];
  tags: Tags;
}

export interface FakeDistribution {
  id: string;
  config: Record<string, unknown>;
  etag: string;
  tags: Tags;
}

export interface FakeRoute {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  NatGatewayId?: string;
  GatewayId?: string;
  State: string;
  Origin: string;
}

export interface FakeNetwork {
  vpcs: { region: string; id: string; cidr: string; isDefault: boolean; tags: Tags }[];
  subnets: { region: string; id: string; vpcId: string; az: string; tags: Tags }[];
  routeTables: { region: string; id: string; vpcId: string; main: boolean; subnetIds: string[]; routes: FakeRoute[]; tags: Tags }[];
  natGateways: { region: string; id: string; vpcId: string; subnetId: string; state: string; tags: Tags }[];
  endpoints: { region: string; id: string; vpcId: string; serviceName: string; type: string; state: string; routeTableIds: string[]; tags: Tags }[];
}

export interface FakeLogGroup {
  region: string;
  name: string;
  retention: number | null;
  storedBytes: number;
}

export interface FakeRestApi {
  region: string;
  id: string;
  name: string;
  tags: Tags;
  stages: {
    name: string;
    cacheClusterEnabled: boolean;
    cacheClusterSize?: string;
    /** Method settings by key ('*\/*', '~1patients/GET'). */
    methodSettings?: Record<string, { cachingEnabled: boolean; cacheTtlInSeconds: number }>;
    tags: Tags;
  }[];
  resources: {
    id: string;
    path: string;
    methods: Record<string, { uri?: string; authorizationType?: string; requestParameters?: Record<string, boolean>; cacheKeyParameters?: string[] }>;
  }[];
}

export interface FakeStack {
  region: string;
  name: string;
  id: string;
  status?: string;
  /** Values as deployed; DescribeStacks masks those listed in noEcho as '****'. */
  parameters: Record<string, string>;
  noEcho?: string[];
  capabilities?: string[];
  resources: { logicalId: string; physicalId: string; type: string }[];
  /** The Original template body; processedTemplate is the Processed stage (the same when absent). */
  template: string;
  processedTemplate?: string;
}

export interface FakeState {
  accountId: string;
  now: () => Date;
  functions: FakeFunction[];
  layers: Record<string, { compatibleArchitectures: string[] }>;
  clusters: FakeCluster[];
  tables: FakeTable[];
  buckets: FakeBucket[];
  distributions: FakeDistribution[];
  network: FakeNetwork;
  logGroups: FakeLogGroup[];
  restApis: FakeRestApi[];
  /** Event source mappings: the function (ARN, possibly qualified) each one invokes. */
  eventSourceMappings?: { region: string; uuid: string; functionArn: string; eventSourceArn: string }[];
  /** S3 objects put through the API (bucket → key → bytes). */
  objects?: Record<string, Record<string, Buffer>>;
  /** CloudFormation stacks (DescribeStacks, ListStackResources, GetTemplate); none when absent. */
  stacks?: FakeStack[];
  /** Page size the fake uses for every paginated list (small, so pagination is exercised). */
  pageSize: number;
  /** Reads a function stays InProgress after an update. */
  lambdaSettleReads: number;
  /** Serve code downloads (moto cannot; turn off to see that path fail cleanly). */
  serveCode: boolean;
  /** Hooks the tests use to inject faults: called before each request; throw to fail it. */
  beforeRequest?: (service: string, operation: string, input: Record<string, unknown>) => void;
  counter: number;
}

export function sha256Base64(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

export function nextId(state: FakeState, prefix: string): string {
  state.counter++;
  return `${prefix}-${state.counter.toString(16).padStart(17, '0')}`;
}

/** A page of `items` starting after `token` (tokens are opaque indexes, as AWS's are opaque). */
export function page<T>(state: FakeState, items: T[], token: string | undefined, max?: number): { items: T[]; next?: string } {
  const size = Math.min(max ?? state.pageSize, state.pageSize);
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace('page:', '')) : 0;
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`page:${start + size}`).toString('base64') : undefined;
  return { items: slice, next };
}
