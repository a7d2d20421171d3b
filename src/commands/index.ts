/**
 * Every command module, with the command names it registers. A run loads only the module of the
 * command it names (each pulls in its own SDK clients, database driver and rules); help, a version
 * request or an unknown name loads them all so commander can list and suggest.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

interface CommandModule {
  names: string[];
  load: () => Promise<RegisterCommand>;
}

/** In help order. */
export const commandModules: CommandModule[] = [
  { names: ['snapshot'], load: async () => (await import('./snapshot.js')).registerSnapshot },
  { names: ['audit'], load: async () => (await import('./audit.js')).registerAudit },
  { names: ['fix'], load: async () => { const { registerFix } = await import('./fix.js'); return (program) => registerFix(program); } },
  { names: ['rollback'], load: async () => { const { registerRollback } = await import('./rollback.js'); return (program) => registerRollback(program); } },
  { names: ['iam-policy'], load: async () => (await import('./iam-policy.js')).registerIamPolicy },
  { names: ['migrate-dynamo'], load: async () => (await import('./migrate-dynamo.js')).registerMigrateDynamo },
  { names: ['budgets', 'cost-report'], load: async () => { const { registerCostReport } = await import('./cost-report.js'); return (program) => registerCostReport(program); } },
  { names: ['validate'], load: async () => (await import('./validate.js')).registerValidate },
];

/** The register functions a run needs: the named command's alone, or all of them. */
export async function loadCommands(commandName?: string): Promise<RegisterCommand[]> {
  const named = commandModules.filter((module) => commandName !== undefined && module.names.includes(commandName));
  return Promise.all((named.length ? named : commandModules).map((module) => module.load()));
}
