import { describe, expect, it } from 'vitest';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { validateLifecycleRules } from '../../src/rules/s3/lifecycle-constraints.js';
import { runRules } from '../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { SECRET_PARAMETER_VALUE, templateToSnapshot } from '../../src/templates/to-snapshot.js';
import { FILE, parameter, resource, template, unresolved } from './resolved-fixtures.js';

const opts = { environment: 'prod', region: 'us-west-2' };

describe('templateToSnapshot: Lambda', () => {
  const layer = resource('CommonLayer', 'AWS::Serverless::LayerVersion', { LayerName: 'clinnet-common', CompatibleRuntimes: ['python3.12'] }, { line: 40 });
  const fn = resource(
    'GetPatientsFunction',
    'AWS::Serverless::Function',
    {
      Runtime: 'python3.12',
      Layers: [unresolved('!Ref CommonLayer', 'a resource reference is known only after deployment')],
      Environment: { Variables: { DB_HOST: 'db.example', DB_PASSWORD: 'S3cret-default!' } },
      Events: { List: { Type: 'Api', Properties: { Path: '/patients', Method: 'get' } } },
      Tags: { Environment: 'prod' },
    },
    { line: 120, parameterRefs: { 'Properties.Environment.Variables.DB_PASSWORD': 'DbPassword' } },
  );
  const resolved = template([layer, fn], {
    parameters: { Environment: 'prod', DbPassword: 'S3cret-default!' },
    declaredParameters: [parameter('Environment', { allowedValues: ['dev', 'test', 'prod'] }), parameter('DbPassword', { default: 'S3cret-default!', noEcho: true })],
  });
  const snapshot = templateToSnapshot(resolved, opts);
  const [f] = snapshot.lambdaFunctions;

  it('validates as a snapshot and labels it with the template, its environment and the resource line', () => {
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.template).toMatchObject({ file: FILE, environment: 'prod' });
    expect(snapshot.env).toBe('prod');
    expect(f.template).toEqual({ file: FILE, line: 120, logicalId: 'GetPatientsFunction' });
  });

  it('names a function without FunctionName by its logical ID, with Lambda defaults for what the template leaves out', () => {
    expect(f).toMatchObject({ name: 'GetPatientsFunction', memoryMb: 128, timeoutS: 3, architectures: ['x86_64'], runtime: 'python3.12', packageType: 'Zip' });
    expect(f.arn).toBe('arn:aws:lambda:us-west-2:000000000000:function:GetPatientsFunction');
  });

  it('sees API Gateway behind a SAM Api event, and the implicit ServerlessRestApi with its method', () => {
    expect(f.invokedByApiGateway).toBe(true);
    const api = snapshot.restApis.find((a) => a.id === 'ServerlessRestApi');
    expect(api?.stages.map((s) => s.name)).toEqual(['Prod', 'Stage']);
    expect(api?.methods).toEqual([{ resourcePath: '/patients', httpMethod: 'GET', authorizationType: 'NONE', requestParameters: [], cacheKeyParameters: [] }]);
    expect(api?.lambdaIntegrations).toEqual([f.arn]);
  });

  it('reads a template layer that lists no architectures as "lists none", not unreadable', () => {
    expect(f.layers).toEqual([{ arn: 'arn:aws:lambda:us-west-2:000000000000:layer:clinnet-common:1', compatibleArchitectures: [] }]);
  });

  it('keeps environment variables by name and links a NoEcho parameter by name, never a value', () => {
    expect(f.environmentVariableNames).toEqual(['DB_HOST', 'DB_PASSWORD']);
    expect(f.environmentVariableParameters).toEqual({ DB_PASSWORD: { parameter: 'DbPassword', noEcho: true, hasDefault: true } });
    expect(snapshot.template?.parameters.DbPassword).toBe(SECRET_PARAMETER_VALUE);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('S3cret-default!');
    expect(text).not.toContain('db.example');
  });

  it('adds the never-expiring /aws/lambda group Lambda creates, pointing at the function line', () => {
    expect(snapshot.logGroups).toEqual([expect.objectContaining({ name: '/aws/lambda/GetPatientsFunction', retentionDays: null, template: f.template })]);
  });

  it('leaves money to usage: the arm64 finding says usage data needed', () => {
    const findings = runRules({ snapshot, targets: DESIGN_TARGETS });
    const arm = findings.find((x) => x.rule === 'lambda/arm64');
    expect(arm?.monthlyDeltaUsd).toBeNull();
    expect(arm?.message).toContain('usage data needed');
  });

  it('reads FunctionName, memory, timeout and architecture when given, and a method integration as API Gateway', () => {
    const plain = resource('Worker', 'AWS::Lambda::Function', { FunctionName: 'clinnet-worker-prod', MemorySize: 1024, Timeout: 60, Architectures: ['arm64'] }, { line: 300 });
    const api = resource('Api', 'AWS::ApiGateway::RestApi', { Name: 'clinnet-api' });
    const method = resource('GetMethod', 'AWS::ApiGateway::Method', {
      RestApiId: unresolved('!Ref Api'),
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      ResourceId: unresolved('!GetAtt Api.RootResourceId'),
      Integration: { Type: 'AWS_PROXY', Uri: unresolved('!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations') },
    });
    const stage = resource('ProdStage', 'AWS::ApiGateway::Stage', { RestApiId: unresolved('!Ref Api'), StageName: 'prod', CacheClusterEnabled: true, CacheClusterSize: '0.5', MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: true, CacheTtlInSeconds: 300 }] });
    const s = templateToSnapshot(template([plain, api, method, stage], { sam: false }), opts);
    expect(s.lambdaFunctions[0]).toMatchObject({ name: 'clinnet-worker-prod', memoryMb: 1024, timeoutS: 60, architectures: ['arm64'], invokedByApiGateway: true });
    expect(s.restApis).toEqual([
      expect.objectContaining({
        id: 'Api',
        name: 'clinnet-api',
        lambdaIntegrations: ['arn:aws:lambda:us-west-2:000000000000:function:clinnet-worker-prod'],
        methods: [expect.objectContaining({ resourcePath: '/', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS' })],
        stages: [expect.objectContaining({ name: 'prod', cacheClusterEnabled: true, cacheClusterSize: '0.5', cachingEnabled: true, cacheTtlSeconds: 300 })],
      }),
    ]);
  });
});

describe('templateToSnapshot: unresolved values', () => {
  it('audits an unresolved value as the documented neutral one and says so in a coverage gap naming the line', () => {
    const fn = resource(
      'SummarizeNoteFunction',
      'AWS::Serverless::Function',
      { FunctionName: unresolved('!ImportValue shared-name', 'an export of another stack'), MemorySize: unresolved('!FindInMap [Sizes, !Ref Size, Memory]', 'no such map key') },
      { line: 200, propertyLines: { 'Properties.MemorySize': 204 } },
    );
    const s = templateToSnapshot(template([fn]), opts);
    expect(s.lambdaFunctions[0]).toMatchObject({ name: 'SummarizeNoteFunction', memoryMb: 128 });
    expect(s.coverageGaps).toEqual([
      expect.objectContaining({ service: 'lambda', resource: 'SummarizeNoteFunction', error: expect.stringContaining('template.yaml:200 SummarizeNoteFunction FunctionName: !ImportValue shared-name could not be resolved offline') }),
      expect.objectContaining({ service: 'lambda', resource: 'SummarizeNoteFunction', error: expect.stringMatching(/template\.yaml:204 .*MemorySize: !FindInMap .*audited as 128/) }),
    ]);
  });

  it('a template gap never reads as a service not read (the audit is not refused)', async () => {
    const { unreadServices } = await import('../../src/inventory/completeness.js');
    const fn = resource('F', 'AWS::Serverless::Function', { Timeout: unresolved('!GetAtt X.Y') });
    expect(unreadServices(templateToSnapshot(template([fn]), opts).coverageGaps)).toEqual([]);
  });
});

describe('templateToSnapshot: data, edge and network', () => {
  it('maps DynamoDB tables and SAM simple tables', () => {
    const table = resource('PatientsTable', 'AWS::DynamoDB::Table', {
      TableName: 'clinnet-patients-v2-prod',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'by-date', KeySchema: [{ AttributeName: 'date', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }],
      Tags: [{ Key: 'app', Value: 'clinnet' }],
    });
    const simple = resource('NotesTable', 'AWS::Serverless::SimpleTable', { PrimaryKey: { Name: 'noteId', Type: 'Number' } });
    const s = templateToSnapshot(template([table, simple]), opts);
    expect(s.dynamoTables[0]).toMatchObject({
      name: 'clinnet-patients-v2-prod',
      arn: 'arn:aws:dynamodb:us-west-2:000000000000:table/clinnet-patients-v2-prod',
      billingMode: 'PROVISIONED',
      provisioned: { rcu: 5, wcu: 2 },
      gsis: [{ name: 'by-date', projectionType: 'KEYS_ONLY', provisioned: { rcu: 1, wcu: 1 } }],
      tags: { app: 'clinnet' },
    });
    expect(s.dynamoTables[1]).toMatchObject({ name: 'NotesTable', billingMode: 'PAY_PER_REQUEST', provisioned: null, keySchema: [{ name: 'noteId', type: 'HASH' }], attributeDefinitions: [{ name: 'noteId', type: 'N' }] });
  });

  it("turns a CloudFormation lifecycle rule into S3's shape, so S3's own constraints reject a 7-day STANDARD_IA transition", () => {
    const bucket = resource(
      'ImagesBucket',
      'AWS::S3::Bucket',
      { BucketName: 'clinnet-images-v2-000000000000-us-west-2-prod', LifecycleConfiguration: { Rules: [{ Id: 'ia', Status: 'Enabled', Transitions: [{ TransitionInDays: 7, StorageClass: 'STANDARD_IA' }], ExpirationInDays: 365 }] } },
      { line: 253 },
    );
    const s = templateToSnapshot(template([bucket]), opts);
    expect(s.buckets[0].lifecycleRules).toEqual([{ ID: 'ia', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 7, StorageClass: 'STANDARD_IA' }], Expiration: { Days: 365 } }]);
    expect(validateLifecycleRules(s.buckets[0].lifecycleRules ?? [])).toEqual([expect.objectContaining({ ruleId: 'ia', message: expect.stringContaining('30') })]);
  });

  it('maps a distribution with an S3 and an API origin, and the comment beside a cache policy id', () => {
    const dist = resource(
      'Cdn',
      'AWS::CloudFront::Distribution',
      {
        DistributionConfig: {
          Enabled: true,
          PriceClass: 'PriceClass_All',
          Origins: [
            { Id: 's3', DomainName: unresolved('!GetAtt FrontendBucket.RegionalDomainName'), S3OriginConfig: {} },
            { Id: 'api', DomainName: unresolved('!Sub ${ClinnetApi}.execute-api.${AWS::Region}.amazonaws.com'), CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } },
          ],
          DefaultCacheBehavior: { TargetOriginId: 's3', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', Compress: true },
          CacheBehaviors: [{ PathPattern: '/api/*', TargetOriginId: 'api', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }],
        },
      },
      { propertyComments: { 'Properties.DistributionConfig.DefaultCacheBehavior.CachePolicyId': 'CachingOptimized' } },
    );
    const bucket = resource('FrontendBucket', 'AWS::S3::Bucket', {});
    const api = resource('ClinnetApi', 'AWS::Serverless::Api', { StageName: 'prod' });
    const s = templateToSnapshot(template([dist, bucket, api]), opts);
    const d = s.distributions[0];
    expect(d.origins).toEqual([
      { id: 's3', domainName: 'FrontendBucket.s3.us-west-2.amazonaws.com', kind: 's3' },
      { id: 'api', domainName: 'ClinnetApi.execute-api.us-west-2.amazonaws.com', kind: 'custom' },
    ]);
    expect(d.defaultBehavior).toMatchObject({ pathPattern: '*', cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', cachePolicyComment: 'CachingOptimized', compress: true });
    expect(d.behaviors).toEqual([expect.objectContaining({ pathPattern: '/api/*', targetOriginId: 'api', cachePolicyComment: null })]);
    expect(d.priceClass).toBe('PriceClass_All');
  });

  it('maps an Aurora Serverless v2 cluster with its instances, and says the engine support is not read offline', () => {
    const cluster = resource('Db', 'AWS::RDS::DBCluster', { Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 }, BackupRetentionPeriod: 7 });
    const writer = resource('DbWriter', 'AWS::RDS::DBInstance', { DBClusterIdentifier: unresolved('!Ref Db'), DBInstanceClass: 'db.serverless' });
    const s = templateToSnapshot(template([cluster, writer]), opts);
    expect(s.auroraClusters[0]).toMatchObject({ id: 'Db', serverlessV2: { minAcu: 0.5, maxAcu: 16 }, backupRetentionDays: 7, multiAz: false, engineMinAcuSupported: null, instances: [{ id: 'DbWriter', instanceClass: 'db.serverless', isWriter: true }] });
    expect(s.coverageGaps).toEqual([expect.objectContaining({ service: 'rds', resource: 'Db', error: expect.stringContaining('Serverless v2 support') })]);
  });

  it('maps a declared log group with its retention', () => {
    const s = templateToSnapshot(template([resource('AppLogs', 'AWS::Logs::LogGroup', { LogGroupName: '/clinnet/app-prod', RetentionInDays: 3653 })]), opts);
    expect(s.logGroups).toEqual([expect.objectContaining({ name: '/clinnet/app-prod', retentionDays: 3653, arn: 'arn:aws:logs:us-west-2:000000000000:log-group:/clinnet/app-prod:*' })]);
  });

  it('maps the VPC, its NAT route and endpoints by logical ID, so the gateway-endpoint rule can judge it', () => {
    const r = (id: string, type: string, props: Record<string, unknown>) => resource(id, type, props);
    const s = templateToSnapshot(
      template([
        r('Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'clinnet-prod' }] }),
        r('PrivateSubnet', 'AWS::EC2::Subnet', { VpcId: unresolved('!Ref Vpc') }),
        r('PublicSubnet', 'AWS::EC2::Subnet', { VpcId: unresolved('!Ref Vpc') }),
        r('Nat', 'AWS::EC2::NatGateway', { SubnetId: unresolved('!Ref PublicSubnet') }),
        r('PrivateRoutes', 'AWS::EC2::RouteTable', { VpcId: unresolved('!Ref Vpc') }),
        r('PrivateDefault', 'AWS::EC2::Route', { RouteTableId: unresolved('!Ref PrivateRoutes'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: unresolved('!Ref Nat') }),
        r('PrivateAssoc', 'AWS::EC2::SubnetRouteTableAssociation', { RouteTableId: unresolved('!Ref PrivateRoutes'), SubnetId: unresolved('!Ref PrivateSubnet') }),
        r('S3Endpoint', 'AWS::EC2::VPCEndpoint', { VpcId: unresolved('!Ref Vpc'), ServiceName: 'com.amazonaws.us-west-2.s3', RouteTableIds: [unresolved('!Ref PrivateRoutes')] }),
      ]),
      opts,
    );
    expect(s.network.natGateways).toEqual([expect.objectContaining({ id: 'Nat', vpcId: 'Vpc', subnetId: 'PublicSubnet' })]);
    expect(s.network.routeTables).toEqual([expect.objectContaining({ id: 'PrivateRoutes', vpcId: 'Vpc', subnetIds: ['PrivateSubnet'], routes: [expect.objectContaining({ destination: '0.0.0.0/0', natGatewayId: 'Nat' })] })]);
    expect(s.network.vpcEndpoints).toEqual([expect.objectContaining({ id: 'S3Endpoint', type: 'Gateway', routeTableIds: ['PrivateRoutes'] })]);
    const finding = runRules({ snapshot: s, targets: DESIGN_TARGETS }).find((f) => f.rule === 'vpc/gateway-endpoints');
    expect(finding?.message).toContain('DynamoDB: create a gateway endpoint on PrivateRoutes');
    expect(finding?.monthlyDeltaUsd).toBeNull();
    expect(finding?.message).toContain('usage data needed');
  });

  it('records where secrets come from, never what they are: dynamic references, the master password parameter', () => {
    const fn = resource('F', 'AWS::Serverless::Function', { Environment: { Variables: { API_KEY: '{{resolve:secretsmanager:clinnet/api:SecretString:key}}', PLAIN: 'x' } } });
    const cluster = resource('Db', 'AWS::RDS::DBCluster', { Engine: 'aurora-mysql', MasterUserPassword: 'ClinnetDev2024!' }, { parameterRefs: { 'Properties.MasterUserPassword': 'DBPassword' } });
    const literal = resource('Db2', 'AWS::RDS::DBCluster', { Engine: 'aurora-mysql', MasterUserPassword: 'written-in-the-file' });
    const managed = resource('Db3', 'AWS::RDS::DBCluster', { Engine: 'aurora-mysql', ManageMasterUserPassword: true });
    const s = templateToSnapshot(
      template([fn, cluster, literal, managed], { declaredParameters: [parameter('DBPassword', { noEcho: true, default: 'ClinnetDev2024!' })], parameters: { DBPassword: 'ClinnetDev2024!' } }),
      opts,
    );
    expect(s.lambdaFunctions[0].environmentVariableDynamicReferences).toEqual({ API_KEY: 'secretsmanager' });
    expect(s.auroraClusters.map((c) => c.masterUserPassword)).toEqual([{ source: 'parameter', parameter: 'DBPassword', noEcho: true, hasDefault: true }, { source: 'literal' }, { source: 'managed' }]);
    const text = JSON.stringify(s);
    expect(text).not.toContain('ClinnetDev2024!');
    expect(text).not.toContain('written-in-the-file');
    expect(text).not.toContain('clinnet/api:SecretString');
  });

  it("reads a template cache policy a behaviour refers to, so a cached API answer is the high finding it is", () => {
    const policy = resource('ApiCachePolicy', 'AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: { Name: 'api', MinTTL: 0, DefaultTTL: 300, MaxTTL: 3600, ParametersInCacheKeyAndForwardedToOrigin: { HeadersConfig: { HeaderBehavior: 'none' } } },
    });
    const dist = resource('Cdn', 'AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Enabled: true,
        Origins: [{ Id: 'api', DomainName: 'abc123.execute-api.us-west-2.amazonaws.com', CustomOriginConfig: {} }],
        DefaultCacheBehavior: { TargetOriginId: 'api', CachePolicyId: unresolved('!Ref ApiCachePolicy') },
      },
    });
    const s = templateToSnapshot(template([policy, dist]), opts);
    expect(s.distributions[0].defaultBehavior).toMatchObject({ cachePolicyId: 'ApiCachePolicy', cachePolicyConfig: { minTtlS: 0, defaultTtlS: 300, maxTtlS: 3600, headersInCacheKey: [] } });
    const cached = runRules({ snapshot: s, targets: DESIGN_TARGETS }).find((f) => f.rule === 'cloudfront/api-cached');
    expect(cached?.severity).toBe('high');
    expect(s.coverageGaps).toEqual([]);
  });
});

