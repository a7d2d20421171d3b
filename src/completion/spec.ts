/**
 * What a shell can complete, read from the commander program itself so it cannot drift from the
 * commands: command words, each command's options, and the values an option or argument takes.
 * Pure: no printing, no AWS.
 */
import type { Argument, Command, Option } from 'commander';

/** What follows an option or argument: nothing, one of some words (a comma list when `list`), a file, or free text. */
export type ValueSpec =
  | { kind: 'none' }
  | { kind: 'words'; words: string[]; list: boolean }
  | { kind: 'file' }
  | { kind: 'free' };

export interface OptionSpec {
  /** e.g. ['-h', '--help'] */
  flags: string[];
  description: string;
  value: ValueSpec;
}

export interface CommandSpec {
  /** Words from the program to this command: [] for the program, ['migrate-dynamo', 'copy'] for a subcommand. */
  path: string[];
  description: string;
  options: OptionSpec[];
  /** The first positional argument's values, when it has any worth completing. */
  argument: ValueSpec;
  subcommands: CommandSpec[];
}

/** Values the program's options and arguments take, beyond what their descriptions list. */
export interface CompletionValues {
  environments: readonly string[];
  /** Rule ids and service names (what --rules and --only accept). */
  rules: readonly string[];
  shells: readonly string[];
}

const FILE_PLACEHOLDER = /^[<[](file|plan|journal|auditJson|path|dir)[>\]]$/;
const LIST_OPTIONS = new Set(['--rules', '--only']);

/** "table, json, markdown or csv" and "output format: table, json" list their choices; other descriptions do not. */
export function choicesInDescription(description: string): string[] | null {
  const tail = description.includes(':') ? description.slice(description.lastIndexOf(':') + 1).trim() : description.trim();
  if (!/^[\w.-]+((, | or |, or )[\w.-]+)+$/.test(tail)) return null;
  return tail.split(/, or |, | or /);
}

function optionValue(option: Option, values: CompletionValues): ValueSpec {
  if (!option.required && !option.optional) return { kind: 'none' };
  const long = option.long ?? '';
  if (long === '--env') return { kind: 'words', words: [...values.environments], list: false };
  if (LIST_OPTIONS.has(long)) return { kind: 'words', words: [...values.rules], list: true };
  const placeholder = option.flags.split(/[ ,]+/).pop() ?? '';
  if (FILE_PLACEHOLDER.test(placeholder)) return { kind: 'file' };
  const choices = option.argChoices ?? choicesInDescription(option.description);
  return choices ? { kind: 'words', words: choices, list: false } : { kind: 'free' };
}

function argumentValue(argument: Argument | undefined, values: CompletionValues): ValueSpec {
  if (!argument) return { kind: 'none' };
  if (argument.name() === 'shell') return { kind: 'words', words: [...values.shells], list: false };
  if (argument.argChoices) return { kind: 'words', words: argument.argChoices, list: false };
  return /file|journal|plan/.test(argument.name()) ? { kind: 'file' } : { kind: 'free' };
}

function optionSpec(option: Option, values: CompletionValues): OptionSpec {
  return { flags: [option.short, option.long].filter((f): f is string => Boolean(f)), description: option.description, value: optionValue(option, values) };
}

/** Commander adds help (and, on the program, version) lazily; the spec lists them like the help does. */
function builtInOptions(command: Command, isProgram: boolean): OptionSpec[] {
  const none: ValueSpec = { kind: 'none' };
  const out: OptionSpec[] = [];
  if (isProgram && !command.options.some((o) => o.long === '--version')) out.push({ flags: ['-V', '--version'], description: 'output the version number', value: none });
  out.push({ flags: ['-h', '--help'], description: 'display help for command', value: none });
  return out;
}

function commandSpec(command: Command, path: string[], values: CompletionValues): CommandSpec {
  const visible = command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden);
  return {
    path,
    description: command.description(),
    options: [...command.options.filter((o) => !o.hidden).map((o) => optionSpec(o, values)), ...builtInOptions(command, path.length === 0)],
    argument: argumentValue(command.registeredArguments[0], values),
    subcommands: visible.map((sub) => commandSpec(sub, [...path, sub.name()], values)),
  };
}

export function completionSpec(program: Command, values: CompletionValues): CommandSpec {
  return commandSpec(program, [], values);
}

/** Every command in the tree, the program first. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allCommands)];
}
