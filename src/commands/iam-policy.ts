/** `clinnet-opt iam-policy --for audit|fix|migrate|cost`: the least-privilege policy generated from the code's declarations. */
import type { Command } from 'commander';
// Imported for their declarePermissions side effects: every collector, fixer, migration part and cost query.
import '../inventory/collect.js';
import '../fixers/registry.js';
import '../migrate/source.js';
import '../migrate/connection.js';
import '../migrate/data-api-target.js';
import '../cost/permissions.js';
import { iamPolicy, POLICY_PURPOSES } from '../fixers/iam-policy.js';
import { parseChoice, writeResult } from './io.js';

export function registerIamPolicy(program: Command): void {
  program
    .command('iam-policy')
    .description('Print a least-privilege IAM policy for audit, fix, migrate or cost, generated from the actions the code declares')
    .option('--for <purpose>', POLICY_PURPOSES.join(', '), 'audit')
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (options: { for: string; output?: string }) => {
      const purpose = parseChoice(options.for, POLICY_PURPOSES, '--for');
      await writeResult(JSON.stringify(iamPolicy(purpose), null, 2), options.output);
    });
}
