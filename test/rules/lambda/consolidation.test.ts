import { expect } from 'vitest';
import { lambdaConsolidation } from '../../../src/rules/lambda/consolidation.js';
import { targetsFromConfig } from '../../../src/targets/config.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const ROLE = 'arn:aws:iam::123456789012:role/clinnet-lambda';
const VPC = { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] };
const usage = { source: 'demo' as const, invocationsPerMonth: 1_000_000, avgDurationMs: 100 };
const fn = (name: string, overrides: Parameters<typeof lambdaFn>[0] = {}) => lambdaFn({ name, role: ROLE, vpc: VPC, ...overrides });
const customGroups = targetsFromConfig({ lambdaConsolidationGroups: [{ name: 'billing', patterns: ['*billing*', '*invoice*'], into: 'one billing function' }] });

ruleCases(lambdaConsolidation, {
  valid: [
    { name: 'one function per group: nothing to merge', snapshot: snapshotWith({ lambdaFunctions: [fn('clinnet-patients-prod'), fn('clinnet-services-prod'), fn('clinnet-health-prod')] }) },
    { name: 'functions outside every group', snapshot: snapshotWith({ lambdaFunctions: [fn('clinnet-billing-prod'), fn('clinnet-invoices-prod')] }) },
    { name: 'the same group in two environments is two groups of one', snapshot: snapshotWith({ lambdaFunctions: [fn('clinnet-patients-prod'), fn('clinnet-patients-dev')] }) },
  ],
  invalid: [
    {
      name: 'patient CRUD functions that match in everything: one routed function, no direct money',
      snapshot: snapshotWith({ lambdaFunctions: [fn('clinnet-patients-prod', { usage }), fn('clinnet-patient-search-prod', { usage })] }),
      expect: [
        {
          fixable: false,
          env: 'prod',
          resourceName: 'patient-operations-prod',
          current: ['clinnet-patients-prod', 'clinnet-patient-search-prod'],
          target: { functions: 1, into: 'one patient function that routes the CRUD operations by method and path' },
          monthlyDeltaUsd: 0,
          message: expect.stringMatching(
            /^2 functions .* → one patient function .*; must match first: runtime nodejs20\.x \(same\); role arn:aws:iam::123456789012:role\/clinnet-lambda \(same\); VPC subnets subnet-a,subnet-b; security groups sg-1 \(same\); layers none \(same\); architecture x86_64 \(same\); tier high-frequency \(same\); direct money ±\$0\.00\/month: the same requests and GB-seconds; one warm pool instead of 2.*2 log groups become 1/,
          ),
        },
      ],
    },
    {
      name: 'diagnostics that differ: each difference named; the smaller member priced at the larger memory',
      snapshot: snapshotWith({
        lambdaFunctions: [
          fn('clinnet-health-prod', { memoryMb: 128, usage, runtime: 'python3.12' }),
          fn('clinnet-diagnostics-prod', { memoryMb: 256, usage, vpc: null, role: 'arn:aws:iam::123456789012:role/other' }),
          fn('clinnet-status-prod', { memoryMb: 256, provisionedConcurrency: [{ qualifier: 'live', requested: 2, allocated: 2, status: 'READY' }] }),
        ],
      }),
      expect: [
        {
          // health: 1M × 0.1 s × (256 − 128)/1024 GB = 12,500 GB-s × $0.0000166667
          monthlyDeltaUsd: 0.21,
          message: expect.stringMatching(
            /runtime differs \(python3\.12 \| nodejs20\.x\); role differs .*; VPC differs \(subnets subnet-a,subnet-b; security groups sg-1 \| none\).*\(3 to align before merging\); direct money \+\$0\.21\/month: the same requests, more GB-seconds.*provisioned concurrency on 1 function\(s\) \(2 instances\) would live on one alias/,
          ),
        },
      ],
    },
    {
      name: 'a snapshot without roles and VPCs says so and does not guess',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-services-prod' }), lambdaFn({ name: 'clinnet-service-catalog-prod' })] }),
      expect: [{ resourceName: 'service-operations-prod', message: expect.stringContaining('role: not recorded in the snapshot (take a new snapshot), compare before merging; VPC: not recorded') }],
    },
    {
      name: 'groups come from the config',
      snapshot: snapshotWith({ lambdaFunctions: [fn('clinnet-billing-prod'), fn('clinnet-invoices-prod')] }),
      targets: customGroups,
      expect: [{ resourceName: 'billing-prod', target: { functions: 1, into: 'one billing function' } }],
    },
  ],
});
