/** A `fix --apply` / `rollback` journal read as docs/fix.md documents it (JSON Lines), outcome per change. */
import { readFileSync } from 'node:fs';

export interface JournalChange {
  id: string;
  rule: string;
  resourceName?: string;
  resource: string;
  attribute: string;
  after?: unknown;
  managedBy?: { stack: string; logicalId: string; templateProperty: string };
}

export interface JournalOutcome {
  change: JournalChange;
  outcome: string;
  error?: string;
  detail?: string;
}

export interface Journal {
  text: string;
  header: Record<string, unknown>;
  outcomes: JournalOutcome[];
  finished: { counts: Record<string, number> } | undefined;
}

export function readJournal(path: string): Journal {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const begun = new Map<string, JournalChange>();
  const outcomes: JournalOutcome[] = [];
  let finished: Journal['finished'];
  for (const line of lines) {
    if (line.type === 'begin') {
      const change = line.change as JournalChange;
      begun.set(change.id, change);
    } else if (line.type === 'end') {
      const change = begun.get(line.changeId as string);
      if (!change) throw new Error(`journal ${path}: end without begin for ${String(line.changeId)}`);
      outcomes.push({ change, outcome: line.outcome as string, error: line.error as string | undefined, detail: line.detail as string | undefined });
    } else if (line.type === 'not-attempted') {
      const change = line.change as JournalChange & { refused?: string };
      outcomes.push({ change, outcome: change.refused ? 'refused' : 'not-attempted', detail: (change.refused ?? line.reason) as string | undefined });
    } else if (line.type === 'finished') {
      finished = line as unknown as Journal['finished'];
    }
  }
  return { text, header: lines[0] ?? {}, outcomes, finished };
}

/** "rule resourceName" per outcome, sorted: what a failed expectation should show. */
export const outcomeList = (journal: Journal, outcome: string): string[] =>
  journal.outcomes
    .filter((o) => o.outcome === outcome)
    .map((o) => `${o.change.rule} ${o.change.resourceName ?? o.change.resource}`)
    .sort();
