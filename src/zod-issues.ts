/** One readable line for a zod issue: the key path and what is wrong. */
import type { z } from 'zod';

export function describeZodIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'unknown problem';
  const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
  return `${path}: ${issue.message}`;
}
