/** After collection, each resource a stack lists names that stack and its logical ID; nothing else does. */
import { describe, expect, it } from 'vitest';
import { attachStacks } from '../../../src/inventory/stacks/attach-stacks.js';
import type { Stack, StackResource } from '../../../src/inventory/snapshot.js';
import { auroraCluster, bucket, distribution, lambdaFn, logGroup, network, REGION, restApi, snapshotWith, table } from '../../rules/fragments.js';

const STACK = 'clinnet-emr-backend-dev';
const fnName = `${STACK}-GetPatientsFunction-1A2B3C4D5E6F`;

function stack(resources: StackResource[], overrides: Partial<Stack> = {}): Stack {
  return { region: REGION, name: STACK, id: `arn:aws:cloudformation:${REGION}:123456789012:stack/${STACK}/x`, status: 'UPDATE_COMPLETE', parameters: [], tags: {}, capabilities: [], transforms: ['AWS::Serverless-2016-10-31'], resources, ...overrides };
}
const res = (logicalId: string, type: string, physicalId: string, samResource?: string | null): StackResource => ({ logicalId, type, physicalId, ...(samResource !== undefined ? { samResource } : {}) });

const backend = stack([
  res('GetPatientsFunction', 'AWS::Lambda::Function', fnName, 'GetPatientsFunction'),
  res('GetPatientsLogGroup', 'AWS::Logs::LogGroup', `/aws/lambda/${STACK}-Declared`, null),
  res('ServicesTable', 'AWS::DynamoDB::Table', 'clinnet-services-v2-dev', null),
  res('ImagesBucket', 'AWS::S3::Bucket', 'clinnet-images-v2-123456789012-us-east-1-dev', null),
  res('FrontendDistribution', 'AWS::CloudFront::Distribution', 'E2CLINNETDEV', null),
  res('AuroraCluster', 'AWS::RDS::DBCluster', 'clinnet-aurora-dev', null),
  res('ClinnetApi', 'AWS::ApiGateway::RestApi', 'a1b2c3d4e5', 'ClinnetApi'),
  res('ClinnetApiDeployment47fc2d5f9d', 'AWS::ApiGateway::Deployment', 'dep1', 'ClinnetApi'),
  res('ClinnetApidevStage', 'AWS::ApiGateway::Stage', 'dev', 'ClinnetApi'),
  res('NatGateway', 'AWS::EC2::NatGateway', 'nat-0prod', null),
  res('Vpc', 'AWS::EC2::VPC', 'vpc-0prod', null),
]);

function account() {
  return snapshotWith({
    stacks: [backend],
    lambdaFunctions: [lambdaFn({ name: fnName }), lambdaFn({ name: 'hand-made' })],
    logGroups: [logGroup({ name: `/aws/lambda/${STACK}-Declared` }), logGroup({ name: `/aws/lambda/${fnName}` })],
    dynamoTables: [table({ name: 'clinnet-services-v2-dev' })],
    buckets: [bucket({ name: 'clinnet-images-v2-123456789012-us-east-1-dev', region: 'us-east-1' })],
    distributions: [distribution({ id: 'E2CLINNETDEV' })],
    // CloudFormation records the identifier as given; RDS lowercases it.
    auroraClusters: [auroraCluster({ id: 'clinnet-aurora-dev' })],
    restApis: [restApi({ id: 'a1b2c3d4e5', stages: [{ name: 'dev', cacheClusterEnabled: false, cacheClusterSize: null, tags: {} }, { name: 'manual', cacheClusterEnabled: false, cacheClusterSize: null, tags: {} }] })],
    network: network(),
  });
}

describe('attachStacks', () => {
  const out = attachStacks(account());

  it('names stack, logical ID and SAM source on the function, table, bucket, distribution, cluster, API and network resources it lists', () => {
    expect(out.lambdaFunctions[0].stack).toEqual({ name: STACK, logicalId: 'GetPatientsFunction', samResource: 'GetPatientsFunction' });
    expect(out.dynamoTables[0].stack).toEqual({ name: STACK, logicalId: 'ServicesTable', samResource: null });
    expect(out.buckets[0].stack?.logicalId).toBe('ImagesBucket');
    expect(out.distributions[0].stack?.logicalId).toBe('FrontendDistribution');
    expect(out.auroraClusters[0].stack?.logicalId).toBe('AuroraCluster');
    expect(out.restApis[0].stack?.logicalId).toBe('ClinnetApi');
    expect(out.network.natGateways[0].stack?.logicalId).toBe('NatGateway');
    expect(out.network.vpcs[0].stack?.logicalId).toBe('Vpc');
  });

  it("names the stage its API's stack declares, and not a stage made by hand on the same API", () => {
    const [dev, manual] = out.restApis[0].stages;
    expect(dev.stack).toEqual({ name: STACK, logicalId: 'ClinnetApidevStage', samResource: 'ClinnetApi' });
    expect(manual).not.toHaveProperty('stack');
  });

  it('leaves absent the stack of what no stack lists: a hand-made function, and the log group Lambda made for a stack function', () => {
    expect(out.lambdaFunctions[1]).not.toHaveProperty('stack');
    expect(out.logGroups[0].stack?.logicalId).toBe('GetPatientsLogGroup');
    expect(out.logGroups[1]).not.toHaveProperty('stack');
  });

  it("does not give a resource another region's stack, and matches a cluster identifier whatever its case", () => {
    const other = attachStacks({ ...account(), stacks: [{ ...backend, region: 'eu-west-1' }] });
    expect(other.lambdaFunctions[0]).not.toHaveProperty('stack');
    expect(other.dynamoTables[0]).not.toHaveProperty('stack');
    // A bucket and a distribution are global: the stack of any region owns them.
    expect(other.buckets[0].stack?.logicalId).toBe('ImagesBucket');
    expect(other.distributions[0].stack?.logicalId).toBe('FrontendDistribution');
    const upper = attachStacks({ ...account(), stacks: [stack([res('AuroraCluster', 'AWS::RDS::DBCluster', 'Clinnet-Aurora-Dev')], { transforms: [] })] });
    expect(upper.auroraClusters[0].stack).toEqual({ name: STACK, logicalId: 'AuroraCluster' });
  });

  it('leaves the snapshot it was given as it was', () => {
    const input = account();
    attachStacks(input);
    expect(input.lambdaFunctions[0]).not.toHaveProperty('stack');
  });
});
