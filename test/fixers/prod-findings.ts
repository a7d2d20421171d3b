/** Findings for the seeded prod account, in the rules' value shapes (what the audit reports for it). */
import type { Finding } from '../../src/rules/types.js';
import { finding } from './support.js';

export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
export const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

export const DOCUMENTS_RULE = {
  ID: 'DocumentsLifecycle',
  Status: 'Enabled' as const,
  Filter: {},
  Transitions: [
    { Days: 30, StorageClass: 'STANDARD_IA' },
    { Days: 90, StorageClass: 'GLACIER' },
    { Days: 365, StorageClass: 'DEEP_ARCHIVE' },
  ],
};

export function prodFindings(): Finding[] {
  return [
    finding('lambda/memory', 'clinnet-patients-prod', 1024, 512, { monthlyDeltaUsd: -42.5 }),
    finding('lambda/log-level', 'clinnet-patients-prod', { logFormat: 'Text', applicationLogLevel: null }, { logFormat: 'JSON', applicationLogLevel: 'WARN' }),
    finding('lambda/arm64', 'clinnet-patients-prod', ['x86_64'], ['arm64'], { monthlyDeltaUsd: -8.4 }),
    finding('lambda/timeout', 'clinnet-patients-prod', 30, 15, { monthlyDeltaUsd: 0 }),
    finding('lambda/reserved-concurrency', 'clinnet-patients-prod', null, 100, { monthlyDeltaUsd: 0 }),
    finding('lambda/provisioned-concurrency', 'clinnet-patients-prod', null, { qualifier: 'live', count: 10 }, { monthlyDeltaUsd: 56.3 }),
    finding('aurora/acu-range', 'clinnet-aurora-prod', { minAcu: 2, maxAcu: 16 }, { minAcu: 0.5, maxAcu: 8 }, { monthlyDeltaUsd: -131.4 }),
    finding('aurora/backup-retention', 'clinnet-aurora-prod', 14, 7, { monthlyDeltaUsd: -3.1 }),
    finding('dynamodb/on-demand', 'clinnet-medical_reports-prod', 'PROVISIONED', 'PAY_PER_REQUEST', { monthlyDeltaUsd: -12 }),
    finding('s3/lifecycle', 'clinnet-documents-prod', [{ ID: 'expire-tmp-uploads', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }], [DOCUMENTS_RULE], {
      monthlyDeltaUsd: -20,
    }),
    finding(
      's3/intelligent-tiering',
      'clinnet-frontend-prod',
      { lifecycleRules: null, intelligentTiering: [] },
      { lifecycleRules: [{ ID: 'IntelligentTiering', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }] }], intelligentTiering: [] },
      { monthlyDeltaUsd: null },
    ),
    finding('cloudfront/price-class', 'E2CLINNETPROD1', 'PriceClass_100', 'PriceClass_All', { monthlyDeltaUsd: 9.5 }),
    finding('cloudfront/compression', 'E2CLINNETPROD1', { '*': false, '/api/*': false }, { '*': true, '/api/*': true }, { monthlyDeltaUsd: -6 }),
    finding('cloudfront/cache-policy', 'E2CLINNETPROD1', { '*': null, '/api/*': null }, { '*': CACHING_OPTIMIZED, '/api/*': CACHING_DISABLED }, { monthlyDeltaUsd: null }),
    finding(
      'vpc/gateway-endpoints',
      'vpc-0prod',
      { s3: { endpointId: 'vpce-0s3existing', routeTableIds: ['rtb-0priva'] }, dynamodb: { endpointId: null, routeTableIds: [] } },
      { s3: { endpointId: 'vpce-0s3existing', routeTableIds: ['rtb-0priva', 'rtb-0privb'] }, dynamodb: { endpointId: null, routeTableIds: ['rtb-0priva', 'rtb-0privb'] } },
      { monthlyDeltaUsd: -30.6 },
    ),
    finding('logs/retention', '/aws/lambda/clinnet-patients-prod', null, 365, { monthlyDeltaUsd: -15 }),
    finding('apigateway/stage-cache', 'a1b2c3d4e5/prod', { enabled: false, size: null }, { enabled: true, size: '0.5' }, { monthlyDeltaUsd: 14.6 }),
  ];
}
