/** `migrate-dynamo --env ENV` finds the design's tables by tag and name as audit does, through the built CLI against dynalite. */
import { CreateTableCommand, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type TestDynamo } from '../support/dynalite.js';
import { assertBuilt, runCli } from './cli-helpers.js';
import { waitForActive } from './fixtures.js';

let dynamo: TestDynamo;
let env: Record<string, string>;

async function table(name: string, tags: Record<string, string> = {}): Promise<void> {
  const client = dynamo.client();
  const created = await client.send(
    new CreateTableCommand({ TableName: name, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
  await waitForActive(client, name);
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  if (Tags.length) await client.send(new TagResourceCommand({ ResourceArn: created.TableDescription?.TableArn, Tags }));
  client.destroy();
}

beforeAll(async () => {
  assertBuilt();
  dynamo = await startDynalite();
  env = { ...dynamo.env };
  await table('clinnet-services-prod');
  await table('clinnet-users-prod');
  await table('clinnet-services-dev');
  await table('clinnet-users-dev');
  // Tagged dev although its name says nothing: the tag decides, as in audit.
  await table('legacy-users', { Environment: 'dev' });
  await table('clinnet-patients-prod', { Environment: 'prod' });
  // "Production" is prod to audit too; the tag outranks the word in the name.
  await table('services-archive-prod', { Environment: 'staging' });
});

afterAll(async () => {
  await dynamo?.stop();
});

describe('migrate-dynamo --env', () => {
  it('resolves prod to clinnet-services-prod and clinnet-users-prod, and copies those', async () => {
    const result = await runCli(['migrate-dynamo', 'copy', '--env', 'prod', '--dry-run', '--sample', 'none'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('--env prod: migrating clinnet-services-prod and clinnet-users-prod');
    expect(result.stderr).toContain('dry run clinnet-services-prod → services_migrated');
    expect(result.stderr).toContain('dry run clinnet-users-prod → users_migrated');
    const schema = await runCli(['migrate-dynamo', 'schema', '--env', 'production', '--sample', 'none'], env);
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain('-- mapping clinnet-services-prod → services_migrated');
    expect(schema.stdout).toContain('-- mapping clinnet-users-prod → users_migrated');
  });

  it('staging finds its tagged services table and says which users table is missing', async () => {
    const result = await runCli(['migrate-dynamo', 'schema', '--env', 'staging', '--sample', 'none'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no users table of environment staging found .*users tables seen: .*clinnet-users-prod.*: name it with --table/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an ambiguous match lists the candidates (exit 2); --table overrides --env', async () => {
    const ambiguous = await runCli(['migrate-dynamo', 'schema', '--env', 'dev', '--sample', 'none'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('more than one users table of environment dev:');
    expect(ambiguous.stderr).toContain('  clinnet-users-dev (environment in its name)');
    expect(ambiguous.stderr).toContain('  legacy-users (tag Environment=dev)');
    expect(ambiguous.stderr).toContain('name the one to migrate with --table');
    expect(ambiguous.stderr).not.toMatch(/\n\s+at /);

    const chosen = await runCli(['migrate-dynamo', 'schema', '--env', 'dev', '--table', 'clinnet-services-dev', '--table', 'legacy-users', '--sample', 'none'], env);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toContain('-- mapping clinnet-services-dev → services_migrated');
    expect(chosen.stdout).toContain('-- mapping legacy-users → users_migrated');
  });

  it('an unknown environment is a usage error', async () => {
    const result = await runCli(['migrate-dynamo', 'schema', '--env', 'sandbox'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--env must be dev, test, staging or prod (got "sandbox")');
  });
});
