/** `iam-policy` options and config → the scope context, and the notes a user should read beside the policy. */
import { usageError } from '../errors.js';
import { DEFAULT_ROLE_NAME, assertRoleName } from '../org/assume-role.js';
import { partitionOf } from './arns.js';
import type { ResourceKind } from './catalog.js';
import { DEFAULT_NAME_PATTERNS } from './config-schema.js';
import type { ScopeContext, ScopedPolicy } from './scope.js';

export interface ScopeOptions {
  account?: string;
  regions?: readonly string[];
  secretArns?: readonly string[];
  clusterArns?: readonly string[];
  namePatterns?: readonly string[];
  budgetPrefix: string;
  metricNamespace: string;
  readsAccountWide: boolean;
  /** `--role-name`: the member role sts:AssumeRole reaches (default OrganizationAccountAccessRole). */
  roleName?: string;
  /** `--for org`: --account names the member account the role may be assumed in. */
  accountIsMember?: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[a-z][a-z0-9-]*$/;

function checkArns(arns: readonly string[] | undefined, pattern: RegExp, option: string, example: string): readonly string[] | undefined {
  for (const arn of arns ?? []) {
    if (!pattern.test(arn)) throw usageError(`${option} must be an ARN like ${example} (got "${arn}")`);
  }
  return arns?.length ? arns : undefined;
}

export function scopeContext(options: ScopeOptions): ScopeContext {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw usageError(`--account must be a 12-digit AWS account ID (got "${options.account}")`);
  }
  const regions = [...new Set(options.regions ?? [])];
  for (const region of regions) {
    if (!REGION.test(region)) throw usageError(`--region must be a region name like eu-west-1 (got "${region}")`);
  }
  const partitions = [...new Set(regions.map(partitionOf))];
  if (partitions.length > 1) throw usageError(`--region: ${regions.join(', ')} span partitions ${partitions.join(' and ')}; print one policy per partition`);
  const explicitArns: Partial<Record<ResourceKind, readonly string[]>> = {};
  const secrets = checkArns(options.secretArns, SECRET_ARN, '--secret-arn', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clinnet-db-AbCdEf');
  const clusters = checkArns(options.clusterArns, CLUSTER_ARN, '--cluster-arn', 'arn:aws:rds:eu-west-1:123456789012:cluster:clinnet-aurora-prod');
  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  assertRoleName(roleName);
  if (secrets) explicitArns['secretsmanager-secret'] = secrets;
  if (clusters) explicitArns['rds-cluster'] = clusters;
  return {
    partition: partitions[0] ?? 'aws',
    account: options.account ?? '*',
    regions: regions.length ? regions : ['*'],
    namePatterns: options.namePatterns?.length ? options.namePatterns : DEFAULT_NAME_PATTERNS,
    readsAccountWide: options.readsAccountWide,
    explicitArns,
    budgetNames: [`${options.budgetPrefix}-*`],
    metricNamespace: options.metricNamespace,
    roleName,
    accountIsMember: Boolean(options.accountIsMember),
  };
}

/** What the user should know about the printed policy: the "*" actions, and what a missing option left open. */
export function scopeNotes(ctx: ScopeContext, result: ScopedPolicy, declaredActions: readonly string[]): string[] {
  const notes: string[] = [];
  if (result.unscoped.length) {
    notes.push(`${result.unscoped.length} actions have no resource-level permissions in IAM and keep Resource "*": ${result.unscoped.join(', ')}`);
  }
  if (result.uncatalogued.length) notes.push(`not in the resource catalog, kept on "*": ${result.uncatalogued.join(', ')}`);
  const arns = result.policy.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).filter((r) => r.startsWith('arn:'));
  if (ctx.account === '*' && arns.length) {
    notes.push(
      ctx.accountIsMember
        ? `no --account: ${ctx.roleName} may be assumed in any account that trusts this one; pass --account 123456789012 to allow one member account only`
        : 'no --account: the ARNs match any account; pass --account 123456789012 to pin them to yours',
    );
  }
  if (ctx.regions[0] === '*' && arns.some((arn) => arn.split(':')[3] === '*')) notes.push('no --region: the ARNs match any region; pass --region (repeatable) to pin them');
  if (declaredActions.includes('secretsmanager:GetSecretValue') && !ctx.explicitArns?.['secretsmanager-secret']) {
    notes.push(`secretsmanager:GetSecretValue is scoped to secrets named ${ctx.namePatterns.join(', ')}; pass the --secret-arn migrate-dynamo uses to grant that secret only`);
  }
  return notes;
}
