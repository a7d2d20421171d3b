/**
 * ARN patterns per resource kind (formats from the Service Authorization Reference's resource-type
 * tables). Pure: the names come from the scope context, '*' standing for "every resource of the type".
 */
import type { ResourceKind } from './catalog.js';

export interface ArnContext {
  partition: string;
  /**
   * 12 digits, or '*' when no --account was given. For `--for org` it is the member account the
   * role may be assumed in: the management side's own resources are not named in that policy.
   */
  account: string;
  /** Region names, or ['*'] when no --region was given. */
  regions: readonly string[];
}

/** An exact name gets the qualified form too (a function's alias, a log group's `:*` stream suffix). */
const qualified = (arn: string, name: string, suffix: string): string[] => (name.endsWith('*') ? [arn] : [arn, `${arn}${suffix}`]);

const perRegion = (ctx: ArnContext, build: (region: string) => string[]): string[] => ctx.regions.flatMap(build);

/** Secret ARNs end in a hyphen and six random characters that Secrets Manager adds to the name. */
const secretName = (name: string): string => (name.endsWith('*') ? name : `${name}-??????`);

export function arnsFor(kind: ResourceKind, names: readonly string[], ctx: ArnContext): string[] {
  const { partition: p, account: a } = ctx;
  switch (kind) {
    case 'lambda-function':
      return perRegion(ctx, (r) => names.flatMap((n) => qualified(`arn:${p}:lambda:${r}:${a}:function:${n}`, n, ':*')));
    case 'lambda-layer-version':
      // Layers are often published by other accounts (AWS, vendors): any account's layer versions in the region.
      return perRegion(ctx, (r) => [`arn:${p}:lambda:${r}:*:layer:*:*`]);
    case 'dynamodb-table':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:dynamodb:${r}:${a}:table/${n}`));
    case 'rds-cluster':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:rds:${r}:${a}:cluster:${n}`));
    case 'rds-db':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:rds:${r}:${a}:db:${n}`));
    case 's3-bucket':
      return names.map((n) => `arn:${p}:s3:::${n}`);
    case 'logs-log-group':
      // A service's log group carries the resource's name under /aws/<service>/ (/aws/lambda/NAME, /aws/rds/cluster/NAME/error).
      return perRegion(ctx, (r) =>
        names.flatMap((n) =>
          n === '*'
            ? [`arn:${p}:logs:${r}:${a}:log-group:*`]
            : [n, `/aws/*/${n}`].flatMap((group) => qualified(`arn:${p}:logs:${r}:${a}:log-group:${group}`, n, ':*')),
        ),
      );
    case 'cloudformation-stack':
      return perRegion(ctx, (r) => [`arn:${p}:cloudformation:${r}:${a}:stack/*`]);
    case 'cloudfront-distribution':
      return [`arn:${p}:cloudfront::${a}:distribution/*`];
    case 'apigateway-restapis':
      return perRegion(ctx, (r) => [`arn:${p}:apigateway:${r}::/restapis`, `arn:${p}:apigateway:${r}::/restapis/*`]);
    case 'apigateway-stage':
      return perRegion(ctx, (r) => [`arn:${p}:apigateway:${r}::/restapis/*/stages/*`]);
    case 'ec2-vpc':
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:${a}:vpc/*`]);
    case 'ec2-vpc-endpoint':
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:${a}:vpc-endpoint/*`]);
    case 'ec2-route-table':
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:${a}:route-table/*`]);
    case 'ec2-subnet':
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:${a}:subnet/*`]);
    case 'ec2-security-group':
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:${a}:security-group/*`]);
    case 'ec2-vpc-endpoint-service':
      // The S3 and DynamoDB gateway endpoint services belong to AWS, not to the account.
      return perRegion(ctx, (r) => [`arn:${p}:ec2:${r}:*:vpc-endpoint-service/*`]);
    case 'secretsmanager-secret':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:secretsmanager:${r}:${a}:secret:${secretName(n)}`));
    case 'budgets-budget':
      return names.map((n) => `arn:${p}:budgets::${a}:budget/${n}`);
    case 's3-object':
      return names.map((n) => `arn:${p}:s3:::${n}/*`);
    case 'dynamodb-export':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:dynamodb:${r}:${a}:table/${n}/export/*`));
    case 'cloudwatch-alarm':
      return perRegion(ctx, (r) => names.map((n) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${n}`));
    case 'organizations-account':
      // arn:${Partition}:organizations::${ManagementAccountId}:account/o-${OrganizationId}/${AccountId}: the names
      // are member account ids, the last part; the management account and organization id are the organization's own.
      return names.map((n) => `arn:${p}:organizations::*:account/o-*/${n}`);
    case 'iam-role':
      // IAM is global: no region. A role name may carry a path (path/name), as in the role's ARN.
      return names.map((n) => `arn:${p}:iam::${a}:role/${n}`);
  }
}

/** Kinds whose ARNs carry an ID the user does not choose (distribution, VPC, REST API IDs): never name-scoped. */
export const ID_NAMED_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'lambda-layer-version',
  'cloudfront-distribution',
  'apigateway-restapis',
  'apigateway-stage',
  'ec2-vpc',
  'ec2-vpc-endpoint',
  'ec2-route-table',
  'ec2-subnet',
  'ec2-security-group',
  'ec2-vpc-endpoint-service',
]);

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  return 'aws';
}
