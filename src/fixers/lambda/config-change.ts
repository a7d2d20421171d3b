/** A Lambda UpdateFunctionConfiguration change of one attribute, with its undo. */
import type { AccountSnapshot } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import { lambdaOf } from '../lookup.js';
import type { ChangeDraft, TypedFinding } from '../types.js';
import type { FixableRuleId } from '../../rules/finding-values.js';

export const LAMBDA_CONFIG_READ = 'lambda:GetFunctionConfiguration';
export const LAMBDA_CONFIG_WRITE = 'lambda:UpdateFunctionConfiguration';
/** What a change that reaches an alias also calls: read the alias, publish a version, move the alias. */
export const ALIAS_RELEASE_PERMISSIONS = ['lambda:GetAlias', 'lambda:PublishVersion', 'lambda:UpdateAlias'] as const;

export function functionNameOf(finding: TypedFinding<FixableRuleId>, snapshot: AccountSnapshot): string {
  return lambdaOf(snapshot, finding)?.name ?? finding.resourceName;
}

export function configChange(
  functionName: string,
  attribute: string,
  before: JsonValue,
  after: JsonValue,
  request: (value: JsonValue) => { [key: string]: JsonValue },
  templateProperty: string,
): ChangeDraft {
  return {
    attribute,
    operation: LAMBDA_CONFIG_WRITE,
    input: { FunctionName: functionName, ...request(after) },
    before,
    after,
    undo: { operation: LAMBDA_CONFIG_WRITE, input: { FunctionName: functionName, ...request(before) } },
    templateProperty,
  };
}
