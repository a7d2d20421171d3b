/**
 * Reads a live account into an AccountSnapshot: one collector per service and region, all sharing
 * one bound on in-flight requests. What cannot be read becomes a coverage gap, never a crash;
 * only missing credentials propagate. Importing this module declares every collector's IAM actions.
 */
import type { ClientFactory } from '../aws/clients.js';
import { assertRegion } from '../aws/regions.js';
import type { Env } from '../targets/environment.js';
import { emptySnapshot, type AccountSnapshot, type LambdaFunction, type RestApi, type Stack } from './snapshot.js';
import { collectApiGateway } from './collectors/apigateway.js';
import { CLOUDFRONT_REGION, collectDistributions } from './collectors/cloudfront.js';
import { collectStacks } from './collectors/cloudformation.js';
import { Collection } from './collectors/context.js';
import { collectDynamo } from './collectors/dynamodb.js';
import { collectNetwork } from './collectors/ec2.js';
import { collectLambda } from './collectors/lambda.js';
import { Limiter } from './collectors/limiter.js';
import { collectLogGroups } from './collectors/logs.js';
import { collectAurora } from './collectors/rds.js';
import { S3_LIST_REGION, collectBuckets } from './collectors/s3.js';
import { readAccountId } from './collectors/sts.js';
import { collectMetrics } from './metrics/collect-metrics.js';
import { DEFAULT_METRICS_DAYS } from './metrics/window.js';
import { attachStacks } from './stacks/attach-stacks.js';

/** A service read started or finished, with the counts so far (progress; core never prints it). */
export interface CollectProgress {
  service: string;
  region: string;
  done: boolean;
  /** Service reads (one per service and region, plus the account and metrics reads) done, and in all. */
  readsDone: number;
  readsTotal: number;
  /** Regions whose every regional service has been read, and how many are being read. */
  regionsDone: number;
  regionsTotal: number;
  /** AWS requests answered so far. */
  apiCalls: number;
  /** Under --org/--accounts: accounts whose read has ended, and how many will be read. */
  accountsDone?: number;
  accountsTotal?: number;
}

export interface CollectOptions {
  regions: string[];
  env?: Env;
  /** Most AWS requests in flight at once, across all services (default 8). */
  concurrency?: number;
  onProgress?: (e: CollectProgress) => void;
  /** Told after every AWS request with the count so far. */
  onApiCall?: (apiCalls: number) => void;
  /** CloudWatch usage over this many days into the usage blocks (default 14); false skips it. */
  metricsDays?: number | false;
}

export const DEFAULT_CONCURRENCY = 8;
/** The services read once per region (progress counts a region done when all of them are). */
const REGIONAL_SERVICES = new Set(['lambda', 'rds', 'dynamodb', 'ec2', 'logs', 'apigateway', 'cloudformation']);
const REGIONAL_READS = REGIONAL_SERVICES.size;

export async function collectSnapshot(factory: ClientFactory, options: CollectOptions): Promise<AccountSnapshot> {
  const regions = [...new Set(options.regions)];
  // An impossible name is the user's mistake (exit 2), found before any request.
  for (const region of regions) assertRegion(region, '--region');
  const collectedAt = new Date().toISOString();
  const c = new Collection(factory, new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY));
  c.onRequest = options.onApiCall;
  const metricsWanted = (options.metricsDays ?? DEFAULT_METRICS_DAYS) !== false;
  const counts = { readsDone: 0, readsTotal: 1 + regions.length * REGIONAL_READS + (regions.length ? 2 + (metricsWanted ? 1 : 0) : 0), regionsDone: 0, regionsTotal: regions.length };
  const regionalLeft = new Map(regions.map((region) => [region, REGIONAL_READS]));
  const track = async <T>(service: string, region: string, run: () => Promise<T>): Promise<T> => {
    options.onProgress?.({ service, region, done: false, ...counts, apiCalls: c.requests });
    const result = await run();
    counts.readsDone++;
    const left = regionalLeft.get(region);
    if (left !== undefined && REGIONAL_SERVICES.has(service)) {
      regionalLeft.set(region, left - 1);
      if (left === 1) counts.regionsDone++;
    }
    options.onProgress?.({ service, region, done: true, ...counts, apiCalls: c.requests });
    return result;
  };

  const homeRegion = regions[0] ?? (await factory.resolveDefaultRegion()) ?? 'us-east-1';
  // First and alone: without credentials nothing else is worth starting.
  const account = await track('sts', homeRegion, () => readAccountId(c, homeRegion));
  const snapshot = emptySnapshot({ account, regions, collectedAt });
  snapshot.env = options.env ?? null;
  if (!regions.length) return snapshot;

  const perRegion = regions.map((region) =>
    Promise.all([
      track('lambda', region, () => collectLambda(c, region)),
      track('rds', region, () => collectAurora(c, region)),
      track('dynamodb', region, () => collectDynamo(c, region)),
      track('ec2', region, () => collectNetwork(c, region)),
      track('logs', region, () => collectLogGroups(c, region)),
      track('apigateway', region, () => collectApiGateway(c, region)),
      track('cloudformation', region, () => collectStacks(c, region)),
    ]),
  );
  const [regional, buckets, distributions] = await Promise.all([
    Promise.all(perRegion),
    track('s3', S3_LIST_REGION, () => collectBuckets(c, regions)),
    track('cloudfront', CLOUDFRONT_REGION, () => collectDistributions(c)),
  ]);

  const stacks: Stack[] = [];
  for (const [lambda, aurora, dynamo, network, logs, apigateway, regionStacks] of regional) {
    snapshot.lambdaFunctions.push(...lambda.functions);
    snapshot.lambdaAccountSettings.push(...lambda.settings);
    snapshot.auroraClusters.push(...aurora);
    snapshot.dynamoTables.push(...dynamo);
    snapshot.network.vpcs.push(...network.vpcs);
    snapshot.network.subnets.push(...network.subnets);
    snapshot.network.routeTables.push(...network.routeTables);
    snapshot.network.natGateways.push(...network.natGateways);
    snapshot.network.vpcEndpoints.push(...network.vpcEndpoints);
    snapshot.logGroups.push(...logs);
    snapshot.restApis.push(...apigateway.apis);
    stacks.push(...regionStacks);
  }
  snapshot.buckets = buckets;
  snapshot.distributions = distributions;
  snapshot.stacks = stacks;
  Object.assign(snapshot, attachStacks(snapshot));
  markApiGatewayInvocations(snapshot.lambdaFunctions, snapshot.restApis, regional.every(([, , , , , apigateway]) => apigateway.complete));
  const metricsDays = options.metricsDays ?? DEFAULT_METRICS_DAYS;
  if (metricsDays !== false) await track('cloudwatch', homeRegion, () => collectMetrics(c, snapshot, { days: metricsDays }));
  snapshot.coverageGaps = c.gaps.list();
  return snapshot;
}

/** true when a REST API integration invokes the function; false only when every API was read. */
function markApiGatewayInvocations(functions: LambdaFunction[], apis: RestApi[], complete: boolean): void {
  const invoked = new Set(apis.flatMap((a) => a.lambdaIntegrations ?? []));
  for (const fn of functions) {
    fn.invokedByApiGateway = invoked.has(fn.arn) ? true : complete ? false : null;
    // The qualifiers API Gateway invokes join those of the event source mappings (read with the function).
    const viaApis = apis.flatMap((api) => (api.lambdaIntegrationQualifiers ?? []).filter((q) => q.functionArn === fn.arn).map((q) => ({ source: 'apigateway' as const, id: api.id, qualifier: q.qualifier })));
    if (fn.invokedQualifiers === undefined) continue;
    fn.invokedQualifiers = complete && fn.invokedQualifiers !== null ? [...viaApis, ...fn.invokedQualifiers] : null;
  }
}
