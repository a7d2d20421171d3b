/** Reads and writes plan files; a corrupt, foreign or edited file is a usage error (exit 2). */
import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import { describeZodIssue } from '../zod-issues.js';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, planContentId, PlanSchema, type Plan } from './plan.js';

export function parsePlan(text: string, file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${file}: not a plan: the JSON is invalid or truncated; make a new one with \`clinnet-opt fix --plan-out FILE\``);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== PLAN_KIND) {
    throw usageError(`${file}: not a clinnet-opt plan (expected "kind": "${PLAN_KIND}"); make one with \`clinnet-opt fix --plan-out FILE\``);
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version !== PLAN_SCHEMA_VERSION) {
    throw usageError(`${file}: plan schemaVersion ${JSON.stringify(version)} is not supported (this version reads ${PLAN_SCHEMA_VERSION}); make a new plan`);
  }
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) throw usageError(`${file}: invalid plan: ${describeZodIssue(parsed.error.issues[0])}`);
  const computed = planContentId(parsed.data);
  if (computed !== parsed.data.id) {
    throw usageError(`${file}: plan id ${parsed.data.id} does not match its content (${computed}): the file was edited after it was made; make a new plan (\`--plan-out FILE\`)`);
  }
  return parsed.data;
}

export async function loadPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`${file}: cannot read plan (${code === 'ENOENT' ? 'no such file' : code ?? 'read error'})`);
  }
  return parsePlan(text, file);
}

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(PlanSchema.parse(plan), null, 2)}\n`;
}
