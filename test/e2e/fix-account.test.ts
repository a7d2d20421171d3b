/**
 * `fix --account` and `rollback --account` from the built binary against an AWS Organization in moto:
 * the management account (the default test credentials, 123456789012) creates the organization and
 * a prod member account; the member is seeded through its own credentials (AssumeRole of the
 * OrganizationAccountAccessRole that CreateAccount makes), and read back the same way. Each account
 * holds a provisioned medical-reports table of prod, so a change in the wrong account would show.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount, type EmulatedAccount } from './support/emulated-account.js';
import { awsQueryError, isAssumeRoleInto, startFaultProxy } from './support/fault-proxy.js';
import { createAccount, MEMBER_ROLE as ROLE, memberCredentials, memberFactory } from './support/org-seed.js';
import { outcomeList, readJournal } from './support/journal.js';

const MANAGEMENT = '123456789012';
/** The design keeps `*medical_reports*` tables in DynamoDB, billed on demand: the fix switches them. */
const TABLE = 'clinnet-medical_reports-prod';

let account: EmulatedAccount;
let member: string;
let memberClients: ClientFactory;

async function createProvisionedTable(f: ClientFactory): Promise<void> {
  await f.dynamodb().send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [{ AttributeName: 'patientId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'patientId', AttributeType: 'S' }],
      Tags: [{ Key: 'Environment', Value: 'prod' }],
    }),
  );
}

const billingMode = async (f: ClientFactory): Promise<string | undefined> => {
  const { Table } = await f.dynamodb().send(new DescribeTableCommand({ TableName: TABLE }));
  return Table?.BillingModeSummary?.BillingMode ?? (Table?.ProvisionedThroughput?.ReadCapacityUnits ? 'PROVISIONED' : undefined);
};

beforeAll(async () => {
  account = await startEmulatedAccount('fix-account');
  const f = account.f;
  await f.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  member = await createAccount(f, 'clinnet-prod', 'prod');
  expect(member).toMatch(/^\d{12}$/);
  // The member's own credentials, as an operator would get them.
  memberClients = memberFactory(await memberCredentials(f, member));
  await createProvisionedTable(memberClients);
  await createProvisionedTable(f);
});
afterAll(async () => account?.moto.stop());

const cli = (args: string[]) => runClinnet(account.moto.endpoint, args, { cwd: account.dir });

function expectExit(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

describe('fix --account: one member account per plan', () => {
  const planFile = () => join(account.dir, 'member-plan.json');
  const journal = () => join(account.dir, 'member-apply.jsonl');
  const PLAN = ['--env', 'prod', '--only', 'dynamodb/on-demand'];

  it('plans in the member account through its role; the plan file names the member', async () => {
    const run = await cli(['fix', '--account', member, ...PLAN, '--plan-out', planFile()]);
    expectExit(run, 0);
    expect(run.stderr).toContain(`fix: account ${member} (clinnet-prod) through arn:aws:iam::${member}:role/${ROLE}`);
    expect(run.stdout).toMatch(new RegExp(`^Plan [0-9a-f]+ for prod \\(account ${member}\\)`));
    const plan = JSON.parse(readFileSync(planFile(), 'utf8')) as { account: string; changes: { rule: string; resourceName: string }[] };
    expect(plan.account).toBe(member);
    expect(plan.changes.map((c) => `${c.rule} ${c.resourceName}`)).toEqual([`dynamodb/on-demand ${TABLE}`]);
  });

  it("is refused whole with the management account's credentials (the plan is another account's): exit 2, nothing changed", async () => {
    const run = await cli(['fix', '--apply', planFile(), '--yes', '--journal', join(account.dir, 'refused.jsonl')]);
    expectExit(run, 2);
    expect(run.stderr).toContain(`was made for account ${member}, but these credentials are for account ${MANAGEMENT}`);
    expect(await billingMode(memberClients)).toBe('PROVISIONED');
    expect(await billingMode(account.f)).toBe('PROVISIONED');
  });

  it('applies in the member account with --apply FILE --account; the management account is untouched', async () => {
    const run = await cli(['fix', '--apply', planFile(), '--account', member, '--yes', '--journal', journal()]);
    expectExit(run, 0);
    const written = readJournal(journal());
    expect(written.header).toMatchObject({ mode: 'apply', account: member });
    expect(outcomeList(written, 'applied')).toEqual([`dynamodb/on-demand ${TABLE}`]);
    expect(await billingMode(memberClients)).toBe('PAY_PER_REQUEST');
    expect(await billingMode(account.f)).toBe('PROVISIONED');
  });

  it("rolls back the member's journal with rollback --account (and refuses it without)", async () => {
    const refused = await cli(['rollback', journal(), '--yes', '--journal', join(account.dir, 'rollback-refused.jsonl')]);
    expectExit(refused, 2);
    expect(refused.stderr).toContain(`was made for account ${member}, but these credentials are for account ${MANAGEMENT}`);
    expect(await billingMode(memberClients)).toBe('PAY_PER_REQUEST');

    const back = await cli(['rollback', journal(), '--account', member, '--yes', '--journal', join(account.dir, 'rollback.jsonl')]);
    expectExit(back, 0);
    expect(back.stderr).toContain(`rollback: account ${member} (clinnet-prod) through arn:aws:iam::${member}:role/${ROLE}`);
    expect(await billingMode(memberClients)).toBe('PROVISIONED');
    expect(await billingMode(account.f)).toBe('PROVISIONED');
  });

  it('the management account itself, when named, is read with the credentials in use', async () => {
    const run = await cli(['fix', '--account', MANAGEMENT, ...PLAN, '--format', 'json']);
    expectExit(run, 0);
    expect(run.stderr).toContain(`fix: account ${MANAGEMENT} (`);
    expect(run.stderr).toContain('with the credentials in use');
    expect((JSON.parse(run.stdout) as { account: string }).account).toBe(MANAGEMENT);
  });

  it('a role the member refuses is exit 3 naming the account, the role and STS\'s reason, with no plan and no change', async () => {
    const denial = `User: arn:aws:iam::${MANAGEMENT}:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${member}:role/${ROLE}`;
    const proxy = await startFaultProxy(account.moto.endpoint, { fail: isAssumeRoleInto(member), answer: awsQueryError(403, 'AccessDenied', denial) });
    try {
      const out = join(account.dir, 'refused-plan.json');
      const run = await runClinnet(proxy.endpoint, ['fix', '--account', member, ...PLAN, '--plan-out', out], { cwd: account.dir });
      expectExit(run, 3);
      expect(proxy.faults()).toBeGreaterThan(0);
      expect(run.stderr).toContain(`account ${member} (clinnet-prod): cannot assume arn:aws:iam::${member}:role/${ROLE}: AccessDenied`);
      expect(run.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(await billingMode(memberClients)).toBe('PROVISIONED');
    } finally {
      await proxy.stop();
    }
  });

  it('an account outside the organization is exit 2, with no plan', async () => {
    const run = await cli(['fix', '--account', '999999999999', ...PLAN]);
    expectExit(run, 2);
    expect(run.stderr).toMatch(/999999999999 is not an account of organization o-[a-z0-9]+/);
    expect(run.stdout).toBe('');
  });
});
