/**
 * Runs `clinnet-opt cost-report …` in-process (so aws-sdk-client-mock's mocks apply), mapping errors
 * to exit codes exactly as src/cli.ts does, and Cost Explorer answers shaped like the real API's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GetCostAndUsageCommandOutput, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { Command, CommanderError } from 'commander';
import { describeAwsFailure, isAccessDenied, isMissingCredentials } from '../../src/aws/errors.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { registerCostReport, type CostReportDeps } from '../../src/commands/cost-report.js';
import { CliError } from '../../src/errors.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** 2025-06-15: May 2025 is closed, June is open. */
export const NOW = new Date('2025-06-15T09:00:00Z');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clinnet-cost-'));
}

export async function runCli(args: string[], deps: Partial<CostReportDeps> & { cwd: () => string }): Promise<CliRun> {
  const full: CostReportDeps = {
    now: () => NOW,
    clients: (profile) => new ClientFactory({ profile, maxAttempts: 1 }),
    color: () => false,
    ...deps,
  };
  let stdout = '';
  let stderr = '';
  const out = (t: string) => void (stdout += t);
  const err = (t: string) => void (stderr += t);
  const program = new Command('clinnet-opt').exitOverride().configureOutput({ writeOut: out, writeErr: err });
  registerCostReport(program, full);
  const all = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeOut: out, writeErr: err });
      all(sub);
    }
  };
  all(program);
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (out(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err(String(chunk)), true)) as typeof process.stderr.write;
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'clinnet-opt', ...args]);
  } catch (error) {
    // The same mapping as src/cli.ts main().
    if (error instanceof CommanderError) exitCode = error.exitCode === 0 ? 0 : 2;
    else if (error instanceof CliError) {
      exitCode = error.exitCode;
      stderr += `clinnet-opt: ${error.message}\n`;
    } else if (isMissingCredentials(error) || isAccessDenied(error) || (typeof error === 'object' && error !== null && '$metadata' in error)) {
      exitCode = 3;
      stderr += `clinnet-opt: AWS error: ${describeAwsFailure(error)}\n`;
    } else {
      exitCode = 99;
      stderr += `unexpected: ${error instanceof Error ? error.stack : String(error)}\n`;
    }
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { exitCode, stdout, stderr };
}

export type Group = [service: string, usageType: string, amount: number];

export function result(start: string, end: string, groups: Group[], estimated = false, metric = 'UnblendedCost'): ResultByTime {
  return {
    TimePeriod: { Start: start, End: end },
    Total: {},
    Groups: groups.map(([service, usageType, amount]) => ({
      Keys: [service, usageType],
      Metrics: { [metric]: { Amount: amount.toFixed(10), Unit: 'USD' } },
    })),
    Estimated: estimated,
  };
}

export function answer(results: ResultByTime[], nextPageToken?: string): GetCostAndUsageCommandOutput {
  return {
    $metadata: { httpStatusCode: 200 },
    GroupDefinitions: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
    ],
    ResultsByTime: results,
    DimensionValueAttributes: [],
    ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
  };
}

/** A month of a prod account before the optimisation (the design's ~$800/month). */
export const MAY_BEFORE: Group[] = [
  ['Amazon Relational Database Service', 'Aurora:ServerlessV2Usage', 300],
  ['AWS Lambda', 'USE1-Lambda-GB-Second', 100],
  ['Amazon Simple Storage Service', 'TimedStorage-ByteHrs', 50],
  ['EC2 - Other', 'USE1-NatGateway-Hours', 40],
  ['EC2 - Other', 'USE1-NatGateway-Bytes', 60],
  ['AmazonCloudWatch', 'USE1-DataProcessing-Bytes', 80],
  ['Amazon DynamoDB', 'TimedStorage-ByteHrs', 70],
  ['Amazon CloudFront', 'US-DataTransfer-Out-Bytes', 60],
  ['Amazon API Gateway', 'USE1-ApiGatewayRequest', 30],
  ['Tax', 'Tax', 10],
];

/** The same account after: every design target met (Aurora −60 %, Lambda −35 %, …). */
export const AFTER_MET: Group[] = [
  ['Amazon Relational Database Service', 'Aurora:ServerlessV2Usage', 120],
  ['AWS Lambda', 'USE1-Lambda-GB-Second-ARM', 60],
  ['Amazon Simple Storage Service', 'TimedStorage-ByteHrs', 40],
  ['EC2 - Other', 'USE1-NatGateway-Hours', 30],
  ['EC2 - Other', 'USE1-NatGateway-Bytes', 20],
  ['AmazonCloudWatch', 'USE1-DataProcessing-Bytes', 50],
  ['Amazon DynamoDB', 'TimedStorage-ByteHrs', 20],
  ['Amazon CloudFront', 'US-DataTransfer-Out-Bytes', 40],
  ['Amazon API Gateway', 'USE1-ApiGatewayRequest', 25],
  ['Tax', 'Tax', 5],
];
