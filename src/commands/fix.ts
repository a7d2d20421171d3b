/** `clinnet-opt fix`: options → src/changes/fix-run → the plan and the apply's results, and the exit code. */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ClientFactory } from '../aws/clients.js';
import type { ExecuteResult, ExecutionItem } from '../changes/executor.js';
import { runFixPipeline } from '../changes/fix-run.js';
import { defaultJournalPath } from '../changes/journal.js';
import { serializePlan } from '../changes/plan-file.js';
import { heldTotal, planTotal, type Plan } from '../changes/plan.js';
import { touchesProd, type Verification } from '../changes/session.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { FIXERS } from '../fixers/registry.js';
import { addOneAccountOptions, assumeOneAccount, describeOneAccount, parseOneAccountOptions, type OneAccountOptions } from '../org/one-account.js';
import { renderPlan, renderPlanMarkdown, renderResults, renderVerification } from '../report/plan.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../rules/types.js';
import { loadConfig } from '../targets/config.js';
import type { Env } from '../targets/environment.js';
import { ENV_OPTION_HELP, parseEnvOption } from './env-option.js';
import { renderAfterApply, type AfterApplyValidation } from '../validate/after-apply.js';
import { collectList, logLine, parseChoice, writeResult } from './io.js';

export interface FixDeps {
  isTTY: () => boolean;
  confirm: (question: string) => Promise<boolean>;
  /** Waits between polls of a resource that is updating (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  now: () => Date;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export const defaultFixDeps: FixDeps = {
  isTTY: () => Boolean(process.stdin.isTTY && process.stderr.isTTY),
  confirm: askOnTerminal,
  now: () => new Date(),
};

interface FixOptions extends OneAccountOptions {
  env?: string;
  region?: string[];
  profile?: string;
  config?: string;
  only?: string[];
  resource?: string[];
  format: string;
  planOut?: string;
  apply?: string | boolean;
  yes?: boolean;
  journal?: string;
  continueOnError?: boolean;
  allowDrift?: boolean;
  includeIncreases?: boolean;
  snapshot?: string;
  allowGaps?: boolean;
  codeBucket?: string;
  template?: string;
}

/** `--template FILE`: the stack's template, read to name the line of each stack-managed resource a change is refused for. */
async function readTemplateLocator(file: string): Promise<(logicalId: string) => string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`--template: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // Loaded only for --template: it brings the YAML parser.
  const { templateLocator } = await import('../templates/locate.js');
  const locate = templateLocator(file, text);
  if (!locate) throw usageError(`--template: ${file} is not a CloudFormation or SAM template (no Resources section, or not YAML/JSON)`);
  return locate;
}

function settingsFrom(metrics: Partial<RuleSettings> | undefined): RuleSettings {
  return { ...DEFAULT_RULE_SETTINGS, ...(metrics ?? {}) };
}

function checkOnly(only: string[] | undefined): void {
  const known = Object.keys(FIXERS);
  for (const item of only ?? []) {
    if (!known.includes(item) && !known.some((rule) => rule.startsWith(`${item}/`))) {
      throw usageError(`--only: "${item}" is not a fixable rule; fixable rules: ${known.join(', ')}`);
    }
  }
}

/** Prod needs consent (--yes, or a yes on a terminal), decided by each resource's environment as read from the account. */
async function confirmProd(plan: Plan, items: readonly ExecutionItem[], options: FixOptions, deps: FixDeps): Promise<void> {
  if (!touchesProd(items) || options.yes) return;
  if (!deps.isTTY()) throw usageError('refusing to change prod without confirmation and no terminal to ask on: add --yes');
  const count = items.filter((i) => !i.skip && !i.change.refused).length;
  const ok = await deps.confirm(`Apply ${count} change(s) to prod (account ${plan.account ?? 'unknown'})?`);
  if (!ok) throw usageError('not applied: confirmation declined');
}

const renderers = { table: renderPlan, markdown: renderPlanMarkdown } as const;

async function runFix(options: FixOptions, deps: FixDeps): Promise<void> {
  const format = parseChoice(options.format, ['table', 'json', 'markdown'] as const, '--format');
  const loaded = await loadConfig(options.config);
  const env: Env | undefined = options.env ? parseEnvOption(options.env, loaded.targets) : undefined;
  checkOnly(options.only);
  const planFile = typeof options.apply === 'string' ? options.apply : undefined;
  const applying = options.apply !== undefined && options.apply !== false;
  if (planFile && (options.only?.length || options.resource?.length || options.snapshot || options.planOut || options.codeBucket || options.includeIncreases || options.template)) {
    throw usageError('--apply FILE applies exactly that plan: --only, --resource, --include-increases, --code-bucket, --template, --snapshot and --plan-out do not combine with it (make a new plan with them)');
  }
  if (options.snapshot && applying && !planFile) throw usageError('--snapshot plans offline; apply a live plan instead (drop --snapshot)');
  if (options.codeBucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.codeBucket)) {
    throw usageError(`--code-bucket: "${options.codeBucket}" is not an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens)`);
  }
  const member = parseOneAccountOptions(options, 'fix');
  // Offline, --account only picks the account of a snapshot file of several: no role is assumed.
  if (options.snapshot && (options.roleName !== undefined || options.externalId !== undefined)) {
    throw usageError('--snapshot plans offline: --account picks the account of the file, and --role-name and --external-id do not apply');
  }

  const locateInTemplate = options.template ? await readTemplateLocator(options.template) : undefined;
  let factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  if (member && !options.snapshot) {
    const account = await assumeOneAccount(factory, member);
    factory = account.factory;
    logLine(`fix: ${describeOneAccount(account)}`);
  }
  const run = await runFixPipeline(
    {
      factory,
      env,
      regions: options.region?.length ? [...options.region] : [],
      targets: loaded.targets,
      settings: settingsFrom(loaded.config.metrics),
      only: options.only,
      resources: options.resource,
      allowDrift: Boolean(options.allowDrift),
      allowGaps: Boolean(options.allowGaps),
      codeBucket: options.codeBucket,
      includeIncreases: Boolean(options.includeIncreases),
      ...(locateInTemplate ? { locateInTemplate } : {}),
      snapshotFile: options.snapshot,
      snapshotAccount: options.snapshot ? member?.account : undefined,
      planFile,
      apply: applying,
      continueOnError: Boolean(options.continueOnError),
      journalPath: () => options.journal ?? defaultJournalPath(deps.now()),
      now: deps.now,
      sleep: deps.sleep,
    },
    {
      onPlan: async (plan) => {
        if (options.planOut) await writeResult(serializePlan(plan), options.planOut);
        if (format === 'json' && !applying) await writeResult(JSON.stringify({ ...plan, total: planTotal(plan), held: heldTotal(plan) }, null, 2));
        if (format !== 'json') await writeResult(renderers[format](plan));
      },
      confirm: (plan, items) => confirmProd(plan, items, options, deps),
      onEvent: (event) => {
        if (event.type === 'change-start') logLine(`[${event.index + 1}/${event.total}] ${event.change.rule} ${event.change.resourceName} ${event.change.attribute}`);
      },
      onNotice: logLine,
    },
  );
  if (run.kind === 'planned') return;
  if (run.kind === 'nothing') {
    if (format === 'json') await writeResult(JSON.stringify({ plan: run.plan, apply: null, verification: null }, null, 2));
    else logLine('Nothing to apply.');
    if (run.drifted) throw new CliError(`${run.drifted} change(s) were skipped because the resource changed since the plan; run \`clinnet-opt fix\` again for a new plan`, ExitCode.findings);
    return;
  }
  const { result, verification, validation } = run;
  if (format === 'json') {
    await writeResult(JSON.stringify({ plan: run.plan, apply: { journal: result.journalPath, counts: result.counts, results: result.results }, verification, validation }, null, 2));
  } else {
    await writeResult(`${renderResults(result)}${verification ? `\n${renderVerification(verification)}` : ''}${validation ? `\n${renderAfterApply(validation)}` : ''}`);
  }
  throwForOutcome(result, verification, validation);
}

/** One exit code for an apply: 4 part-way, 1 still there / regressed / drifted, else 0. */
function throwForOutcome(result: ExecuteResult, verification: Verification | null, validation: AfterApplyValidation | null): void {
  if (result.failed) {
    const unknown = result.counts.unknown ? `, ${result.counts.unknown} with an unknown outcome (AWS may have made them)` : '';
    throw new CliError(`${result.counts.failed} change(s) failed${unknown}; the journal ${result.journalPath} records what changed: run \`clinnet-opt rollback ${result.journalPath}\` to undo it`, ExitCode.partial);
  }
  if (verification?.notFixed.length) {
    throw new CliError(`${verification.notFixed.length} finding(s) are still there after their change was applied; see the re-audit above`, ExitCode.findings);
  }
  if (validation?.regressions.length) {
    throw new CliError(`${validation.regressions.length} performance benchmark(s) regressed after applying; see the benchmarks above`, ExitCode.findings);
  }
  // A resource already at its after-state needs nothing; one changed some other way needs a new plan.
  const drifted = result.results.filter((r) => r.outcome === 'skipped-drift' && !r.alreadyDone).length;
  if (drifted > 0) {
    throw new CliError(`${drifted} change(s) were skipped because the resource changed since the plan; run \`clinnet-opt fix\` again for a new plan`, ExitCode.findings);
  }
}

export function registerFix(program: Command, deps: FixDeps = defaultFixDeps): void {
  const command = program
    .command('fix')
    .description('Plan fixes for the fixable findings; with --apply, apply them (journaled, drift-checked, re-audited)')
    .option('--env <env>', `only this environment: ${ENV_OPTION_HELP} (also the environment of resources nothing else names)`)
    .option('--region <region>', 'region to read (repeatable or comma-separated)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--config <file>', 'config file overriding the design targets')
    .option('--only <rules>', 'only these rules (comma-separated ids or service names)', collectList)
    .option('--resource <pattern>', 'only resources whose ARN or name matches (glob, repeatable)', collectList)
    .option('--format <format>', 'table, markdown or json', 'table')
    .option('--plan-out <file>', 'write the plan as a versioned file')
    .option('--apply [plan]', 'apply: the given plan file, or plan and apply in one go')
    .option('--yes', 'apply to prod without asking')
    .option('--journal <file>', 'journal file (default .clinnet-opt/journal/<timestamp>.json)')
    .option('--continue-on-error', 'go on after a failed change')
    .option('--allow-drift', 'also change resources managed by CloudFormation (they drift from their template)')
    .option('--template <file>', "the stack's template (YAML or JSON): a refused stack-managed change names the line that declares its resource")
    .option('--include-increases', 'also apply the changes that raise the bill (held by default; the plan lists them with their sum)')
    .option('--snapshot <file>', 'plan offline from a snapshot file (no apply)')
    .option('--allow-gaps', 'plan for what could be read when a service\'s inventory could not be listed (else exit 3)')
    .option('--code-bucket <bucket>', "S3 bucket (in the function's region) for Lambda code packages above the 50 MB direct-upload limit");
  addOneAccountOptions(command, 'plan and apply');
  // optsWithGlobals: an option the program itself may declare too (--account, --role-name) still reaches fix.
  command.action(async (_options: FixOptions, cmd: Command) => runFix(cmd.optsWithGlobals<FixOptions>(), deps));
}
