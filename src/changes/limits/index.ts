/**
 * Service limits in one place: every value a change sends is checked against the service's
 * documented limits when the plan is made (a change outside them is refused) and again just before
 * it is sent (never sent). One table per service; each limit names the AWS page that documents it.
 */
import type { Change } from '../change.js';
import { LAMBDA_LIMITS } from './lambda.js';
import { OTHER_LIMITS } from './others.js';
import { RDS_LIMITS } from './rds.js';
import type { Limit } from './types.js';

export const LIMITS: readonly Limit[] = [...LAMBDA_LIMITS, ...RDS_LIMITS, ...OTHER_LIMITS];

export function limitViolations(change: Pick<Change, 'operation' | 'input'>): string[] {
  return LIMITS.filter((limit) => limit.operation === change.operation).flatMap((limit) => limit.check(change.input) ?? []);
}
