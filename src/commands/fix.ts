/** `clinnet-opt fix`: plan the fixable findings; with --apply, apply them (journal, drift guard, re-audit). */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ClientFactory } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { loadSnapshot } from '../inventory/snapshot-file.js';
import { runRules } from '../rules/engine.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../rules/types.js';
import { loadConfig } from '../targets/config.js';
import { normalizeEnv, type Env } from '../targets/environment.js';
import { defaultJournalPath } from '../fixers/journal.js';
import { loadPlan, serializePlan } from '../fixers/plan-file.js';
import { applicableChanges, planTotal, type Plan } from '../fixers/plan.js';
import { FIXERS } from '../fixers/registry.js';
import { renderPlan, renderResults, renderVerification } from '../fixers/render.js';
import { applyPlan, assertSameAccount, auditAccount, planFromFindings, verifyApplied, type Verification } from '../fixers/session.js';
import { assertInventoryRead } from '../inventory/completeness.js';
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { renderAfterApply, validateAfterApply } from '../validate/after-apply.js';
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

interface FixOptions {
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
  snapshot?: string;
  allowGaps?: boolean;
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

/** Prod needs consent: --yes, or a yes on a terminal. `beforeAsking` runs once consent is possible (not before a refusal). */
async function confirmProd(plan: Plan, options: FixOptions, deps: FixDeps, beforeAsking: () => Promise<void>): Promise<void> {
  const touchesProd = plan.env === 'prod' || applicableChanges(plan).some((c) => c.env === 'prod');
  if (touchesProd && !options.yes && !deps.isTTY()) throw usageError('refusing to change prod without confirmation and no terminal to ask on: add --yes');
  await beforeAsking();
  if (!touchesProd || options.yes) return;
  const count = applicableChanges(plan).length;
  const ok = await deps.confirm(`Apply ${count} change(s) to prod (account ${plan.account ?? 'unknown'})?`);
  if (!ok) throw usageError('not applied: confirmation declined');
}

async function runFix(options: FixOptions, deps: FixDeps): Promise<void> {
  const format = parseChoice(options.format, ['table', 'json'] as const, '--format');
  const env: Env | undefined = options.env ? normalizeEnv(options.env) : undefined;
  if (options.env && !env) throw usageError(`--env must be dev, staging or prod (got "${options.env}")`);
  checkOnly(options.only);
  const planFile = typeof options.apply === 'string' ? options.apply : undefined;
  const applying = options.apply !== undefined && options.apply !== false;
  if (planFile && (options.only?.length || options.resource?.length || options.snapshot)) {
    throw usageError('--apply FILE applies exactly that plan: --only, --resource and --snapshot do not combine with it');
  }
  if (options.snapshot && applying && !planFile) throw usageError('--snapshot plans offline; apply a live plan instead (drop --snapshot)');

  const loaded = await loadConfig(options.config);
  const settings = settingsFrom(loaded.config.metrics);
  const factory = new ClientFactory({ profile: options.profile, defaultRegion: options.region?.[0] });
  const regions = options.region?.length ? options.region : [];
  const auditInputs = { factory, regions, env, targets: loaded.targets, settings };

  let plan: Plan;
  let planSnapshot: AccountSnapshot | null = null;
  if (planFile) {
    plan = await loadPlan(planFile);
    if (env && plan.env && plan.env !== env) throw usageError(`${planFile} is a plan for ${plan.env}, not ${env}`);
  } else {
    if (!options.snapshot && !regions.length) {
      const region = await factory.resolveDefaultRegion();
      if (!region) throw usageError('no region: pass --region or set AWS_REGION');
      regions.push(region);
    }
    const { snapshot, findings } = options.snapshot
      ? await (async () => {
          const snap = await loadSnapshot(options.snapshot as string);
          return { snapshot: snap, findings: runRules({ snapshot: snap, targets: loaded.targets, settings, onlyEnv: env }) };
        })()
      : await auditAccount(auditInputs);
    // No plan from an account whose inventory was not read (exit 3), unless --allow-gaps.
    assertInventoryRead(snapshot.coverageGaps, { allowGaps: Boolean(options.allowGaps), what: options.snapshot ? `snapshot ${options.snapshot}` : 'the account' });
    if (!options.snapshot) planSnapshot = snapshot;
    plan = await planFromFindings(findings, snapshot, {
      only: options.only,
      resourcePatterns: options.resource,
      allowDrift: Boolean(options.allowDrift),
      now: deps.now(),
      env,
      ...(options.snapshot ? {} : { factory }),
    });
  }

  if (options.planOut) await writeResult(serializePlan(plan), options.planOut);
  if (!applying) {
    await writeResult(format === 'json' ? JSON.stringify({ ...plan, total: planTotal(plan) }, null, 2) : renderPlan(plan));
    return;
  }
  if (format === 'table') await writeResult(renderPlan(plan));
  if (!applicableChanges(plan).length) {
    if (format === 'json') await writeResult(JSON.stringify({ plan, apply: null, verification: null }, null, 2));
    else logLine('Nothing to apply.');
    return;
  }
  await confirmProd(plan, options, deps, async () => {
    if (planFile) await assertSameAccount(factory, plan.account, planFile, plan.changes.find((c) => c.region)?.region ?? plan.regions[0]);
  });
  const journalPath = options.journal ?? defaultJournalPath(deps.now());
  const result = await applyPlan(plan, {
    factory,
    journalPath,
    continueOnError: Boolean(options.continueOnError),
    sleep: deps.sleep,
    onEvent: (event) => {
      if (event.type === 'change-start' && !event.change.refused) logLine(`[${event.index + 1}/${event.total}] ${event.change.rule} ${event.change.resourceName} ${event.change.attribute}`);
    },
  });
  let verification: Verification | null = null;
  if (result.counts.applied > 0) {
    verification = await verifyApplied(plan, result, { ...auditInputs, regions: regions.length ? regions : plan.regions, env: env ?? normalizeEnv(plan.env) });
  }
  const validation = result.counts.applied > 0 ? await validateAfterApply({ factory, before: planSnapshot, regions: regions.length ? regions : plan.regions, env: env ?? normalizeEnv(plan.env), targets: loaded.targets }) : null;
  if (format === 'json') {
    await writeResult(JSON.stringify({ plan, apply: { journal: result.journalPath, counts: result.counts, results: result.results }, verification, validation }, null, 2));
  } else {
    await writeResult(`${renderResults(result)}${verification ? `\n${renderVerification(verification)}` : ''}${validation ? `\n${renderAfterApply(validation)}` : ''}`);
  }
  if (result.failed) {
    throw new CliError(`${result.counts.failed} change(s) failed; the journal ${result.journalPath} records what changed: run \`clinnet-opt rollback ${result.journalPath}\` to undo it`, ExitCode.partial);
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
  program
    .command('fix')
    .description('Plan fixes for the fixable findings; with --apply, apply them (journaled, drift-checked, re-audited)')
    .option('--env <env>', 'environment: dev, staging or prod')
    .option('--region <region>', 'region to read (repeatable or comma-separated)', collectList)
    .option('--profile <profile>', 'AWS profile')
    .option('--config <file>', 'config file overriding the design targets')
    .option('--only <rules>', 'only these rules (comma-separated ids or service names)', collectList)
    .option('--resource <pattern>', 'only resources whose ARN or name matches (glob, repeatable)', collectList)
    .option('--format <format>', 'table or json', 'table')
    .option('--plan-out <file>', 'write the plan as a versioned file')
    .option('--apply [plan]', 'apply: the given plan file, or plan and apply in one go')
    .option('--yes', 'apply to prod without asking')
    .option('--journal <file>', 'journal file (default .clinnet-opt/journal/<timestamp>.json)')
    .option('--continue-on-error', 'go on after a failed change')
    .option('--allow-drift', 'also change resources managed by CloudFormation (they drift from their template)')
    .option('--snapshot <file>', 'plan offline from a snapshot file (no apply)')
    .option('--allow-gaps', 'plan for what could be read when a service\'s inventory could not be listed (else exit 3)')
    .action(async (options: FixOptions) => runFix(options, deps));
}
