/**
 * `fix --env prod` on an account holding the dev and prod SAM stacks (issue 20): the dev stack's
 * resources, and the log groups Lambda made for its functions outside the stack, are dev, so the
 * prod plan never touches them (before, 20 dev log groups got prod's 365-day retention).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSnapshot } from '../../src/inventory/snapshot-file.js';
import type { Stack } from '../../src/inventory/snapshot.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { ACCOUNT, REGION, lambdaFn, logGroup, snapshotWith } from '../rules/fragments.js';
import { runCli } from './cli-harness.js';

let fake: FakeAccountHandle;
beforeEach(() => {
  fake = installFakeAccount(seedProdAccount());
});
afterEach(() => fake.restore());

const stack = (name: string, environment: string): Stack => ({
  region: REGION,
  name,
  id: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0`,
  status: 'UPDATE_COMPLETE',
  parameters: [{ key: 'Environment', value: environment, noEcho: false }],
  tags: {},
  capabilities: ['CAPABILITY_IAM'],
  transforms: ['AWS::Serverless-2016-10-31'],
  resources: [],
});

async function twoStackFile(): Promise<string> {
  const fn = (stackName: string, logicalId: string, suffix: string) =>
    lambdaFn({
      name: `${stackName}-${logicalId}-${suffix}`,
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${stackName}-${logicalId}-${suffix}`,
      stack: { name: stackName, logicalId, samResource: logicalId },
    });
  const dev = [fn('clinnet-emr-backend', 'GetPatientsFunction', '1A2B3C4D5E6F'), fn('clinnet-emr-backend', 'SummarizeNoteFunction', '7G8H9I0J1K2L')];
  const prod = [fn('clinnet-emr-backend-prod', 'GetPatientsFunction', 'Q1W2E3R4T5Y6')];
  const snapshot = snapshotWith({
    stacks: [stack('clinnet-emr-backend', 'dev'), stack('clinnet-emr-backend-prod', 'prod')],
    lambdaFunctions: [...dev, ...prod],
    logGroups: [...dev, ...prod].map((f) => logGroup({ name: `/aws/lambda/${f.name}`, retentionDays: null, storedBytes: 4096 })),
  });
  const file = join(mkdtempSync(join(tmpdir(), 'clinnet-env-stacks-')), 'two-stacks.json');
  await saveSnapshot(file, snapshot);
  return file;
}

interface PlannedChange {
  rule: string;
  resourceName: string;
  env: string;
  after: unknown;
}

describe('fix --env prod on the dev and prod stacks', () => {
  it("plans prod's log group and none of dev's", async () => {
    const run = await runCli(['fix', '--snapshot', await twoStackFile(), '--env', 'prod', '--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { env: string; changes: PlannedChange[] };
    const retention = plan.changes.filter((c) => c.rule === 'logs/retention');
    expect(retention.map((c) => [c.resourceName, c.after])).toEqual([['/aws/lambda/clinnet-emr-backend-prod-GetPatientsFunction-Q1W2E3R4T5Y6', 365]]);
    for (const change of plan.changes) {
      expect(change.env).toBe('prod');
      expect(change.resourceName).not.toMatch(/clinnet-emr-backend-(GetPatients|SummarizeNote)Function/);
    }
    expect(fake.mutations()).toEqual([]);
  });

  it('fix --env dev plans the dev log groups with dev\'s 30 days', async () => {
    const run = await runCli(['fix', '--snapshot', await twoStackFile(), '--env', 'dev', '--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: PlannedChange[] };
    const retention = plan.changes.filter((c) => c.rule === 'logs/retention');
    expect(retention.map((c) => [c.resourceName, c.after]).sort()).toEqual([
      ['/aws/lambda/clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F', 30],
      ['/aws/lambda/clinnet-emr-backend-SummarizeNoteFunction-7G8H9I0J1K2L', 30],
    ]);
  });
});
