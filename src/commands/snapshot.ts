/** `clinnet-opt snapshot --out FILE`: read the live account into a versioned AccountSnapshot file. */
import type { Command } from 'commander';
import { resolveRegions } from '../audit/regions.js';
import { ClientFactory } from '../aws/clients.js';
import { usageError } from '../errors.js';
import { collectSnapshot } from '../inventory/collect.js';
import { assertInventoryRead, incompleteHeadline, unreadServices } from '../inventory/completeness.js';
import { metricsDaysOption } from '../inventory/metrics/options.js';
import { saveSnapshot } from '../inventory/snapshot-file.js';
import { normalizeEnv } from '../targets/environment.js';
import { collectList, logLine } from './io.js';
import { readProgress } from './progress.js';

interface SnapshotOptions {
  out: string;
  region?: string[];
  profile?: string;
  env?: string;
  metricsDays?: string;
  metrics?: boolean;
  allowGaps?: boolean;
  quiet?: boolean;
}

async function runSnapshot(options: SnapshotOptions): Promise<void> {
  const env = options.env === undefined ? undefined : normalizeEnv(options.env);
  if (options.env !== undefined && !env) throw usageError(`--env must be dev, staging or prod (got "${options.env}")`);
  const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  const regions = await resolveRegions(factory, options.region);
  const progress = readProgress(process.stderr, { quiet: options.quiet });
  const snapshot = await collectSnapshot(factory, { regions, env, metricsDays: metricsDaysOption(options), onProgress: progress.onProgress, onApiCall: progress.onApiCall }).finally(progress.stop);
  // No file for an account whose inventory was not read, unless the user accepts it.
  assertInventoryRead(snapshot.coverageGaps, { allowGaps: Boolean(options.allowGaps) });
  try {
    await saveSnapshot(options.out, snapshot);
  } catch (error) {
    throw usageError(`${options.out}: cannot write snapshot (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
  const counts = [
    `${snapshot.lambdaFunctions.length} functions`,
    `${snapshot.auroraClusters.length} clusters`,
    `${snapshot.dynamoTables.length} tables`,
    `${snapshot.buckets.length} buckets`,
    `${snapshot.distributions.length} distributions`,
    `${snapshot.network.natGateways.length} NAT gateways`,
    `${snapshot.logGroups.length} log groups`,
    `${snapshot.restApis.length} REST APIs`,
  ];
  const incomplete = incompleteHeadline(unreadServices(snapshot.coverageGaps).map((u) => u.service));
  if (incomplete) logLine(`${incomplete}: the snapshot records these as coverage gaps`);
  if (options.quiet) return;
  logLine(`wrote ${options.out}: account ${snapshot.account ?? 'unknown'}, ${regions.join(', ')}: ${counts.join(', ')}`);
  for (const gap of snapshot.coverageGaps) {
    logLine(`coverage gap: ${[gap.service, gap.region, gap.operation].filter(Boolean).join(' ')}: ${gap.kind} (${gap.error})`);
  }
}

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('Read the account into a versioned JSON snapshot (audit it later, offline, with `audit --snapshot`)')
    .requiredOption('--out <file>', 'snapshot file to write')
    .option('--region <region>', 'region to read (repeatable or comma-separated; default: AWS_REGION or the profile\'s)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--env <env>', 'the environment of this account: dev, staging or prod (for resources without a tag or name suffix)')
    .option('--metrics-days <n>', 'CloudWatch usage over the last N days into the snapshot (default 14)')
    .option('--quiet', 'nothing on stderr but errors: no progress, no summary, no gap notes')
    .option('--no-metrics', 'skip CloudWatch metrics (usage blocks stay empty)')
    .option('--allow-gaps', 'write the snapshot even when a service\'s inventory could not be listed (else exit 3, nothing written)')
    .action(async (options: SnapshotOptions) => runSnapshot(options));
}
