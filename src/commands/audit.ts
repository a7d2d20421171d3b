/** `clinnet-opt audit`: parse → audit core → renderer. Exit 1 (silently) when findings reach --fail-on. */
import type { Command } from 'commander';
import { explainSelection } from '../audit/explain.js';
import { parseFailOn } from '../audit/fail-on.js';
import { resolveRegions } from '../audit/regions.js';
import { runAudit, type AuditSource } from '../audit/run.js';
import { parseParameterOverrides } from '../audit/template-parameters.js';
import type { AuditReport, FailOn } from '../audit/types.js';
import { ClientFactory } from '../aws/clients.js';
import { metricsDaysOption } from '../inventory/metrics/options.js';
import { loadSnapshotSet } from '../inventory/snapshot-file.js';
import { ExitCode, ResultExit, usageError } from '../errors.js';
import { renderExplanation } from '../report/explain.js';
import { REPORT_FORMATS, renderReport, shouldColor, type ReportFormat } from '../report/index.js';
import { outputWidth } from '../report/width.js';
import { DEFAULT_RULE_SETTINGS } from '../rules/types.js';
import { loadConfig, type LoadedConfig } from '../targets/config.js';
import type { Env } from '../targets/environment.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { addAccountsOptions, parseAccountsOptions, type AccountsOptions } from '../org/options.js';
import { passedOverNote } from '../org/selection.js';
import { collectList, logLine, parseChoice, writeResult } from './io.js';
import { readProgress, type ReadProgress } from './progress.js';

interface AuditOptions extends AccountsOptions {
  env?: string;
  region?: string[];
  profile?: string;
  snapshot?: string[];
  config?: string;
  format: string;
  output?: string;
  failOn: string;
  rules?: string[];
  metricsDays?: string;
  metrics?: boolean;
  allowGaps?: boolean;
  explain?: string;
  quiet?: boolean;
  template?: string;
  parameter?: string[];
}

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

const notePassedOver = (account: { id: string; name: string; reason: string }): void => logLine(`clinnet-opt: ${passedOverNote(account)}`);

async function runAuditCommand(options: AuditOptions): Promise<void> {
  const format = parseChoice(options.format, REPORT_FORMATS, '--format');
  if (options.explain !== undefined && format !== 'table') throw usageError('--explain prints text: drop --format (json and markdown already carry every finding\'s why and cost lines)');
  const failOn = parseFailOn(options.failOn);
  const loaded = await loadConfig(options.config);
  const env = parseEnvOption(options.env, loaded.targets);
  const snapshots = options.snapshot ?? [];
  if (options.parameter?.length && options.template === undefined) throw usageError('--parameter sets a template parameter: give --template FILE with it');
  if (options.template !== undefined) return runTemplateCommand(options, format, failOn, env, loaded);
  if (snapshots.length && (options.profile || options.region?.length)) {
    throw usageError('--snapshot audits saved files offline: drop --profile/--region, or drop --snapshot to read the live account');
  }

  const org = parseAccountsOptions(options, { tagKey: loaded.targets.environmentTagKey, command: 'audit' });
  if (org && snapshots.length) throw usageError('--snapshot audits saved files offline: drop --org/--accounts (a snapshot taken with them holds every account)');
  const settings = { ...DEFAULT_RULE_SETTINGS, ...(loaded.config.metrics ?? {}) };
  let source: AuditSource;
  let progress: ReadProgress | undefined;
  if (snapshots.length) {
    source = { kind: 'snapshots', files: snapshots };
  } else {
    const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
    const metricsDays = metricsDaysOption(options, loaded.config.metrics?.windowDays);
    const regions = await resolveRegions(factory, options.region);
    // Drawn only on a terminal, after a second, and never with --quiet (progress.ts).
    progress = readProgress(process.stderr, { quiet: options.quiet });
    const read = { factory, regions, metricsDays, onProgress: progress.onProgress, onApiCall: progress.onApiCall };
    source = org ? { kind: 'org', request: org, onPassedOver: options.quiet ? undefined : notePassedOver, ...read } : { kind: 'live', ...read };
  }
  const report = await runAudit({ source, targets: loaded.targets, settings, env, rules: options.rules, failOn, allowGaps: options.allowGaps }).finally(() => progress?.stop());

  await writeReport(report, options, format);
  // The table shows gaps itself; the machine formats carry them, and stderr says so once.
  if (format !== 'table' && (report.summary.servicesNotRead.length || report.accountsNotRead.length)) logLine(`clinnet-opt: ${report.summary.headline}`);
  if (format !== 'table' && !options.quiet) for (const u of report.accountsNotRead) logLine(`clinnet-opt: account ${u.account}${u.name ? ` (${u.name})` : ''} not read: ${u.reason}`);
  if (format !== 'table' && report.coverageGaps.length && !options.quiet) {
    logLine(`clinnet-opt: ${report.coverageGaps.length} coverage gap(s): part of the ${report.costs.byAccount.length > 1 ? 'accounts' : 'account'} was not audited (see coverageGaps)`);
  }
  if (report.summary.atOrAboveFailOn > 0) throw new ResultExit(ExitCode.findings);
}

async function writeReport(report: AuditReport, options: AuditOptions, format: ReportFormat): Promise<void> {
  const toFile = Boolean(options.output && options.output !== '-');
  const view = { color: !toFile && shouldColor(process.stdout), width: outputWidth(process.stdout) };
  const text = options.explain === undefined ? renderReport(report, format, view) : renderExplanation(options.explain, explainSelection(report, options.explain), view);
  await writeResult(text, options.output);
}

/** `audit --template FILE`: offline, no AWS client and no credentials; one run per environment of the template. */
async function runTemplateCommand(options: AuditOptions, format: ReportFormat, failOn: FailOn, env: Env | undefined, loaded: LoadedConfig): Promise<void> {
  if (options.profile || options.org || options.accounts?.length) throw usageError('--template audits the file offline: drop --profile/--org/--accounts');
  const parameters = parseParameterOverrides(options.parameter ?? []);
  const settings = { ...DEFAULT_RULE_SETTINGS, ...(loaded.config.metrics ?? {}) };
  if (options.region && options.region.length > 1) throw usageError('--template audits one region: give --region once');
  // --snapshot with --template: only the usage of the deployed resources that match the template's (and their region).
  const usage = (await Promise.all((options.snapshot ?? []).map((file) => loadSnapshotSet(file)))).flatMap((set) => set.accounts);
  // Loaded only for --template: the template reader brings the YAML parser, which a live or snapshot audit does not need.
  const { runTemplateAudit, templateRegion } = await import('../audit/template-run.js');
  const region = templateRegion(options.region?.[0] ?? usage[0]?.regions[0]);
  const report = await runTemplateAudit({ file: options.template as string, parameters, region, targets: loaded.targets, settings, env, rules: options.rules, failOn, usage });
  await writeReport(report, options, format);
  if (format !== 'table' && report.coverageGaps.length && !options.quiet) logLine(`clinnet-opt: ${report.coverageGaps.length} value(s) of the template could not be resolved offline (see coverageGaps)`);
  if (report.summary.atOrAboveFailOn > 0) throw new ResultExit(ExitCode.findings);
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description('Check the account (or saved snapshots) against the design targets and price every finding')
    .option('--env <env>', `only this environment: ${ENV_OPTION_HELP} (also the environment of resources nothing else names: docs/cli.md, "Environment, in this order")`)
    .option('--region <region>', 'region to read (repeatable or comma-separated; default: AWS_REGION or the profile\'s)', collectList)
    .option('--profile <profile>', 'AWS profile to read the live account with')
    .option('--snapshot <file>', 'audit a snapshot file offline instead of the live account (repeatable: audited together)', repeat)
    .option('--template <file>', 'audit a CloudFormation or SAM template offline (YAML or JSON), once per allowed value of its environment parameter; no AWS call')
    .option('--parameter <Key=Value>', 'a template parameter value, as sam deploy --parameter-overrides takes it (repeatable; with --template)', repeat)
    .option('--config <file>', 'config file overriding the design targets (default: ./clinnet-opt.config.json or .yaml)')
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')}`, 'table')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: low, medium, high, or none', 'high')
    .option('--rules <ids>', 'only these rules: ids or service names, comma-separated (repeatable)', collectList)
    .option('--metrics-days <n>', 'CloudWatch metrics window for right-sizing, in days (default 14, or metrics.windowDays in the config)')
    .option('--explain <rule|resource>', 'print the full why, price arithmetic and metrics of the findings of this rule id, service or resource (name or ARN)')
    .option('--quiet', 'nothing on stderr but errors: no progress, no notes')
    .option('--no-metrics', 'skip CloudWatch metrics: metric-driven checks then say "no data"')
    .option('--allow-gaps', 'audit what could be read when a service\'s inventory or an account could not be read (else exit 3); the report then says "incomplete"');
  addAccountsOptions(command).action(async (options: AuditOptions) => runAuditCommand(options));
}
