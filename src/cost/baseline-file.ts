/**
 * Reading and writing a baseline file, whichever kind: the one-account baseline (per category,
 * baseline.ts) or the organization's (per account, org-baseline.ts). Each kind names itself, its
 * version and how to make one; a file of the other kind is told apart, never half-read.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { usageError } from '../errors.js';
import { describeZodIssue } from '../zod-issues.js';
import { METRICS } from './query.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What every baseline records of the period it was saved from, whatever it then holds. */
export const BaselinePeriodFields = z.object({
  savedAt: z.string(),
  /** The --env the figures were limited to, or null for every environment. */
  env: z.string().nullable(),
  metric: z.enum(METRICS),
  period: z.object({ start: day, end: day, label: z.string() }),
  days: z.number().int().positive(),
  monthlyFactor: z.number().positive(),
  estimated: z.boolean(),
  unit: z.string(),
});

export interface BaselineKind<T> {
  kind: string;
  schemaVersion: number;
  schema: z.ZodType<T>;
  /** "a cost baseline", "an organization's cost baseline". */
  noun: string;
  /** The command that saves one: "--save-baseline", "cost-report --org --save-baseline". */
  saveWith: string;
  /** The other kind's `kind`, and what to say when it is given instead. */
  other: { kind: string; message: string };
}

export function parseBaselineFile<T>(text: string, file: string, spec: BaselineKind<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${file}: not a cost baseline (not JSON); create one with ${spec.saveWith}`);
  }
  const head = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown; schemaVersion?: unknown }) : {};
  if (head.kind === spec.other.kind) throw usageError(`${file}: ${spec.other.message}`);
  if (head.kind !== spec.kind) {
    const kind = typeof head.kind === 'string' ? `a "${head.kind}" file` : 'not a clinnet-opt file';
    throw usageError(`${file}: not ${spec.noun} (${kind}); create one with ${spec.saveWith}`);
  }
  if (head.schemaVersion !== spec.schemaVersion) {
    throw usageError(`${file}: baseline schemaVersion ${JSON.stringify(head.schemaVersion)} is not supported (this clinnet-opt reads ${spec.schemaVersion}); save a new one with ${spec.saveWith}`);
  }
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: corrupt baseline at ${describeZodIssue(parsed.error.issues[0])}`);
  return parsed.data;
}

export async function loadBaselineFile<T>(file: string, spec: BaselineKind<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read the baseline (${code === 'ENOENT' ? `no such file; create one with ${spec.saveWith}` : code ?? 'read error'})`);
  }
  return parseBaselineFile(text, file, spec);
}

export async function saveBaselineFile(file: string, baseline: unknown): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw usageError(`${file}: cannot write the baseline (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}
