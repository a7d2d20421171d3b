/** Every fixer, one per fixable rule (src/fixers/<service>/<check>.ts pairs with src/rules/<service>/<check>.ts). */
import type { FixableRuleId } from '../rules/finding-values.js';
import type { AnyFixer, Fixer } from './types.js';
import { apigatewayStageCacheFixer } from './apigateway/stage-cache.js';
import { auroraAcuRangeFixer } from './aurora/acu-range.js';
import { auroraAutoPauseFixer } from './aurora/auto-pause.js';
import { auroraBackupRetentionFixer } from './aurora/backup-retention.js';
import { cloudfrontCachePolicyFixer } from './cloudfront/cache-policy.js';
import { cloudfrontCompressionFixer } from './cloudfront/compression.js';
import { cloudfrontPriceClassFixer } from './cloudfront/price-class.js';
import { dynamodbOnDemandFixer } from './dynamodb/on-demand.js';
import { lambdaArm64Fixer } from './lambda/arm64.js';
import { lambdaLogLevelFixer } from './lambda/log-level.js';
import { lambdaMemoryFixer } from './lambda/memory.js';
import { lambdaProvisionedConcurrencyFixer } from './lambda/provisioned-concurrency.js';
import { lambdaReservedConcurrencyFixer } from './lambda/reserved-concurrency.js';
import { lambdaTimeoutFixer } from './lambda/timeout.js';
import { logsRetentionFixer } from './logs/retention.js';
import { s3IntelligentTieringFixer } from './s3/intelligent-tiering.js';
import { s3LifecycleFixer } from './s3/lifecycle.js';
import { vpcGatewayEndpointsFixer } from './vpc/gateway-endpoints.js';

export const FIXERS: { [R in FixableRuleId]: Fixer<R> } = {
  'aurora/acu-range': auroraAcuRangeFixer,
  'aurora/backup-retention': auroraBackupRetentionFixer,
  'aurora/auto-pause': auroraAutoPauseFixer,
  'lambda/arm64': lambdaArm64Fixer,
  'lambda/memory': lambdaMemoryFixer,
  'lambda/timeout': lambdaTimeoutFixer,
  'lambda/reserved-concurrency': lambdaReservedConcurrencyFixer,
  'lambda/provisioned-concurrency': lambdaProvisionedConcurrencyFixer,
  'lambda/log-level': lambdaLogLevelFixer,
  'dynamodb/on-demand': dynamodbOnDemandFixer,
  's3/lifecycle': s3LifecycleFixer,
  's3/intelligent-tiering': s3IntelligentTieringFixer,
  'cloudfront/compression': cloudfrontCompressionFixer,
  'cloudfront/price-class': cloudfrontPriceClassFixer,
  'cloudfront/cache-policy': cloudfrontCachePolicyFixer,
  'vpc/gateway-endpoints': vpcGatewayEndpointsFixer,
  'logs/retention': logsRetentionFixer,
  'apigateway/stage-cache': apigatewayStageCacheFixer,
};

export function isFixableRule(rule: string): rule is FixableRuleId {
  return Object.hasOwn(FIXERS, rule);
}

export function fixerFor(rule: string): AnyFixer | undefined {
  return isFixableRule(rule) ? (FIXERS[rule] as AnyFixer) : undefined;
}
