/** `clinnet-opt validate alarms`: options → src/validate/alarm-run → the plan, what could not be alarmed, the apply's results. */
import type { Command } from 'commander';
import { resolveRegions } from '../audit/regions.js';
import { ClientFactory } from '../aws/clients.js';
import { defaultJournalPath } from '../changes/journal.js';
import { planTotal } from '../changes/plan.js';
import { touchesProd } from '../changes/session.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { metricsDaysOption } from '../inventory/metrics/options.js';
import { DEFAULT_METRICS_DAYS } from '../inventory/metrics/window.js';
import { renderPlan, renderResults } from '../report/plan.js';
import { loadConfig } from '../targets/config.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { runAlarms } from '../validate/alarm-run.js';
import { defaultFixDeps, type FixDeps } from './fix.js';
import { collectList, logLine, parseChoice, writeResult } from './io.js';

interface AlarmOptions {
  env?: string;
  region?: string[];
  profile?: string;
  config?: string;
  topic?: string;
  metricsDays?: string;
  apply?: boolean;
  yes?: boolean;
  journal?: string;
  continueOnError?: boolean;
  allowGaps?: boolean;
  format: string;
  org?: boolean;
  accounts?: string[];
}

async function runValidateAlarms(options: AlarmOptions, deps: FixDeps): Promise<void> {
  const format = parseChoice(options.format, ['table', 'json'] as const, '--format');
  // Alarms are a plan applied to one account, as fix is: never across an organization in one run.
  if (options.org || options.accounts !== undefined) throw usageError('validate alarms plans and applies in one account: drop --org/--accounts (run it with that account\'s credentials)');
  const loaded = await loadConfig(options.config);
  const env = parseEnvOption(options.env, loaded.targets);
  if (options.topic && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(options.topic)) throw usageError(`--topic: "${options.topic}" is not an SNS topic ARN`);
  const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  const run = await runAlarms(
    {
      factory,
      regions: await resolveRegions(factory, options.region),
      env,
      targets: loaded.targets,
      topicArn: options.topic,
      // The NAT baseline needs metrics: there is no --no-metrics here.
      metricsDays: metricsDaysOption({ metricsDays: options.metricsDays }, loaded.config.metrics?.windowDays ?? DEFAULT_METRICS_DAYS) || DEFAULT_METRICS_DAYS,
      apply: Boolean(options.apply),
      journalPath: () => options.journal ?? defaultJournalPath(deps.now()),
      now: deps.now,
      continueOnError: Boolean(options.continueOnError),
      allowGaps: Boolean(options.allowGaps),
    },
    {
      onPlan: async (plan, skipped) => {
        if (format === 'json' && !options.apply) {
          await writeResult(JSON.stringify({ ...plan, total: planTotal(plan), skipped }, null, 2));
          return;
        }
        if (format === 'table') {
          const notAlarmed = skipped.map((s) => `  ${s.benchmark}  ${s.resourceName}: ${s.reason}`);
          await writeResult(`${renderPlan(plan)}${notAlarmed.length ? `\n\nNot alarmed (${notAlarmed.length}):\n${notAlarmed.join('\n')}` : ''}`);
        }
      },
      confirm: async (plan, items) => {
        if (!touchesProd(items) || options.yes) return;
        if (!deps.isTTY()) throw usageError('refusing to change prod without confirmation and no terminal to ask on: add --yes');
        if (!(await deps.confirm(`Create or update ${items.length} alarm(s) in prod (account ${plan.account ?? 'unknown'})?`))) throw usageError('not applied: confirmation declined');
      },
      onEvent: (event) => {
        if (event.type === 'change-start') logLine(`[${event.index + 1}/${event.total}] ${event.change.resourceName} ${String(event.change.input.AlarmName)}`);
      },
    },
  );
  if (!run.result) {
    if (options.apply && !run.plan.changes.length) logLine('Nothing to apply: every alarm is already as planned.');
    return;
  }
  if (format === 'json') await writeResult(JSON.stringify({ plan: run.plan, skipped: run.skipped, apply: { journal: run.result.journalPath, counts: run.result.counts, results: run.result.results } }, null, 2));
  else await writeResult(renderResults(run.result));
  if (run.result.failed) {
    throw new CliError(`${run.result.counts.failed + run.result.counts.unknown} alarm change(s) failed or ended unknown; run \`clinnet-opt rollback ${run.result.journalPath}\` to undo the rest`, ExitCode.partial);
  }
}

export function registerValidateAlarms(validate: Command, deps: FixDeps = defaultFixDeps): void {
  validate
    .command('alarms')
    .description("Plan CloudWatch alarms for the design's benchmarks and NAT traffic; with --apply, create them (journaled, rolled back with `rollback`)")
    .option('--env <env>', `only this environment: ${ENV_OPTION_HELP}`)
    .option('--region <region>', 'region to read (repeatable or comma-separated)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--config <file>', 'config file')
    .option('--topic <arn>', 'SNS topic the alarms notify (without it they only change state)')
    .option('--metrics-days <n>', `metrics window in days for the NAT baseline (default ${DEFAULT_METRICS_DAYS})`)
    .option('--apply', 'create or update the alarms')
    .option('--yes', 'apply to prod without asking')
    .option('--journal <file>', 'journal file (default .clinnet-opt/journal/<timestamp>.json)')
    .option('--continue-on-error', 'go on after a failed alarm')
    .option('--allow-gaps', 'plan for what could be read when a service\'s inventory could not be listed (else exit 3)')
    .option('--format <format>', 'table or json', 'table')
    // `validate` has --env, --region, --format… of its own: commander gives them to the parent, so both levels are read.
    .action(async (_options: AlarmOptions, command: Command) => runValidateAlarms(command.optsWithGlobals<AlarmOptions>(), deps));
}
