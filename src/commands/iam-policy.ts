/** `clinnet-opt iam-policy --for audit|fix|migrate|cost`: the least-privilege policy generated from the code's declarations. */
import type { Command } from 'commander';
// Imported for their declarePermissions side effects: every collector, fixer, migration part and cost query.
import '../inventory/collect.js';
import '../fixers/registry.js';
import '../migrate/source.js';
import '../migrate/connection.js';
import '../migrate/data-api-target.js';
import '../cost/permissions.js';
import { DEFAULT_BUDGET_PREFIX } from '../cost/budgets.js';
import { usageError } from '../errors.js';
import { METRIC_NAMESPACE } from '../cost/metrics.js';
import { policyActions, POLICY_PURPOSES } from '../fixers/iam-policy.js';
import { scopeContext, scopeNotes } from '../permissions/context.js';
import { scopedPolicy } from '../permissions/scope.js';
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
}

export function registerIamPolicy(program: Command): void {
  program
    .command('iam-policy')
    .description('Print a least-privilege IAM policy for audit, fix, migrate or cost, generated from the actions the code declares')
    .option('--for <purpose>', POLICY_PURPOSES.join(', '), 'audit')
    .option('--account <id>', 'AWS account ID the ARNs name (default: any account)')
    .option('--region <region>', 'region the ARNs name (repeatable or comma-separated; default: any region)', collectList)
    .option('--config <file>', 'config file (its iam.namePatterns name the resources the tool may change; default clinnet-*)')
    .option('--secret-arn <arn>', 'migrate: the Secrets Manager secret migrate-dynamo reads (repeatable)', collectList)
    .option('--cluster-arn <arn>', 'migrate: the Aurora cluster migrate-dynamo writes through the Data API (repeatable)', collectList)
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--quiet', 'do not print the notes about "*" actions and open account/region')
    .action(async (options: IamPolicyOptions) => {
      const purpose = parseChoice(options.for, POLICY_PURPOSES, '--for');
      for (const [given, option] of [[options.secretArn, '--secret-arn'], [options.clusterArn, '--cluster-arn']] as const) {
        if (given?.length && purpose !== 'migrate') throw usageError(`${option} names the migration's ${option === '--secret-arn' ? 'secret' : 'cluster'}: use it with --for migrate`);
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
      });
      const actions = policyActions(purpose);
      const result = scopedPolicy(actions, ctx);
      await writeResult(JSON.stringify(result.policy, null, 2), options.output);
      if (!options.quiet) for (const note of scopeNotes(ctx, result, actions)) logLine(`iam-policy: ${note}`);
    });
}
