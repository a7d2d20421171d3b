/**
 * Rollback: every change a journal applied, or may have applied (outcome unknown, or begun with no
 * outcome recorded because the process stopped), is turned back into a change that restores its
 * before-state, newest first. An applied change is undone only while the attribute is still as the
 * journal left it (the drift guard); one whose outcome is unknown is restored from whatever state
 * it is found in, and is skipped as "already as wanted" where it reads as the before-state.
 */
import type { Change } from './change.js';
import type { ReadJournal } from './journal.js';

export function rollbackChanges(journal: ReadJournal): Change[] {
  const changes: Change[] = [];
  for (const record of [...journal.records].reverse()) {
    const inDoubt = record.outcome === 'unknown' || record.outcome === undefined;
    if (record.outcome !== 'applied' && !inDoubt) continue;
    const original = record.change;
    const undo = record.end?.undo ?? record.undo ?? original.undo;
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
      notes: [
        inDoubt
          ? 'whether the original change was made is unknown: the before-state is restored wherever the attribute differs from it'
          : "restores the journal's before-state",
        ...(original.notes ?? []),
      ],
    };
    if (inDoubt) change.guard = 'any';
    if (original.managedBy) change.managedBy = original.managedBy;
    changes.push(change);
  }
  return changes;
}
