/**
 * The CloudFormation collector: every stack of the region, its resources and its template outline,
 * read through paged AWS-shaped answers; secret parameters keep their name only; a template it may not
 * read is a coverage gap, and every collected resource a stack lists names that stack.
 */
import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { mockAllClients, serviceError, type MockedAccount } from './support/mock-clients.js';
import { FUNCTION_NAME, ORIGINAL, PROCESSED, STACK, STACK_ID, STACK_RESOURCES } from './stacks/sam-template.js';

const R = 'us-west-2';
const ACCOUNT = '111122223333';
let aws: MockedAccount;
beforeEach(() => {
  aws = mockAllClients();
});
afterEach(() => aws.restore());

const collect = () => collectSnapshot(new ClientFactory({ defaultRegion: R, maxAttempts: 1 }), { regions: [R], metricsDays: false });

const backendStack = {
  StackName: STACK,
  StackId: STACK_ID,
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date('2026-10-01T00:00:00Z'),
  Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
  Parameters: [
    { ParameterKey: 'Environment', ParameterValue: 'dev' },
    // NoEcho: DescribeStacks masks it.
    { ParameterKey: 'DBPassword', ParameterValue: '****' },
    { ParameterKey: 'DBUsername', ParameterValue: 'admin' },
    { ParameterKey: 'ApiToken', ParameterValue: 'tok-live-1234' },
  ],
  Tags: [{ Key: 'app', Value: 'clinnet' }],
};

function serveStacks(options: { templateDenied?: boolean } = {}) {
  const other = (n: number) => ({ StackName: `other-${n}`, StackId: `arn:aws:cloudformation:${R}:${ACCOUNT}:stack/other-${n}/x`, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() });
  const describePages: Record<string, unknown> = {
    first: { Stacks: [backendStack, { ...other(0), StackStatus: 'DELETE_COMPLETE' }], NextToken: 'stacks-page-2' },
    'stacks-page-2': { Stacks: [other(1)] },
  };
  aws.cloudformation.on(DescribeStacksCommand).callsFake((input: { NextToken?: string }) => describePages[input.NextToken ?? 'first']);
  aws.cloudformation.on(ListStackResourcesCommand).callsFake((input: { StackName: string; NextToken?: string }) => {
    if (input.StackName !== STACK) return { StackResourceSummaries: [{ LogicalResourceId: 'Topic', PhysicalResourceId: 'arn:aws:sns:us-west-2:111122223333:t', ResourceType: 'AWS::SNS::Topic', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] };
    return input.NextToken === 'res-2' ? { StackResourceSummaries: STACK_RESOURCES.slice(7) } : { StackResourceSummaries: STACK_RESOURCES.slice(0, 7), NextToken: 'res-2' };
  });
  aws.cloudformation.on(GetTemplateCommand).callsFake((input: { StackName: string; TemplateStage?: string }) => {
    if (options.templateDenied) throw serviceError('AccessDenied', 403, `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: cloudformation:GetTemplate on resource: ${STACK_ID}`);
    if (input.StackName !== STACK) return { TemplateBody: '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}', StagesAvailable: ['Original', 'Processed'] };
    return { TemplateBody: input.TemplateStage === 'Processed' ? PROCESSED : ORIGINAL, StagesAvailable: ['Original', 'Processed'] };
  });
}

function serveResources() {
  aws.lambda.on(ListFunctionsCommand).resolves({
    Functions: [FUNCTION_NAME, 'hand-made-function'].map((name) => ({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:${R}:${ACCOUNT}:function:${name}`,
      Runtime: 'python3.12',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      MemorySize: 256,
      Timeout: 30,
      CodeSize: 1000,
    })),
  });
  aws.dynamodb.on(ListTablesCommand).resolves({ TableNames: ['clinnet-services-v2-dev'] });
  aws.dynamodb.on(DescribeTableCommand).resolves({
    Table: {
      TableName: 'clinnet-services-v2-dev',
      TableArn: `arn:aws:dynamodb:${R}:${ACCOUNT}:table/clinnet-services-v2-dev`,
      TableStatus: 'ACTIVE',
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      ItemCount: 0,
      TableSizeBytes: 0,
    },
  });
}

describe('CloudFormation collector', () => {
  it('reads every page of stacks and of their resources, skipping deleted stacks', async () => {
    serveStacks();
    const snapshot = await collect();
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.stacks?.map((s) => s.name)).toEqual([STACK, 'other-1']);
    const stack = snapshot.stacks![0];
    expect(stack).toMatchObject({ region: R, id: STACK_ID, status: 'UPDATE_COMPLETE', capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'], tags: { app: 'clinnet' }, transforms: ['AWS::Serverless-2016-10-31'] });
    expect(stack.resources).toHaveLength(STACK_RESOURCES.length);
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('keeps a NoEcho parameter and one whose name says token by name only, and the others with their value', async () => {
    serveStacks();
    const snapshot = await collect();
    expect(snapshot.stacks![0].parameters).toEqual([
      { key: 'Environment', value: 'dev', noEcho: false },
      { key: 'DBPassword', value: null, noEcho: true },
      { key: 'DBUsername', value: 'admin', noEcho: false },
      { key: 'ApiToken', value: null, noEcho: false },
    ]);
    const json = JSON.stringify(snapshot);
    expect(json).not.toContain('tok-live-1234');
    // The template bodies are not kept.
    expect(json).not.toContain('AllowedValues');
  });

  it('records the SAM resource of each generated resource of a SAM stack, and none for a plain stack', async () => {
    serveStacks();
    const [sam, plain] = (await collect()).stacks!;
    const source = Object.fromEntries(sam.resources.map((r) => [r.logicalId, r.samResource]));
    expect(source).toMatchObject({
      GetPatientsFunctionRole: 'GetPatientsFunction',
      GetPatientsFunctionAliaslive: 'GetPatientsFunction',
      GetPatientsFunctionGetPatientsPermissionProd: 'GetPatientsFunction',
      ClinnetApidevStage: 'ClinnetApi',
      UtilsLayer3a5ffd0a91: 'UtilsLayer',
      ServicesTable: null,
    });
    expect(plain.resources[0]).not.toHaveProperty('samResource');
    // The Processed stage is read for the SAM stack only.
    const stages = aws.cloudformation.commandCalls(GetTemplateCommand).map((c) => `${c.args[0].input.StackName}:${c.args[0].input.TemplateStage}`);
    expect(stages.sort()).toEqual([`${STACK}:Original`, `${STACK}:Processed`, 'other-1:Original']);
  });

  it('names the stack and logical ID on every collected resource the stack lists, and on none it does not', async () => {
    serveStacks();
    serveResources();
    const snapshot = await collect();
    const fn = snapshot.lambdaFunctions.find((f) => f.name === FUNCTION_NAME);
    expect(fn?.stack).toEqual({ name: STACK, logicalId: 'GetPatientsFunction', samResource: 'GetPatientsFunction' });
    expect(snapshot.lambdaFunctions.find((f) => f.name === 'hand-made-function')).not.toHaveProperty('stack');
    expect(snapshot.dynamoTables[0].stack).toEqual({ name: STACK, logicalId: 'ServicesTable', samResource: null });
  });

  it('turns AccessDenied on GetTemplate into a coverage gap and still keeps the stack, its resources and masked parameters', async () => {
    serveStacks({ templateDenied: true });
    serveResources();
    const snapshot = await collect();
    expect(snapshot.coverageGaps).toEqual([
      expect.objectContaining({ service: 'cloudformation', region: R, operation: 'GetTemplate', kind: 'access-denied', error: expect.stringContaining('cloudformation:GetTemplate') }),
    ]);
    const stack = snapshot.stacks![0];
    expect(stack.transforms).toEqual([]);
    expect(stack.parameters.find((p) => p.key === 'DBPassword')).toEqual({ key: 'DBPassword', value: null, noEcho: true });
    expect(snapshot.lambdaFunctions.find((f) => f.name === FUNCTION_NAME)?.stack).toEqual({ name: STACK, logicalId: 'GetPatientsFunction' });
  });

  it('turns AccessDenied on DescribeStacks into a gap, with the rest of the account read', async () => {
    aws.cloudformation.on(DescribeStacksCommand).rejects(serviceError('AccessDenied', 403, 'not authorized to perform: cloudformation:DescribeStacks'));
    serveResources();
    const snapshot = await collect();
    expect(snapshot.stacks).toEqual([]);
    expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ service: 'cloudformation', operation: 'DescribeStacks', kind: 'access-denied' })]);
    expect(snapshot.lambdaFunctions).toHaveLength(2);
  });
});
