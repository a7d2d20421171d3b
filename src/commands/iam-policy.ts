/**
 * `clinnet-opt iam-policy --for audit|fix|migrate|cost|org`: the least-privilege policy generated from
 * the code's declarations; `--for trust`: the trust policy of the member role `--org` assumes.
 */
import type { Command } from 'commander';
// Imported for their declarePermissions side effects: every collector, fixer, migration part and cost query.
import '../inventory/collect.js';
import '../fixers/registry.js';
import '../migrate/source.js';
import '../migrate/connection.js';
import '../migrate/data-api-target.js';
import '../cost/permissions.js';
import '../org/organization.js';
import { DEFAULT_BUDGET_PREFIX } from '../cost/budgets.js';
import { usageError } from '../errors.js';
// Declares sts:AssumeRole too.
import { DEFAULT_ROLE_NAME } from '../org/assume-role.js';
import { METRIC_NAMESPACE } from '../cost/metrics.js';
import { policyActions, POLICY_PURPOSES } from '../fixers/iam-policy.js';
import { scopeContext, scopeNotes } from '../permissions/context.js';
import { scopedPolicy } from '../permissions/scope.js';
import { trustPolicy } from '../permissions/trust.js';
import { loadConfig } from '../targets/config.js';
import { collectList, logLine, parseChoice, writeResult } from './io.js';

interface IamPolicyOptions {
  for: string;
  account?: string;
  region?: string[];
  config?: string;
  secretArn?: string[];
  clusterArn?: string[];
  output?: string;
  quiet?: boolean;
  roleName?: string;
  trustAccount?: string;
  externalId?: string;
}

/** Not a permission policy: the member role's trust policy, so not one of POLICY_PURPOSES. */
const PURPOSES = [...POLICY_PURPOSES, 'trust'] as const;

/** Each option with the one purpose it belongs to: given with another, it is a usage error. */
function checkPurposeOptions(purpose: (typeof PURPOSES)[number], options: IamPolicyOptions): void {
  const only: [unknown, string, (typeof PURPOSES)[number], string][] = [
    [options.secretArn?.length, '--secret-arn', 'migrate', "names the migration's secret"],
    [options.clusterArn?.length, '--cluster-arn', 'migrate', "names the migration's cluster"],
    [options.roleName, '--role-name', 'org', 'names the member role the organization caller assumes'],
    [options.trustAccount, '--trust-account', 'trust', 'names the account the member role trusts'],
    [options.externalId, '--external-id', 'trust', "goes in the member role's trust policy"],
  ];
  for (const [given, option, wanted, what] of only) {
    if (given && purpose !== wanted) throw usageError(`${option} ${what}: use it with --for ${wanted}`);
  }
  if (purpose === 'trust' && options.trustAccount === undefined) throw usageError('--for trust needs --trust-account ID: the management (or delegated administrator) account that runs --org');
  if (purpose === 'trust' && options.account !== undefined) throw usageError('--for trust names the trusted account with --trust-account, not --account');
}

export function registerIamPolicy(program: Command): void {
  program
    .command('iam-policy')
    // The same text as the command's stub in ./index.ts (the help listing is made without loading this module).
    .description('Print a least-privilege IAM policy for audit, fix, migrate, cost or org (and a member role trust policy), generated from the actions the code declares')
    // A plain list: shell completion reads the choices from it. trust: the member role's trust policy.
    .option('--for <purpose>', `${PURPOSES.slice(0, -1).join(', ')} or ${PURPOSES.at(-1)}`, 'audit')
    .option('--account <id>', 'AWS account ID the ARNs name (default: any account; for org: the member account the role may be assumed in)')
    .option('--region <region>', 'region the ARNs name (repeatable or comma-separated; default: any region)', collectList)
    .option('--config <file>', 'config file (its iam.namePatterns name the resources the tool may change; default clinnet-*)')
    .option('--secret-arn <arn>', 'migrate: the Secrets Manager secret migrate-dynamo reads (repeatable)', collectList)
    .option('--cluster-arn <arn>', 'migrate: the Aurora cluster migrate-dynamo writes through the Data API (repeatable)', collectList)
    .option('--role-name <name>', `org: the role assumed in the member accounts (default ${DEFAULT_ROLE_NAME})`)
    .option('--trust-account <id>', 'trust: the account allowed to assume the member role (the management or delegated administrator account)')
    .option('--external-id <id>', 'trust: require this ExternalId (as given to --external-id of --org, --accounts and --account)')
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--quiet', 'do not print the notes about "*" actions and open account/region')
    .action(async (options: IamPolicyOptions) => {
      const purpose = parseChoice(options.for, PURPOSES, '--for');
      checkPurposeOptions(purpose, options);
      if (purpose === 'trust') {
        const partition = scopeContext({ regions: options.region, budgetPrefix: DEFAULT_BUDGET_PREFIX, metricNamespace: METRIC_NAMESPACE, readsAccountWide: false }).partition;
        await writeResult(JSON.stringify(trustPolicy({ partition, trustedAccount: options.trustAccount as string, externalId: options.externalId }), null, 2), options.output);
        return;
      }
      const { config } = await loadConfig(options.config);
      const ctx = scopeContext({
        account: options.account,
        regions: options.region,
        secretArns: options.secretArn,
        clusterArns: options.clusterArn,
        namePatterns: config.iam?.namePatterns,
        budgetPrefix: config.cost?.budgets?.namePrefix ?? DEFAULT_BUDGET_PREFIX,
        metricNamespace: METRIC_NAMESPACE,
        readsAccountWide: purpose === 'audit' || purpose === 'fix',
        roleName: options.roleName,
        accountIsMember: purpose === 'org',
      });
      const actions = policyActions(purpose);
      const result = scopedPolicy(actions, ctx);
      await writeResult(JSON.stringify(result.policy, null, 2), options.output);
      if (!options.quiet) for (const note of scopeNotes(ctx, result, actions)) logLine(`iam-policy: ${note}`);
    });
}
