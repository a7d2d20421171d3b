/**
 * `cost-report --org` from the built binary against the emulator: an organization made in moto
 * (create_organization, create_account with an Environment tag) and Cost Explorer answers registered
 * with moto's POST /moto-api/static/ce/cost-and-usage-results (moto answers from that queue; it
 * cannot group by itself: docs/e2e.md). moto has no ListCostAllocationTags (it answers 500), so a
 * the fault proxy in front of it answers that one operation the way Cost Explorer does and forwards
 * every other request to moto unchanged.
 */
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import { startFaultProxy, type FaultAnswer, type FaultProxy } from './support/fault-proxy.js';
import type { Moto } from './support/moto-server.js';
import { createAccount } from './support/org-seed.js';

const MANAGEMENT = '123456789012';

let moto: Moto;
let f: ClientFactory;
let dir: string;
let proxy: FaultProxy;
/** The cost allocation tags the proxy lists as Active. */
let activeTags: string[] = [];

/** ListCostAllocationTags as Cost Explorer answers it (JSON protocol, named in X-Amz-Target): the tags listed as Active. */
const isListCostAllocationTags = (req: IncomingMessage): boolean => String(req.headers['x-amz-target'] ?? '').endsWith('.ListCostAllocationTags');
const costAllocationTags = (): FaultAnswer => ({
  status: 200,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify({ CostAllocationTags: activeTags.map((TagKey) => ({ TagKey, Type: 'UserDefined', Status: 'Active' })) }),
});

beforeAll(async () => {
  ({ moto, f } = await startEmulatedAccount('cost-org'));
  proxy = await startFaultProxy(moto.endpoint, { fail: isListCostAllocationTags, answer: costAllocationTags });
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  activeTags = [];
  dir = mkdtempSync(join(tmpdir(), 'clinnet-e2e-cost-org-'));
});

const cli = (args: string[]) => runClinnet(proxy.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

/** The organization: the management account (the default test credentials), a prod and a dev member, each tagged Environment. */
async function seedOrganization(): Promise<{ prod: string; dev: string }> {
  await f.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const prod = await createAccount(f, 'clinnet-workloads-a', 'prod');
  const dev = await createAccount(f, 'clinnet-workloads-b', 'dev');
  return { prod, dev };
}

type Group = [keys: string[], amount: string];

async function registerCosts(groups: Group[], names: Record<string, string>): Promise<void> {
  const queued = await fetch(`${moto.endpoint}/moto-api/static/ce/cost-and-usage-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      results: [
        {
          ResultsByTime: [
            {
              TimePeriod: { Start: '2025-10-01', End: '2025-11-01' },
              Total: {},
              Groups: groups.map(([Keys, amount]) => ({ Keys, Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } })),
              Estimated: false,
            },
          ],
          DimensionValueAttributes: Object.entries(names).map(([Value, description]) => ({ Value, Attributes: { description } })),
        },
      ],
    }),
  });
  expect(queued.status).toBe(201);
}

describe('cost-report --org against moto', () => {
  it('outside an organization: exit 2, one line', async () => {
    const run = await cli(['cost-report', '--org', '--period', '2025-10', '--no-cache']);
    expectClean(run, 2);
    expect(run.stderr).toMatch(/^clinnet-opt: account 123456789012 is not in an AWS Organization/m);
  });

  it('the tag not active: one query by LINKED_ACCOUNT, each member account under its Organizations Environment tag', async () => {
    const { prod, dev } = await seedOrganization();
    await registerCosts(
      [
        [[prod], '412.50'],
        [[dev], '96.25'],
        [[MANAGEMENT], '3.10'],
      ],
      { [prod]: 'clinnet-workloads-a', [dev]: 'clinnet-workloads-b', [MANAGEMENT]: 'master' },
    );
    const run = await cli(['cost-report', '--org', '--period', '2025-10', '--no-cache', '--format', 'json']);
    expectClean(run, 0);
    const report = JSON.parse(run.stdout);
    expect(report.environmentsFrom.costAllocationTag).toBeNull();
    const line = (account: string) => report.lines.find((l: { account: string }) => l.account === account);
    expect(line(prod)).toMatchObject({ accountName: 'clinnet-workloads-a', env: 'prod', envFrom: ['account-tag'], cost: 412.5, targetPct: 40 });
    expect(line(dev)).toMatchObject({ accountName: 'clinnet-workloads-b', env: 'dev', envFrom: ['account-tag'], cost: 96.25, targetPct: 60 });
    expect(line(MANAGEMENT)).toMatchObject({ env: null, cost: 3.1 });
    for (const l of report.lines) expect(l.account).toMatch(/^\d{12}$/);
    expect(report.environments.map((e: { env: string | null; cost: number }) => [e.env, e.cost])).toEqual([
      ['dev', 96.25],
      ['prod', 412.5],
      [null, 3.1],
    ]);
    expect(report.total.cost).toBe(511.85);

    const csv = await cli(['cost-report', '--org', '--period', '2025-10', '--no-cache', '--format', 'csv']);
    expectClean(csv, 0);
    expect(csv.stdout).toContain(`line,${prod},clinnet-workloads-a,prod,account-tag,,2025-10-01,2025-11-01,412.5,412.5,false,,,,40,n/a`);
  });

  it('the tag active: grouped by LINKED_ACCOUNT and Environment, a baseline saved and compared per account (exit 1 on a miss)', async () => {
    activeTags = ['team', 'Environment'];
    const { prod, dev } = await seedOrganization();
    const names = { [prod]: 'clinnet-workloads-a', [dev]: 'clinnet-workloads-b' };
    await registerCosts(
      [
        [[prod, 'Environment$prod'], '500.00'],
        [[dev, 'Environment$dev'], '90.00'],
        [[dev, 'Environment$prod'], '10.00'],
        [[dev, 'Environment$'], '0.00'],
      ],
      names,
    );
    const baseline = join(dir, 'org-baseline.json');
    const saved = await cli(['cost-report', '--org', '--period', '2025-10', '--save-baseline', baseline, '--format', 'json']);
    expectClean(saved, 0);
    const report = JSON.parse(saved.stdout);
    expect(report.environmentsFrom.costAllocationTag).toBe('Environment');
    expect(report.lines.filter((l: { account: string }) => l.account === dev).map((l: { env: string; cost: number }) => [l.env, l.cost])).toEqual([
      ['dev', 90],
      ['prod', 10],
    ]);
    expect(report.savedBaseline).toBe(baseline);

    // The same period again compared with itself: nothing fell, so each environment's reduction target is missed.
    const compared = await cli(['cost-report', '--org', '--period', '2025-10', '--baseline', baseline]);
    expectClean(compared, 1);
    expect(compared.stdout).toMatch(new RegExp(`${prod}\\s*│\\s*clinnet-workloads-a\\s*│\\s*prod\\s*│[^\\n]*FAIL`));
    expect(compared.stderr).toMatch(/^clinnet-opt: \d+ cost target\(s\) missed: .*clinnet-workloads-a\) prod/m);
  });
});
