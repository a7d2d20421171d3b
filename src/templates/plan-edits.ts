/**
 * `fix --template` core: the design's per-environment targets (the findings of `audit --template`, one list
 * per environment value) turned into edits of the template text. Pure: text in, text and edits out.
 *
 * Scope: lambda/memory (MemorySize), lambda/timeout (Timeout), lambda/arm64 (Architectures) and
 * logs/retention (RetentionInDays of a declared AWS::Logs::LogGroup). Placement, as a reviewer expects:
 * - a Lambda property inherited from `Globals.Function` is edited once there when, in every environment,
 *   every function that inherits it wants the same value; otherwise each function that needs a change gets
 *   its own property (set where it exists, added after its siblings where it does not);
 * - a value that differs by environment becomes `!If [Cond, a, b]` (nested for more), on conditions
 *   `!Equals [!Ref <EnvParam>, <value>]`, an existing one reused (IsProduction), else one added;
 * - with onlyEnv, that environment gets its target and every other one keeps what it resolves to today.
 * What is not changed is refused with the reason: advisory findings (the rule does not fix them), a value
 * that is already an intrinsic (!If, !FindInMap: the editor overwrites only plain values), a log group the
 * template does not declare, a value another environment would have to keep but has none to keep.
 */
import type { Finding, JsonValue } from '../rules/types.js';
import { ensureCondition, insertProperty, setScalar, wrapInIf, TemplateEditError, type EditPath, type EditScalar, type IfBranch } from './edit.js';
import { parseTemplate } from './parse.js';
import { resolveTemplate } from './resolve.js';
import type { ResolvedResource } from './types.js';

/** Rule → the property it sets; `list` when the property is a one-item list (Architectures). */
const RULE_PROPERTIES: Readonly<Record<string, { property: string; list: boolean; types: readonly string[] }>> = {
  'lambda/memory': { property: 'MemorySize', list: false, types: ['AWS::Serverless::Function', 'AWS::Lambda::Function'] },
  'lambda/timeout': { property: 'Timeout', list: false, types: ['AWS::Serverless::Function', 'AWS::Lambda::Function'] },
  'lambda/arm64': { property: 'Architectures', list: true, types: ['AWS::Serverless::Function', 'AWS::Lambda::Function'] },
  'logs/retention': { property: 'RetentionInDays', list: false, types: ['AWS::Logs::LogGroup'] },
};

export const TEMPLATE_FIX_RULES: readonly string[] = Object.keys(RULE_PROPERTIES);

export interface EnvironmentParameter {
  readonly name: string;
  readonly allowedValues: readonly string[];
}

export interface PlanTemplateOptions {
  /** --env: only this environment's values change; every other one keeps what it resolves to today. */
  readonly onlyEnv?: string;
  /** The other --parameter values the template is resolved with. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** One edit of the text: a value set or added (possibly as !If over environments), or a condition added for one. */
export interface TemplateEdit {
  readonly kind: 'value' | 'condition';
  /** Document path of the edited node, e.g. 'Globals.Function.Architectures.0', 'Resources.F.Properties.Timeout', 'Conditions.IsDev'. */
  readonly path: string;
  /** The rule fixed (null for a condition). */
  readonly rule: string | null;
  /** The resources whose value changes (for a Globals edit, every function inheriting it). */
  readonly logicalIds: readonly string[];
  /** Value per environment before and after (a value the environment does not have: absent). */
  readonly before: Readonly<Record<string, EditScalar>>;
  readonly after: Readonly<Record<string, EditScalar>>;
  /** The findings this edit fixes. */
  readonly findings: readonly Finding[];
  /** 1-based line of the edited node in the new text. */
  readonly line: number;
}

export interface RefusedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface TemplatePlan {
  readonly edits: TemplateEdit[];
  readonly text: string;
  readonly refused: RefusedFinding[];
}

/** What one (resource, property) should be in each environment; undefined where the resource is absent. */
interface Wanted {
  readonly rule: string;
  /** Document path of the node to edit (list item 0 for Architectures). */
  readonly path: EditPath;
  readonly logicalIds: string[];
  readonly current: Record<string, EditScalar | undefined>;
  readonly desired: Record<string, EditScalar | undefined>;
  readonly findings: Finding[];
  /** For a Globals edit: the per-function edits made instead when the editor refuses the Globals node (an !If there). */
  readonly fallback?: readonly Wanted[];
}

function isEditScalar(value: unknown): value is EditScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function scalarOf(value: JsonValue | unknown, list: boolean): EditScalar | undefined {
  const inner = list ? (Array.isArray(value) && value.length === 1 ? (value as unknown[])[0] : undefined) : value;
  return isEditScalar(inner) ? inner : undefined;
}

function splitPath(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function pascal(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The resolved value of `property` on a resource, and where it is written ('globals' or the resource). */
function readProperty(resource: ResolvedResource, property: string, list: boolean): { value: EditScalar | undefined; source: 'globals' | 'resource' | null; sourcePath: string | null } {
  const key = `Properties.${property}`;
  const itemKey = list ? `${key}.0` : key;
  const sourcePath = resource.propertySourcePaths[itemKey] ?? null;
  const source = resource.propertySources[itemKey] ?? null;
  return { value: scalarOf(resource.properties[property], list), source, sourcePath };
}

export function planTemplateEdits(
  text: string,
  file: string,
  findingsByEnv: Readonly<Record<string, readonly Finding[]>>,
  envParameter: EnvironmentParameter,
  options: PlanTemplateOptions = {},
): TemplatePlan {
  const parsed = parseTemplate(text, file);
  const envs = [...envParameter.allowedValues];
  const resolved = new Map(envs.map((env) => [env, resolveTemplate(parsed, { ...options.parameters, [envParameter.name]: env })]));
  const refused: RefusedFinding[] = [];
  const refuse = (findings: readonly Finding[], reason: string): void => {
    for (const finding of findings) refused.push({ finding, reason });
  };
  const resourceIn = (env: string, logicalId: string): ResolvedResource | undefined => resolved.get(env)?.resources.find((r) => r.logicalId === logicalId);

  for (const [env, findings] of Object.entries(findingsByEnv)) {
    if (envs.includes(env) || (options.onlyEnv !== undefined && env !== options.onlyEnv)) continue;
    refuse(findings.filter((f) => RULE_PROPERTIES[f.rule] !== undefined), `${env} is not one of ${envParameter.name}'s AllowedValues (${envs.join(', ')})`);
  }

  // 1. The findings to act on, by rule and resource.
  const asked = new Map<string, Map<string, Map<string, Finding>>>(); // rule → logicalId → env → finding
  for (const env of envs) {
    if (options.onlyEnv !== undefined && env !== options.onlyEnv) continue;
    for (const finding of findingsByEnv[env] ?? []) {
      const spec = RULE_PROPERTIES[finding.rule];
      if (spec === undefined) continue;
      const logicalId = finding.template?.logicalId;
      const resource = logicalId === undefined ? undefined : resourceIn(env, logicalId);
      if (logicalId === undefined || resource === undefined) {
        refuse([finding], 'the finding names no resource of this template');
        continue;
      }
      if (!spec.types.includes(resource.type)) {
        refuse([finding], finding.rule === 'logs/retention'
          ? `the template declares no AWS::Logs::LogGroup for ${logicalId}; adding one for a log group that already exists needs an import change set, not an edit`
          : `${logicalId} is ${resource.type}, not a resource whose ${spec.property} this edits`);
        continue;
      }
      if (!finding.fixable) {
        refuse([finding], `advisory, not applied by fix: ${finding.message}`);
        continue;
      }
      const target = scalarOf(finding.target, spec.list);
      if (target === undefined) {
        refuse([finding], `target ${JSON.stringify(finding.target)} is not a single plain value`);
        continue;
      }
      const byResource = asked.get(finding.rule) ?? new Map<string, Map<string, Finding>>();
      const byEnv = byResource.get(logicalId) ?? new Map<string, Finding>();
      byEnv.set(env, finding);
      byResource.set(logicalId, byEnv);
      asked.set(finding.rule, byResource);
    }
  }

  // 2. What each edited node should be per environment.
  const wanted: Wanted[] = [];
  for (const [rule, byResource] of asked) {
    const spec = RULE_PROPERTIES[rule];
    const perResource = new Map<string, Wanted>();
    for (const [logicalId, byEnv] of byResource) {
      const current: Record<string, EditScalar | undefined> = {};
      const desired: Record<string, EditScalar | undefined> = {};
      let path: EditPath | null = null;
      let blocked: string | null = null;
      for (const env of envs) {
        const resource = resourceIn(env, logicalId);
        if (resource === undefined) continue;
        const read = readProperty(resource, spec.property, spec.list);
        current[env] = read.value;
        const finding = byEnv.get(env);
        desired[env] = finding ? scalarOf(finding.target, spec.list) : read.value;
        if (!finding && read.value === undefined && (resource.properties[spec.property] !== undefined || read.sourcePath !== null)) {
          blocked = `${spec.property} of ${logicalId} in ${env} is not a plain value to keep (${JSON.stringify(resource.properties[spec.property])})`;
        } else if (!finding && read.value === undefined) {
          blocked = `${logicalId} has no ${spec.property} in ${env} to keep while another environment changes`;
        }
        if (read.source === 'resource' && read.sourcePath !== null) path = splitPath(read.sourcePath);
      }
      const findings = [...byEnv.values()];
      if (blocked !== null) {
        refuse(findings, blocked);
        continue;
      }
      const ownPath: EditPath = path ?? ['Resources', logicalId, 'Properties', spec.property, ...(spec.list ? [0] : [])];
      perResource.set(logicalId, { rule, path: ownPath, logicalIds: [logicalId], current, desired, findings });
    }
    wanted.push(...placeLambdaGlobals(rule, spec, perResource, envs, resolved, resourceIn));
  }

  // 3. Apply, one node at a time; a node the editor refuses refuses its findings.
  let out = text;
  const applied: { wanted: Wanted; after: Record<string, EditScalar>; before: Record<string, EditScalar> }[] = [];
  const conditionsAdded: string[] = [];
  for (let index = 0; index < wanted.length; index += 1) {
    const item = wanted[index];
    const after = filled(item.desired, envs);
    if (after === null) continue;
    const before: Record<string, EditScalar> = {};
    for (const [env, value] of Object.entries(item.current)) if (value !== undefined) before[env] = value;
    if (envs.every((env) => after[env] === undefined || after[env] === before[env])) continue;
    try {
      const result = applyValue(out, item.path, after, envs, envParameter.name);
      out = result.text;
      conditionsAdded.push(...result.added);
      applied.push({ wanted: item, after: Object.fromEntries(Object.entries(after).filter(([env]) => item.desired[env] !== undefined)), before });
    } catch (error) {
      if (!(error instanceof TemplateEditError)) throw error;
      if (item.fallback?.length) wanted.push(...item.fallback);
      else refuse(item.findings, error.message);
    }
  }

  const nodes = applied.length || conditionsAdded.length ? parseTemplate(out, file).nodes : {};
  const lineOf = (path: string): number => nodes[path]?.line ?? 0;
  const edits: TemplateEdit[] = [
    ...[...new Set(conditionsAdded)].map((name) => ({ kind: 'condition' as const, path: `Conditions.${name}`, rule: null, logicalIds: [], before: {}, after: {}, findings: [], line: lineOf(`Conditions.${name}`) })),
    ...applied.map(({ wanted: item, after, before }) => {
      const path = item.path.join('.');
      return { kind: 'value' as const, path, rule: item.rule, logicalIds: item.logicalIds, before, after, findings: item.findings, line: lineOf(path) || lineOf(item.path.slice(0, -1).join('.')) };
    }),
  ];
  return { edits, text: out, refused };
}

/**
 * Globals.Function placement: when the property is written in Globals and, in every environment, every
 * function inheriting it wants one value, the Globals node is edited once for all of them; else each
 * function with a change gets its own property (the others keep inheriting Globals unchanged), as it does
 * when the Globals value is one the editor does not overwrite (an !If already there).
 */
function placeLambdaGlobals(
  rule: string,
  spec: { property: string; list: boolean; types: readonly string[] },
  perResource: Map<string, Wanted>,
  envs: readonly string[],
  resolved: Map<string, { resources: readonly ResolvedResource[] }>,
  resourceIn: (env: string, logicalId: string) => ResolvedResource | undefined,
): Wanted[] {
  if (rule === 'logs/retention') return [...perResource.values()];
  const globalsPath = `Globals.Function.${spec.property}${spec.list ? '.0' : ''}`;
  const inheriting = new Set<string>();
  for (const env of envs) {
    for (const resource of resolved.get(env)?.resources ?? []) {
      if (!spec.types.includes(resource.type)) continue;
      const read = readProperty(resource, spec.property, spec.list);
      if (read.source === 'globals' && read.sourcePath === globalsPath) inheriting.add(resource.logicalId);
    }
  }
  const changing = [...inheriting].filter((id) => perResource.has(id));
  if (changing.length === 0) return [...perResource.values()];
  const globalsValue: Record<string, EditScalar | undefined> = {};
  const globalsCurrent: Record<string, EditScalar | undefined> = {};
  let uniform = true;
  for (const env of envs) {
    const values = new Set<EditScalar>();
    for (const id of inheriting) {
      const resource = resourceIn(env, id);
      if (resource === undefined) continue;
      const current = readProperty(resource, spec.property, spec.list).value;
      globalsCurrent[env] = current;
      const value = perResource.get(id)?.desired[env] ?? current;
      if (value !== undefined) values.add(value);
    }
    if (values.size > 1) uniform = false;
    globalsValue[env] = values.size === 1 ? [...values][0] : undefined;
  }
  if (!uniform) return [...perResource.values()];
  const own = [...perResource.values()].filter((item) => !inheriting.has(item.logicalIds[0]));
  const globals: Wanted = {
    rule,
    path: splitPath(globalsPath),
    logicalIds: [...inheriting].sort(),
    current: globalsCurrent,
    desired: globalsValue,
    findings: changing.flatMap((id) => perResource.get(id)?.findings ?? []),
    fallback: changing.flatMap((id) => perResource.get(id) ?? []),
  };
  return [globals, ...own];
}

/** Every environment's value, an absent one (the resource is not in that environment) taken as the most common value. */
function filled(desired: Record<string, EditScalar | undefined>, envs: readonly string[]): Record<string, EditScalar> | null {
  const counts = new Map<EditScalar, number>();
  for (const env of envs) {
    const value = desired[env];
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  return Object.fromEntries(envs.map((env) => [env, desired[env] ?? common]));
}

/** Writes `values` (one per environment) at `path`: a plain value when they agree, else a (nested) !If over environment conditions. */
function applyValue(text: string, path: EditPath, values: Record<string, EditScalar>, envs: readonly string[], envParam: string): { text: string; added: string[] } {
  const groups = new Map<EditScalar, string[]>();
  for (const env of envs) groups.set(values[env], [...(groups.get(values[env]) ?? []), env]);
  const exists = nodeExists(text, path);
  if (groups.size === 1) {
    const [value] = groups.keys();
    return { text: exists ? setScalar(text, path, value) : insertAt(text, path, value), added: [] };
  }
  // The value most environments share is the last else (on a tie, the one whose environments have no condition
  // yet); every other environment gets its own condition, the existing ones (IsProduction) tested first.
  const declared = (env: string): boolean => !ensureEnvironmentCondition(text, envParam, env).added;
  const score = (members: readonly string[]): number => members.length * 100 + members.filter((env) => !declared(env)).length;
  const ordered = [...groups.entries()].sort((a, b) => score(a[1]) - score(b[1]));
  const fallback = ordered[ordered.length - 1][0];
  const tests = ordered
    .slice(0, -1)
    .flatMap(([value, members]) => members.map((env) => ({ env, value })))
    .sort((a, b) => Number(declared(b.env)) - Number(declared(a.env)));
  const branches: { condition: string; value: EditScalar }[] = [];
  const added: string[] = [];
  let out = text;
  for (const { env, value } of tests) {
    const condition = ensureEnvironmentCondition(out, envParam, env);
    out = condition.text;
    if (condition.added) added.push(condition.name);
    branches.push({ condition: condition.name, value });
  }
  let branch: EditScalar | IfBranch = fallback;
  for (const { condition, value } of branches.reverse()) branch = { if: [condition, value, branch] };
  if (typeof branch !== 'object') throw new Error('plan-edits: no branch');
  if (!exists) out = insertAt(out, path, fallback);
  return { text: wrapInIf(out, path, branch.if[0], branch.if[1], branch.if[2]), added };
}

function ensureEnvironmentCondition(text: string, envParam: string, env: string): { text: string; name: string; added: boolean } {
  const expression = { 'Fn::Equals': [{ Ref: envParam }, env] };
  try {
    return ensureCondition(text, `Is${pascal(env)}`, expression);
  } catch (error) {
    if (!(error instanceof TemplateEditError)) throw error;
    return ensureCondition(text, `Is${pascal(env)}${pascal(envParam)}`, expression);
  }
}

/** Adds the property at `path` (its last key, or `[key, 0]` for a one-item list) to the map that holds it. */
function insertAt(text: string, path: EditPath, value: EditScalar): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') return insertProperty(text, path.slice(0, -2), String(path[path.length - 2]), [value]);
  return insertProperty(text, path.slice(0, -1), last, value);
}

function nodeExists(text: string, path: EditPath): boolean {
  return parseTemplate(text, 'template').nodes[path.join('.')] !== undefined;
}

/** The edits whose node lies in a hunk's new lines (to annotate the hunk with their findings, money and reason). */
export function editsInHunk(edits: readonly TemplateEdit[], hunk: { readonly newStart: number; readonly newCount: number }): TemplateEdit[] {
  return edits.filter((edit) => edit.line >= hunk.newStart && edit.line < hunk.newStart + hunk.newCount);
}
