/**
 * A plan file records decisions; it is not a script. At apply every change is derived again from
 * the account as it is now, and only the derived request is sent, and only when it equals what the
 * plan recorded. A change whose before-state moved since the plan is skipped (drift); any other
 * difference (a field added or changed, another operation, a relabelled environment, a refusal
 * or a hold removed, a change pasted in) refuses the whole plan before any request is sent.
 */
import { usageError } from '../errors.js';
import type { Finding, JsonValue } from '../rules/types.js';
import type { Change } from './change.js';
import type { ExecutionItem } from './executor.js';
import { formatValue } from './format-value.js';
import { sameState, sortKeys } from './operations/index.js';
import type { Plan } from './plan.js';

/** What apply must not differ in, besides the before-state (which is drift, not tampering). */
const COMPARED: readonly (keyof Change)[] = ['operation', 'resource', 'resourceName', 'region', 'env', 'attribute', 'input', 'after', 'undo', 'refused', 'held', 'managedBy', 'guard'];

export interface FreshAccount {
  /** The changes derived now with the plan's own selection. */
  changes: readonly Change[];
  /** Every finding of the account now, in any environment (to tell a pasted-in change from a fixed one). */
  allFindings: readonly Finding[];
  /** Whether a change's resource exists in the account now. */
  hasResource: (change: Change) => boolean;
}

/** How a plan's changes pair with the derived ones, and what a refusal tells the user to run. */
export interface DeriveOptions {
  /**
   * What pairs a recorded change with a derived one (default: rule, resource, attribute and its
   * place among its like). A source whose changes have their own identity (a budget's alert) gives it here.
   */
  identity?: (change: Change) => string;
  /** The command that makes a new plan (default `clinnet-opt fix --plan-out FILE`). */
  remake?: string;
}

export interface Derivation {
  items: ExecutionItem[];
  /** Changes the account needs now that the plan does not carry (new since the plan): not applied. */
  notInPlan: number;
}

/** Rule, resource, attribute and the change's place among its like (a fixer's drafts come in a fixed order). */
function slotKeys(changes: readonly Change[], identity?: (change: Change) => string): string[] {
  const seen = new Map<string, number>();
  return changes.map((c) => {
    const base = identity ? identity(c) : `${c.rule}|${c.resource}|${c.attribute}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

const canonical = (value: unknown): string => JSON.stringify(sortKeys(value ?? null));

function describe(change: Change, index: number): string {
  return `change ${index + 1} (${change.rule} ${change.resourceName} ${change.attribute})`;
}

function refuse(file: string, what: string, remake = 'clinnet-opt fix --plan-out FILE'): never {
  throw usageError(`${file}: refused, nothing sent: ${what}; make a new plan with \`${remake}\``);
}

export function derivePlan(plan: Plan, fresh: FreshAccount, file: string, options: DeriveOptions = {}): Derivation {
  const refuseAll = (what: string): never => refuse(file, what, options.remake);
  const derivedKeys = slotKeys(fresh.changes, options.identity);
  const derived = new Map(derivedKeys.map((key, i) => [key, fresh.changes[i]]));
  const used = new Set<string>();
  const items: ExecutionItem[] = [];
  slotKeys(plan.changes as Change[], options.identity).forEach((key, index) => {
    const recorded = plan.changes[index] as Change;
    const now = derived.get(key);
    if (!now) {
      if (!fresh.hasResource(recorded)) refuseAll(`${describe(recorded, index)} names a resource the account does not have`);
      const finding = fresh.allFindings.find((f) => f.rule === recorded.rule && f.resource === recorded.resource);
      if (finding) {
        refuseAll(`${describe(recorded, index)} is not what the plan's selection gives for this account now (the resource's environment reads ${finding.env}, the plan is for ${plan.env ?? 'all environments'})`);
      }
      items.push({ change: recorded, skip: { detail: 'the account no longer has this finding (fixed or changed since the plan): nothing sent' } });
      return;
    }
    used.add(key);
    if (!sameState(recorded.attribute, recorded.before as JsonValue, now.before)) {
      items.push({
        change: recorded,
        skip: { found: now.before, detail: `changed since the plan was made (plan: ${formatValue(recorded.before)}, now: ${formatValue(now.before)}): nothing sent; plan again` },
      });
      return;
    }
    for (const field of COMPARED) {
      if (canonical(recorded[field]) !== canonical(now[field])) {
        refuseAll(`${describe(recorded, index)} differs in ${field}: the plan has ${formatValue((recorded[field] ?? null) as JsonValue, 200)}, the account gives ${formatValue((now[field] ?? null) as JsonValue, 200)}`);
      }
    }
    items.push({ change: now });
  });
  return { items, notInPlan: derivedKeys.filter((key) => !used.has(key)).length };
}
