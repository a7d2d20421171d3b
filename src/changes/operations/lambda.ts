/**
 * Lambda changes. A function accepts one update at a time: before and after each update the
 * function is polled until LastUpdateStatus is no longer InProgress, and a ResourceConflictException
 * (another update in flight) is waited out and retried.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  type FunctionConfiguration,
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
import { codeSha256Of, DIRECT_UPLOAD_LIMIT_BYTES, downloadFunctionCode, megabytes, sha256Hex } from '../../fixers/lambda/code-package.js';
import { RELEASE_CODE, RELEASE_CONFIG, RESTORE_CODE, RESTORE_CONFIG } from '../../fixers/lambda/alias-route.js';
import type { JsonValue } from '../../rules/types.js';
import type { AwsCall, Change, JsonObject } from '../change.js';
import { errorName, sdkInput, type AwsContext, type ServiceOperations, sendWrite, WriteRefused } from './types.js';

export async function waitForFunctionIdle(ctx: AwsContext, functionName: string, qualifier?: string): Promise<void> {
  const client = ctx.factory.lambda(ctx.region);
  for (let poll = 0; poll < ctx.maxPolls; poll++) {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, ...(qualifier ? { Qualifier: qualifier } : {}) }));
    if (config.LastUpdateStatus === 'Failed') {
      throw new Error(`the function's last update failed: ${config.LastUpdateStatusReason ?? config.LastUpdateStatusReasonCode ?? 'no reason given'}`);
    }
    if (config.LastUpdateStatus !== 'InProgress' && config.State !== 'Pending') return;
    await ctx.sleep(ctx.pollMs);
  }
  throw new Error(`the function is still updating after ${ctx.maxPolls} checks; run again later`);
}

/** Sends one update, waiting out updates in flight (before, on conflict, and after). */
async function update(ctx: AwsContext, functionName: string, send: () => Promise<unknown>, after: { first: boolean } = { first: true }): Promise<void> {
  await waitForFunctionIdle(ctx, functionName);
  for (let attempt = 1; ; attempt++) {
    try {
      await (after.first ? sendWrite(ctx, send) : laterWrite(ctx, send));
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
const CODE_IAM = ['lambda:UpdateFunctionCode', 'lambda:GetFunction', READ_CONFIG, 's3:PutObject'];
const RELEASE_IAM = ['lambda:GetAlias', 'lambda:PublishVersion', 'lambda:UpdateAlias', READ_CONFIG];
const fnName = (change: Change): string => String(change.input.FunctionName);
const config = async (ctx: AwsContext, functionName: string, qualifier?: string): Promise<FunctionConfiguration> =>
  ctx.factory.lambda(ctx.region).send(new GetFunctionConfigurationCommand({ FunctionName: functionName, ...(qualifier ? { Qualifier: qualifier } : {}) }));

const objectOf = (value: JsonValue | undefined): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
const aliasOf = (change: Change): string | null => {
  const name = objectOf(change.input.UpdateAlias).Name;
  return typeof name === 'string' ? name : null;
};

/**
 * The attribute where the traffic flows. Through an alias: what the alias serves, when $LATEST
 * holds the same; otherwise both, so neither the drift guard nor the read-back mistakes a change
 * made on one side only for the planned state.
 */
async function served(change: Change, ctx: AwsContext, pick: (config: FunctionConfiguration) => JsonValue): Promise<JsonValue> {
  const latest = pick(await config(ctx, fnName(change)));
  const alias = aliasOf(change);
  if (!alias) return latest;
  const viaAlias = pick(await config(ctx, fnName(change), alias));
  return JSON.stringify(viaAlias) === JSON.stringify(latest) ? viaAlias : { alias: viaAlias, latest };
}

/** A write after the first: AWS refusing it leaves the earlier writes made, so its outcome is not "failed, nothing changed". */
async function laterWrite<T>(ctx: AwsContext, send: () => Promise<T>): Promise<T> {
  try {
    return await sendWrite(ctx, send);
  } catch (error) {
    if (error instanceof WriteRefused) throw new Error(`${error.message} (after an earlier step of this change was made)`, { cause: error });
    throw error;
  }
}

/**
 * Redeploys the function's current package with the input's Architectures: directly (ZipFile)
 * up to the direct-upload limit, or through S3 when the input names S3Bucket/S3Key (the bytes are
 * checked against the key's SHA-256, so only the planned package is ever deployed).
 */
async function redeploy(ctx: AwsContext, input: JsonObject, first: { first: boolean }): Promise<string> {
  const client = ctx.factory.lambda(ctx.region);
  const name = nameOf(input);
  const architectures = input.Architectures as ('x86_64' | 'arm64')[];
  const { zip } = await downloadFunctionCode(ctx.factory, ctx.region, name);
  const bucket = typeof input.S3Bucket === 'string' ? input.S3Bucket : null;
  const key = typeof input.S3Key === 'string' ? input.S3Key : null;
  if (!bucket || !key) {
    if (zip.length > DIRECT_UPLOAD_LIMIT_BYTES) throw new Error(`the package is ${megabytes(zip.length)}, above the ${megabytes(DIRECT_UPLOAD_LIMIT_BYTES)} direct-upload limit: plan again with --code-bucket BUCKET`);
    await update(ctx, name, () => client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip, Architectures: architectures, Publish: false })), first);
    return `redeployed ${zip.length} bytes of code for ${architectures.join(', ')}`;
  }
  const hash = sha256Hex(codeSha256Of(zip));
  if (!key.endsWith(`/${hash}.zip`)) throw new Error(`the function's code is not the package the plan names (its SHA-256 is ${hash}, the plan's key is ${key}): plan again`);
  const put = () => ctx.factory.s3(ctx.region).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: zip, ContentType: 'application/zip' }));
  await (first.first ? sendWrite(ctx, put) : laterWrite(ctx, put));
  // The object is not the function: AWS refusing the update still leaves the function as it was.
  await update(ctx, name, () => client.send(new UpdateFunctionCodeCommand({ FunctionName: name, S3Bucket: bucket, S3Key: key, Architectures: architectures, Publish: false })), first);
  return `redeployed ${zip.length} bytes of code for ${architectures.join(', ')} from s3://${bucket}/${key}`;
}

/** The alias input's fields, and the rest (the $LATEST request). */
function splitRelease(input: JsonObject): { rest: JsonObject; alias: string; from: string | null; to: string | null; codeSha256: string | null } {
  const { UpdateAlias, PublishVersion, ...rest } = input;
  const alias = objectOf(UpdateAlias);
  const str = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);
  return { rest, alias: String(alias.Name), from: str(alias.FromVersion), to: str(alias.FunctionVersion), codeSha256: str(objectOf(PublishVersion).CodeSha256) };
}

/**
 * Update $LATEST → publish it (guarded by the served version's CodeSha256 and the update's
 * RevisionId) → move the alias. The alias is checked before anything is sent; the undo (restore
 * $LATEST, move the alias back to the version it served) is journaled before the first write.
 */
async function release(input: JsonObject, ctx: AwsContext, change: Change, updateLatest: (rest: JsonObject, first: { first: boolean }) => Promise<string>) {
  const client = ctx.factory.lambda(ctx.region);
  const name = nameOf(input);
  const { rest, alias, from, codeSha256 } = splitRelease(input);
  const current = await client.send(new GetAliasCommand({ FunctionName: name, Name: alias }));
  const weights = current.RoutingConfig?.AdditionalVersionWeights ?? {};
  if (Object.keys(weights).length) throw new Error(`alias ${alias} now routes traffic to versions ${Object.keys(weights).join(', ')} besides ${current.FunctionVersion} (a canary): nothing sent`);
  if (current.FunctionVersion !== from) throw new Error(`alias ${alias} serves version ${current.FunctionVersion ?? 'unknown'}, not version ${from ?? 'unknown'} as planned: nothing sent; plan again`);
  const latest = await config(ctx, name);
  // The served version's code guards the publish; a plan made without it (an older snapshot) reads it now.
  const guard = codeSha256 ?? (await config(ctx, name, current.FunctionVersion)).CodeSha256 ?? null;
  if (!guard || latest.CodeSha256 !== guard) throw new Error(`$LATEST holds other code than version ${from} (CodeSha256 ${latest.CodeSha256 ?? 'unknown'}, version ${from}: ${guard ?? 'unknown'}): publishing would release it; nothing sent`);
  const undo: AwsCall = { operation: change.undo.operation, input: { ...change.undo.input, UpdateAlias: { Name: alias, FunctionVersion: current.FunctionVersion } } };
  ctx.recordUndo?.(undo);
  const did = await updateLatest(rest, { first: true });
  const updated = await config(ctx, name);
  const published = await laterWrite(ctx, () =>
    client.send(new PublishVersionCommand({ FunctionName: name, CodeSha256: guard, ...(updated.RevisionId ? { RevisionId: updated.RevisionId } : {}) })),
  );
  const version = published.Version;
  if (!version || version === '$LATEST') throw new Error('PublishVersion returned no version number');
  await waitForFunctionIdle(ctx, name, version);
  await laterWrite(ctx, () => client.send(new UpdateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version, ...(current.RevisionId ? { RevisionId: current.RevisionId } : {}) })));
  return { undo, detail: `${did}, published version ${version} and moved alias ${alias} from version ${from} to ${version}` };
}

/** The undo of a release: restore $LATEST, then move the alias back to the version it served. */
async function restore(input: JsonObject, ctx: AwsContext, updateLatest: (rest: JsonObject) => Promise<string>) {
  const client = ctx.factory.lambda(ctx.region);
  const name = nameOf(input);
  const { rest, alias, to } = splitRelease(input);
  if (!to) throw new Error(`the undo names no version to move alias ${alias} back to`);
  const did = await updateLatest(rest);
  await laterWrite(ctx, () => client.send(new UpdateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: to })));
  return { detail: `${did} and moved alias ${alias} back to version ${to}` };
}

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
      iam: CODE_IAM,
      apply: async (input, ctx) => ({ detail: await redeploy(ctx, input, { first: true }) }),
    },
    [RELEASE_CONFIG]: {
      iam: ['lambda:UpdateFunctionConfiguration', ...RELEASE_IAM],
      apply: (input, ctx, change) =>
        release(input, ctx, change, async (rest, first) => {
          const client = ctx.factory.lambda(ctx.region);
          await update(ctx, nameOf(input), () => client.send(new UpdateFunctionConfigurationCommand(sdkInput<UpdateFunctionConfigurationCommandInput>(rest))), first);
          return 'updated $LATEST';
        }),
    },
    [RESTORE_CONFIG]: {
      iam: ['lambda:UpdateFunctionConfiguration', 'lambda:UpdateAlias', READ_CONFIG],
      apply: (input, ctx) =>
        restore(input, ctx, async (rest) => {
          const client = ctx.factory.lambda(ctx.region);
          await update(ctx, nameOf(input), () => client.send(new UpdateFunctionConfigurationCommand(sdkInput<UpdateFunctionConfigurationCommandInput>(rest))));
          return 'restored $LATEST';
        }),
    },
    [RELEASE_CODE]: {
      iam: [...CODE_IAM, ...RELEASE_IAM],
      apply: (input, ctx, change) => release(input, ctx, change, (rest, first) => redeploy(ctx, rest, first)),
    },
    [RESTORE_CODE]: {
      iam: [...CODE_IAM, 'lambda:UpdateAlias'],
      apply: (input, ctx) => restore(input, ctx, (rest) => redeploy(ctx, rest, { first: true })),
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
    'lambda:MemorySize': { iam: [READ_CONFIG], read: (c, ctx) => served(c, ctx, (config) => config.MemorySize ?? null) },
    'lambda:Timeout': { iam: [READ_CONFIG], read: (c, ctx) => served(c, ctx, (config) => config.Timeout ?? null) },
    'lambda:Architectures': { iam: [READ_CONFIG], read: (c, ctx) => served(c, ctx, (config) => config.Architectures ?? ['x86_64']) },
    'lambda:LoggingConfig': {
      iam: [READ_CONFIG],
      read: (c, ctx) =>
        served(c, ctx, (config) => {
          const logFormat = config.LoggingConfig?.LogFormat ?? 'Text';
          return { logFormat, applicationLogLevel: logFormat === 'JSON' ? (config.LoggingConfig?.ApplicationLogLevel ?? null) : null };
        }),
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
