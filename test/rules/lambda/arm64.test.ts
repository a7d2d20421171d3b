import { expect } from 'vitest';
import type { LayerContentScan } from '../../../src/inventory/snapshot.js';
import { lambdaArm64 } from '../../../src/rules/lambda/arm64.js';
import { lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

const usage = { source: 'demo' as const, invocationsPerMonth: 1_000_000, avgDurationMs: 500 };
const noArchLayer = (name: string, contentScan: LayerContentScan) => ({ arn: `arn:aws:lambda:us-east-1:123456789012:layer:${name}:1`, compatibleArchitectures: [], contentScan });

ruleCases(lambdaArm64, {
  valid: [
    { name: 'already arm64', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ architectures: ['arm64'] })] }) },
    { name: 'environment unknown: not judged', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'patients-api' })] }) },
    {
      name: 'another environment than --env',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-dev' })] }),
      onlyEnv: 'prod',
    },
  ],
  invalid: [
    {
      name: 'x86 zip function with usage: priced saving from GB-seconds',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage })] }),
      expect: [
        {
          resourceName: 'clinnet-patients-prod',
          env: 'prod',
          current: ['x86_64'],
          target: ['arm64'],
          fixable: true,
          // 1e6 × 0.5 s × 1 GB = 500,000 GB-s × (0.0000133334 − 0.0000166667)
          monthlyDeltaUsd: -1.67,
          costLines: [
            expect.objectContaining({ quantity: -500000, unitPriceUsd: 0.0000166667 }),
            expect.objectContaining({ quantity: 500000, unitPriceUsd: 0.0000133334 }),
          ],
        },
      ],
    },
    {
      name: 'without usage: saving null, says which usage is needed',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn()] }),
      expect: [{ monthlyDeltaUsd: null, costLines: [], fixable: true, message: expect.stringContaining('usage data needed (invocations per month and average duration)') }],
    },
    {
      name: 'container image: advisory, rebuild for arm64',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ packageType: 'Image', usage })] }),
      expect: [{ fixable: false, message: expect.stringContaining('rebuild it for linux/arm64'), monthlyDeltaUsd: -0.42 }],
    },
    {
      name: 'layer that lists only x86_64: advisory with the layer named',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ layers: [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:sharp:3', compatibleArchitectures: ['x86_64'] }] })],
      }),
      expect: [{ fixable: false, message: expect.stringMatching(/layer:sharp:3 \(lists x86_64\) does not list arm64/) }],
    },
    {
      name: 'layer with unknown compatibility: noted',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ layers: [{ arn: 'arn:aws:lambda:us-east-1:999999999999:layer:shared:1', compatibleArchitectures: null }] })],
      }),
      expect: [{ fixable: true, message: expect.stringContaining('compatibility of layer arn:aws:lambda:us-east-1:999999999999:layer:shared:1 is unknown (unreadable)') }],
    },
    {
      name: 'layer that lists no architectures, content architecture-neutral: allows arm64, and the finding says so',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ layers: [noArchLayer('common-utils', { nativeX8664: false, filesScanned: 3, reason: 'no native x86-64 code in its 3 files' })] })] }),
      expect: [
        {
          fixable: true,
          message: expect.stringContaining(
            'runs on x86_64; arm64 costs 20% less per GB-second (usage data needed (invocations per month and average duration)); layer arn:aws:lambda:us-east-1:123456789012:layer:common-utils:1 lists no architectures; its content has no native x86-64 code (3 files scanned), so it allows arm64',
          ),
        },
      ],
    },
    {
      name: 'layer that lists no architectures, content holds x86-64 native code: advisory, the file named',
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({ layers: [noArchLayer('psycopg2', { nativeX8664: true, x86Binaries: ['python/psycopg2/_psycopg.so'], reason: 'native x86-64 code: python/psycopg2/_psycopg.so' })] }),
        ],
      }),
      expect: [
        {
          fixable: false,
          message: expect.stringContaining(
            'layer arn:aws:lambda:us-east-1:123456789012:layer:psycopg2:1 (lists no architectures, and its content holds native x86-64 code: python/psycopg2/_psycopg.so) does not list arm64: publish an arm64 build of it first',
          ),
        },
      ],
    },
    {
      name: 'layer that lists no architectures, content unreadable: unknown, with the reason',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ layers: [noArchLayer('expired', { nativeX8664: null, reason: 'download failed (HTTP 403 AccessDenied)' })] })] }),
      expect: [
        {
          fixable: true,
          message: expect.stringContaining(
            'compatibility of layer arn:aws:lambda:us-east-1:123456789012:layer:expired:1 is unknown (lists no architectures, and its content could not be read: download failed (HTTP 403 AccessDenied)): check it before switching, the fixer refuses',
          ),
        },
      ],
    },
    {
      name: 'layer that lists no architectures in a snapshot taken before content scans: unknown, take a new snapshot',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ layers: [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:old:1', compatibleArchitectures: [] }] })] }),
      expect: [{ fixable: true, message: expect.stringContaining('is unknown (lists no architectures, and its content was not scanned: take a new snapshot)') }],
    },
    {
      name: 'provisioned concurrency is cheaper on arm64 too',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ memoryMb: 1024, usage, provisionedConcurrency: [{ qualifier: 'live', requested: 2, allocated: 2, status: 'READY' }] })],
      }),
      // duration −1.67; provisioned 2 × 1 GB × 2,628,000 s × (0.0000033334 − 0.0000041667) = −4.38
      expect: [{ monthlyDeltaUsd: -6.05 }],
    },
    {
      name: 'a region without prices: null, never another region\'s price',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ region: 'ap-south-2', usage })] }),
      expect: [{ monthlyDeltaUsd: null, message: expect.stringContaining('no price for this region') }],
    },
  ],
});
