/**
 * Every paged list is read to its end: each is served in three pages (AWS-shaped tokens and
 * fields), and every item of every page must reach the snapshot.
 */
import { GetResourcesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetFunctionCommand, ListAliasesCommand, ListFunctionsCommand, ListProvisionedConcurrencyConfigsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { ListBucketIntelligentTieringConfigurationsCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { mockAllClients, pagedList, testFactory, type MockedAccount } from './support/mock-clients.js';

const ACCOUNT = '111122223333';
const R = 'us-east-1';
/** Three pages of `per` names each: prefix-0 … prefix-(3·per−1). */
const threePages = (prefix: string, per = 2): string[][] => [0, 1, 2].map((p) => Array.from({ length: per }, (_, i) => `${prefix}-${p * per + i}`));
const flat = (pages: string[][]) => pages.flat();

let aws: MockedAccount;
beforeEach(() => {
  aws = mockAllClients();
});
afterEach(() => aws.restore());

type Wrap = <F extends (input: any) => unknown>(handler: F) => (input: any) => unknown;
const direct: Wrap = (handler) => handler;

function serveEverythingInPages(wrap: Wrap = direct) {
  const fns = threePages('fn');
  const aliases = threePages('alias', 1);
  const pcs = threePages('pc', 1);
  const clusters = threePages('cluster', 1);
  const instances = clusters.map((page) => page.map((c) => `${c}-i`));
  const tables = threePages('table');
  const tableTags = threePages('tag', 1);
  const buckets = threePages('bucket');
  const tiering = threePages('it', 1);
  const distributions = threePages('dist');
  const vpcs = threePages('vpc');
  const subnets = threePages('subnet');
  const rtbs = threePages('rtb');
  const nats = threePages('nat');
  const vpces = threePages('vpce');
  const groups = threePages('/aws/lambda/g');
  const apis = threePages('api');
  const resources = threePages('res', 1);
  const lists: Record<string, { seen: unknown[]; expectedCallsPerList: number }> = {};
  const serve = <T>(name: string, pages: T[][], tokenOf: (i: Record<string, any>) => string | undefined, answer: (items: T[], next: string | undefined) => unknown, lists_ = 1) => {
    const p = pagedList(pages, tokenOf, answer);
    lists[name] = { seen: p.seen, expectedCallsPerList: lists_ };
    return wrap(p.handler);
  };

  const fnArn = (n: string) => `arn:aws:lambda:${R}:${ACCOUNT}:function:${n}`;
  aws.lambda.on(ListFunctionsCommand).callsFake(serve('ListFunctions', fns, (i) => i.Marker, (items, next) => ({
    Functions: items.map((n) => ({ FunctionName: n, FunctionArn: fnArn(n), Runtime: 'nodejs20.x', MemorySize: 256, Timeout: 10, PackageType: 'Zip', Architectures: ['arm64'], CodeSize: 1 })),
    NextMarker: next,
  })));
  aws.lambda.on(GetFunctionCommand).callsFake(wrap((i) => ({ Configuration: { FunctionName: i.FunctionName, FunctionArn: fnArn(i.FunctionName), MemorySize: 256, Timeout: 10, CodeSize: 1 }, Tags: { Environment: 'dev' } })));
  aws.lambda.on(ListAliasesCommand).callsFake(serve('ListAliases', aliases, (i) => i.Marker, (items, next) => ({ Aliases: items.map((Name) => ({ Name, AliasArn: 'x', FunctionVersion: '1' })), NextMarker: next }), 6));
  aws.lambda.on(ListProvisionedConcurrencyConfigsCommand).callsFake(serve('ListProvisionedConcurrencyConfigs', pcs, (i) => i.Marker, (items, next) => ({
    ProvisionedConcurrencyConfigs: items.map((q) => ({ FunctionArn: `${fnArn('f')}:${q}`, RequestedProvisionedConcurrentExecutions: 2, AllocatedProvisionedConcurrentExecutions: 2, Status: 'READY' })),
    NextMarker: next,
  }), 6));

  aws.rds.on(DescribeDBClustersCommand).callsFake(serve('DescribeDBClusters', clusters, (i) => i.Marker, (items, next) => ({
    DBClusters: items.map((id) => ({ DBClusterIdentifier: id, DBClusterArn: `arn:aws:rds:${R}:${ACCOUNT}:cluster:${id}`, Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.08.0', BackupRetentionPeriod: 7, DBClusterMembers: [{ DBInstanceIdentifier: `${id}-i`, IsClusterWriter: true }] })),
    Marker: next,
  })));
  aws.rds.on(DescribeDBInstancesCommand).callsFake(serve('DescribeDBInstances', instances, (i) => i.Marker, (items, next) => ({
    DBInstances: items.map((id) => ({ DBInstanceIdentifier: id, DBInstanceClass: 'db.serverless', AvailabilityZone: 'us-east-1a' })),
    Marker: next,
  })));

  const allTables = flat(tables);
  aws.dynamodb.on(ListTablesCommand).callsFake(serve('ListTables', tables, // The next page starts after the last name of the previous one (two names per page).
    (i) => (i.ExclusiveStartTableName ? `t${(allTables.indexOf(i.ExclusiveStartTableName) + 1) / 2}` : undefined), (items, next) => ({
    TableNames: items,
    LastEvaluatedTableName: next ? items.at(-1) : undefined,
  })));
  aws.dynamodb.on(DescribeTableCommand).callsFake(wrap((i) => ({ Table: { TableName: i.TableName, TableArn: `arn:aws:dynamodb:${R}:${ACCOUNT}:table/${i.TableName}`, BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' }, ItemCount: 1, TableSizeBytes: 10 } })));
  aws.dynamodb.on(ListTagsOfResourceCommand).callsFake(serve('ListTagsOfResource', tableTags, (i) => i.NextToken, (items, next) => ({ Tags: items.map((Key) => ({ Key, Value: 'v' })), NextToken: next }), 6));

  aws.s3.on(ListBucketsCommand).callsFake(serve('ListBuckets', buckets, (i) => i.ContinuationToken, (items, next) => ({
    Buckets: items.map((Name) => ({ Name, BucketRegion: R, CreationDate: new Date('2024-01-01') })),
    ContinuationToken: next,
  })));
  aws.s3.on(ListBucketIntelligentTieringConfigurationsCommand).callsFake(serve('ListBucketIntelligentTieringConfigurations', tiering, (i) => i.ContinuationToken, (items, next) => ({
    IsTruncated: Boolean(next),
    ContinuationToken: undefined,
    NextContinuationToken: next,
    IntelligentTieringConfigurationList: items.map((Id) => ({ Id, Status: 'Enabled', Tierings: [{ Days: 90, AccessTier: 'ARCHIVE_ACCESS' }] })),
  }), 6));

  aws.cloudfront.on(ListDistributionsCommand).callsFake(serve('ListDistributions', distributions, (i) => i.Marker, (items, next) => ({
    DistributionList: {
      Marker: '',
      MaxItems: 2,
      IsTruncated: Boolean(next),
      NextMarker: next,
      Quantity: items.length,
      Items: items.map((Id) => ({ Id, ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${Id}`, DomainName: `${Id}.cloudfront.net`, Enabled: true, PriceClass: 'PriceClass_100', Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: `${Id}-bucket.s3.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] }, DefaultCacheBehavior: { TargetOriginId: 'o', Compress: true, CachePolicyId: 'cp' } })),
    },
  })));

  aws.ec2.on(DescribeVpcsCommand).callsFake(serve('DescribeVpcs', vpcs, (i) => i.NextToken, (items, next) => ({ Vpcs: items.map((VpcId) => ({ VpcId, CidrBlock: '10.0.0.0/16', IsDefault: false })), NextToken: next })));
  aws.ec2.on(DescribeSubnetsCommand).callsFake(serve('DescribeSubnets', subnets, (i) => i.NextToken, (items, next) => ({ Subnets: items.map((SubnetId) => ({ SubnetId, VpcId: 'vpc-0' })), NextToken: next })));
  aws.ec2.on(DescribeRouteTablesCommand).callsFake(serve('DescribeRouteTables', rtbs, (i) => i.NextToken, (items, next) => ({ RouteTables: items.map((RouteTableId) => ({ RouteTableId, VpcId: 'vpc-0', Routes: [], Associations: [] })), NextToken: next })));
  aws.ec2.on(DescribeNatGatewaysCommand).callsFake(serve('DescribeNatGateways', nats, (i) => i.NextToken, (items, next) => ({ NatGateways: items.map((NatGatewayId) => ({ NatGatewayId, VpcId: 'vpc-0', SubnetId: 's', State: 'available' })), NextToken: next })));
  aws.ec2.on(DescribeVpcEndpointsCommand).callsFake(serve('DescribeVpcEndpoints', vpces, (i) => i.NextToken, (items, next) => ({ VpcEndpoints: items.map((VpcEndpointId) => ({ VpcEndpointId, VpcId: 'vpc-0', ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway', State: 'available' })), NextToken: next })));

  aws.logs.on(DescribeLogGroupsCommand).callsFake(serve('DescribeLogGroups', groups, (i) => i.nextToken, (items, next) => ({ logGroups: items.map((logGroupName) => ({ logGroupName, arn: `arn:aws:logs:${R}:${ACCOUNT}:log-group:${logGroupName}:*`, storedBytes: 5 })), nextToken: next })));

  aws.apigateway.on(GetRestApisCommand).callsFake(serve('GetRestApis', apis, (i) => i.position, (items, next) => ({ items: items.map((id) => ({ id, name: id })), position: next })));
  aws.apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', cacheClusterEnabled: false }] });
  aws.apigateway.on(GetResourcesCommand).callsFake(serve('GetResources', resources, (i) => i.position, (items, next) => ({
    items: items.map((id, n) => ({ id, path: `/${id}`, resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', uri: `arn:aws:apigateway:${R}:lambda:path/2015-03-31/functions/${fnArn(`fn-${n}`)}/invocations` } } } })),
    position: next,
  }), 6));

  return { fns, clusters, tables, buckets, distributions, vpcs, subnets, rtbs, nats, vpces, groups, apis, lists };
}

describe('pagination', () => {
  it('reads every page of every paged list, passing each page\'s token to the next request', async () => {
    const data = serveEverythingInPages();
    const snapshot = await collectSnapshot(testFactory(), { regions: [R], concurrency: 4 });
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.coverageGaps).toEqual([]);

    expect(snapshot.lambdaFunctions.map((f) => f.name)).toEqual(flat(data.fns));
    for (const fn of snapshot.lambdaFunctions) {
      expect(fn.aliases).toEqual(['alias-0', 'alias-1', 'alias-2']);
      expect(fn.provisionedConcurrency.map((p) => p.qualifier)).toEqual(['pc-0', 'pc-1', 'pc-2']);
    }
    expect(snapshot.auroraClusters.map((c) => [c.id, c.instances[0].instanceClass])).toEqual(flat(data.clusters).map((id) => [id, 'db.serverless']));
    expect(snapshot.dynamoTables.map((t) => t.name)).toEqual(flat(data.tables));
    for (const t of snapshot.dynamoTables) expect(Object.keys(t.tags)).toEqual(['tag-0', 'tag-1', 'tag-2']);
    expect(snapshot.buckets.map((b) => b.name)).toEqual(flat(data.buckets));
    for (const b of snapshot.buckets) expect(b.intelligentTiering.map((c) => c.Id)).toEqual(['it-0', 'it-1', 'it-2']);
    expect(snapshot.distributions.map((d) => d.id)).toEqual(flat(data.distributions));
    expect(snapshot.network.vpcs.map((v) => v.id)).toEqual(flat(data.vpcs));
    expect(snapshot.network.subnets.map((v) => v.id)).toEqual(flat(data.subnets));
    expect(snapshot.network.routeTables.map((v) => v.id)).toEqual(flat(data.rtbs));
    expect(snapshot.network.natGateways.map((v) => v.id)).toEqual(flat(data.nats));
    expect(snapshot.network.vpcEndpoints.map((v) => v.id)).toEqual(flat(data.vpces));
    expect(snapshot.logGroups.map((g) => g.name)).toEqual(flat(data.groups));
    expect(snapshot.restApis.map((a) => a.id)).toEqual(flat(data.apis));
    // Integrations found on the last page of resources count too.
    expect(snapshot.lambdaFunctions.filter((f) => f.invokedByApiGateway).map((f) => f.name)).toEqual(['fn-0']);

    for (const [name, list] of Object.entries(data.lists)) {
      const calls = list.seen.length;
      expect({ name, calls }).toEqual({ name, calls: 3 * list.expectedCallsPerList });
      expect({ name, tokens: [...new Set(list.seen)].sort() }).toEqual({ name, tokens: [undefined, 't1', 't2'].sort() });
    }
  });
});

describe('request concurrency', () => {
  it('never has more requests in flight than options.concurrency, across all services together', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Wrap = (handler) => async (input) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 3));
      inFlight--;
      return handler(input);
    };
    const data = serveEverythingInPages(slow);
    const snapshot = await collectSnapshot(testFactory(), { regions: [R], concurrency: 3 });
    expect(snapshot.lambdaFunctions).toHaveLength(flat(data.fns).length);
    expect(snapshot.coverageGaps).toEqual([]);
    expect(peak).toBe(3);
  });
});
