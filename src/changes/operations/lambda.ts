/**
 * Lambda changes. A function accepts one update at a time: before and after each update the
 * function is polled until LastUpdateStatus is no longer InProgress, and a ResourceConflictException
 * (another update in flight) is waited out and retried.
 */
import {
  DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetProvisionedConcurrencyConfigCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type DeleteFunctionConcurrencyCommandInput,
  type DeleteProvisionedConcurrencyConfigCommandInput,
  type PutFunctionConcurrencyCommandInput,
  type PutProvisionedConcurrencyConfigCommandInput,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { downloadFunctionCode } from '../../fixers/lambda/code-package.js';
import type { Change } from '../change.js';
import { errorName, sdkInput, type AwsContext, type ServiceOperations, sendWrite, WriteRefused } from './types.js';

export async function waitForFunctionIdle(ctx: AwsContext, functionName: string): Promise<void> {
  const client = ctx.factory.lambda(ctx.region);
  for (let poll = 0; poll < ctx.maxPolls; poll++) {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    if (config.LastUpdateStatus === 'Failed') {
      throw new Error(`the function's last update failed: ${config.LastUpdateStatusReason ?? config.LastUpdateStatusReasonCode ?? 'no reason given'}`);
    }
    if (config.LastUpdateStatus !== 'InProgress' && config.State !== 'Pending') return;
    await ctx.sleep(ctx.pollMs);
  }
  throw new Error(`the function is still updating after ${ctx.maxPolls} checks; run again later`);
}

/** Sends one update, waiting out updates in flight (before, on conflict, and after). */
async function update(ctx: AwsContext, functionName: string, send: () => Promise<unknown>): Promise<void> {
  await waitForFunctionIdle(ctx, functionName);
  for (let attempt = 1; ; attempt++) {
    try {
      await sendWrite(ctx, send);
      break;
    } catch (error) {
      const cause = error instanceof WriteRefused ? error.original : error;
      if (errorName(cause) !== 'ResourceConflictException' || attempt >= 5) throw error;
      await ctx.sleep(ctx.pollMs);
      await waitForFunctionIdle(ctx, functionName);
    }
  }
  await waitForFunctionIdle(ctx, functionName);
}

const nameOf = (input: { FunctionName?: unknown }): string => String(input.FunctionName);

const READ_CONFIG = 'lambda:GetFunctionConfiguration';
const fnName = (change: Change): string => String(change.input.FunctionName);
const functionConfig = async (change: Change, ctx: AwsContext) =>
  ctx.factory.lambda(ctx.region).send(new GetFunctionConfigurationCommand({ FunctionName: fnName(change) }));

export const lambdaOperations: ServiceOperations = {
  operations: {
    'lambda:UpdateFunctionConfiguration': {
      iam: ['lambda:UpdateFunctionConfiguration', READ_CONFIG],
      apply: async (input, ctx) => {
        const client = ctx.factory.lambda(ctx.region);
        await update(ctx, nameOf(input), () => client.send(new UpdateFunctionConfigurationCommand(sdkInput<UpdateFunctionConfigurationCommandInput>(input))));
        return {};
      },
    },
    'lambda:UpdateFunctionCode': {
      iam: ['lambda:UpdateFunctionCode', 'lambda:GetFunction', READ_CONFIG],
      apply: async (input, ctx) => {
        const client = ctx.factory.lambda(ctx.region);
        const name = nameOf(input);
        const architectures = input.Architectures as string[];
        const { zip } = await downloadFunctionCode(ctx.factory, ctx.region, name);
        await update(ctx, name, () =>
          client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip, Architectures: architectures as ('x86_64' | 'arm64')[], Publish: false })),
        );
        return { detail: `redeployed ${zip.length} bytes of code for ${architectures.join(', ')}` };
      },
    },
    'lambda:PutFunctionConcurrency': {
      iam: ['lambda:PutFunctionConcurrency'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.lambda(ctx.region).send(new PutFunctionConcurrencyCommand(sdkInput<PutFunctionConcurrencyCommandInput>(input))));
        return {};
      },
    },
    'lambda:DeleteFunctionConcurrency': {
      iam: ['lambda:DeleteFunctionConcurrency'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.lambda(ctx.region).send(new DeleteFunctionConcurrencyCommand(sdkInput<DeleteFunctionConcurrencyCommandInput>(input))));
        return {};
      },
    },
    'lambda:PutProvisionedConcurrencyConfig': {
      iam: ['lambda:PutProvisionedConcurrencyConfig'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.lambda(ctx.region).send(new PutProvisionedConcurrencyConfigCommand(sdkInput<PutProvisionedConcurrencyConfigCommandInput>(input))));
        return {};
      },
    },
    'lambda:DeleteProvisionedConcurrencyConfig': {
      iam: ['lambda:DeleteProvisionedConcurrencyConfig'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.lambda(ctx.region).send(new DeleteProvisionedConcurrencyConfigCommand(sdkInput<DeleteProvisionedConcurrencyConfigCommandInput>(input))));
        return {};
      },
    },
  },
  readers: {
    'lambda:MemorySize': { iam: [READ_CONFIG], read: async (c, ctx) => (await functionConfig(c, ctx)).MemorySize ?? null },
    'lambda:Timeout': { iam: [READ_CONFIG], read: async (c, ctx) => (await functionConfig(c, ctx)).Timeout ?? null },
    'lambda:Architectures': { iam: [READ_CONFIG], read: async (c, ctx) => (await functionConfig(c, ctx)).Architectures ?? ['x86_64'] },
    'lambda:LoggingConfig': {
      iam: [READ_CONFIG],
      read: async (c, ctx) => {
        const logging = (await functionConfig(c, ctx)).LoggingConfig;
        const logFormat = logging?.LogFormat ?? 'Text';
        return { logFormat, applicationLogLevel: logFormat === 'JSON' ? (logging?.ApplicationLogLevel ?? null) : null };
      },
    },
    'lambda:ReservedConcurrentExecutions': {
      iam: ['lambda:GetFunctionConcurrency'],
      read: async (c, ctx) => {
        const got = await ctx.factory.lambda(ctx.region).send(new GetFunctionConcurrencyCommand({ FunctionName: fnName(c) }));
        return got.ReservedConcurrentExecutions ?? null;
      },
    },
    'lambda:ProvisionedConcurrency': {
      iam: ['lambda:GetProvisionedConcurrencyConfig'],
      read: async (c, ctx) => {
        try {
          const got = await ctx.factory
            .lambda(ctx.region)
            .send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: fnName(c), Qualifier: String(c.input.Qualifier) }));
          return got.RequestedProvisionedConcurrentExecutions ?? null;
        } catch (error) {
          if (errorName(error) === 'ProvisionedConcurrencyConfigNotFoundException') return null;
          throw error;
        }
      },
    },
  },
};
