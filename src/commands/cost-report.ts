/** `clinnet-opt cost-report` and `cost-report budgets`: parse options → src/cost → renderer. */
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { ClientFactory, GLOBAL_REGION } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { applyBudgetPlan, desiredBudgets, planBudget, type BudgetPlan } from '../cost/budgets.js';
import { DiskCostCache } from '../cost/cache.js';
import '../cost/permissions.js';
import { METRICS } from '../cost/query.js';
import { buildCostReport, type CostReport } from '../cost/report.js';
import { loadConfig } from '../targets/config.js';
import { normalizeEnv, type Env } from '../targets/environment.js';
import { renderBudgetPlan } from '../report/cost-budgets.js';
import { renderCostCsv } from '../report/cost-csv.js';
import { renderCostJson } from '../report/cost-json.js';
import { renderCostMarkdown } from '../report/cost-markdown.js';
import { renderCostTable } from '../report/cost-table.js';
import { logLine, parseChoice, writeResult } from './io.js';

export interface CostReportDeps {
  now: () => Date;
  clients: (profile: string | undefined) => ClientFactory;
  /** Colour on stdout: a terminal, and NO_COLOR unset. */
  color: () => boolean;
  cwd: () => string;
}

export const defaultCostReportDeps: CostReportDeps = {
  now: () => new Date(),
  clients: (profile) => new ClientFactory({ profile }),
  color: () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  cwd: () => process.cwd(),
};

interface ReportOptions {
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
  const env = normalizeEnv(value);
  if (!env) throw usageError(`--env must be dev, staging or prod (got "${value}")`);
  return env;
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

interface BudgetsOptions {
  apply?: boolean;
  env?: string;
  quiet?: boolean;
  config?: string;
  profile?: string;
}

function registerBudgets(parent: Command, deps: CostReportDeps): void {
  parent
    .command('budgets')
    .description('plan (and with --apply create or update) one AWS Budget per environment, with 80% actual and 100% forecast alerts')
    .option('--apply', 'create or update the budgets (without it, only the plan is printed)')
    .option('--env <env>', 'only this environment')
    .option('--quiet', 'print nothing on success')
    .option('--config <file>', 'config file (its cost.budgets section)')
    .option('--profile <name>', 'AWS profile')
    .action(async (_options: BudgetsOptions, command: Command) => {
      // `cost-report` defines --env, --quiet, --config and --profile too, and commander gives them to
      // the parent: read them from both, or `budgets --profile x` would act on the default account.
      const options = command.optsWithGlobals<BudgetsOptions>();
      const env = parseEnv(options.env);
      const loaded = await loadConfig(options.config, deps.cwd());
      const clients = deps.clients(options.profile);
      const desired = desiredBudgets(loaded.config.cost, loaded.targets.environmentTagKey, env);
      if (!desired.length) throw usageError(`no budget to manage${env ? ` for ${env}` : ''}: set cost.budgets.environments.<env>.limitUsd in the config`);
      if (!desired[0].subscribers.length) {
        if (options.apply) throw usageError('budget alerts need somewhere to go: set cost.budgets.snsTopicArn or cost.budgets.emails in the config');
        if (!options.quiet) logLine('warning: no cost.budgets.snsTopicArn or cost.budgets.emails in the config: the budgets would have no alerts');
      }
      const account = await accountOf(clients);
      const budgets = clients.budgets();
      const plans: BudgetPlan[] = [];
      for (const budget of desired) plans.push(await planBudget(budgets, account, budget));
      if (options.apply) for (const plan of plans) await applyBudgetPlan(budgets, account, plan);
      if (!options.quiet) await writeResult(renderBudgetPlan(plans, Boolean(options.apply)));
    });
}

export function registerCostReport(program: Command, deps: CostReportDeps = defaultCostReportDeps): void {
  const command = program
    .command('cost-report')
    .description("Cost Explorer costs by the design's categories; compare with a baseline against the design's targets (exit 1 when one is missed)")
    .option('--env <env>', 'only costs tagged with this environment (the tag must be a cost allocation tag)')
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
