/**
 * Declared IAM action names → a least-privilege policy: each action scoped to the ARNs of the
 * resource types the Service Authorization Reference lists for it, built from the account, the
 * regions and the configured name patterns; "*" only for actions with no resource-level permission.
 * Pure: the caller supplies the actions (from the declarations) and prints the notes.
 */
import { ALARM_PREFIX } from '../validate/alarm-names.js';
import { arnsFor, ID_NAMED_KINDS, type ArnContext } from './arns.js';
import { ACTION_SCOPES, iamActionFor, type ActionScope, type ResourceKind } from './catalog.js';

export interface ScopeContext extends ArnContext {
  /** Glob patterns of the resources the tool may change (config `iam.namePatterns`, default clinnet-*). */
  namePatterns: readonly string[];
  /** audit and fix read every resource of a type to learn its environment: reads are type-wide. */
  readsAccountWide: boolean;
  /** ARNs the user named (e.g. migrate-dynamo's --secret-arn, --cluster-arn), used instead of patterns. */
  explicitArns?: Partial<Record<ResourceKind, readonly string[]>>;
  /** Names of the budgets cost-report manages (`<namePrefix>-*`). */
  budgetNames: readonly string[];
  /** The only CloudWatch namespace cost-report writes metrics to. */
  metricNamespace: string;
  /** The role `--org`, `--accounts` and `--account` assume in the member accounts (sts:AssumeRole is scoped to it). */
  roleName: string;
  /** `--for org`: the ARNs' account is the member account reached, not the account the policy is attached in. */
  accountIsMember: boolean;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface ScopedPolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface ScopedPolicy {
  policy: ScopedPolicyDocument;
  /** Actions that keep Resource "*" because the service has no resource-level permission for them. */
  unscoped: string[];
  /** Declared actions missing from the catalog (kept on "*"; a test keeps this empty). */
  uncatalogued: string[];
}

const pascal = (text: string): string => text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

function namesFor(kind: ResourceKind, scope: ActionScope, ctx: ScopeContext): { names: readonly string[]; named: boolean } {
  if (ID_NAMED_KINDS.has(kind)) return { names: ['*'], named: false };
  if (kind === 'budgets-budget') return { names: ctx.budgetNames, named: true };
  if (kind === 'cloudwatch-alarm') return { names: [`${ALARM_PREFIX}-*`], named: true };
  if (kind === 'iam-role') return { names: [ctx.roleName], named: true };
  // `--for org`: the member account --account names, else every account of the organization.
  if (kind === 'organizations-account') return { names: [ctx.account], named: ctx.account !== '*' };
  if (scope.access === 'read' && ctx.readsAccountWide && kind !== 'secretsmanager-secret') return { names: ['*'], named: false };
  return { names: ctx.namePatterns, named: true };
}

interface Group {
  sid: string;
  actions: Set<string>;
  resources: string[];
  condition?: PolicyStatement['Condition'];
}

export function scopedPolicy(declaredActions: readonly string[], ctx: ScopeContext): ScopedPolicy {
  const actions = [...new Set(declaredActions.map(iamActionFor))].sort();
  const groups = new Map<string, Group>();
  const unscoped: string[] = [];
  const uncatalogued: string[] = [];
  const add = (key: string, sid: string, action: string, resources: string[], condition?: Group['condition']): void => {
    const group = groups.get(key) ?? { sid, actions: new Set<string>(), resources, condition };
    group.actions.add(action);
    groups.set(key, group);
  };

  for (const action of actions) {
    const scope = ACTION_SCOPES[action];
    if (!scope) {
      uncatalogued.push(action);
      add('*', 'NoResourceLevelPermissions', action, ['*']);
      continue;
    }
    if (scope.condition === 'cloudwatch-namespace') {
      unscoped.push(action);
      const condition = { StringEquals: { 'cloudwatch:namespace': ctx.metricNamespace } };
      add(`*|ns=${ctx.metricNamespace}`, 'NoResourceLevelPermissionsOwnNamespace', action, ['*'], condition);
      continue;
    }
    if (!scope.resources.length) {
      unscoped.push(action);
      add('*', 'NoResourceLevelPermissions', action, ['*']);
      continue;
    }
    const resources: string[] = [];
    let named = false;
    for (const kind of scope.resources) {
      const explicit = ctx.explicitArns?.[kind];
      if (explicit?.length) {
        resources.push(...explicit);
        named = true;
        continue;
      }
      const names = namesFor(kind, scope, ctx);
      named ||= names.named;
      resources.push(...arnsFor(kind, names.names, ctx));
    }
    const unique = [...new Set(resources)].sort();
    const [service, operation] = action.split(':');
    // Named after the resource type, or after the operation when it spans several types (CreateVpcEndpoint).
    const what = scope.resources.length > 1 ? operation : scope.resources[0].replace(/^[a-z0-9]+-/, '');
    const sid = pascal(`${service} ${what} ${named ? 'named' : 'all'}`);
    add(unique.join('\n'), sid, action, unique);
  }

  const used = new Map<string, number>();
  const statements: PolicyStatement[] = [...groups.values()].map((group) => {
    const seen = (used.get(group.sid) ?? 0) + 1;
    used.set(group.sid, seen);
    const statement: PolicyStatement = {
      Sid: seen === 1 ? group.sid : `${group.sid}${seen}`,
      Effect: 'Allow',
      Action: [...group.actions].sort(),
      Resource: group.resources.length === 1 && group.resources[0] === '*' ? '*' : group.resources,
    };
    if (group.condition) statement.Condition = group.condition;
    return statement;
  });
  // Scoped statements first, in a stable order; the "*" ones last, where a reader looks for them.
  statements.sort((x, y) => Number(x.Resource === '*') - Number(y.Resource === '*') || x.Sid.localeCompare(y.Sid));
  return { policy: { Version: '2012-10-17', Statement: statements }, unscoped, uncatalogued };
}
