/**
 * An AWS Organization in moto, run from the management account 123456789012 (the default test
 * credentials): a prod and a dev member account created with CreateAccount and tagged with their
 * environment in Organizations, each seeded through ITS OWN credentials (STS AssumeRole of
 * OrganizationAccountAccessRole, the role CreateAccount makes), with one environment of the shared
 * seed (test/e2e/seed.ts `seedEnv`). Each member also holds resources with no Environment tag and no
 * environment word in their name: only the account's Organizations tag can tell theirs. The
 * management account holds one function of its own, audited only when that account is named.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ClientFactory } from '../../../src/aws/clients.js';
import { REGION, seedEnv, seedFunctions, type EnvResources, type SeedEnv } from '../seed.js';
import { createRole } from './moto-iam.js';

/** The default test credentials' account: the organization's management account. */
export const MANAGEMENT_ACCOUNT = '123456789012';
/** The role CreateAccount makes in each new member, trusted by the management account. */
export const MEMBER_ROLE = 'OrganizationAccountAccessRole';
/**
 * Provisioned, untagged, no environment in its name: its environment is the account's. A table the
 * design keeps in DynamoDB on demand (the `*medical-reports*` glob), so rules judge it; a name no rule
 * looks at (say "clinnet-orders") would have no finding to carry the environment.
 */
export const UNTAGGED_TABLE = 'clinnet-medical-reports';
/** Untagged function (and log group) with no environment in its name, in each member. */
export const UNTAGGED_FUNCTION = 'clinnet-scheduler';
/** In the management account itself. */
export const MANAGEMENT_FUNCTION = 'clinnet-mgmt-tool';

export interface SeededMember {
  id: string;
  name: string;
  env: SeedEnv;
  resources: EnvResources;
  /** Resources that carry no environment at all (tag or name): the account's tag must give it. */
  untagged: string[];
}

export interface SeededOrganization {
  organizationId: string;
  prod: SeededMember;
  dev: SeededMember;
  managementFunction: string;
}

export interface MemberCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** CreateAccount is asynchronous in AWS: wait until its status says SUCCEEDED (moto answers at once). */
export async function createAccount(f: ClientFactory, name: string, env: SeedEnv): Promise<string> {
  const created = await f.organizations().send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@clinnet.example`, Tags: [{ Key: 'Environment', Value: env }] }),
  );
  let status = created.CreateAccountStatus;
  for (let i = 0; i < 20 && status?.State === 'IN_PROGRESS'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    status = (await f.organizations().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }))).CreateAccountStatus;
  }
  if (status?.State !== 'SUCCEEDED' || !status.AccountId) throw new Error(`moto: CreateAccount ${name}: ${status?.State} ${status?.FailureReason ?? ''}`);
  return status.AccountId;
}

/** The member's own credentials, as the tool gets them: AssumeRole of its OrganizationAccountAccessRole. */
export async function memberCredentials(f: ClientFactory, account: string): Promise<MemberCredentials> {
  const answer = await f.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${MEMBER_ROLE}`, RoleSessionName: 'clinnet-e2e-seed' }));
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`moto: AssumeRole into ${account} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** SDK clients that sign as the member (one attempt, like the tests' own factory). */
export function memberFactory(credentials: MemberCredentials): ClientFactory {
  return new ClientFactory({ defaultRegion: REGION, maxAttempts: 1, clientConfig: { credentials } });
}

async function seedMember(f: ClientFactory, endpoint: string, name: string, env: SeedEnv): Promise<SeededMember> {
  const id = await createAccount(f, name, env);
  const credentials = await memberCredentials(f, id);
  const member = memberFactory(credentials);
  // The Lambda execution role must exist in the member itself (moto checks it, as Lambda does).
  const role = await createRole(endpoint, 'clinnet-lambda-role', REGION, credentials.accessKeyId);
  // prod as in the shared seed (tagged); dev with its environment in its names only.
  const resources = await seedEnv(
    member,
    role,
    env,
    [{ name: `clinnet-patients-${env}`, tags: env === 'prod' ? { Environment: 'prod' } : undefined }],
    env === 'prod',
    env === 'prod' ? 10 : 20,
    1,
  );
  await seedFunctions(member, role, [{ name: UNTAGGED_FUNCTION }]);
  await member.dynamodb().send(
    new CreateTableCommand({
      TableName: UNTAGGED_TABLE,
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }),
  );
  return { id, name, env, resources, untagged: [UNTAGGED_TABLE, UNTAGGED_FUNCTION, `/aws/lambda/${UNTAGGED_FUNCTION}`] };
}

/** `f` signs as the management account (the default test credentials). */
export async function seedOrganization(f: ClientFactory, endpoint: string): Promise<SeededOrganization> {
  const organization = await f.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const prod = await seedMember(f, endpoint, 'clinnet-prod', 'prod');
  const dev = await seedMember(f, endpoint, 'clinnet-dev', 'dev');
  // The management account's own function: tagged, so that when it is named its findings are judged.
  const role = await createRole(endpoint, 'clinnet-mgmt-role', REGION);
  await seedFunctions(f, role, [{ name: MANAGEMENT_FUNCTION, tags: { Environment: 'prod' } }]);
  return { organizationId: organization.Organization!.Id!, prod, dev, managementFunction: MANAGEMENT_FUNCTION };
}
