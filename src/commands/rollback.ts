/** `clinnet-opt rollback JOURNAL`: restore every attribute a journal changed, newest first, with a journal of its own. */
import type { Command } from 'commander';
import { ClientFactory } from '../aws/clients.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { executeChanges } from '../changes/executor.js';
import { defaultJournalPath, JournalWriter, loadJournal } from '../changes/journal.js';
import { registerBudgetOperations } from '../changes/operations/budgets.js';
import { rollbackChanges } from '../changes/rollback.js';
import { assertSameAccount } from '../changes/session.js';
import { addOneAccountOptions, assumeOneAccount, describeOneAccount, parseOneAccountOptions, type OneAccountOptions } from '../org/one-account.js';
import { renderResults } from '../report/plan.js';
import { defaultFixDeps, type FixDeps } from './fix.js';
import { logLine, parseChoice, writeResult } from './io.js';

// A journal of `cost-report budgets --apply` is rolled back by the same engine.
registerBudgetOperations();

interface RollbackOptions extends OneAccountOptions {
  profile?: string;
  journal?: string;
  yes?: boolean;
  continueOnError?: boolean;
  format: string;
}

async function runRollback(file: string, options: RollbackOptions, deps: FixDeps): Promise<void> {
  const format = parseChoice(options.format, ['table', 'json'] as const, '--format');
  const member = parseOneAccountOptions(options, 'rollback');
  const journal = await loadJournal(file);
  if (journal.header.mode !== 'apply') throw usageError(`${file} is the journal of a rollback; roll back the original run's journal instead, or re-apply its plan`);
  const changes = rollbackChanges(journal);
  if (!changes.length) {
    logLine(`${file}: nothing to roll back (no change was applied)`);
    if (format === 'json') await writeResult(JSON.stringify({ rollbackOf: file, journal: null, results: [] }, null, 2));
    return;
  }
  const touchesProd = journal.header.env === 'prod' || changes.some((c) => c.env === 'prod');
  if (touchesProd && !options.yes) {
    if (!deps.isTTY()) throw usageError('refusing to change prod without confirmation and no terminal to ask on: add --yes');
    if (!(await deps.confirm(`Roll back ${changes.length} change(s) in prod (account ${journal.header.account ?? 'unknown'})?`))) {
      throw usageError('not rolled back: confirmation declined');
    }
  }
  let factory = new ClientFactory({ profile: options.profile });
  // A journal written in a member account (`fix --account`) is undone through the same role.
  if (member) {
    const account = await assumeOneAccount(factory, member);
    factory = account.factory;
    logLine(`rollback: ${describeOneAccount(account)}`);
  }
  await assertSameAccount(factory, journal.header.account, file, changes.find((c) => c.region)?.region ?? undefined);
  const writer = new JournalWriter(options.journal ?? defaultJournalPath(deps.now()));
  let result;
  try {
    result = await executeChanges(changes, {
      factory,
      journal: writer,
      header: { mode: 'rollback', account: journal.header.account, env: journal.header.env, planId: journal.header.planId, rollbackOf: file },
      continueOnError: Boolean(options.continueOnError),
      sleep: deps.sleep,
      onEvent: (event) => {
        if (event.type === 'change-start') logLine(`[${event.index + 1}/${event.total}] undo ${event.change.rule} ${event.change.resourceName} ${event.change.attribute}`);
      },
    });
  } finally {
    writer.close();
  }
  if (format === 'json') await writeResult(JSON.stringify({ rollbackOf: file, journal: result.journalPath, counts: result.counts, results: result.results }, null, 2));
  else await writeResult(renderResults(result));
  if (result.failed) {
    throw new CliError(`${result.counts.failed + result.counts.unknown} undo(s) failed or ended unknown; the journal ${result.journalPath} records what was restored`, ExitCode.partial);
  }
  // An undo skipped because the resource changed since the journal means the account is not as it was.
  const skipped = result.results.filter((r) => (r.outcome === 'skipped-drift' && !r.alreadyDone) || r.outcome === 'refused');
  if (skipped.length) {
    const named = skipped.map((r) => `${r.change.rule} ${r.change.resourceName} ${r.change.attribute}${r.found !== undefined ? ` (found ${JSON.stringify(r.found)})` : ''}`);
    throw new CliError(`${skipped.length} undo(s) skipped, not restored: ${named.join('; ')}`, ExitCode.findings);
  }
}

export function registerRollback(program: Command, deps: FixDeps = defaultFixDeps): void {
  const command = program
    .command('rollback')
    .description("Restore every attribute a fix journal changed to its recorded before-state, newest first")
    .argument('<journal>', 'journal file written by `fix --apply`')
    .option('--profile <profile>', 'AWS profile')
    .option('--journal <file>', "this rollback's own journal (default .clinnet-opt/journal/<timestamp>.json)")
    .option('--yes', 'roll back prod without asking')
    .option('--continue-on-error', 'go on after a failed undo')
    .option('--format <format>', 'table or json', 'table');
  addOneAccountOptions(command, 'roll back');
  // optsWithGlobals: an option the program itself may declare too (--account, --role-name) still reaches rollback.
  command.action(async (file: string, _options: RollbackOptions, cmd: Command) => runRollback(file, cmd.optsWithGlobals<RollbackOptions>(), deps));
}
