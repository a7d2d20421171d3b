/**
 * Runs the rules over a snapshot. Resources whose environment cannot be told are skipped by every
 * rule (targets are per environment: guessing would apply prod's targets to dev) and listed by
 * unknownEnvironmentResources instead.
 */
import type { AccountSnapshot } from '../inventory/snapshot.js';
import { usageError } from '../errors.js';
import type { TargetProfile } from '../targets/design.js';
import { normalizeEnv, resolveEnv, type Env, type ResolvedEnv } from '../targets/environment.js';
import { withStacks } from './finding-stacks.js';
import { RULES } from './index.js';
import { DEFAULT_RULE_SETTINGS, type Finding, type Rule, type RuleContext, type RuleSettings } from './types.js';

export interface RunRulesInput {
  snapshot: AccountSnapshot;
  targets: TargetProfile;
  settings?: RuleSettings;
  onlyEnv?: Env;
  ruleIds?: string[];
  rules?: readonly Rule[];
}

type EnvOf = (resource: { name: string; tags?: Record<string, string> }) => ResolvedEnv;

/**
 * The environment of each resource: its tag, its name, else the account's own environment recorded
 * in the snapshot (--env at collection, or the account's under --org), else the --env of this run.
 * The account's comes first so that `--org --env prod` never calls a dev account's untagged table prod.
 */
export function envResolver(snapshot: AccountSnapshot, targets: TargetProfile, onlyEnv?: Env): EnvOf {
  const flagEnv = normalizeEnv(snapshot.env) ?? onlyEnv;
  return (resource) => resolveEnv(resource, { tagKey: targets.environmentTagKey, flagEnv }).env;
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
  const envOf = envResolver(snapshot, targets, onlyEnv);
  const context: RuleContext = { snapshot, targets, settings: input.settings ?? DEFAULT_RULE_SETTINGS, envOf, onlyEnv };
  // Every finding on a stack-managed resource names its stack and logical ID, whichever rule made it.
  const findings = withStacks(rules.flatMap((rule) => rule.check(context)), snapshot);
  return findings
    .filter((finding) => finding.env !== 'unknown' && (!onlyEnv || finding.env === onlyEnv))
    .sort(compareFindings);
}

interface Named {
  service: string;
  name: string;
  resource: string;
  tags?: Record<string, string>;
}

function namedResources(snapshot: AccountSnapshot): Named[] {
  return [
    ...snapshot.lambdaFunctions.map((fn) => ({ service: 'lambda', name: fn.name, resource: fn.arn, tags: fn.tags })),
    ...snapshot.auroraClusters.map((c) => ({ service: 'aurora', name: c.id, resource: c.arn, tags: c.tags })),
    ...snapshot.dynamoTables.map((t) => ({ service: 'dynamodb', name: t.name, resource: t.arn, tags: t.tags })),
    ...snapshot.buckets.map((b) => ({ service: 's3', name: b.name, resource: b.arn ?? b.name, tags: b.tags })),
    ...snapshot.distributions.map((d) => ({ service: 'cloudfront', name: d.comment || d.aliases[0] || d.id, resource: d.arn, tags: d.tags })),
    ...snapshot.network.vpcs.filter((v) => !v.isDefault).map((v) => ({ service: 'vpc', name: v.tags.Name ?? v.id, resource: v.id, tags: v.tags })),
    ...snapshot.logGroups.map((g) => ({ service: 'logs', name: g.name, resource: g.arn, tags: g.tags })),
    ...snapshot.restApis.flatMap((api) =>
      api.stages.map((stage) => ({ service: 'apigateway', name: `${api.name}-${stage.name}`, resource: `${api.id}/${stage.name}`, tags: { ...api.tags, ...stage.tags } })),
    ),
  ];
}

/** Resources no rule judged because their environment is unknown (no tag, no name word, no --env). */
export function unknownEnvironmentResources(
  snapshot: AccountSnapshot,
  targets: TargetProfile,
  onlyEnv?: Env,
): { service: string; resource: string; reason: string }[] {
  const envOf = envResolver(snapshot, targets, onlyEnv);
  const reason = `no ${targets.environmentTagKey} tag, no environment word in the name, and no --env given: targets are per environment, so no rule judged it`;
  return namedResources(snapshot)
    .filter((r) => envOf(r) === 'unknown')
    .map((r) => ({ service: r.service, resource: r.resource, reason }))
    .sort((a, b) => compare(a.service, b.service) || compare(a.resource, b.resource));
}
