/** The rule registry: every rule, by service. */
import type { Rule } from './types.js';
import { apigatewayRules } from './apigateway/index.js';
import { auroraRules } from './aurora/index.js';
import { cloudfrontRules } from './cloudfront/index.js';
import { dynamodbRules } from './dynamodb/index.js';
import { lambdaRules } from './lambda/index.js';
import { logsRules } from './logs/index.js';
import { s3Rules } from './s3/index.js';
import { vpcRules } from './vpc/index.js';

export const RULES: readonly Rule[] = [
  ...auroraRules,
  ...lambdaRules,
  ...dynamodbRules,
  ...s3Rules,
  ...cloudfrontRules,
  ...vpcRules,
  ...logsRules,
  ...apigatewayRules,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
