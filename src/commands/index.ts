/** Every command registers itself on the program; cli.ts calls these in order. */
import type { Command } from 'commander';
import { registerMigrateDynamo } from './migrate-dynamo.js';
import { registerAudit } from './audit.js';
import { registerSnapshot } from './snapshot.js';
import { registerFix } from './fix.js';
import { registerRollback } from './rollback.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerCostReport } from './cost-report.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
commands.push(registerSnapshot, registerAudit, (program) => registerFix(program), (program) => registerRollback(program), registerIamPolicy);
commands.push(registerMigrateDynamo);
commands.push((program) => registerCostReport(program));
commands.push(registerValidate);
