/**
 * AWS list prices as data, per region. Each entry records when and where it was read; a region
 * that is not here has no prices (the estimator returns null, it never borrows another region's).
 * CloudFront is global: its prices live under 'global'. docs/pricing.md says how to add a region.
 */
import type { PriceKey } from './price-keys.js';

export interface RegionPrices {
  /** ISO date the prices were read from the source. */
  readOn: string;
  source: string;
  prices: Partial<Record<PriceKey, number>>;
}

const READ_ON = '2025-06-01';

/** Prices that AWS lists identically in us-east-1 and eu-west-1. */
const SAME_IN_US_EAST_1_AND_EU_WEST_1: Partial<Record<PriceKey, number>> = {
  // https://aws.amazon.com/lambda/pricing/ (first duration tier)
  'lambda.gbSecond.x86_64': 0.0000166667,
  'lambda.gbSecond.arm64': 0.0000133334,
  'lambda.requestPerMillion': 0.2,
  'lambda.provisioned.gbSecond.x86_64': 0.0000041667,
  'lambda.provisioned.gbSecond.arm64': 0.0000033334,
  'lambda.provisionedDuration.gbSecond.x86_64': 0.0000097222,
  'lambda.provisionedDuration.gbSecond.arm64': 0.0000077778,
  // https://aws.amazon.com/s3/pricing/ (first 50 TB tier; lifecycle transition requests)
  's3.storageGbMonth.STANDARD': 0.023,
  's3.storageGbMonth.STANDARD_IA': 0.0125,
  's3.storageGbMonth.ONEZONE_IA': 0.01,
  's3.storageGbMonth.GLACIER_IR': 0.004,
  's3.storageGbMonth.GLACIER': 0.0036,
  's3.storageGbMonth.DEEP_ARCHIVE': 0.00099,
  's3.storageGbMonth.INTELLIGENT_TIERING_FREQUENT': 0.023,
  's3.storageGbMonth.INTELLIGENT_TIERING_INFREQUENT': 0.0125,
  's3.storageGbMonth.INTELLIGENT_TIERING_ARCHIVE_INSTANT': 0.004,
  's3.intelligentTiering.monitoringPer1000Objects': 0.0025,
  's3.transitionPer1000.STANDARD_IA': 0.01,
  's3.transitionPer1000.ONEZONE_IA': 0.01,
  's3.transitionPer1000.GLACIER_IR': 0.02,
  's3.transitionPer1000.GLACIER': 0.03,
  's3.transitionPer1000.DEEP_ARCHIVE': 0.05,
  's3.transitionPer1000.INTELLIGENT_TIERING': 0.01,
  // https://aws.amazon.com/ec2/pricing/on-demand/ (data transfer out to the internet, first 10 TB)
  'dataTransfer.outGb': 0.09,
  // https://aws.amazon.com/cloudwatch/pricing/ (logs storage, archived)
  'logs.storageGbMonth': 0.03,
  // https://aws.amazon.com/api-gateway/pricing/ (REST API, first 333 million requests)
  'apigateway.requestPerMillion': 3.5,
  // https://aws.amazon.com/cloudwatch/pricing/ (standard-resolution alarm, per metric it evaluates; the free tier's 10 are account-wide, not counted)
  'cloudwatch.alarmMetricMonth': 0.1,
};

export const PRICE_CATALOG: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    readOn: READ_ON,
    source: 'AWS public price pages (aws.amazon.com/<service>/pricing), US East (N. Virginia), on-demand list prices',
    prices: {
      ...SAME_IN_US_EAST_1_AND_EU_WEST_1,
      // https://aws.amazon.com/rds/aurora/pricing/ (Aurora Standard, Serverless v2)
      'aurora.acuHour': 0.12,
      'aurora.storageGbMonth': 0.1,
      'aurora.ioPerMillion': 0.2,
      'aurora.backupGbMonth': 0.021,
      // https://aws.amazon.com/dynamodb/pricing/ (on-demand after the 1 Nov 2024 price cut)
      'dynamodb.onDemand.readPerMillion': 0.125,
      'dynamodb.onDemand.writePerMillion': 0.625,
      'dynamodb.provisioned.rcuHour': 0.00013,
      'dynamodb.provisioned.wcuHour': 0.00065,
      'dynamodb.storageGbMonth': 0.25,
      // https://aws.amazon.com/vpc/pricing/
      'natGateway.hour': 0.045,
      'natGateway.gbProcessed': 0.045,
      'logs.ingestGb': 0.5,
      // https://aws.amazon.com/api-gateway/pricing/ (cache memory size, per hour)
      'apigateway.cacheHour.0.5': 0.02,
      'apigateway.cacheHour.1.6': 0.038,
      'apigateway.cacheHour.6.1': 0.2,
      'apigateway.cacheHour.13.5': 0.25,
      'apigateway.cacheHour.28.4': 0.5,
      'apigateway.cacheHour.58.2': 1.0,
      'apigateway.cacheHour.118': 1.9,
      'apigateway.cacheHour.237': 3.8,
    },
  },
  'eu-west-1': {
    readOn: READ_ON,
    source: 'AWS public price pages (aws.amazon.com/<service>/pricing), EU (Ireland), on-demand list prices',
    prices: {
      ...SAME_IN_US_EAST_1_AND_EU_WEST_1,
      'aurora.acuHour': 0.13,
      'aurora.storageGbMonth': 0.11,
      'aurora.ioPerMillion': 0.22,
      'aurora.backupGbMonth': 0.021,
      'dynamodb.onDemand.readPerMillion': 0.1415,
      'dynamodb.onDemand.writePerMillion': 0.7068,
      'dynamodb.provisioned.rcuHour': 0.000147,
      'dynamodb.provisioned.wcuHour': 0.000735,
      'dynamodb.storageGbMonth': 0.283,
      'natGateway.hour': 0.048,
      'natGateway.gbProcessed': 0.048,
      'logs.ingestGb': 0.57,
      'apigateway.cacheHour.0.5': 0.02,
      'apigateway.cacheHour.1.6': 0.038,
      'apigateway.cacheHour.6.1': 0.2,
      'apigateway.cacheHour.13.5': 0.25,
      'apigateway.cacheHour.28.4': 0.5,
      'apigateway.cacheHour.58.2': 1.0,
      'apigateway.cacheHour.118': 1.9,
      'apigateway.cacheHour.237': 3.8,
    },
  },
  global: {
    readOn: READ_ON,
    source: 'https://aws.amazon.com/cloudfront/pricing/ (on-demand, first 10 TB per month tier)',
    prices: {
      // PriceClass_100: US, Canada, Mexico, Europe, Israel ($0.085/GB).
      'cloudfront.dataOutGb.PriceClass_100': 0.085,
      // PriceClass_200 adds Asia (Hong Kong, Singapore, Korea, Taiwan... $0.120/GB), Japan, India, Middle East, Africa.
      'cloudfront.dataOutGb.PriceClass_200': 0.12,
      // PriceClass_All adds South America ($0.110) and Australia/New Zealand ($0.114): costliest stays $0.120.
      'cloudfront.dataOutGb.PriceClass_All': 0.12,
      'cloudfront.httpsRequestsPer10k': 0.01,
    },
  },
};

/** The catalog entry that prices `region` (null → 'global'), or undefined when there is none. */
export function catalogEntry(region: string | null): RegionPrices | undefined {
  return Object.hasOwn(PRICE_CATALOG, region ?? 'global') ? PRICE_CATALOG[region ?? 'global'] : undefined;
}
