/**
 * Today's monthly cost of what a snapshot holds, from its configuration and usage blocks. What
 * needs usage the snapshot lacks is listed in `unpriced`, never invented.
 */
import type { AccountSnapshot, LambdaFunction } from '../inventory/snapshot.js';
import type { CostLine, Service } from '../rules/types.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import {
  bucketSubject,
  clusterSubject,
  distributionSubject,
  functionSubject,
  logGroupSubject,
  natSubject,
  stageSubject,
  tableSubject,
  type EnvSubject,
} from '../targets/environment-resolver.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, SECONDS_PER_MONTH, costLine, roundCents, type PriceKey } from './estimator.js';
import { API_CACHE_SIZES, type ApiCacheSize } from './price-keys.js';

export interface AccountCost {
  totalMonthlyUsd: number;
  byService: Record<string, number>;
  byEnv: Record<string, number>;
  lines: CostLine[];
  unpriced: string[];
}

type EnvOf = (resource: EnvSubject) => ResolvedEnv;
type Include = (resource: EnvSubject) => ResolvedEnv | null;

/** CloudWatch's S3 StorageType names (and the API's storage class names) → price keys. */
const S3_CLASS_KEYS: Record<string, PriceKey> = {
  StandardStorage: 's3.storageGbMonth.STANDARD',
  STANDARD: 's3.storageGbMonth.STANDARD',
  StandardIAStorage: 's3.storageGbMonth.STANDARD_IA',
  STANDARD_IA: 's3.storageGbMonth.STANDARD_IA',
  OneZoneIAStorage: 's3.storageGbMonth.ONEZONE_IA',
  ONEZONE_IA: 's3.storageGbMonth.ONEZONE_IA',
  GlacierInstantRetrievalStorage: 's3.storageGbMonth.GLACIER_IR',
  GLACIER_IR: 's3.storageGbMonth.GLACIER_IR',
  GlacierStorage: 's3.storageGbMonth.GLACIER',
  GLACIER: 's3.storageGbMonth.GLACIER',
  DeepArchiveStorage: 's3.storageGbMonth.DEEP_ARCHIVE',
  DEEP_ARCHIVE: 's3.storageGbMonth.DEEP_ARCHIVE',
  IntelligentTieringFAStorage: 's3.storageGbMonth.INTELLIGENT_TIERING_FREQUENT',
  IntelligentTieringIAStorage: 's3.storageGbMonth.INTELLIGENT_TIERING_INFREQUENT',
  IntelligentTieringAIAStorage: 's3.storageGbMonth.INTELLIGENT_TIERING_ARCHIVE_INSTANT',
};

function isApiCacheSize(size: string): size is ApiCacheSize {
  return (API_CACHE_SIZES as readonly string[]).includes(size);
}

export function lambdaArch(fn: Pick<LambdaFunction, 'architectures'>): 'arm64' | 'x86_64' {
  return fn.architectures.includes('arm64') ? 'arm64' : 'x86_64';
}

class Ledger {
  readonly lines: CostLine[] = [];
  readonly unpriced: string[] = [];
  readonly byService: Record<string, number> = {};
  readonly byEnv: Record<string, number> = {};

  add(service: Service, env: ResolvedEnv, line: CostLine | null, what: string): void {
    if (!line) {
      this.unpriced.push(`${what} (no price in the catalog for its region)`);
      return;
    }
    this.lines.push(line);
    this.byService[service] = (this.byService[service] ?? 0) + line.monthlyUsd;
    this.byEnv[env] = (this.byEnv[env] ?? 0) + line.monthlyUsd;
  }

  missing(what: string): void {
    this.unpriced.push(what);
  }
}

function lambdaCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const fn of snapshot.lambdaFunctions) {
    const env = include(functionSubject(fn));
    if (!env) continue;
    const arch = lambdaArch(fn);
    const gb = fn.memoryMb / 1024;
    for (const pc of fn.provisionedConcurrency) {
      const count = pc.allocated ?? pc.requested;
      ledger.add('lambda', env, costLine(fn.region, `${fn.name}:${pc.qualifier} provisioned concurrency ${count} × ${fn.memoryMb} MB`, count * gb * SECONDS_PER_MONTH, 'GB-s', `lambda.provisioned.gbSecond.${arch}`), `lambda ${fn.name} provisioned concurrency`);
    }
    const usage = fn.usage;
    if (!usage || usage.invocationsPerMonth === null || usage.avgDurationMs === null) {
      ledger.missing(`lambda ${fn.name}: usage data needed (invocations per month, average duration)`);
      continue;
    }
    const gbSeconds = usage.invocationsPerMonth * (usage.avgDurationMs / 1000) * gb;
    ledger.add('lambda', env, costLine(fn.region, `${fn.name} duration (${usage.invocationsPerMonth} invocations × ${usage.avgDurationMs} ms × ${fn.memoryMb} MB, ${arch})`, gbSeconds, 'GB-s', `lambda.gbSecond.${arch}`), `lambda ${fn.name} duration`);
    ledger.add('lambda', env, costLine(fn.region, `${fn.name} requests`, usage.invocationsPerMonth / 1e6, 'million requests', 'lambda.requestPerMillion'), `lambda ${fn.name} requests`);
  }
}

function auroraCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const cluster of snapshot.auroraClusters) {
    const env = include(clusterSubject(cluster));
    if (!env) continue;
    const usage = cluster.usage;
    if (cluster.serverlessV2) {
      // ServerlessDatabaseCapacity at cluster level averages the instances: each serverless instance bills its ACUs.
      const instances = Math.max(1, cluster.instances.filter((i) => i.instanceClass === 'db.serverless').length);
      if (usage && usage.avgAcu !== null) {
        ledger.add('aurora', env, costLine(cluster.region, `${cluster.id} compute (${usage.avgAcu} avg ACU × ${instances} instance(s) × ${HOURS_PER_MONTH} h)`, usage.avgAcu * instances * HOURS_PER_MONTH, 'ACU-hours', 'aurora.acuHour'), `aurora ${cluster.id} compute`);
      } else {
        ledger.missing(`aurora ${cluster.id}: usage data needed (average ACU)`);
      }
    } else {
      ledger.missing(`aurora ${cluster.id}: provisioned instances are not in the catalog`);
    }
    if (usage?.storageGb != null) {
      ledger.add('aurora', env, costLine(cluster.region, `${cluster.id} storage`, usage.storageGb, 'GB-month', 'aurora.storageGbMonth'), `aurora ${cluster.id} storage`);
    } else {
      ledger.missing(`aurora ${cluster.id}: usage data needed (storage GB)`);
    }
    if (usage?.backupStorageGb != null && usage.backupStorageGb > 0) {
      ledger.add('aurora', env, costLine(cluster.region, `${cluster.id} backup storage`, usage.backupStorageGb, 'GB-month', 'aurora.backupGbMonth'), `aurora ${cluster.id} backup storage`);
    }
  }
}

function dynamoCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const table of snapshot.dynamoTables) {
    const env = include(tableSubject(table));
    if (!env) continue;
    if (table.billingMode === 'PROVISIONED') {
      const rcu = (table.provisioned?.rcu ?? 0) + table.gsis.reduce((sum, gsi) => sum + (gsi.provisioned?.rcu ?? 0), 0);
      const wcu = (table.provisioned?.wcu ?? 0) + table.gsis.reduce((sum, gsi) => sum + (gsi.provisioned?.wcu ?? 0), 0);
      ledger.add('dynamodb', env, costLine(table.region, `${table.name} provisioned reads (${rcu} RCU × ${HOURS_PER_MONTH} h)`, rcu * HOURS_PER_MONTH, 'RCU-hours', 'dynamodb.provisioned.rcuHour'), `dynamodb ${table.name} reads`);
      ledger.add('dynamodb', env, costLine(table.region, `${table.name} provisioned writes (${wcu} WCU × ${HOURS_PER_MONTH} h)`, wcu * HOURS_PER_MONTH, 'WCU-hours', 'dynamodb.provisioned.wcuHour'), `dynamodb ${table.name} writes`);
    } else if (table.usage && table.usage.readRequestUnitsPerMonth !== null && table.usage.writeRequestUnitsPerMonth !== null) {
      ledger.add('dynamodb', env, costLine(table.region, `${table.name} on-demand reads`, table.usage.readRequestUnitsPerMonth / 1e6, 'million RRU', 'dynamodb.onDemand.readPerMillion'), `dynamodb ${table.name} reads`);
      ledger.add('dynamodb', env, costLine(table.region, `${table.name} on-demand writes`, table.usage.writeRequestUnitsPerMonth / 1e6, 'million WRU', 'dynamodb.onDemand.writePerMillion'), `dynamodb ${table.name} writes`);
    } else {
      ledger.missing(`dynamodb ${table.name}: usage data needed (read and write request units per month)`);
    }
    ledger.add('dynamodb', env, costLine(table.region, `${table.name} storage`, table.sizeBytes / BYTES_PER_GB, 'GB-month', 'dynamodb.storageGbMonth'), `dynamodb ${table.name} storage`);
  }
}

function s3Cost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const bucket of snapshot.buckets) {
    const env = include(bucketSubject(bucket));
    if (!env) continue;
    if (!bucket.usage) {
      ledger.missing(`s3 ${bucket.name}: usage data needed (bytes stored per storage class)`);
      continue;
    }
    for (const [storageClass, bytes] of Object.entries(bucket.usage.bytesByClass)) {
      const key = S3_CLASS_KEYS[storageClass];
      if (!key) {
        ledger.missing(`s3 ${bucket.name}: storage type ${storageClass} is not in the catalog`);
        continue;
      }
      ledger.add('s3', env, costLine(bucket.region, `${bucket.name} ${storageClass}`, bytes / BYTES_PER_GB, 'GB-month', key), `s3 ${bucket.name} ${storageClass}`);
    }
  }
}

function cloudfrontCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const dist of snapshot.distributions) {
    const env = include(distributionSubject(dist));
    if (!env) continue;
    const usage = dist.usage;
    const priceClass = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'].includes(dist.priceClass) ? dist.priceClass : 'PriceClass_All';
    if (usage && usage.bytesOutPerMonth !== null) {
      ledger.add('cloudfront', env, costLine(null, `${dist.id} data out (${dist.priceClass}, priced at the class's costliest region)`, usage.bytesOutPerMonth / BYTES_PER_GB, 'GB', `cloudfront.dataOutGb.${priceClass}` as PriceKey), `cloudfront ${dist.id} data out`);
    } else {
      ledger.missing(`cloudfront ${dist.id}: usage data needed (bytes out per month)`);
    }
    if (usage && usage.requestsPerMonth !== null) {
      ledger.add('cloudfront', env, costLine(null, `${dist.id} HTTPS requests`, usage.requestsPerMonth / 1e4, '10k requests', 'cloudfront.httpsRequestsPer10k'), `cloudfront ${dist.id} requests`);
    } else {
      ledger.missing(`cloudfront ${dist.id}: usage data needed (requests per month)`);
    }
  }
}

function natCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const nat of snapshot.network.natGateways) {
    if (nat.state !== 'available') continue;
    // A NAT gateway without an environment of its own belongs to its VPC's (natSubject).
    const env = include(natSubject(nat, snapshot.network.vpcs));
    if (!env) continue;
    ledger.add('vpc', env, costLine(nat.region, `${nat.id} NAT gateway hours`, HOURS_PER_MONTH, 'hours', 'natGateway.hour'), `vpc ${nat.id} hours`);
    if (nat.usage && nat.usage.bytesProcessedPerMonth !== null) {
      ledger.add('vpc', env, costLine(nat.region, `${nat.id} NAT gateway data processed`, nat.usage.bytesProcessedPerMonth / BYTES_PER_GB, 'GB', 'natGateway.gbProcessed'), `vpc ${nat.id} data processed`);
    } else {
      ledger.missing(`vpc ${nat.id}: usage data needed (bytes processed per month)`);
    }
  }
}

function logsCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  // A function's own usage block may carry its log group's ingestion when the group has none.
  const ingestByGroup = new Map<string, number>();
  for (const fn of snapshot.lambdaFunctions) {
    const bytes = fn.usage?.logIngestedBytesPerMonth;
    if (typeof bytes === 'number') ingestByGroup.set(fn.logging.logGroup ?? `/aws/lambda/${fn.name}`, bytes);
  }
  for (const group of snapshot.logGroups) {
    const env = include(logGroupSubject(group));
    if (!env) continue;
    ledger.add('logs', env, costLine(group.region, `${group.name} stored`, group.storedBytes / BYTES_PER_GB, 'GB-month', 'logs.storageGbMonth'), `logs ${group.name} storage`);
    const ingested = group.usage?.ingestedBytesPerMonth ?? ingestByGroup.get(group.name) ?? null;
    if (ingested !== null) {
      ledger.add('logs', env, costLine(group.region, `${group.name} ingested`, ingested / BYTES_PER_GB, 'GB', 'logs.ingestGb'), `logs ${group.name} ingestion`);
    } else {
      ledger.missing(`logs ${group.name}: usage data needed (bytes ingested per month)`);
    }
  }
}

function apiCost(snapshot: AccountSnapshot, ledger: Ledger, include: Include): void {
  for (const api of snapshot.restApis) {
    for (const stage of api.stages) {
      const env = include(stageSubject(api, stage));
      if (!env) continue;
      const label = `${api.name}/${stage.name}`;
      if (stage.usage && stage.usage.requestsPerMonth !== null) {
        ledger.add('apigateway', env, costLine(api.region, `${label} requests`, stage.usage.requestsPerMonth / 1e6, 'million requests', 'apigateway.requestPerMillion'), `apigateway ${label} requests`);
      } else {
        ledger.missing(`apigateway ${label}: usage data needed (requests per month)`);
      }
      if (stage.cacheClusterEnabled) {
        const size = stage.cacheClusterSize ?? '';
        if (isApiCacheSize(size)) {
          ledger.add('apigateway', env, costLine(api.region, `${label} cache ${size} GB`, HOURS_PER_MONTH, 'hours', `apigateway.cacheHour.${size}`), `apigateway ${label} cache`);
        } else {
          ledger.missing(`apigateway ${label}: cache size ${size || 'unknown'} is not in the catalog`);
        }
      }
    }
  }
}

export function estimateAccountCost(snapshot: AccountSnapshot, envOf: EnvOf, onlyEnv?: Env): AccountCost {
  const ledger = new Ledger();
  const include = (resource: EnvSubject): ResolvedEnv | null => {
    const env = envOf(resource);
    return onlyEnv && env !== onlyEnv ? null : env;
  };
  for (const part of [lambdaCost, auroraCost, dynamoCost, s3Cost, cloudfrontCost, logsCost, apiCost, natCost]) part(snapshot, ledger, include);
  const round = (record: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, roundCents(value)]));
  return {
    totalMonthlyUsd: roundCents(ledger.lines.reduce((sum, line) => sum + line.monthlyUsd, 0)),
    byService: round(ledger.byService),
    byEnv: round(ledger.byEnv),
    lines: ledger.lines,
    unpriced: ledger.unpriced,
  };
}
