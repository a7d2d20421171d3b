/** `clinnet-opt snapshot --out FILE`: read the live account into a versioned AccountSnapshot file. */
import type { Command } from 'commander';
import { resolveRegions } from '../audit/regions.js';
import { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { collectSnapshot } from '../inventory/collect.js';
import { accountLabel, assertAccountsRead, assertInventoryRead, incompleteHeadline, unreadServices } from '../inventory/completeness.js';
import { metricsDaysOption } from '../inventory/metrics/options.js';
import { saveSnapshot, saveSnapshotSet } from '../inventory/snapshot-file.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { addAccountsOptions, parseAccountsOptions, type AccountsOptions } from '../org/options.js';
import type { OrgReadRequest } from '../org/read-accounts.js';
import { passedOverNote } from '../org/selection.js';
import { loadConfig } from '../targets/config.js';
import type { Env } from '../targets/environment.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { collectList, logLine } from './io.js';
import { readProgress } from './progress.js';

interface SnapshotOptions extends AccountsOptions {
  config?: string;
  out: string;
  region?: string[];
  profile?: string;
  env?: string;
  metricsDays?: string;
  metrics?: boolean;
  allowGaps?: boolean;
  quiet?: boolean;
}

async function writeFile(write: () => Promise<void>, out: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw usageError(`${out}: cannot write snapshot (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

function counts(snapshot: AccountSnapshot): string[] {
  return [
    `${snapshot.lambdaFunctions.length} functions`,
    `${snapshot.auroraClusters.length} clusters`,
    `${snapshot.dynamoTables.length} tables`,
    `${snapshot.buckets.length} buckets`,
    `${snapshot.distributions.length} distributions`,
    `${snapshot.network.natGateways.length} NAT gateways`,
    `${snapshot.logGroups.length} log groups`,
    `${snapshot.restApis.length} REST APIs`,
  ];
}

/** --org/--accounts: every account read into one version 2 file, or nothing written when one was not read. */
async function runOrgSnapshot(options: SnapshotOptions, request: OrgReadRequest, env: Env | undefined): Promise<void> {
  const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  const regions = await resolveRegions(factory, options.region);
  const progress = readProgress(process.stderr, { quiet: options.quiet });
  const { collectAccounts } = await import('../org/collect-accounts.js');
  const collectedAt = new Date().toISOString();
  const set = await collectAccounts(factory, request, { regions, env, metricsDays: metricsDaysOption(options), onProgress: progress.onProgress, onApiCall: progress.onApiCall }).finally(progress.stop);
  const allowGaps = Boolean(options.allowGaps);
  assertAccountsRead(set.accountsNotRead, { allowGaps });
  for (const snapshot of set.accounts) assertInventoryRead(snapshot.coverageGaps, { allowGaps, what: `account ${accountLabel({ account: snapshot.account, name: snapshot.accountName })}` });
  await writeFile(() => saveSnapshotSet(options.out, set, collectedAt), options.out);
  const unread = set.accountsNotRead.map((u) => u.account);
  const incomplete = incompleteHeadline([...new Set(set.accounts.flatMap((s) => unreadServices(s.coverageGaps).map((u) => u.service)))], unread);
  if (incomplete) logLine(`${incomplete}: the snapshot records them`);
  if (options.quiet) return;
  for (const passed of set.passedOver) logLine(passedOverNote(passed));
  for (const u of set.accountsNotRead) logLine(`account ${accountLabel(u)} not read: ${u.reason}`);
  logLine(`wrote ${options.out}: ${set.accounts.length} account${set.accounts.length === 1 ? '' : 's'} of organization ${set.organization?.id ?? 'unknown'}, ${regions.join(', ')}`);
  for (const snapshot of set.accounts) {
    logLine(`  account ${accountLabel({ account: snapshot.account, name: snapshot.accountName })}${snapshot.env ? ` (${snapshot.env})` : ''}: ${counts(snapshot).join(', ')}`);
    for (const gap of snapshot.coverageGaps) logLine(`    coverage gap: ${[gap.service, gap.region, gap.operation].filter(Boolean).join(' ')}: ${gap.kind} (${gap.error})`);
  }
}

async function runSnapshot(options: SnapshotOptions): Promise<void> {
  // The config is read only when it matters: its environments for --env, its tag key for an organization read.
  const wantsOrg = Boolean(options.org) || options.accounts !== undefined;
  const targets = wantsOrg || options.env !== undefined ? (await loadConfig(options.config)).targets : undefined;
  const env = parseEnvOption(options.env, targets);
  const tagKey = wantsOrg && targets ? targets.environmentTagKey : '';
  const org = parseAccountsOptions(options, { tagKey, command: 'snapshot' });
  if (org) return runOrgSnapshot(options, org, env);
  const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  const regions = await resolveRegions(factory, options.region);
  const progress = readProgress(process.stderr, { quiet: options.quiet });
  const snapshot = await collectSnapshot(factory, { regions, env, metricsDays: metricsDaysOption(options), onProgress: progress.onProgress, onApiCall: progress.onApiCall }).finally(progress.stop);
  // No file for an account whose inventory was not read, unless the user accepts it.
  assertInventoryRead(snapshot.coverageGaps, { allowGaps: Boolean(options.allowGaps) });
  await writeFile(() => saveSnapshot(options.out, snapshot), options.out);
  const incomplete = incompleteHeadline(unreadServices(snapshot.coverageGaps).map((u) => u.service));
  if (incomplete) logLine(`${incomplete}: the snapshot records these as coverage gaps`);
  if (options.quiet) return;
  logLine(`wrote ${options.out}: account ${snapshot.account ?? 'unknown'}, ${regions.join(', ')}: ${counts(snapshot).join(', ')}`);
  for (const gap of snapshot.coverageGaps) {
    logLine(`coverage gap: ${[gap.service, gap.region, gap.operation].filter(Boolean).join(' ')}: ${gap.kind} (${gap.error})`);
  }
}

export function registerSnapshot(program: Command): void {
  const command = program
    .command('snapshot')
    .description('Read the account into a versioned JSON snapshot (audit it later, offline, with `audit --snapshot`)')
    .requiredOption('--out <file>', 'snapshot file to write')
    .option('--region <region>', 'region to read (repeatable or comma-separated; default: AWS_REGION or the profile\'s)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--env <env>', `the environment of this account: ${ENV_OPTION_HELP} (for resources nothing else names: no tag, stack parameter, owner or name word; under --org, of accounts whose own tag or name does not tell)`)
    .option('--config <file>', 'config file (its environment tag key also names an account\'s environment in Organizations)')
    .option('--metrics-days <n>', 'CloudWatch usage over the last N days into the snapshot (default 14)')
    .option('--quiet', 'nothing on stderr but errors: no progress, no summary, no gap notes')
    .option('--no-metrics', 'skip CloudWatch metrics (usage blocks stay empty)')
    .option('--allow-gaps', 'write the snapshot even when a service\'s inventory or an account could not be read (else exit 3, nothing written)');
  addAccountsOptions(command).action(async (options: SnapshotOptions) => runSnapshot(options));
}
