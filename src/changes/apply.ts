/** Applies execution items with a journal of their own: the one way fix, budgets and alarms send changes. */
import type { ExecuteEvent, ExecuteResult, ExecutionItem } from './executor.js';
import { executeChanges } from './executor.js';
import { JournalWriter } from './journal.js';
import type { Plan } from './plan.js';
import type { ClientFactory } from '../aws/clients.js';

export interface ApplyInputs {
  factory: ClientFactory;
  journalPath: string;
  continueOnError: boolean;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  onEvent?: (event: ExecuteEvent) => void;
}

export async function applyItems(plan: Pick<Plan, 'account' | 'env' | 'id'>, items: readonly ExecutionItem[], inputs: ApplyInputs): Promise<ExecuteResult> {
  const journal = new JournalWriter(inputs.journalPath);
  try {
    return await executeChanges(items, {
      factory: inputs.factory,
      journal,
      header: { mode: 'apply', account: plan.account, env: plan.env, planId: plan.id },
      continueOnError: inputs.continueOnError,
      sleep: inputs.sleep,
      pollMs: inputs.pollMs,
      onEvent: inputs.onEvent,
    });
  } finally {
    journal.close();
  }
}
