/**
 * Every command module, with the command names it registers. A run loads only the module of the
 * command it names (each pulls in its own SDK clients, database driver and rules). Help, a version
 * request and an unknown name load none: each command is listed from its `term` and `description`
 * here, which a test keeps equal to what the module itself registers.
 */
import { Help, type Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandModule {
  names: string[];
  /** How the top-level help lists the command (commander's subcommand term). */
  term: string;
  description: string;
  load: () => Promise<RegisterCommand>;
}

/** In help order. */
export const commandModules: CommandModule[] = [
  {
    names: ['snapshot'],
    term: 'snapshot [options]',
    description: 'Read the account into a versioned JSON snapshot (audit it later, offline, with `audit --snapshot`)',
    load: async () => (await import('./snapshot.js')).registerSnapshot,
  },
  {
    names: ['audit'],
    term: 'audit [options]',
    description: 'Check the account (or saved snapshots) against the design targets and price every finding',
    load: async () => (await import('./audit.js')).registerAudit,
  },
  {
    names: ['fix'],
    term: 'fix [options]',
    description: 'Plan fixes for the fixable findings; with --apply, apply them (journaled, drift-checked, re-audited)',
    load: async () => { const { registerFix } = await import('./fix.js'); return (program) => registerFix(program); },
  },
  {
    names: ['rollback'],
    term: 'rollback [options] <journal>',
    description: 'Restore every attribute a fix journal changed to its recorded before-state, newest first',
    load: async () => { const { registerRollback } = await import('./rollback.js'); return (program) => registerRollback(program); },
  },
  {
    names: ['iam-policy'],
    term: 'iam-policy [options]',
    description: 'Print a least-privilege IAM policy for audit, fix, migrate, cost or org (and a member role trust policy), generated from the actions the code declares',
    load: async () => (await import('./iam-policy.js')).registerIamPolicy,
  },
  {
    names: ['migrate-dynamo'],
    term: 'migrate-dynamo',
    description: 'move the DynamoDB services and users tables into Aurora MySQL, resumable and verified',
    load: async () => (await import('./migrate-dynamo.js')).registerMigrateDynamo,
  },
  {
    names: ['cost-report'],
    term: 'cost-report [options]',
    description: "Cost Explorer costs by the design's categories; compare with a baseline against the design's targets (exit 1 when one is missed)",
    load: async () => { const { registerCostReport } = await import('./cost-report.js'); return (program) => registerCostReport(program); },
  },
  {
    names: ['validate'],
    term: 'validate [options]',
    description: 'Check the design\'s performance benchmarks (API p95 < 200 ms, query time < 100 ms, cold start < 1 s, cache hit ratio > 95 %) on CloudWatch metrics',
    load: async () => (await import('./validate.js')).registerValidate,
  },
  {
    names: ['completion'],
    term: 'completion <shell>',
    description: 'Print a shell completion script for bash, zsh or fish (commands, options, environments, formats, rule ids)',
    load: async () => (await import('./completion.js')).registerCompletion,
  },
];

/**
 * The command a run names: the first word that is not an option (`help audit` names audit), or
 * undefined for help, a version request or no command at all.
 */
export function namedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** The module that registers `name`, if any. */
export function moduleOf(name: string | undefined): CommandModule | undefined {
  return name === undefined ? undefined : commandModules.find((module) => module.names.includes(name));
}

/** Every module's register function (for completion, and for the test that checks the listing). */
export async function loadAllCommands(): Promise<RegisterCommand[]> {
  return Promise.all(commandModules.map((module) => module.load()));
}

const stubTerms = new WeakMap<Command, string>();
const defaultHelp = new Help();

/** The help listing's term of a command: a stub's own, else commander's. */
export function subcommandTerm(command: Command): string {
  return stubTerms.get(command) ?? defaultHelp.subcommandTerm(command);
}

/** A command listed by name and description only: enough for help and "did you mean". */
export function stubCommand(module: CommandModule): RegisterCommand {
  return (program) => {
    for (const name of module.names) stubTerms.set(program.command(name).description(module.description), module.term);
  };
}

/** The register functions a run needs: the named command's module, or a listing of them all. */
export async function loadCommands(args: readonly string[]): Promise<RegisterCommand[]> {
  const named = moduleOf(namedCommand(args));
  if (named) return [await named.load()];
  return commandModules.map(stubCommand);
}
