/**
 * Every AWS operation the change engine may send, and every attribute it reads, in one registry.
 * Importing it declares their IAM actions (scope 'fix'), so the policy cannot miss one.
 */
import { declarePermissions } from '../../aws/permissions.js';
import type { Change } from '../change.js';
import { canonicalLifecycle } from '../../fixers/s3/lifecycle-rules.js';
import type { JsonValue } from '../../rules/types.js';
import { apigatewayOperations } from './apigateway.js';
import { cloudfrontOperations } from './cloudfront.js';
import { cloudwatchOperations } from './cloudwatch.js';
import { dynamodbOperations } from './dynamodb.js';
import { ec2Operations } from './ec2.js';
import { lambdaOperations } from './lambda.js';
import { logsOperations } from './logs.js';
import { rdsOperations } from './rds.js';
import { s3Operations } from './s3.js';
import type { OperationSpec, ReaderSpec, ServiceOperations } from './types.js';

const SERVICES: ServiceOperations[] = [
  lambdaOperations,
  rdsOperations,
  s3Operations,
  cloudfrontOperations,
  dynamodbOperations,
  logsOperations,
  apigatewayOperations,
  ec2Operations,
  cloudwatchOperations,
];

const OPERATIONS: Record<string, OperationSpec> = Object.assign({}, ...SERVICES.map((s) => s.operations));
const READERS: Record<string, ReaderSpec> = Object.assign({}, ...SERVICES.map((s) => s.readers));

/** Other modules (budgets) register their own operations here, so one engine applies everything. */
export function registerOperations(source: string, ops: ServiceOperations): void {
  Object.assign(OPERATIONS, ops.operations);
  Object.assign(READERS, ops.readers);
  declareOperations(source, ops);
}

function declareOperations(source: string, ops: ServiceOperations): void {
  const actions = [...Object.values(ops.operations), ...Object.values(ops.readers)].flatMap((spec) => spec.iam);
  declarePermissions({ source, scope: 'fix', actions: [...new Set(actions)] });
}

for (const ops of SERVICES) declareOperations('change-engine', ops);

export function operationFor(operation: string): OperationSpec | undefined {
  return Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
}

export function readerFor(change: Pick<Change, 'service' | 'attribute'>): ReaderSpec | undefined {
  const key = `${change.service}:${change.attribute}`;
  return Object.hasOwn(READERS, key) ? READERS[key] : undefined;
}

export function knownOperations(): string[] {
  return Object.keys(OPERATIONS).sort();
}

/** The value a drift comparison uses: canonical JSON (sorted keys; lifecycle rules sorted and normalized). */
export function comparable(attribute: string, value: JsonValue): string {
  const normalized = attribute === 'LifecycleConfiguration' ? canonicalLifecycle(value) : value;
  return JSON.stringify(sortKeys(normalized));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sameState(attribute: string, a: JsonValue, b: JsonValue): boolean {
  return comparable(attribute, a) === comparable(attribute, b);
}
