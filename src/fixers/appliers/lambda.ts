/**
 * Lambda changes. A function accepts one update at a time: before and after each update the
 * function is polled until LastUpdateStatus is no longer InProgress, and a ResourceConflictException
 * (another update in flight) is waited out and retried.
 */
import {
  DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetFunctionConfigurationCommand,
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
import { downloadFunctionCode } from '../lambda/code-package.js';
import { errorName, sdkInput, type Applier, type AwsContext } from './types.js';

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
      await send();
      break;
    } catch (error) {
      if (errorName(error) !== 'ResourceConflictException' || attempt >= 5) throw error;
      await ctx.sleep(ctx.pollMs);
      await waitForFunctionIdle(ctx, functionName);
    }
  }
  await waitForFunctionIdle(ctx, functionName);
}

const nameOf = (input: { FunctionName?: unknown }): string => String(input.FunctionName);

export const lambdaAppliers: Record<string, Applier> = {
  'lambda:UpdateFunctionConfiguration': async (input, ctx) => {
    const client = ctx.factory.lambda(ctx.region);
    await update(ctx, nameOf(input), () => client.send(new UpdateFunctionConfigurationCommand(sdkInput<UpdateFunctionConfigurationCommandInput>(input))));
    return {};
  },
  'lambda:UpdateFunctionCode': async (input, ctx) => {
    const client = ctx.factory.lambda(ctx.region);
    const name = nameOf(input);
    const architectures = input.Architectures as string[];
    const { zip } = await downloadFunctionCode(ctx.factory, ctx.region, name);
    await update(ctx, name, () =>
      client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip, Architectures: architectures as ('x86_64' | 'arm64')[], Publish: false })),
    );
    return { detail: `redeployed ${zip.length} bytes of code for ${architectures.join(', ')}` };
  },
  'lambda:PutFunctionConcurrency': async (input, ctx) => {
    await ctx.factory.lambda(ctx.region).send(new PutFunctionConcurrencyCommand(sdkInput<PutFunctionConcurrencyCommandInput>(input)));
    return {};
  },
  'lambda:DeleteFunctionConcurrency': async (input, ctx) => {
    await ctx.factory.lambda(ctx.region).send(new DeleteFunctionConcurrencyCommand(sdkInput<DeleteFunctionConcurrencyCommandInput>(input)));
    return {};
  },
  'lambda:PutProvisionedConcurrencyConfig': async (input, ctx) => {
    await ctx.factory.lambda(ctx.region).send(new PutProvisionedConcurrencyConfigCommand(sdkInput<PutProvisionedConcurrencyConfigCommandInput>(input)));
    return {};
  },
  'lambda:DeleteProvisionedConcurrencyConfig': async (input, ctx) => {
    await ctx.factory.lambda(ctx.region).send(new DeleteProvisionedConcurrencyConfigCommand(sdkInput<DeleteProvisionedConcurrencyConfigCommandInput>(input)));
    return {};
  },
};
