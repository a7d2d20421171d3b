/** --rules: rule ids or whole services ("lambda" = every lambda/* rule), checked against the registry. */
import { usageError } from '../errors.js';
import { RULES } from '../rules/index.js';

export function resolveRuleSelection(requested: readonly string[] | undefined): string[] | undefined {
  if (!requested?.length) return undefined;
  const known = RULES.map((rule) => rule.meta.id);
  const selected = new Set<string>();
  for (const item of requested) {
    const matches = known.filter((id) => id === item || id.startsWith(`${item}/`));
    if (!matches.length) throw usageError(`--rules: unknown rule "${item}"; known rules: ${known.join(', ')}`);
    for (const id of matches) selected.add(id);
  }
  return known.filter((id) => selected.has(id));
}
