/**
 * For each IAM action the code declares: which resource types it can be scoped to, from the Service
 * Authorization Reference (docs.aws.amazon.com/service-authorization/latest/reference/list_*.html).
 * An action with no resource types there has no resource-level permissions and must keep "*".
 *
 * `access` says whether the tool only reads through the action ('read') or changes something
 * ('write'). `audit` and `fix` read every resource of a type to learn its environment, so their reads
 * are scoped to the type in the account and region; writes are scoped to the configured name patterns.
 */

export type ResourceKind =
  | 'lambda-function'
  | 'lambda-layer-version'
  | 'dynamodb-table'
  | 'rds-cluster'
  | 'rds-db'
  | 's3-bucket'
  | 'logs-log-group'
  | 'cloudfront-distribution'
  | 'apigateway-restapis'
  | 'apigateway-stage'
  | 'ec2-vpc'
  | 'ec2-vpc-endpoint'
  | 'ec2-route-table'
  | 'ec2-subnet'
  | 'ec2-security-group'
  | 'ec2-vpc-endpoint-service'
  | 'secretsmanager-secret'
  | 'budgets-budget'
  | 'cloudwatch-alarm'
  | 's3-object'
  | 'dynamodb-export'
  | 'organizations-account'
  | 'iam-role'
  | 'cloudformation-stack';

export interface ActionScope {
  access: 'read' | 'write';
  /** Empty: the service has no resource-level permission for this action ("*" is the only valid Resource). */
  resources: readonly ResourceKind[];
  /** A condition key that narrows an action with no resource types (e.g. cloudwatch:namespace). */
  condition?: 'cloudwatch-namespace';
}

const read = (...resources: ResourceKind[]): ActionScope => ({ access: 'read', resources });
const write = (...resources: ResourceKind[]): ActionScope => ({ access: 'write', resources });

export const ACTION_SCOPES: Readonly<Record<string, ActionScope>> = {
  // API Gateway (REST): GET/PATCH are authorized on the resource path.
  'apigateway:GET': read('apigateway-restapis'),
  'apigateway:PATCH': write('apigateway-stage'),
  // Budgets
  'budgets:ViewBudget': read('budgets-budget'),
  'budgets:ModifyBudget': write('budgets-budget'),
  // Cost Explorer
  'ce:GetCostAndUsage': read(),
  'ce:ListCostAllocationTags': read(),
  // CloudFormation: each read is authorized on the stack (arn:…:stack/NAME/ID); the audit reads every stack.
  'cloudformation:DescribeStacks': read('cloudformation-stack'),
  'cloudformation:ListStackResources': read('cloudformation-stack'),
  'cloudformation:GetTemplate': read('cloudformation-stack'),
  // CloudFront (global: no region in the ARN)
  'cloudfront:ListDistributions': read(),
  'cloudfront:GetDistributionConfig': read('cloudfront-distribution'),
  'cloudfront:ListTagsForResource': read('cloudfront-distribution'),
  'cloudfront:UpdateDistribution': write('cloudfront-distribution'),
  // CloudWatch
  'cloudwatch:GetMetricData': read(),
  'cloudwatch:ListMetrics': read(),
  'cloudwatch:PutMetricData': { access: 'write', resources: [], condition: 'cloudwatch-namespace' },
  // validate alarms: its own alarms, named clinnet-opt-* (src/validate/alarms.ts).
  'cloudwatch:DescribeAlarms': read('cloudwatch-alarm'),
  'cloudwatch:PutMetricAlarm': write('cloudwatch-alarm'),
  'cloudwatch:DeleteAlarms': write('cloudwatch-alarm'),
  // DynamoDB
  'dynamodb:ListTables': read(),
  'dynamodb:DescribeTable': read('dynamodb-table'),
  'dynamodb:ListTagsOfResource': read('dynamodb-table'),
  'dynamodb:Scan': read('dynamodb-table'),
  'dynamodb:UpdateTable': write('dynamodb-table'),
  // EC2 / VPC: Describe* have no resource-level permissions.
  'ec2:DescribeNatGateways': read(),
  'ec2:DescribeRouteTables': read(),
  'ec2:DescribeSubnets': read(),
  'ec2:DescribeVpcEndpoints': read(),
  'ec2:DescribeVpcs': read(),
  // The tag an endpoint gets at creation (TagSpecifications) is authorized on the new endpoint.
  'ec2:CreateTags': write('ec2-vpc-endpoint'),
  'ec2:CreateVpcEndpoint': write('ec2-vpc', 'ec2-vpc-endpoint', 'ec2-route-table', 'ec2-subnet', 'ec2-security-group', 'ec2-vpc-endpoint-service'),
  'ec2:ModifyVpcEndpoint': write('ec2-vpc-endpoint', 'ec2-route-table', 'ec2-subnet', 'ec2-security-group'),
  'ec2:DeleteVpcEndpoints': write('ec2-vpc-endpoint'),
  // Lambda
  'lambda:GetAccountSettings': read(),
  'lambda:ListFunctions': read(),
  'lambda:GetFunction': read('lambda-function'),
  'lambda:GetFunctionConfiguration': read('lambda-function'),
  'lambda:GetFunctionConcurrency': read('lambda-function'),
  'lambda:GetProvisionedConcurrencyConfig': read('lambda-function'),
  'lambda:ListAliases': read('lambda-function'),
  'lambda:ListProvisionedConcurrencyConfigs': read('lambda-function'),
  'lambda:ListTags': read('lambda-function'),
  'lambda:GetLayerVersion': read('lambda-layer-version'),
  'lambda:PutFunctionConcurrency': write('lambda-function'),
  'lambda:DeleteFunctionConcurrency': write('lambda-function'),
  'lambda:PutProvisionedConcurrencyConfig': write('lambda-function'),
  'lambda:DeleteProvisionedConcurrencyConfig': write('lambda-function'),
  // Changes served through an alias: read the alias, publish a version, move the alias.
  'lambda:GetAlias': read('lambda-function'),
  'lambda:PublishVersion': write('lambda-function'),
  'lambda:UpdateAlias': write('lambda-function'),
  // Which qualifier event source mappings invoke: no resource-level permission.
  'lambda:ListEventSourceMappings': read(),
  // arm64 redeploys of packages above 50 MB go through --code-bucket, under clinnet-opt/.
  's3:PutObject': write('s3-object'),
  // migrate-dynamo copy --via export: the export itself, and the objects it writes and the CSV written from them.
  'dynamodb:DescribeContinuousBackups': read('dynamodb-table'),
  'dynamodb:ExportTableToPointInTime': write('dynamodb-table'),
  'dynamodb:DescribeExport': read('dynamodb-export'),
  's3:AbortMultipartUpload': write('s3-object'),
  's3:PutObjectAcl': write('s3-object'),
  's3:GetObject': read('s3-object'),
  's3:ListBucket': read('s3-bucket'),
  'lambda:UpdateFunctionCode': write('lambda-function'),
  'lambda:UpdateFunctionConfiguration': write('lambda-function'),
  // CloudWatch Logs: DescribeLogGroups, StartQuery and the retention calls take log-group ARNs.
  'logs:DescribeLogGroups': read('logs-log-group'),
  'logs:StartQuery': read('logs-log-group'),
  'logs:GetQueryResults': read(),
  'logs:StopQuery': read(),
  'logs:PutRetentionPolicy': write('logs-log-group'),
  'logs:DeleteRetentionPolicy': write('logs-log-group'),
  // RDS and the RDS Data API (whose actions are authorized on the cluster ARN)
  'rds:DescribeDBClusters': read('rds-cluster'),
  'rds:DescribeDBInstances': read('rds-db'),
  'rds:DescribeDBEngineVersions': read(),
  'rds:ModifyDBCluster': write('rds-cluster'),
  'rds-data:ExecuteStatement': write('rds-cluster'),
  'rds-data:BatchExecuteStatement': write('rds-cluster'),
  'rds-data:BeginTransaction': write('rds-cluster'),
  'rds-data:CommitTransaction': write('rds-cluster'),
  'rds-data:RollbackTransaction': write('rds-cluster'),
  // S3 (bucket ARNs carry neither region nor account)
  's3:ListAllMyBuckets': read(),
  's3:GetBucketLocation': read('s3-bucket'),
  's3:GetBucketTagging': read('s3-bucket'),
  's3:GetLifecycleConfiguration': read('s3-bucket'),
  's3:GetIntelligentTieringConfiguration': read('s3-bucket'),
  's3:PutLifecycleConfiguration': write('s3-bucket'),
  's3:PutIntelligentTieringConfiguration': write('s3-bucket'),
  // Secrets Manager: the migration's own secret only.
  'secretsmanager:GetSecretValue': read('secretsmanager-secret'),
  // Organizations (list_awsorganizations.html): ListAccounts and DescribeOrganization have no resource
  // types; ListTagsForResource takes account, OU, root and policy ARNs, and the tool asks for accounts only.
  'organizations:DescribeOrganization': read(),
  'organizations:ListAccounts': read(),
  'organizations:ListTagsForResource': read('organizations-account'),
  // STS (list_awssecuritytokenservice.html): AssumeRole is authorized on the role in the member account.
  'sts:AssumeRole': write('iam-role'),
  'sts:GetCallerIdentity': read(),
};

/**
 * Names the code declares that are API operations rather than IAM actions, and the action that
 * authorizes them (the GetLayerVersionByArn API is authorized by lambda:GetLayerVersion).
 */
export const AUTHORIZED_BY: Readonly<Record<string, string>> = {
  'lambda:GetLayerVersionByArn': 'lambda:GetLayerVersion',
};

export function iamActionFor(declared: string): string {
  return AUTHORIZED_BY[declared] ?? declared;
}
