/**
 * The design's cost breakdown, and the one pure function that puts a Cost Explorer line (service,
 * usage type) in a category. NAT gateway and data transfer charges are not services of their own
 * in Cost Explorer: they hide under "EC2 - Other" and other services, so usage types decide.
 */
export const CATEGORY_IDS = ['aurora', 'lambda', 's3', 'dataTransfer', 'cloudwatch', 'dynamodb', 'cloudfront', 'apiGateway', 'other'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const CATEGORY_LABELS: Record<CategoryId, string> = {
  aurora: 'Aurora',
  lambda: 'Lambda',
  s3: 'S3',
  dataTransfer: 'Data Transfer',
  cloudwatch: 'CloudWatch',
  dynamodb: 'DynamoDB',
  cloudfront: 'CloudFront',
  apiGateway: 'API Gateway',
  other: 'Other',
};

/** Usage types that are network charges whatever service bills them (region prefix optional). */
const NETWORK_USAGE = [
  /(^|-)NatGateway-(Hours|Bytes)$/i,
  /(^|-)DataTransfer-/i,
  /(^|-)AWS-(In|Out)-Bytes$/i, // inter-region transfer, e.g. USE1-USW2-AWS-Out-Bytes
  /(^|-)VpcEndpoint-(Hours|Bytes)$/i,
];

const SERVICES: Array<[RegExp, CategoryId]> = [
  [/^Amazon Relational Database Service$|Aurora/i, 'aurora'],
  [/^AWS Lambda$/i, 'lambda'],
  [/^Amazon Simple Storage Service$/i, 's3'],
  [/CloudWatch/i, 'cloudwatch'],
  [/^Amazon DynamoDB$/i, 'dynamodb'],
  [/^Amazon CloudFront$/i, 'cloudfront'],
  [/^Amazon API Gateway$/i, 'apiGateway'],
  [/^AWS Data Transfer$|^Amazon Virtual Private Cloud$/i, 'dataTransfer'],
];

/**
 * Category of one Cost Explorer line. CloudFront's own transfer (e.g. US-DataTransfer-Out-Bytes)
 * stays CloudFront: it is what its price class changes, and the audit prices it under CloudFront.
 */
export function categorize(service: string, usageType: string): CategoryId {
  const byService = SERVICES.find(([pattern]) => pattern.test(service))?.[1];
  if (byService === 'cloudfront') return 'cloudfront';
  if (NETWORK_USAGE.some((pattern) => pattern.test(usageType))) return 'dataTransfer';
  return byService ?? 'other';
}

/** Category of an audit rule id ('service/check'), for estimates and journal predictions. */
export function categoryOfRule(rule: string): CategoryId {
  const service = rule.split('/')[0];
  if (rule === 'lambda/log-level') return 'cloudwatch'; // it cuts log ingestion, billed by CloudWatch
  switch (service) {
    case 'aurora':
    case 'rds':
      return 'aurora';
    case 'lambda':
      return 'lambda';
    case 's3':
      return 's3';
    case 'vpc':
    case 'nat':
      return 'dataTransfer';
    case 'logs':
    case 'cloudwatch':
      return 'cloudwatch';
    case 'dynamodb':
      return 'dynamodb';
    case 'cloudfront':
      return 'cloudfront';
    case 'apigateway':
      return 'apiGateway';
    default:
      return 'other';
  }
}
