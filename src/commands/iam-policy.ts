/** `clinnet-opt iam-policy --for audit|fix`: the least-privilege policy generated from the code's declarations. */
import type { Command } from 'commander';
// Imported for their declarePermissions side effects: every collector and every fixer.
import '../inventory/collect.js';
import '../fixers/registry.js';
import { iamPolicy } from '../fixers/iam-policy.js';
import { parseChoice, writeResult } from './io.js';

export function registerIamPolicy(program: Command): void {
  program
    .command('iam-policy')
    .description('Print a least-privilege IAM policy for audit or fix, generated from the actions the code declares')
    .option('--for <purpose>', 'audit or fix', 'audit')
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (options: { for: string; output?: string }) => {
      const purpose = parseChoice(options.for, ['audit', 'fix'] as const, '--for');
      await writeResult(JSON.stringify(iamPolicy(purpose), null, 2), options.output);
    });
}
