/** Every command registers itself on the program; cli.ts calls these in order. */
import type { Command } from 'commander';
import { registerMigrateDynamo } from './migrate-dynamo.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
commands.push(registerMigrateDynamo);
