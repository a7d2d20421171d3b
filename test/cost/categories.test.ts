/** Which category a Cost Explorer line lands in: a table of (service, usage type) → category. */
import { describe, expect, it } from 'vitest';
import { categorize, categoryOfRule } from '../../src/cost/categories.js';

describe('categorize', () => {
  it.each([
    ['Amazon Relational Database Service', 'Aurora:ServerlessV2Usage', 'aurora'],
    ['Amazon Relational Database Service', 'USE1-Aurora:StorageIOUsage', 'aurora'],
    ['Amazon Relational Database Service', 'RDS:ChargedBackupUsage', 'aurora'],
    ['AWS Lambda', 'USE1-Lambda-GB-Second-ARM', 'lambda'],
    ['AWS Lambda', 'Request', 'lambda'],
    ['AWS Lambda', 'USE1-DataTransfer-Out-Bytes', 'dataTransfer'],
    ['Amazon Simple Storage Service', 'TimedStorage-INT-FA-ByteHrs', 's3'],
    ['Amazon Simple Storage Service', 'DataTransfer-Out-Bytes', 'dataTransfer'],
    ['Amazon Simple Storage Service', 'USE1-USW2-AWS-Out-Bytes', 'dataTransfer'],
    ['EC2 - Other', 'USE1-NatGateway-Hours', 'dataTransfer'],
    ['EC2 - Other', 'NatGateway-Bytes', 'dataTransfer'],
    ['EC2 - Other', 'USE1-EBS:VolumeUsage.gp3', 'other'],
    ['Amazon Elastic Compute Cloud - Compute', 'USE1-DataTransfer-Regional-Bytes', 'dataTransfer'],
    ['Amazon Virtual Private Cloud', 'USE1-VpcEndpoint-Hours', 'dataTransfer'],
    ['AWS Data Transfer', 'USE1-CloudFront-Out-Bytes', 'dataTransfer'],
    ['AmazonCloudWatch', 'USE1-DataProcessing-Bytes', 'cloudwatch'],
    ['AmazonCloudWatch', 'USE1-TimedStorage-ByteHrs', 'cloudwatch'],
    ['Amazon DynamoDB', 'USE1-ReadRequestUnits', 'dynamodb'],
    ['Amazon CloudFront', 'US-Requests-Tier1', 'cloudfront'],
    // CloudFront's own transfer is CloudFront's (its price class changes it), not Data Transfer.
    ['Amazon CloudFront', 'US-DataTransfer-Out-Bytes', 'cloudfront'],
    ['Amazon API Gateway', 'USE1-ApiGatewayRequest', 'apiGateway'],
    ['Amazon API Gateway', 'USE1-DataTransfer-Out-Bytes', 'dataTransfer'],
    ['Tax', 'Tax', 'other'],
    ['AWS Key Management Service', 'USE1-KMS-Requests', 'other'],
  ])('%s / %s → %s', (service, usageType, category) => {
    expect(categorize(service, usageType)).toBe(category);
  });
});

describe('categoryOfRule', () => {
  it.each([
    ['aurora/acu-range', 'aurora'],
    ['aurora/backup-retention', 'aurora'],
    ['lambda/arm64', 'lambda'],
    ['lambda/log-level', 'cloudwatch'],
    ['s3/lifecycle', 's3'],
    ['vpc/gateway-endpoints', 'dataTransfer'],
    ['logs/retention', 'cloudwatch'],
    ['dynamodb/on-demand', 'dynamodb'],
    ['cloudfront/price-class', 'cloudfront'],
    ['apigateway/stage-cache', 'apiGateway'],
    ['iam/something', 'other'],
  ])('%s → %s', (rule, category) => {
    expect(categoryOfRule(rule)).toBe(category);
  });
});
