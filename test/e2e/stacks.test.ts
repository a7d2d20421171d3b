/**
 * A backend deployed through CloudFormation (plain CloudFormation: moto cannot run the SAM transform),
 * audited by the built binary: every finding on a stack resource names the stack and logical ID, the
 * summary counts them per stack, the NoEcho parameter's value is nowhere, and `fix --template` names
 * the line that declares each refused resource.
 */
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

const STACK = 'clinnet-backend-dev';
const PASSWORD = 'cfn-noecho-Pa55word-e2e';

/** Two functions without FunctionName (CloudFormation names them <stack>-<LogicalId>-<suffix>), a log group, the services table. */
const TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: {
    Environment: { Type: 'String', AllowedValues: ['dev', 'test', 'prod'] },
    DBPassword: { Type: 'String', NoEcho: true },
  },
  Resources: {
    FunctionRole: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    },
    GetPatientsFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'python3.12',
        Handler: 'app.handler',
        MemorySize: 256,
        Timeout: 30,
        Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
        Code: { ZipFile: 'def handler(event, context):\n    return {}\n' },
        Environment: { Variables: { DB_PASSWORD: { Ref: 'DBPassword' } } },
      },
    },
    SummarizeNoteFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'python3.12', Handler: 'app.handler', MemorySize: 256, Timeout: 30, Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] }, Code: { ZipFile: 'def handler(event, context):\n    return {}\n' } },
    },
    AuditLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/clinnet/audit-${Environment}' } } },
    ServicesTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: { 'Fn::Sub': 'clinnet-services-v2-${Environment}' },
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 25, WriteCapacityUnits: 25 },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      },
    },
  },
};
const TEMPLATE_TEXT = JSON.stringify(TEMPLATE, null, 2);
/** The 1-based line of a logical ID's key in TEMPLATE_TEXT. */
const lineOf = (logicalId: string): number => TEMPLATE_TEXT.split('\n').findIndex((line) => line.startsWith(`    "${logicalId}": {`)) + 1;

interface StackRef {
  name: string;
  logicalId: string;
}
interface Finding {
  rule: string;
  resource: string;
  resourceName: string;
  stack?: StackRef;
}

let moto: Moto;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('stacks'));
  await moto.reset();
  const cfn = f.cloudformation('us-east-1');
  await cfn.send(
    new CreateStackCommand({
      StackName: STACK,
      TemplateBody: TEMPLATE_TEXT,
      Parameters: [
        { ParameterKey: 'Environment', ParameterValue: 'dev' },
        { ParameterKey: 'DBPassword', ParameterValue: PASSWORD },
      ],
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: STACK }));
  expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
  writeFileSync(join(dir, 'template.json'), TEMPLATE_TEXT);
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stdout + run.stderr, 'the NoEcho value leaked').not.toContain(PASSWORD);
}

describe('an account deployed through CloudFormation', () => {
  it('snapshot: the stack with its parameters (the NoEcho one by name only) and its resources', async () => {
    const file = join(dir, 'account.json');
    expectClean(await cli(['snapshot', '--out', file]), 0);
    const text = readFileSync(file, 'utf8');
    // moto's DescribeStacks shows a NoEcho value in clear (AWS masks it as ****): the template's NoEcho decides.
    expect(text).not.toContain(PASSWORD);
    const snap = JSON.parse(text) as { stacks: { name: string; parameters: unknown[]; resources: { logicalId: string; physicalId: string }[] }[]; lambdaFunctions: { name: string; stack?: StackRef }[] };
    const stack = snap.stacks.find((s) => s.name === STACK);
    expect(stack?.parameters).toEqual([
      { key: 'Environment', value: 'dev', noEcho: false },
      { key: 'DBPassword', value: null, noEcho: true },
    ]);
    expect(stack?.resources.map((r) => r.logicalId).sort()).toEqual(['AuditLogGroup', 'FunctionRole', 'GetPatientsFunction', 'ServicesTable', 'SummarizeNoteFunction']);
    const fn = snap.lambdaFunctions.find((x) => x.name.startsWith(`${STACK}-GetPatientsFunction-`));
    expect(fn?.stack).toEqual({ name: STACK, logicalId: 'GetPatientsFunction' });
  });

  it('audit --format json: every finding on a stack resource names the stack and logical ID, and the summary counts them per stack', async () => {
    const run = await cli(['audit', '--format', 'json', '--fail-on', 'none']);
    expectClean(run, 0);
    const report = JSON.parse(run.stdout) as { findings: Finding[]; summary: { byStack: { stack: string; findings: number }[] } };
    const byLogicalId = (id: string) => report.findings.filter((x) => x.stack?.logicalId === id);
    expect(byLogicalId('GetPatientsFunction').length, JSON.stringify(report.findings.map((x) => [x.rule, x.resourceName]))).toBeGreaterThan(0);
    expect(byLogicalId('ServicesTable').length).toBeGreaterThan(0);
    expect(byLogicalId('AuditLogGroup').map((x) => x.rule)).toContain('logs/retention');
    // Every finding on a resource the stack created names it, whichever rule made it.
    const stackResources = (x: Finding) => x.resourceName.startsWith(`${STACK}-`) || x.resourceName === 'clinnet-services-v2-dev' || x.resourceName === '/clinnet/audit-dev';
    for (const finding of report.findings.filter(stackResources)) expect(finding.stack?.name, `${finding.rule} ${finding.resourceName}`).toBe(STACK);
    expect(report.summary.byStack).toEqual([expect.objectContaining({ stack: STACK, findings: report.findings.filter((x) => x.stack).length })]);
  });

  it('fix --template: every change to a stack resource is refused and names the template line that declares it', async () => {
    const run = await cli(['fix', '--env', 'dev', '--format', 'json', '--template', 'template.json']);
    expectClean(run, 0);
    const plan = JSON.parse(run.stdout) as { changes: { resourceName: string; refused?: string; managedBy?: { stack: string; logicalId: string }; templateLocation?: string }[] };
    const managed = plan.changes.filter((c) => c.managedBy);
    expect(managed.length).toBeGreaterThan(0);
    for (const change of managed) {
      // Refused: by the stack, or first for a reason of its own (moto cannot serve a code package to inspect).
      expect(change.refused, change.resourceName).toBeTruthy();
      expect(change.templateLocation, change.resourceName).toBe(`template.json:${lineOf(change.managedBy!.logicalId)}`);
    }
    const byStack = managed.filter((c) => c.refused?.startsWith(`managed by CloudFormation stack ${STACK}: change `));
    expect(byStack.map((c) => c.managedBy?.logicalId)).toEqual(expect.arrayContaining(['AuditLogGroup', 'GetPatientsFunction']));
    const table = await cli(['fix', '--env', 'dev', '--template', 'template.json']);
    expectClean(table, 0);
    expect(table.stdout).toContain(`— declared at template.json:${lineOf('AuditLogGroup')}`);
  });
});
