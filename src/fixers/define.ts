/** Declares a fixer and registers its IAM actions (Cloud Custodian's model: no action without permissions). */
import { declarePermissions } from '../aws/permissions.js';
import type { FixableRuleId } from '../rules/finding-values.js';
import type { Fixer } from './types.js';

export function defineFixer<R extends FixableRuleId>(fixer: Fixer<R>): Fixer<R> {
  declarePermissions({ source: `fixer:${fixer.rule}`, scope: 'fix', actions: fixer.permissions });
  return fixer;
}
