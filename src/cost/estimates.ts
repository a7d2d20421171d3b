/**
 * What was predicted, per category, to set beside what was measured: the audit's estimated monthly
 * deltas (--compare-estimate) and the applied changes of a `fix --apply` journal (--journal).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { usageError } from '../errors.js';
import { loadJournal, type ReadJournal } from '../changes/journal.js';
import { CATEGORY_IDS, categoryOfRule, type CategoryId } from './categories.js';
import { round2 } from './cost-table.js';

/** Signed monthly USD per category; null where nothing was predicted for it. */
export type Predicted = Record<CategoryId, number | null>;

function emptyPredicted(): Predicted {
  return Object.fromEntries(CATEGORY_IDS.map((id) => [id, null])) as Predicted;
}

function add(predicted: Predicted, rule: string, delta: number | null): void {
  if (delta === null) return;
  const category = categoryOfRule(rule);
  predicted[category] = round2((predicted[category] ?? 0) + delta);
}

const AuditJson = z.object({
  schemaVersion: z.union([z.number(), z.string()]),
  findings: z.array(z.object({ rule: z.string(), monthlyDeltaUsd: z.number().nullable(), env: z.string().optional() })),
});

export function estimatesFromAudit(text: string, file: string, env: string | null): Predicted {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${file}: not audit JSON (run \`clinnet-opt audit --format json --output ${file}\`)`);
  }
  const parsed = AuditJson.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: not clinnet-opt audit JSON (expected schemaVersion and findings[] with rule and monthlyDeltaUsd)`);
  const predicted = emptyPredicted();
  for (const finding of parsed.data.findings) {
    if (env && finding.env && finding.env !== env) continue;
    add(predicted, finding.rule, finding.monthlyDeltaUsd);
  }
  return predicted;
}

export async function loadAuditEstimates(file: string, env: string | null): Promise<Predicted> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read the audit JSON (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
  return estimatesFromAudit(text, file, env);
}

export interface JournalPrediction {
  /** The apply's start: the before/after boundary. */
  appliedAt: string;
  env: string | null;
  applied: number;
  predicted: Predicted;
}

export function predictionFromJournal(journal: ReadJournal, file: string): JournalPrediction {
  if (journal.header.mode !== 'apply') throw usageError(`${file}: is a rollback journal; pass the journal of \`fix --apply\``);
  const predicted = emptyPredicted();
  let applied = 0;
  for (const record of journal.records) {
    if (record.outcome !== 'applied') continue;
    applied++;
    add(predicted, record.change.rule, record.change.monthlyDeltaUsd);
  }
  if (!applied) throw usageError(`${file}: the journal records no applied change, so there is nothing to measure`);
  return { appliedAt: journal.header.startedAt, env: journal.header.env, applied, predicted };
}

export async function loadJournalPrediction(file: string): Promise<JournalPrediction> {
  return predictionFromJournal(await loadJournal(file), file);
}
