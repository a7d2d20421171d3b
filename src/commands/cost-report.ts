/** `clinnet-opt cost-report` and `cost-report budgets`: parse options → src/cost → renderer. */
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { ClientFactory, GLOBAL_REGION } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { defaultJournalPath } from '../changes/journal.js';
import { serializePlan } from '../changes/plan-file.js';
import { renderPlan, renderResults } from '../report/plan.js';
import { applyBudgets, budgetsApplyError, hasWork, prepareBudgets } from '../cost/budgets-plan.js';
import { DiskCostCache } from '../cost/cache.js';
import '../cost/permissions.js';
import { METRICS } from '../cost/query.js';
import { buildOrgCostReport, type OrgCostReport } from '../cost/org-report.js';
import { buildCostReport, type CostReport } from '../cost/report.js';
import { loadConfig } from '../targets/config.js';
import type { Env } from '../targets/environment.js';
import { parseEnvOption } from './env-option.js';
import { renderBudgetsPlan } from '../report/cost-budgets.js';
import { renderCostCsv } from '../report/cost-csv.js';
import { renderCostJson } from '../report/cost-json.js';
import { renderCostMarkdown } from '../report/cost-markdown.js';
import { renderOrgCostCsv } from '../report/cost-org-csv.js';
import { renderOrgCostMarkdown } from '../report/cost-org-markdown.js';
import { renderOrgCostTable } from '../report/cost-org-table.js';
import { renderCostTable } from '../report/cost-table.js';
import { logLine, parseChoice, writeResult } from './io.js';

export interface CostReportDeps {
  now: () => Date;
  clients: (profile: string | undefined) => ClientFactory;
  /** Colour on stdout: a terminal, and NO_COLOR unset. */
  color: () => boolean;
  cwd: () => string;
  /** Waits between read-backs of a change that has not shown yet (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

export const defaultCostReportDeps: CostReportDeps = {
  now: () => new Date(),
  clients: (profile) => new ClientFactory({ profile }),
  color: () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  cwd: () => process.cwd(),
};

interface ReportOptions {
  org?: boolean;
  env?: string;
  period?: string;
  granularity: string;
  metric: string;
  format: string;
  output?: string;
  saveBaseline?: string;
  baseline?: string;
  compareEstimate?: string;
  journal?: string;
  putMetrics?: boolean;
  cache: boolean;
  quiet?: boolean;
  config?: string;
  profile?: string;
}

function parseEnv(value: string | undefined): Env | null {
  if (value === undefined) return null;
  // Cost Explorer filters on tag values (cost.environmentTagValues): the design's environments.
  return parseEnvOption(value) ?? null;
}

async function accountOf(clients: ClientFactory): Promise<string> {
  const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new CliError('STS did not return the account id', ExitCode.access);
  return identity.Account;
}

function render(report: CostReport, format: string, color: boolean): string {
  if (format === 'json') return renderCostJson(report);
  if (format === 'markdown') return renderCostMarkdown(report);
  if (format === 'csv') return renderCostCsv(report);
  return renderCostTable(report, { color });
}

function renderOrg(report: OrgCostReport, format: string, color: boolean): string {
  if (format === 'json') return renderCostJson(report);
  if (format === 'markdown') return renderOrgCostMarkdown(report);
  if (format === 'csv') return renderOrgCostCsv(report);
  return renderOrgCostTable(report, { color });
}

/** What --org cannot do, said before any request: each needs one account's categories or one account's files. */
function refuseWithOrg(options: ReportOptions): void {
  const reasons: string[] = [];
  if (options.journal) reasons.push('--journal (a fix journal is one account\'s: run cost-report --journal in that account)');
  if (options.compareEstimate) reasons.push('--compare-estimate (the audit\'s estimates are per category; --org reports per account)');
  if (options.putMetrics) reasons.push('--put-metrics (the metrics are one account\'s categories)');
  if (options.granularity === 'daily') reasons.push('--granularity daily (--org reports the period\'s total per account)');
  if (reasons.length) throw usageError(`--org does not combine with ${reasons.join('; ')}`);
}

async function runOrgReport(options: ReportOptions, deps: CostReportDeps): Promise<void> {
  refuseWithOrg(options);
  const env = parseEnv(options.env);
  const metric = parseChoice(options.metric, METRICS, '--metric');
  const format = parseChoice(options.format, ['table', 'json', 'markdown', 'csv'] as const, '--format');
  const loaded = await loadConfig(options.config, deps.cwd());
  const cost = loaded.config.cost;
  const clients = deps.clients(options.profile);
  const report = await buildOrgCostReport(
    {
      env,
      period: options.period,
      metric,
      tagKey: loaded.targets.environmentTagKey,
      config: cost,
      baselineFile: options.baseline,
      saveBaselineFile: options.saveBaseline,
    },
    {
      factory: clients,
      cache: options.cache ? new DiskCostCache(cost?.cacheDir ?? join(deps.cwd(), '.cost-cache')) : null,
      now: deps.now(),
    },
  );
  if (!options.quiet) for (const warning of report.warnings) logLine(`warning: ${warning}`);
  if (!options.quiet || options.output) await writeResult(renderOrg(report, format, format === 'table' && !options.output && deps.color()), options.output);
  if (report.missed.length) throw new CliError(`${report.missed.length} cost target(s) missed: ${report.missed.join(', ')}`, ExitCode.findings);
}

interface BudgetsOptions {
  org?: boolean;
  apply?: string | boolean;
  planOut?: string;
  journal?: string;
  continueOnError?: boolean;
  env?: string;
  quiet?: boolean;
  config?: string;
  profile?: string;
}

async function runBudgets(options: BudgetsOptions, deps: CostReportDeps): Promise<void> {
  if (options.org) throw usageError('cost-report budgets plans the budgets of one account: --org does not apply (run it with each account\'s credentials)');
  const planFile = typeof options.apply === 'string' ? options.apply : undefined;
  const applying = options.apply !== undefined && options.apply !== false;
  if (planFile && options.planOut) throw usageError('--apply FILE applies that plan: --plan-out does not combine with it');
  const log = (line: string): void => {
    if (!options.quiet) logLine(line);
  };
  const loaded = await loadConfig(options.config, deps.cwd());
  const clients = deps.clients(options.profile);
  const prepared = await prepareBudgets({
    factory: clients,
    account: () => accountOf(clients),
    config: loaded.config.cost,
    tagKey: loaded.targets.environmentTagKey,
    env: parseEnv(options.env),
    planFile,
    applying,
    now: deps.now(),
  });
  for (const warning of prepared.warnings) log(`warning: ${warning}`);
  const { plan, items } = prepared;
  if (options.planOut) await writeResult(serializePlan(plan), options.planOut);
  if (!options.quiet) await writeResult(prepared.fromFile ? renderPlan(plan) : renderBudgetsPlan(prepared.sets, plan));
  if (prepared.notInPlan) log(`${prepared.notInPlan} change(s) the budgets need now are not in ${planFile}: not applied (make a new plan to see them)`);
  if (!applying) {
    if (plan.changes.length) log(`Not applied: rerun with --apply${options.planOut ? ` ${options.planOut}` : ''}`);
    return;
  }
  if (!hasWork(items)) {
    log('Nothing to apply.');
    const error = budgetsApplyError(items, null, planFile ?? 'the plan');
    if (error) throw error;
    return;
  }
  const result = await applyBudgets(plan, items, {
    factory: clients,
    journalPath: options.journal ?? defaultJournalPath(deps.now(), deps.cwd()),
    continueOnError: Boolean(options.continueOnError),
    sleep: deps.sleep,
    onEvent: (event) => {
      if (event.type === 'change-start') log(`[${event.index + 1}/${event.total}] ${event.change.resourceName} ${event.change.operation}`);
    },
  });
  if (!options.quiet) await writeResult(renderResults(result));
  const error = budgetsApplyError(items, result, planFile ?? 'the plan');
  if (error) throw error;
}

function registerBudgets(parent: Command, deps: CostReportDeps): void {
  parent
    .command('budgets')
    .description('plan one AWS Budget per environment, with 80% actual and 100% forecast alerts; with --apply, apply it (journaled, drift-checked, read back; `rollback JOURNAL` undoes it)')
    .option('--apply [plan]', 'apply: the given plan file (derived again from the account), or plan and apply in one go')
    .option('--plan-out <file>', 'write the plan as a versioned file')
    .option('--journal <file>', 'journal file (default .clinnet-opt/journal/<timestamp>.json)')
    .option('--continue-on-error', 'go on after a failed change')
    .option('--env <env>', 'only this environment')
    .option('--quiet', 'print nothing on success')
    .option('--config <file>', 'config file (its cost.budgets section)')
    .option('--profile <name>', 'AWS profile')
    // cost-report has --env, --journal, --config, --profile and --quiet too, and commander gives an
    // option after the subcommand to the parent: read both.
    .action(async (_options: BudgetsOptions, command: Command) => runBudgets(command.optsWithGlobals<BudgetsOptions>(), deps));
}

export function registerCostReport(program: Command, deps: CostReportDeps = defaultCostReportDeps): void {
  const command = program
    .command('cost-report')
    .description("Cost Explorer costs by the design's categories; compare with a baseline against the design's targets (exit 1 when one is missed)")
    .option('--org', "from the management account: every account's cost by environment, against its environment's target (no categories)")
    .option('--env <env>', 'only costs tagged with this environment (the tag must be a cost allocation tag); with --org, only that environment\'s lines')
    .option('--period <period>', 'last-month, month-to-date, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (inclusive); default last-month')
    .option('--granularity <g>', 'monthly or daily', 'monthly')
    .option('--metric <metric>', METRICS.join(', '), 'UnblendedCost')
    .option('--format <format>', 'table, json, markdown or csv', 'table')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--save-baseline <file>', "save this period's costs by category as a baseline file")
    .option('--baseline <file>', "compare with a baseline file and check the design's targets")
    .option('--compare-estimate <auditJson>', "set the audit's estimated savings (audit --format json) beside each category")
    .option('--journal <journal>', 'a `fix --apply` journal: its apply time splits before and after; predicted savings beside the measured change')
    .option('--put-metrics', 'publish each category to CloudWatch (namespace ClinnetOpt)')
    .option('--no-cache', 'ask Cost Explorer even when a cached answer exists')
    .option('--quiet', 'no report on stdout (unless --output) and no notes on stderr; only the exit code and errors')
    .option('--config <file>', 'config file (its cost section overrides targets, ROI, budgets)')
    .option('--profile <name>', 'AWS profile')
    .action(async (options: ReportOptions) => {
      if (options.org) return runOrgReport(options, deps);
      const env = parseEnv(options.env);
      const granularity = parseChoice(options.granularity, ['monthly', 'daily'] as const, '--granularity');
      const metric = parseChoice(options.metric, METRICS, '--metric');
      const format = parseChoice(options.format, ['table', 'json', 'markdown', 'csv'] as const, '--format');
      const loaded = await loadConfig(options.config, deps.cwd());
      const cost = loaded.config.cost;
      const clients = deps.clients(options.profile);
      // Cost Explorer and Budgets live in us-east-1; the metrics go to the home region when one is set, else there too.
      const metricsRegion = options.putMetrics ? ((await clients.resolveDefaultRegion()) ?? GLOBAL_REGION) : undefined;
      const report = await buildCostReport(
        {
          env,
          period: options.period,
          granularity: granularity === 'daily' ? 'DAILY' : 'MONTHLY',
          metric,
          tagKey: loaded.targets.environmentTagKey,
          config: cost,
          baselineFile: options.baseline,
          saveBaselineFile: options.saveBaseline,
          compareEstimateFile: options.compareEstimate,
          journalFile: options.journal,
          putMetrics: Boolean(options.putMetrics),
        },
        {
          costExplorer: clients.costExplorer(),
          cloudwatch: () => clients.cloudwatch(metricsRegion),
          account: () => accountOf(clients),
          cache: options.cache ? new DiskCostCache(cost?.cacheDir ?? join(deps.cwd(), '.cost-cache')) : null,
          now: deps.now(),
        },
      );
      if (!options.quiet) for (const warning of report.warnings) logLine(`warning: ${warning}`);
      if (!options.quiet || options.output) await writeResult(render(report, format, format === 'table' && !options.output && deps.color()), options.output);
      const missed = report.comparison?.missed ?? [];
      if (missed.length) throw new CliError(`${missed.length} cost target(s) missed: ${missed.join(', ')}`, ExitCode.findings);
    });
  registerBudgets(command, deps);
}
