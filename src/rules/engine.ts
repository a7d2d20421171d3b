/**
 * Runs the rules over a snapshot. Resources whose environment cannot be told are skipped by every
 * rule (targets are per environment: guessing would apply prod's targets to dev) and listed by
 * unknownEnvironmentResources instead.
 */
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { usageError } from '../errors.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env, ResolvedEnv } from '../targets/environment.js';
import { namedSubjects, resolverFor, type EnvReading, type EnvSubject } from '../targets/environment-resolver.js';
import { withStacks } from './finding-stacks.js';
import { RULES } from './index.js';
import { withResourceRefs } from './resource-refs.js';
import { DEFAULT_RULE_SETTINGS, type Finding, type Rule, type RuleContext, type RuleSettings } from './types.js';

export interface RunRulesInput {
  snapshot: AccountSnapshot;
  targets: TargetProfile;
  settings?: RuleSettings;
  onlyEnv?: Env;
  ruleIds?: string[];
  rules?: readonly Rule[];
}

type EnvOf = (resource: EnvSubject) => ResolvedEnv;

/**
 * The environment of each resource (src/targets/environment-resolver.ts): its tag, its stack's or
 * template's environment parameter, its owner's, an environment word in its name, else the account's
 * own environment recorded in the snapshot (--env at collection, or the account's under --org), else
 * the --env of this run. The account's comes before this run's so that `--org --env prod` never calls
 * a dev account's untagged table prod.
 */
export function envResolver(snapshot: AccountSnapshot, targets: TargetProfile, onlyEnv?: Env): EnvOf {
  return resolverFor(snapshot, targets, onlyEnv).envOf;
}

function selectRules(rules: readonly Rule[], ruleIds: string[] | undefined): readonly Rule[] {
  if (!ruleIds) return rules;
  const known = rules.map((rule) => rule.meta.id);
  const unknown = ruleIds.filter((id) => !known.includes(id));
  if (unknown.length) {
    throw usageError(`unknown rule ${unknown.map((id) => `"${id}"`).join(', ')}: known rules are ${known.join(', ')}`);
  }
  return rules.filter((rule) => ruleIds.includes(rule.meta.id));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: Finding, b: Finding): number {
  return compare(a.service, b.service) || compare(a.rule, b.rule) || compare(a.resource, b.resource);
}

/**
 * A check whose current value already meets its target (a Lambda tier its invocation rate
 * confirms): not a finding. The audit lists these apart, quietly.
 */
export function isConfirmation(finding: Finding): boolean {
  return finding.target !== null && JSON.stringify(finding.current) === JSON.stringify(finding.target);
}

/** The rules' findings, and apart from them the checks that confirmed the current value. */
export function evaluateRules(input: RunRulesInput): { findings: Finding[]; confirmations: Finding[] } {
  const all = allResults(input);
  return { findings: all.filter((f) => !isConfirmation(f)), confirmations: all.filter(isConfirmation) };
}

/** The findings: every rule's result except the confirmations. */
export function runRules(input: RunRulesInput): Finding[] {
  return evaluateRules(input).findings;
}

function allResults(input: RunRulesInput): Finding[] {
  const { snapshot, targets, onlyEnv } = input;
  const rules = selectRules(input.rules ?? RULES, input.ruleIds);
  const resolver = resolverFor(snapshot, targets, onlyEnv);
  const context: RuleContext = {
    snapshot,
    targets,
    settings: input.settings ?? DEFAULT_RULE_SETTINGS,
    envOf: resolver.envOf,
    envReading: resolver.read,
    onlyEnv,
  };
  const readingOf = readingsByResource(snapshot, resolver.read);
  // Where each resource is managed and declared (stack, template line) is attached here, once, for every rule.
  const findings = withStacks(withResourceRefs(rules.flatMap((rule) => rule.check(context)), snapshot), snapshot);
  return findings
    .filter((finding) => finding.env !== 'unknown' && (!onlyEnv || finding.env === onlyEnv))
    .map((finding) => ({ ...finding, environment: finding.environment ?? readingOf(finding) }))
    .sort(compareFindings);
}

/**
 * Where each finding's environment was read from, by the resource it names. A finding on several
 * resources (a consolidation group) carries the environment its members share.
 */
function readingsByResource(snapshot: AccountSnapshot, read: (subject: EnvSubject) => EnvReading): (finding: Finding) => EnvReading {
  const byKey = new Map<string, EnvSubject>();
  for (const named of namedSubjects(snapshot)) for (const key of named.keys) byKey.set(key, named.subject);
  return (finding) => {
    const subject = byKey.get(finding.resource);
    if (subject) return read(subject);
    return { name: finding.env, source: 'owner', detail: `the environment of the ${finding.service} resources it covers` };
  };
}

/** Resources no rule judged because their environment is unknown, each with the reason. */
export function unknownEnvironmentResources(
  snapshot: AccountSnapshot,
  targets: TargetProfile,
  onlyEnv?: Env,
): { service: string; resource: string; reason: string }[] {
  const resolver = resolverFor(snapshot, targets, onlyEnv);
  return namedSubjects(snapshot)
    .map((r) => ({ named: r, reading: resolver.read(r.subject) }))
    .filter(({ reading }) => reading.name === 'unknown')
    .map(({ named, reading }) => ({ service: named.service, resource: named.resource, reason: reading.detail }))
    .sort((a, b) => compare(a.service, b.service) || compare(a.resource, b.resource));
}
