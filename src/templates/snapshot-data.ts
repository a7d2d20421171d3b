/**
 * Data resources of a template as snapshot records: DynamoDB tables (AWS::DynamoDB::Table,
 * AWS::Serverless::SimpleTable), S3 buckets (lifecycle rules and Intelligent-Tiering in the S3 API's
 * own shape), log groups (declared, and the /aws/lambda/F group Lambda creates for a function the
 * template gives none), and Aurora clusters (AWS::RDS::DBCluster with its AWS::RDS::DBInstance members).
 *
 * Neutral values: a resource without a name property is named by its logical ID; an undeployed table,
 * bucket or log group holds nothing (item count, sizes and stored bytes 0); an engine's Serverless v2
 * support is not read offline (null, with a coverage gap).
 */
import type { AuroraCluster, Bucket, DynamoTable, IntelligentTieringConfig, LifecycleRule, LogGroup } from '../inventory/snapshot.js';
import type { BuildContext } from './snapshot-context.js';
import { dynamicReference, functionName, FUNCTION_TYPES } from './snapshot-lambda.js';
import { isRecord, referencedId, tagsOf, type Json, type PropertyReader } from './snapshot-values.js';
import type { ResolvedResource } from './types.js';

const SIMPLE_TYPES: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };

const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function keySchema(value: unknown): DynamoTable['keySchema'] {
  return records(value).flatMap((k) => (typeof k.AttributeName === 'string' && (k.KeyType === 'HASH' || k.KeyType === 'RANGE') ? [{ name: k.AttributeName, type: k.KeyType }] : []));
}

function throughput(read: PropertyReader, path: string): { rcu: number; wcu: number } | null {
  if (read.raw(path) === undefined) return null;
  return { rcu: read.number(`${path}.ReadCapacityUnits`, 0), wcu: read.number(`${path}.WriteCapacityUnits`, 0) };
}

function toTable(c: BuildContext, resource: ResolvedResource): DynamoTable {
  const read = c.reader(resource, 'dynamodb');
  const name = read.string('TableName', resource.logicalId);
  const base = { template: c.ref(resource), region: c.region, name, arn: `arn:aws:dynamodb:${c.region}:${c.account}:table/${name}`, status: null, itemCount: 0, sizeBytes: 0 };
  if (resource.type === 'AWS::Serverless::SimpleTable') {
    const keyName = read.string('PrimaryKey.Name', 'id');
    const keyType = SIMPLE_TYPES[read.string('PrimaryKey.Type', 'String')] ?? 'S';
    const provisioned = throughput(read, 'ProvisionedThroughput');
    return {
      ...base,
      billingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      provisioned,
      keySchema: [{ name: keyName, type: 'HASH' }],
      attributeDefinitions: [{ name: keyName, type: keyType }],
      gsis: [],
      tags: tagsOf(read.raw('Tags')),
    };
  }
  const billingMode = read.string('BillingMode', 'PROVISIONED') === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  return {
    ...base,
    billingMode,
    provisioned: billingMode === 'PROVISIONED' ? (throughput(read, 'ProvisionedThroughput') ?? { rcu: 0, wcu: 0 }) : null,
    keySchema: keySchema(read.raw('KeySchema')),
    attributeDefinitions: records(read.raw('AttributeDefinitions')).flatMap((a) =>
      typeof a.AttributeName === 'string' && typeof a.AttributeType === 'string' ? [{ name: a.AttributeName, type: a.AttributeType }] : [],
    ),
    gsis: records(read.raw('GlobalSecondaryIndexes')).map((g, index) => {
      const projection = isRecord(g.Projection) ? g.Projection : {};
      return {
        name: typeof g.IndexName === 'string' ? g.IndexName : `index-${index}`,
        keySchema: keySchema(g.KeySchema),
        projectionType: typeof projection.ProjectionType === 'string' ? projection.ProjectionType : 'ALL',
        ...(Array.isArray(projection.NonKeyAttributes) ? { nonKeyAttributes: projection.NonKeyAttributes.filter((a): a is string => typeof a === 'string') } : {}),
        provisioned: billingMode === 'PROVISIONED' ? throughput(read, `GlobalSecondaryIndexes.${index}.ProvisionedThroughput`) : null,
      };
    }),
    tags: tagsOf(read.raw('Tags')),
  };
}

/** The S3 API's filter of a CloudFormation rule (Prefix, TagFilters, object sizes). */
function filterOf(rule: Json): Record<string, unknown> {
  const tags = records(rule.TagFilters).map((t) => ({ Key: t.Key, Value: t.Value }));
  const parts: Record<string, unknown> = {};
  if (typeof rule.Prefix === 'string') parts.Prefix = rule.Prefix;
  if (rule.ObjectSizeGreaterThan !== undefined) parts.ObjectSizeGreaterThan = Number(rule.ObjectSizeGreaterThan);
  if (rule.ObjectSizeLessThan !== undefined) parts.ObjectSizeLessThan = Number(rule.ObjectSizeLessThan);
  const count = Object.keys(parts).length + tags.length;
  if (count === 0) return { Prefix: '' };
  if (count === 1 && tags.length === 1) return { Tag: tags[0] };
  if (count === 1) return parts;
  return { And: { ...parts, ...(tags.length ? { Tags: tags } : {}) } };
}

const days = (value: unknown): number | undefined => (value === undefined ? undefined : typeof value === 'number' ? value : Number(value));

/** One CloudFormation lifecycle rule (TransitionInDays, ExpirationInDays, …) in the S3 API's shape (Days, Expiration, …), so the S3 rules check it as S3 would. */
function lifecycleRule(rule: Json): LifecycleRule {
  const transitions = [...records(rule.Transitions), ...(isRecord(rule.Transition) ? [rule.Transition] : [])].map((t) => ({
    ...(t.TransitionInDays !== undefined ? { Days: days(t.TransitionInDays) } : {}),
    ...(typeof t.TransitionDate === 'string' ? { Date: t.TransitionDate } : {}),
    StorageClass: String(t.StorageClass),
  }));
  const noncurrent = [...records(rule.NoncurrentVersionTransitions), ...(isRecord(rule.NoncurrentVersionTransition) ? [rule.NoncurrentVersionTransition] : [])].map((t) => ({
    NoncurrentDays: days(t.TransitionInDays),
    StorageClass: String(t.StorageClass),
    ...(t.NewerNoncurrentVersions !== undefined ? { NewerNoncurrentVersions: days(t.NewerNoncurrentVersions) } : {}),
  }));
  const abort = isRecord(rule.AbortIncompleteMultipartUpload) ? rule.AbortIncompleteMultipartUpload : null;
  return {
    ...(typeof rule.Id === 'string' ? { ID: rule.Id } : {}),
    Status: rule.Status === 'Disabled' ? 'Disabled' : 'Enabled',
    Filter: filterOf(rule),
    ...(transitions.length ? { Transitions: transitions } : {}),
    ...(rule.ExpirationInDays !== undefined || rule.ExpirationDate !== undefined || rule.ExpiredObjectDeleteMarker !== undefined
      ? { Expiration: { ...(rule.ExpirationInDays !== undefined ? { Days: days(rule.ExpirationInDays) } : {}), ...(rule.ExpirationDate !== undefined ? { Date: rule.ExpirationDate } : {}), ...(rule.ExpiredObjectDeleteMarker !== undefined ? { ExpiredObjectDeleteMarker: rule.ExpiredObjectDeleteMarker } : {}) } }
      : {}),
    ...(noncurrent.length ? { NoncurrentVersionTransitions: noncurrent } : {}),
    ...(rule.NoncurrentVersionExpirationInDays !== undefined ? { NoncurrentVersionExpiration: { NoncurrentDays: days(rule.NoncurrentVersionExpirationInDays) } } : {}),
    ...(isRecord(rule.NoncurrentVersionExpiration) ? { NoncurrentVersionExpiration: { NoncurrentDays: days(rule.NoncurrentVersionExpiration.NoncurrentDays) } } : {}),
    ...(abort ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: days(abort.DaysAfterInitiation) } } : {}),
  };
}

function toBucket(c: BuildContext, resource: ResolvedResource): Bucket {
  const read = c.reader(resource, 's3');
  const name = read.string('BucketName', resource.logicalId);
  const rules = read.raw('LifecycleConfiguration.Rules');
  if (rules !== undefined && !Array.isArray(rules)) read.unresolvedGap('LifecycleConfiguration.Rules', rules, 'no lifecycle configuration');
  const tiering: IntelligentTieringConfig[] = records(read.raw('IntelligentTieringConfigurations')).map((t) => ({
    Id: String(t.Id),
    Status: t.Status === 'Disabled' ? 'Disabled' : 'Enabled',
    Filter: filterOf(t),
    Tierings: records(t.Tierings).map((x) => ({ Days: Number(x.Days), AccessTier: String(x.AccessTier) })),
  }));
  return {
    template: c.ref(resource),
    name,
    region: c.region,
    arn: `arn:aws:s3:::${name}`,
    lifecycleRules: Array.isArray(rules) ? records(rules).map(lifecycleRule) : null,
    intelligentTiering: tiering,
    tags: tagsOf(read.raw('Tags')),
  };
}

const logGroupArn = (c: BuildContext, name: string): string => `arn:aws:logs:${c.region}:${c.account}:log-group:${name}:*`;

function toLogGroup(c: BuildContext, resource: ResolvedResource): LogGroup {
  const read = c.reader(resource, 'logs');
  const name = read.string('LogGroupName', resource.logicalId);
  return { template: c.ref(resource), region: c.region, name, arn: logGroupArn(c, name), retentionDays: read.number('RetentionInDays', null), storedBytes: 0, tags: tagsOf(read.raw('Tags')) };
}

/** The group Lambda creates on a function's first invocation when the template declares none: never expiring. It names the function's line. */
function implicitLogGroups(c: BuildContext, declared: readonly LogGroup[]): LogGroup[] {
  const names = new Set(declared.map((g) => g.name));
  return c.ofType(...FUNCTION_TYPES).flatMap((fn) => {
    const own = c.reader(fn, 'logs').raw('LoggingConfig.LogGroup');
    if (own !== undefined) return [];
    const name = `/aws/lambda/${functionName(c, fn)}`;
    if (names.has(name)) return [];
    return [{ template: c.ref(fn), region: c.region, name, arn: logGroupArn(c, name), retentionDays: null, storedBytes: 0, tags: {} }];
  });
}

export function templateLogGroups(c: BuildContext): LogGroup[] {
  const declared = c.ofType('AWS::Logs::LogGroup').map((r) => toLogGroup(c, r));
  return [...declared, ...implicitLogGroups(c, declared)];
}

/** Where the master password comes from (never the password: a parameter's value, Default included, is never read here). */
function masterPasswordSource(c: BuildContext, resource: ResolvedResource, read: PropertyReader): AuroraCluster['masterUserPassword'] {
  if (read.raw('ManageMasterUserPassword') === true || read.raw('ManageMasterUserPassword') === 'true') return { source: 'managed' };
  const parameter = resource.parameterRefs['Properties.MasterUserPassword'];
  if (parameter) {
    const declared = c.template.declaredParameters.find((p) => p.name === parameter);
    return { source: 'parameter', parameter, noEcho: declared?.noEcho ?? false, hasDefault: declared ? declared.default !== null : false };
  }
  const value = read.raw('MasterUserPassword');
  if (value === undefined) return null;
  const reference = dynamicReference(value);
  if (reference === 'secretsmanager' || reference === 'ssm-secure') return { source: reference };
  return typeof value === 'string' ? { source: 'literal' } : null;
}

function toCluster(c: BuildContext, resource: ResolvedResource): AuroraCluster {
  const read = c.reader(resource, 'rds');
  const id = read.string('DBClusterIdentifier', resource.logicalId);
  const scaling = read.raw('ServerlessV2ScalingConfiguration');
  const members = c.ofType('AWS::RDS::DBInstance').filter((i) => referencedId(i.properties.DBClusterIdentifier, c.ids) === resource.logicalId);
  read.gap('EngineVersion', "the engine version's Serverless v2 support (DescribeDBEngineVersions) is not read offline; audited as unknown");
  return {
    template: c.ref(resource),
    region: c.region,
    id,
    arn: `arn:aws:rds:${c.region}:${c.account}:cluster:${id}`,
    engine: read.string('Engine', 'aurora-mysql'),
    engineVersion: read.string('EngineVersion', ''),
    engineMode: read.string('EngineMode', 'provisioned'),
    status: null,
    serverlessV2: isRecord(scaling)
      ? {
          minAcu: read.number('ServerlessV2ScalingConfiguration.MinCapacity', 0.5),
          maxAcu: read.number('ServerlessV2ScalingConfiguration.MaxCapacity', 1),
          secondsUntilAutoPause: read.number('ServerlessV2ScalingConfiguration.SecondsUntilAutoPause', null),
        }
      : null,
    engineMinAcuSupported: null,
    engineMaxAcuSupported: null,
    backupRetentionDays: Math.round(read.number('BackupRetentionPeriod', 1)),
    multiAz: members.length > 1,
    instances: members.map((member, index) => {
      const m = c.reader(member, 'rds');
      return {
        id: m.string('DBInstanceIdentifier', member.logicalId),
        instanceClass: m.string('DBInstanceClass', 'unknown'),
        availabilityZone: m.string('AvailabilityZone', null),
        // The first declared member is taken as the writer: CloudFormation does not say which one Aurora makes it.
        isWriter: index === 0,
        status: null,
      };
    }),
    masterUserPassword: masterPasswordSource(c, resource, read),
    dataApiEnabled: read.boolean('EnableHttpEndpoint', false),
    deletionProtection: read.boolean('DeletionProtection', false),
    tags: tagsOf(read.raw('Tags')),
  };
}

export const templateTables = (c: BuildContext): DynamoTable[] => c.ofType('AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable').map((r) => toTable(c, r));
export const templateBuckets = (c: BuildContext): Bucket[] => c.ofType('AWS::S3::Bucket').map((r) => toBucket(c, r));
export const templateClusters = (c: BuildContext): AuroraCluster[] => c.ofType('AWS::RDS::DBCluster').map((r) => toCluster(c, r));
