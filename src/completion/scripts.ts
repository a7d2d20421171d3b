/**
 * Shell completion scripts from a CommandSpec: bash, zsh and fish. Each script is static (the
 * commands, options and values are written into it), so completing costs no start of the CLI.
 */
import { allCommands, type CommandSpec, type ValueSpec } from './spec.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const key = (command: CommandSpec): string => command.path.join(' ');

/** Command words in a command: its options and subcommands, as one list. */
function wordsOf(command: CommandSpec): string[] {
  return [...command.subcommands.map((sub) => sub.path[sub.path.length - 1]), ...command.options.flatMap((o) => o.flags)];
}

/** Pairs (command key, option flag) whose option takes a value, with that value. */
function valueOptions(command: CommandSpec): { flag: string; value: ValueSpec }[] {
  return command.options.flatMap((o) => (o.value.kind === 'none' ? [] : o.flags.map((flag) => ({ flag, value: o.value }))));
}

/** `case` arms that move the command path on when a word names a subcommand of it. */
function pathArms(spec: CommandSpec, indent: string): string[] {
  return allCommands(spec).flatMap((command) =>
    command.subcommands.map((sub) => `${indent}${quote(`${key(command)}/${sub.path[sub.path.length - 1]}`)}) cmdpath=${quote(key(sub))} ;;`),
  );
}

function bash(spec: CommandSpec, program: string): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = [
    `# ${program} bash completion. Load it with:  eval "$(${program} completion bash)"`,
    `# or save it:  ${program} completion bash > ~/.local/share/bash-completion/completions/${program}`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  local cmdpath="" word i words=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word="${COMP_WORDS[i]}"',
    '    case "$cmdpath/$word" in',
    ...pathArms(spec, '      '),
    '    esac',
    '  done',
    '  case "$cmdpath/$prev" in',
  ];
  for (const command of allCommands(spec)) {
    for (const { flag, value } of valueOptions(command)) {
      const arm = `    ${quote(`${key(command)}/${flag}`)})`;
      if (value.kind === 'file') lines.push(`${arm} COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
      else if (value.kind === 'free') lines.push(`${arm} COMPREPLY=(); return ;;`);
      else if (value.kind === 'words' && value.list) {
        lines.push(
          `${arm}`,
          `      local done_part=""; [[ "$cur" == *,* ]] && done_part="\${cur%,*},"`,
          `      COMPREPLY=($(compgen -P "$done_part" -W ${quote(value.words.join(' '))} -- "\${cur##*,}")); return ;;`,
        );
      } else if (value.kind === 'words') lines.push(`${arm} COMPREPLY=($(compgen -W ${quote(value.words.join(' '))} -- "$cur")); return ;;`);
    }
  }
  lines.push('  esac', '  case "$cmdpath" in');
  for (const command of allCommands(spec)) {
    const argument = command.argument;
    lines.push(`    ${quote(key(command))}) words=${quote(wordsOf(command).join(' '))}`);
    if (argument.kind === 'words') lines.push(`      [[ "$cur" != -* ]] && words=${quote(argument.words.join(' '))}`);
    if (argument.kind === 'file') lines.push(`      [[ "$cur" != -* ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; }`);
    lines.push('      ;;');
  }
  lines.push('  esac', '  COMPREPLY=($(compgen -W "$words" -- "$cur"))', '}', `complete -o default -F ${fn} ${program}`, '');
  return lines.join('\n');
}

function zsh(spec: CommandSpec, program: string): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = [
    `#compdef ${program}`,
    `# ${program} zsh completion. Load it with:  source <(${program} completion zsh)`,
    `# or save it as _${program} in a directory on $fpath (before compinit runs).`,
    `${fn}() {`,
    '  local cmdpath="" word i',
    '  local -a values',
    '  for ((i = 2; i < CURRENT; i++)); do',
    '    word="${words[i]}"',
    '    case "$cmdpath/$word" in',
    ...pathArms(spec, '      '),
    '    esac',
    '  done',
    '  case "$cmdpath/${words[CURRENT-1]}" in',
  ];
  for (const command of allCommands(spec)) {
    for (const { flag, value } of valueOptions(command)) {
      const arm = `    ${quote(`${key(command)}/${flag}`)})`;
      if (value.kind === 'file') lines.push(`${arm} _files; return ;;`);
      else if (value.kind === 'free') lines.push(`${arm} return ;;`);
      else if (value.kind === 'words') {
        lines.push(`${arm} values=(${value.words.map(quote).join(' ')})${value.list ? "; compset -P '*,'" : ''}; compadd -a values; return ;;`);
      }
    }
  }
  lines.push('  esac', '  case "$cmdpath" in');
  for (const command of allCommands(spec)) {
    const argument = command.argument;
    lines.push(`    ${quote(key(command))})`);
    if (argument.kind === 'words') lines.push(`      [[ "\${words[CURRENT]}" != -* ]] && { values=(${argument.words.map(quote).join(' ')}); compadd -a values; return; }`);
    if (argument.kind === 'file') lines.push(`      [[ "\${words[CURRENT]}" != -* ]] && { _files; return; }`);
    lines.push(`      values=(${wordsOf(command).map(quote).join(' ')}) ;;`);
  }
  lines.push('  esac', '  compadd -a values', '}', `compdef ${fn} ${program}`, '');
  return lines.join('\n');
}

/** fish's condition that the command line is at `command` (and not in one of its subcommands). */
function fishCondition(command: CommandSpec): string {
  if (!command.path.length) return '__fish_use_subcommand';
  const own = command.path.map((word) => `__fish_seen_subcommand_from ${word}`);
  const subs = command.subcommands.map((sub) => sub.path[sub.path.length - 1]);
  const parts = subs.length ? [...own, `not __fish_seen_subcommand_from ${subs.join(' ')}`] : own;
  return parts.join('; and ');
}

function fish(spec: CommandSpec, program: string): string {
  const lines = [`# ${program} fish completion. Load it with:  ${program} completion fish | source`, `# or save it:  ${program} completion fish > ~/.config/fish/completions/${program}.fish`, `complete -c ${program} -f`];
  for (const command of allCommands(spec)) {
    const condition = quote(fishCondition(command));
    for (const sub of command.subcommands) {
      lines.push(`complete -c ${program} -n ${condition} -a ${quote(sub.path[sub.path.length - 1])} -d ${quote(sub.description)}`);
    }
    if (command.argument.kind === 'words') lines.push(`complete -c ${program} -n ${condition} -a ${quote(command.argument.words.join(' '))}`);
    if (command.argument.kind === 'file') lines.push(`complete -c ${program} -n ${condition} -F`);
    for (const option of command.options) {
      const names = option.flags.map((flag) => (flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`)).join(' ');
      const value = option.value;
      const takes =
        value.kind === 'file' ? ' -r -F' : value.kind === 'free' ? ' -x' : value.kind === 'words' ? ` -x -a ${quote(value.words.join(' '))}` : '';
      lines.push(`complete -c ${program} -n ${condition} ${names}${takes} -d ${quote(option.description)}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

export function completionScript(shell: Shell, spec: CommandSpec, program: string): string {
  if (shell === 'bash') return bash(spec, program);
  if (shell === 'zsh') return zsh(spec, program);
  return fish(spec, program);
}
