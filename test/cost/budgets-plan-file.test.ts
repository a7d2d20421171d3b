/**
 * `cost-report budgets --plan-out FILE` and `--apply FILE`: a plan file records decisions; at apply
 * every change is derived again from the account and sent only if it equals the record. Drift is
 * skipped (exit 1), anything else that differs refuses the whole file (exit 2) before any request,
 * and a change that failed part-way leaves a journal that `rollback` undoes (exit 4 names it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateNotificationCommand, UpdateBudgetCommand, BudgetsServiceException } from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/changes/journal.js';
import { withContentId, type Plan } from '../../src/changes/plan.js';
import { ACCOUNT, budgets, installFakeBudgets, mutations, runRollback, sts, type Stored } from './budgets-fake.js';
import { runCli, tempDir } from './harness.js';

let dir: string;
let store: Map<string, Stored>;
const EMAIL = 'ops@example.com';

const run = (args: string[]) => runCli(['cost-report', 'budgets', ...args], { cwd: () => dir, sleep: async () => {} });
const readPlan = (file: string): Plan => JSON.parse(readFileSync(file, 'utf8')) as Plan;
/** An edit that also recomputes the content id, as a careful attacker would. */
function rewrite(file: string, edit: (plan: Plan) => void): void {
  const plan = readPlan(file);
  edit(plan);
  const content: Omit<Plan, 'id'> & { id?: string } = { ...plan };
  delete content.id;
  writeFileSync(file, JSON.stringify(withContentId(content), null, 2));
}

beforeEach(() => {
  dir = tempDir();
  store = installFakeBudgets();
  writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: { emails: [EMAIL] } } }));
});

describe('cost-report budgets --plan-out / --apply FILE', () => {
  it('writes a Plan v2 and applies exactly its changes, journaled under its id', async () => {
    const file = join(dir, 'plan.json');
    const planned = await run(['--env', 'prod', '--plan-out', file]);
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(mutations()).toBe(0);
    const plan = readPlan(file);
    expect(plan).toMatchObject({ kind: 'clinnet-opt/plan', schemaVersion: 2, account: ACCOUNT, env: 'prod', regions: ['us-east-1'], selection: { source: 'budgets' } });
    expect(plan.changes.map((c) => [c.service, c.rule, c.resource, c.attribute, c.operation])).toEqual([
      ['budgets', 'cost/budget', `arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-prod`, 'Budget', 'budgets:CreateBudget'],
      ['budgets', 'cost/budget', `arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-prod`, 'Notification', 'budgets:CreateNotification'],
      ['budgets', 'cost/budget', `arn:aws:budgets::${ACCOUNT}:budget/clinnet-opt-prod`, 'Notification', 'budgets:CreateNotification'],
    ]);

    const journal = join(dir, 'journal.json');
    const applied = await run(['--apply', file, '--journal', journal]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/3 applied, 0 skipped \(drift\), 0 failed/);
    expect(store.get('clinnet-opt-prod')?.notifications).toHaveLength(2);
    expect(store.has('clinnet-opt-dev')).toBe(false);
    const written = parseJournal(readFileSync(journal, 'utf8'), journal);
    expect(written.header).toMatchObject({ planId: plan.id, account: ACCOUNT, env: 'prod' });
    expect(written.records.map((r) => r.change)).toEqual(plan.changes);

    // Applied again: everything is as the plan wanted; nothing is sent.
    const before = mutations();
    const again = await run(['--apply', file, '--journal', join(dir, 'again.json')]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Nothing to apply\./);
    expect(mutations()).toBe(before);
  });

  it('an edited file is refused whole (exit 2), nothing sent', async () => {
    const file = join(dir, 'plan.json');
    await run(['--plan-out', file, '--quiet']);
    const text = readFileSync(file, 'utf8').replace('"Amount": "480.00"', '"Amount": "48000.00"');
    writeFileSync(file, text);
    const r = await run(['--apply', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/does not match its content \(.*\): the file was edited after it was made/);
    expect(mutations()).toBe(0);
  });

  it.each([
    [
      'a request field changed (id recomputed)',
      (plan: Plan) => {
        (plan.changes[3].input.Budget as { BudgetLimit: { Amount: string } }).BudgetLimit.Amount = '48000.00';
      },
      /change 4 \(cost\/budget clinnet-opt-prod Budget\) differs in input/,
    ],
    [
      'a change pasted in for another budget',
      (plan: Plan) => {
        plan.changes.push({ ...plan.changes[0], id: 'pasted', resource: `arn:aws:budgets::${ACCOUNT}:budget/finance-team`, resourceName: 'finance-team', operation: 'budgets:DeleteBudget', input: { AccountId: ACCOUNT, BudgetName: 'finance-team' } });
      },
      /change 7 \(cost\/budget finance-team Budget\) is not one of the budgets the plan's selection gives now \(clinnet-opt-dev, clinnet-opt-prod for all environments\)/,
    ],
    [
      'the environment relabelled',
      (plan: Plan) => {
        plan.env = 'dev';
      },
      /change 4 \(cost\/budget clinnet-opt-prod Budget\) is not one of the budgets the plan's selection gives now \(clinnet-opt-dev for dev\)/,
    ],
    [
      'an alert threshold changed',
      (plan: Plan) => {
        (plan.changes[1].input.Notification as { Threshold: number }).Threshold = 1;
        (plan.changes[1].after as { Threshold: number }).Threshold = 1;
      },
      /change 2 \(cost\/budget clinnet-opt-dev Notification\) names a resource the account does not have/,
    ],
  ])('%s: the whole file is refused (exit 2), nothing sent', async (_what, edit, message) => {
    const file = join(dir, 'plan.json');
    await run(['--plan-out', file, '--quiet']);
    rewrite(file, edit);
    const r = await run(['--apply', file]);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/refused, nothing sent: .*make a new plan with `clinnet-opt cost-report budgets --plan-out FILE`/);
    expect(mutations()).toBe(0);
    expect(store.size).toBe(0);
  });

  it('a budget changed since the plan is skipped (exit 1), nothing sent for it', async () => {
    await run(['--apply', '--env', 'prod', '--journal', join(dir, 'create.json')]);
    writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ cost: { budgets: { emails: [EMAIL], environments: { prod: { limitUsd: 500 } } } } }));
    const file = join(dir, 'plan.json');
    await run(['--env', 'prod', '--plan-out', file, '--quiet']);
    expect(readPlan(file).changes.map((c) => c.operation)).toEqual(['budgets:UpdateBudget']);
    // Someone else sets the limit in the console meanwhile.
    (store.get('clinnet-opt-prod')?.budget.BudgetLimit as { Amount: string }).Amount = '600.0';
    const r = await run(['--apply', file, '--journal', join(dir, 'drift.json')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/skipped because its budget changed since the plan/);
    expect(budgets.commandCalls(UpdateBudgetCommand)).toHaveLength(0);
    expect(store.get('clinnet-opt-prod')?.budget.BudgetLimit?.Amount).toBe('600.0');
  });

  it('a plan for another account, or a fix plan, is refused (exit 2)', async () => {
    const file = join(dir, 'plan.json');
    await run(['--plan-out', file, '--quiet']);
    sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' });
    const other = await run(['--apply', file]);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/was made for account 123456789012, but these credentials are for account 210987654321/);
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    rewrite(file, (plan) => {
      plan.selection.source = 'fix';
    });
    const fix = await run(['--apply', file]);
    expect(fix.exitCode).toBe(2);
    expect(fix.stderr).toMatch(/is a `fix` plan: apply it with `clinnet-opt fix --apply/);
    expect(mutations()).toBe(0);
  });

  it('a write whose outcome is unknown stops the run (exit 4, journal named); rollback undoes what was made', async () => {
    // The first alert's request times out at AWS's side: it may or may not have been made.
    budgets.on(CreateNotificationCommand).rejects(new BudgetsServiceException({ name: 'InternalErrorException', $fault: 'server', message: 'An error on the server occurred', $metadata: { httpStatusCode: 500 } }));
    const journal = join(dir, 'journal.json');
    const r = await run(['--apply', '--env', 'dev', '--journal', journal]);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`the journal ${journal} records what changed: run \`clinnet-opt rollback ${journal}\``));
    expect(r.stderr).not.toMatch(/\[3\/3\]/);
    expect(r.stdout).toMatch(/1 applied, 0 skipped \(drift\), 0 failed, 1 unknown, 0 refused, 1 not attempted/);
    expect(store.has('clinnet-opt-dev')).toBe(true);

    const rolled = await runRollback([journal, '--journal', join(dir, 'rollback.json')]);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    // The alert was never made: "already as wanted"; the budget is deleted.
    expect(rolled.stdout).toMatch(/1 applied, 1 skipped \(drift\), 0 failed, 0 unknown/);
    expect(store.size).toBe(0);
  });
});
