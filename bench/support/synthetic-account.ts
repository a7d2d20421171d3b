/**
 * A synthetic account behind aws-sdk-client-mock: 2,000 Lambda functions, 500 buckets, 200 log
 * groups and 20 Aurora clusters, every call answered after a fixed latency, with AWS's page sizes.
 * Counts every call, and states the minimum number of calls a complete read needs.
 * Options (the organization bench): smaller sizes, and `accountOf` to answer GetCallerIdentity for
 * the account a request's credentials belong to and count calls per account; `answer` adds more
 * operations (Organizations, AssumeRole) with the same latency and counting.
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
} from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBEngineVersionsCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

export const SIZES = { functions: 2000, buckets: 500, logGroups: 200, clusters: 20, layers: 5, engineVersions: 2 };
export type Sizes = typeof SIZES;
/** The largest page each list returns (AWS's own maxima, which the collectors ask for). */
export const PAGE = { ListFunctions: 50, ListBuckets: 1000, DescribeLogGroups: 50, DescribeDBClusters: 100, DescribeDBInstances: 100 };

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';
type Stub = AwsStub<any, any, any>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pageOf = <T>(all: T[], token: string | undefined, size: number) => {
  const start = token ? Number(token) : 0;
  const next = start + size < all.length ? String(start + size) : undefined;
  return { items: all.slice(start, start + size), next };
};
const s3Error = (name: string) => Object.assign(new Error(name), { name, $fault: 'client', $metadata: { httpStatusCode: 404 } });

type ClientClass = Parameters<typeof mockClient>[0];
/** An answer to one operation: its input, and the client that sent it (its config holds the credentials). */
type Answer = (input: any, client: any) => unknown;

export interface SyntheticOptions {
  /** Fewer resources than SIZES (the organization bench reads several accounts). */
  sizes?: Partial<Sizes>;
  /** The account a request's client signs as: GetCallerIdentity answers it, and calls are counted per account too. */
  accountOf?: (client: any) => Promise<string>;
}

export interface SyntheticAccount {
  sizes: Sizes;
  calls: Map<string, number>;
  /** Calls by the account that signed them, then by operation (only with `accountOf`). */
  callsByAccount: Map<string, Map<string, number>>;
  totalCalls(): number;
  /** Fewest calls that read everything the snapshot holds, by operation. */
  minimum(): Record<string, number>;
  /** Answers another operation after the same latency, counted under `name`. */
  answer(ctor: ClientClass, command: any, name: string, fn: Answer): void;
  /** Forgets the counts and the stubs' call history (which holds every request) between runs. */
  resetCalls(): void;
  /** Answers after another latency from now on (0 for a warm-up run). */
  setLatency(ms: number): void;
  restore(): void;
}

export function installSyntheticAccount(latencyMs: number, options: SyntheticOptions = {}): SyntheticAccount {
  const sizes = { ...SIZES, ...options.sizes };
  let latency = latencyMs;
  const calls = new Map<string, number>();
  const callsByAccount = new Map<string, Map<string, number>>();
  const count = async (name: string, client: unknown) => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    if (!options.accountOf) return;
    const account = await options.accountOf(client);
    const byOp = callsByAccount.get(account) ?? new Map<string, number>();
    callsByAccount.set(account, byOp.set(name, (byOp.get(name) ?? 0) + 1));
  };
  const stubs = new Map<ClientClass, Stub>();
  const stub = (ctor: ClientClass): Stub => {
    const existing = stubs.get(ctor);
    if (existing) return existing;
    const s = mockClient(ctor);
    stubs.set(ctor, s);
    s.onAnyCommand().callsFake(async (_input: any, getClient: () => unknown) => {
      await count('(other)', getClient());
      await sleep(latency);
      return {};
    });
    return s;
  };
  const answer = (s: Stub, command: any, name: string, fn: Answer) =>
    s.on(command).callsFake(async (input: any, getClient: () => unknown) => {
      const client = getClient();
      await count(name, client);
      await sleep(latency);
      return fn(input, client);
    });

  const fnName = (i: number) => `clinnet-fn-${String(i).padStart(4, '0')}-${['dev', 'staging', 'prod'][i % 3]}`;
  const functions = Array.from({ length: sizes.functions }, (_, i) => ({
    FunctionName: fnName(i),
    FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fnName(i)}`,
    Runtime: 'nodejs20.x',
    PackageType: 'Zip',
    Architectures: [i % 4 ? 'x86_64' : 'arm64'],
    MemorySize: [128, 256, 512, 1024, 2048][i % 5],
    Timeout: [3, 10, 30, 60][i % 4],
    CodeSize: 1_000_000 + i,
    Layers: [{ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared-${i % sizes.layers}:1` }],
    Environment: { Variables: { TABLE: `t${i}`, DB_PASSWORD: 'synthetic-secret' } },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fnName(i)}` },
  }));
  const lambda = stub(LambdaClient);
  answer(lambda, ListFunctionsCommand, 'ListFunctions', (input) => {
    const { items, next } = pageOf(functions, input.Marker, Math.min(input.MaxItems ?? 50, PAGE.ListFunctions));
    return { Functions: items, NextMarker: next };
  });
  answer(lambda, GetFunctionCommand, 'GetFunction', (input) => {
    const configuration = functions.find((f) => f.FunctionName === input.FunctionName);
    const i = Number(String(input.FunctionName).split('-')[2]);
    return { Configuration: configuration, Tags: { Environment: ['dev', 'staging', 'prod'][i % 3], Project: 'clinnet' }, ...(i % 10 === 0 ? { Concurrency: { ReservedConcurrentExecutions: 5 } } : {}) };
  });
  answer(lambda, ListAliasesCommand, 'ListAliases', () => ({ Aliases: [{ Name: 'live', FunctionVersion: '1' }] }));
  // The 'live' alias's published version: what traffic through it runs with.
  answer(lambda, GetFunctionConfigurationCommand, 'GetFunctionConfiguration', (input) => ({
    ...functions.find((f) => f.FunctionName === input.FunctionName),
    Version: input.Qualifier,
    CodeSha256: 'synthetic',
  }));
  answer(lambda, ListEventSourceMappingsCommand, 'ListEventSourceMappings', () => ({ EventSourceMappings: [] }));
  answer(lambda, ListProvisionedConcurrencyConfigsCommand, 'ListProvisionedConcurrencyConfigs', () => ({ ProvisionedConcurrencyConfigs: [] }));
  answer(lambda, GetLayerVersionByArnCommand, 'GetLayerVersionByArn', (input) => ({ LayerVersionArn: input.Arn, CompatibleArchitectures: ['x86_64', 'arm64'] }));
  answer(lambda, GetAccountSettingsCommand, 'GetAccountSettings', () => ({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 800 } }));

  const buckets = Array.from({ length: sizes.buckets }, (_, i) => ({ Name: `clinnet-bucket-${String(i).padStart(3, '0')}-${['dev', 'prod'][i % 2]}`, BucketRegion: REGION, CreationDate: new Date('2024-01-01') }));
  const s3 = stub(S3Client);
  answer(s3, ListBucketsCommand, 'ListBuckets', (input) => {
    const { items, next } = pageOf(buckets, input.ContinuationToken, Math.min(input.MaxBuckets ?? 10000, PAGE.ListBuckets));
    return { Buckets: items, ContinuationToken: next, Owner: { ID: 'o' } };
  });
  answer(s3, GetBucketLifecycleConfigurationCommand, 'GetBucketLifecycleConfiguration', (input) => {
    if (Number(String(input.Bucket).split('-')[2]) % 2) throw s3Error('NoSuchLifecycleConfiguration');
    return { Rules: [{ ID: 'ia', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }] };
  });
  answer(s3, ListBucketIntelligentTieringConfigurationsCommand, 'ListBucketIntelligentTieringConfigurations', () => ({ IsTruncated: false, IntelligentTieringConfigurationList: [] }));
  answer(s3, GetBucketTaggingCommand, 'GetBucketTagging', (input) => {
    if (Number(String(input.Bucket).split('-')[2]) % 5 === 0) throw s3Error('NoSuchTagSet');
    return { TagSet: [{ Key: 'Project', Value: 'clinnet' }] };
  });

  const groups = Array.from({ length: sizes.logGroups }, (_, i) => ({
    logGroupName: `/aws/lambda/${fnName(i)}`,
    arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${fnName(i)}:*`,
    storedBytes: i * 1_000_000,
    ...(i % 2 ? { retentionInDays: 30 } : {}),
  }));
  const logs = stub(CloudWatchLogsClient);
  answer(logs, DescribeLogGroupsCommand, 'DescribeLogGroups', (input) => {
    const { items, next } = pageOf(groups, input.nextToken, Math.min(input.limit ?? 50, PAGE.DescribeLogGroups));
    return { logGroups: items, nextToken: next };
  });

  const versions = ['8.0.mysql_aurora.3.08.0', '8.0.mysql_aurora.3.05.2'];
  const clusters = Array.from({ length: sizes.clusters }, (_, i) => ({
    DBClusterIdentifier: `clinnet-aurora-${i}`,
    DBClusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:clinnet-aurora-${i}`,
    Engine: 'aurora-mysql',
    EngineVersion: versions[i % sizes.engineVersions],
    EngineMode: 'provisioned',
    Status: 'available',
    BackupRetentionPeriod: 7,
    MultiAZ: true,
    ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
    DBClusterMembers: [
      { DBInstanceIdentifier: `clinnet-aurora-${i}-1`, IsClusterWriter: true },
      { DBInstanceIdentifier: `clinnet-aurora-${i}-2`, IsClusterWriter: false },
    ],
    HttpEndpointEnabled: true,
    DeletionProtection: true,
    TagList: [{ Key: 'Environment', Value: 'prod' }],
  }));
  const instances = clusters.flatMap((c) => c.DBClusterMembers.map((m) => ({ DBInstanceIdentifier: m.DBInstanceIdentifier, DBInstanceClass: 'db.serverless', AvailabilityZone: 'us-east-1a', DBClusterIdentifier: c.DBClusterIdentifier })));
  const rds = stub(RDSClient);
  answer(rds, DescribeDBClustersCommand, 'DescribeDBClusters', (input) => {
    const { items, next } = pageOf(clusters, input.Marker, Math.min(input.MaxRecords ?? 100, PAGE.DescribeDBClusters));
    return { DBClusters: items, Marker: next };
  });
  answer(rds, DescribeDBInstancesCommand, 'DescribeDBInstances', (input) => {
    const { items, next } = pageOf(instances, input.Marker, Math.min(input.MaxRecords ?? 100, PAGE.DescribeDBInstances));
    return { DBInstances: items, Marker: next };
  });
  answer(rds, DescribeDBEngineVersionsCommand, 'DescribeDBEngineVersions', (input) => ({
    DBEngineVersions: [{ Engine: input.Engine, EngineVersion: input.EngineVersion, ServerlessV2FeaturesSupport: { MinCapacity: 0, MaxCapacity: 256 } }],
  }));

  // The rest of the account is empty: one (empty) page each.
  answer(stub(DynamoDBClient), ListTablesCommand, 'ListTables', () => ({ TableNames: [] }));
  answer(stub(CloudFrontClient), ListDistributionsCommand, 'ListDistributions', () => ({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0, Items: [] } }));
  answer(stub(APIGatewayClient), GetRestApisCommand, 'GetRestApis', () => ({ items: [] }));
  // No CloudFormation stack: one empty DescribeStacks page (nothing to list resources or templates of).
  answer(stub(CloudFormationClient), DescribeStacksCommand, 'DescribeStacks', () => ({ Stacks: [] }));
  stub(EC2Client); // five Describe* lists, each one empty page (counted as "(other)")
  answer(stub(STSClient), GetCallerIdentityCommand, 'GetCallerIdentity', async (_input, client) => {
    if (!options.accountOf) return { Account: ACCOUNT };
    const account = await options.accountOf(client);
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/synthetic/session` };
  });

  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return {
    sizes,
    calls,
    callsByAccount,
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    minimum: () => ({
      GetCallerIdentity: 1,
      ListFunctions: pages(sizes.functions, PAGE.ListFunctions),
      // Tags and reserved concurrency (one GetFunction), aliases, provisioned concurrency: no list returns them.
      GetFunction: sizes.functions,
      ListAliases: sizes.functions,
      // Each function's one alias points at a published version, whose configuration no list returns.
      GetFunctionConfiguration: sizes.functions,
      // Which aliases event sources invoke: one page per region.
      ListEventSourceMappings: 1,
      ListProvisionedConcurrencyConfigs: sizes.functions,
      GetLayerVersionByArn: sizes.layers,
      GetAccountSettings: 1,
      // The paged ListBuckets names each bucket's region, so no GetBucketLocation is needed.
      ListBuckets: pages(sizes.buckets, PAGE.ListBuckets),
      GetBucketLifecycleConfiguration: sizes.buckets,
      ListBucketIntelligentTieringConfigurations: sizes.buckets,
      GetBucketTagging: sizes.buckets,
      DescribeLogGroups: pages(sizes.logGroups, PAGE.DescribeLogGroups),
      DescribeDBClusters: pages(sizes.clusters, PAGE.DescribeDBClusters),
      DescribeDBInstances: pages(sizes.clusters * 2, PAGE.DescribeDBInstances),
      DescribeDBEngineVersions: sizes.engineVersions,
      ListTables: 1,
      ListDistributions: 1,
      GetRestApis: 1,
      DescribeStacks: 1,
      '(other)': 5,
    }),
    answer: (ctor, command, name, fn) => answer(stub(ctor), command, name, fn),
    resetCalls: () => {
      calls.clear();
      callsByAccount.clear();
      stubs.forEach((s) => s.resetHistory());
    },
    setLatency: (ms) => {
      latency = ms;
    },
    restore: () => stubs.forEach((s) => s.restore()),
  };
}
