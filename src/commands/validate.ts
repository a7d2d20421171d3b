/** `clinnet-opt validate`: the design's performance benchmarks on the account's metrics. Exit 1 when one fails or has no data. */
import type { Command } from 'commander';
import { resolveRegions } from '../audit/regions.js';
import { ClientFactory } from '../aws/clients.js';
import { ExitCode, ResultExit, usageError } from '../errors.js';
import { collectSnapshot } from '../inventory/collect.js';
import { accountLabel, assertAccountsRead, assertInventoryRead } from '../inventory/completeness.js';
import { metricsDaysOption } from '../inventory/metrics/options.js';
import { DEFAULT_METRICS_DAYS } from '../inventory/metrics/window.js';
import { loadSnapshotSet } from '../inventory/snapshot-file.js';
import type { SnapshotSet } from '../inventory/snapshot-set.js';
import { addAccountsOptions, parseAccountsOptions, type AccountsOptions } from '../org/options.js';
import { passedOverNote } from '../org/selection.js';
import { mergeValidations } from '../validate/accounts.js';
import { loadConfig } from '../targets/config.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { validateSnapshot } from '../validate/benchmarks.js';
import { VALIDATE_FORMATS, renderValidation } from '../validate/render.js';
import { registerValidateAlarms } from './validate-alarms.js';
import { collectList, logLine, parseChoice, writeResult } from './io.js';

interface ValidateOptions extends AccountsOptions {
  env?: string;
  snapshot?: string;
  region?: string[];
  profile?: string;
  config?: string;
  metricsDays?: string;
  format: string;
  output?: string;
  allowGaps?: boolean;
}

async function runValidate(options: ValidateOptions): Promise<void> {
  const format = parseChoice(options.format, VALIDATE_FORMATS, '--format');
  const loaded = await loadConfig(options.config);
  const env = parseEnvOption(options.env, loaded.targets);
  if (options.snapshot && (options.profile || options.region?.length || options.metricsDays)) {
    throw usageError('--snapshot validates a saved file offline: drop --profile/--region/--metrics-days, or drop --snapshot to read the live account');
  }
  const org = parseAccountsOptions(options, { tagKey: loaded.targets.environmentTagKey, command: 'validate' });
  if (org && options.snapshot) throw usageError('--snapshot validates a saved file offline: drop --org/--accounts (a snapshot taken with them holds every account)');
  let set: SnapshotSet;
  if (options.snapshot) {
    set = await loadSnapshotSet(options.snapshot);
  } else {
    const metricsDays = metricsDaysOption({ metricsDays: options.metricsDays }, loaded.config.metrics?.windowDays ?? DEFAULT_METRICS_DAYS);
    const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
    const regions = await resolveRegions(factory, options.region);
    if (org) {
      const { collectAccounts } = await import('../org/collect-accounts.js');
      const read = await collectAccounts(factory, org, { regions, env, metricsDays });
      for (const passed of read.passedOver) logLine(`clinnet-opt: ${passedOverNote(passed)}`);
      set = read;
    } else {
      set = { organization: null, accounts: [await collectSnapshot(factory, { regions, env, metricsDays })], accountsNotRead: [] };
    }
  }
  const allowGaps = Boolean(options.allowGaps);
  assertAccountsRead(set.accountsNotRead, { allowGaps });
  const several = set.accounts.length > 1 || Boolean(org);
  for (const snapshot of set.accounts) {
    const account = accountLabel({ account: snapshot.account, name: snapshot.accountName });
    const what = options.snapshot ? `snapshot ${options.snapshot}${several ? `, account ${account}` : ''}` : several ? `account ${account}` : 'the account';
    assertInventoryRead(snapshot.coverageGaps, { allowGaps, what });
  }
  const report = mergeValidations(
    set.accounts.map((snapshot) => validateSnapshot(snapshot, { targets: loaded.targets, env })),
    set.accountsNotRead,
  );
  await writeResult(renderValidation(report, format), options.output);
  if (format !== 'table' && report.metricGaps.length) logLine(`clinnet-opt: ${report.metricGaps.length} metrics gap(s): some figures could not be read (see metricGaps)`);
  if (format !== 'table') for (const u of report.accountsNotRead) logLine(`clinnet-opt: account ${accountLabel(u)} not read: ${u.reason}`);
  if (!report.ok) throw new ResultExit(ExitCode.findings);
}

export function registerValidate(program: Command): void {
  const validate = program
    .command('validate')
    .description('Check the design\'s performance benchmarks (API p95 < 200 ms, query time < 100 ms, cold start < 1 s, cache hit ratio > 95 %) on CloudWatch metrics')
    .option('--env <env>', `only this environment: ${ENV_OPTION_HELP}`)
    .option('--snapshot <file>', 'validate a snapshot file offline (collected with metrics) instead of the live account')
    .option('--region <region>', 'region to read (repeatable or comma-separated; default: AWS_REGION or the profile\'s)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--config <file>', 'config file (environment tag key, metrics window)')
    .option('--metrics-days <n>', `metrics window in days (default ${DEFAULT_METRICS_DAYS}, or metrics.windowDays in the config)`)
    .option('--format <format>', `output format: ${VALIDATE_FORMATS.join(', ')}`, 'table')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--allow-gaps', 'validate what could be read when a service\'s inventory or an account could not be read (else exit 3); the report then says "incomplete"');
  addAccountsOptions(validate).action(async (options: ValidateOptions) => runValidate(options));
  registerValidateAlarms(validate);
}
