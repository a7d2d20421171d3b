/**
 * Rollback: every change a journal applied (or began without recording an outcome) is turned
 * back into a change that restores its before-state, newest first. The drift guard then checks
 * the attribute is still as the journal left it; an in-doubt change that never happened is found
 * already at its before-state and skipped.
 */
import type { ReadJournal } from './journal.js';
import { CREATED_ENDPOINT } from './vpc/gateway-endpoints.js';
import type { Change } from './types.js';

export function rollbackChanges(journal: ReadJournal): Change[] {
  const changes: Change[] = [];
  for (const record of [...journal.records].reverse()) {
    if (record.outcome !== 'applied' && record.outcome !== undefined) continue;
    const original = record.change;
    const undo = record.end?.undo ?? original.undo;
    const change: Change = {
      id: `${original.id}-undo`,
      rule: original.rule,
      service: original.service,
      region: original.region,
      resource: original.resource,
      resourceName: original.resourceName,
      env: original.env,
      attribute: original.attribute,
      operation: undo.operation,
      input: undo.input,
      before: original.after,
      after: original.before,
      undo: { operation: original.operation, input: original.input },
      monthlyDeltaUsd: original.monthlyDeltaUsd === null ? null : -original.monthlyDeltaUsd,
      notes: [record.outcome === undefined ? 'the journal has no outcome for this change (the run stopped mid-change): restored only if it was made' : 'restores the journal\'s before-state', ...(original.notes ?? [])],
    };
    if (original.managedBy) change.managedBy = original.managedBy;
    if (JSON.stringify(undo.input).includes(CREATED_ENDPOINT)) {
      change.refused = 'the id of the endpoint this change created was not recorded: delete it by hand (aws ec2 delete-vpc-endpoints)';
    }
    changes.push(change);
  }
  return changes;
}
