/** Fake Lambda: function configuration, code, concurrency, aliases, layers; one update at a time. */
import { readZipEntries } from '../../../src/fixers/lambda/zip-reader.js';
import { awsError } from './errors.js';
import { page, sha256Base64, type FakeFunction, type FakeState, type FakeVersion } from './state.js';

type Input = Record<string, unknown>;

export const CODE_HOST = 'https://awslambda-fake-code.s3.amazonaws.com';

function arnOf(state: FakeState, fn: FakeFunction): string {
  return `arn:aws:lambda:${fn.region}:${state.accountId}:function:${fn.name}`;
}

export function findFunction(state: FakeState, region: string, name: unknown): FakeFunction {
  const raw = String(name);
  const short = raw.startsWith('arn:') ? raw.split(':')[6] : raw;
  const fn = state.functions.find((f) => f.region === region && f.name === short);
  if (!fn) throw awsError('lambda', 'ResourceNotFoundException', `Function not found: arn:aws:lambda:${region}:${state.accountId}:function:${short}`, 404);
  return fn;
}

/** A published version's configuration, frozen from $LATEST the first time a seeded version is read. */
function versionOf(fn: FakeFunction, version: string): FakeVersion {
  if (!fn.versions.includes(version)) throw awsError('lambda', 'ResourceNotFoundException', `Function not found: ${fn.name}:${version}`, 404);
  fn.versionConfigs ??= {};
  fn.versionConfigs[version] ??= { memory: fn.memory, timeout: fn.timeout, architectures: [...fn.architectures], logging: { ...fn.logging }, code: fn.code };
  return fn.versionConfigs[version];
}

/** The version a qualifier resolves to: '$LATEST', a version number, or an alias's version. */
function resolveQualifier(fn: FakeFunction, qualifier: unknown): string {
  if (qualifier === undefined || qualifier === null || qualifier === '$LATEST') return '$LATEST';
  const q = String(qualifier);
  if (fn.aliases[q] !== undefined) return fn.aliases[q];
  if (fn.versions.includes(q)) return q;
  throw awsError('lambda', 'ResourceNotFoundException', `Function not found: ${fn.name}:${q}`, 404);
}

function configuration(state: FakeState, fn: FakeFunction, consumeRead = true, qualifier?: unknown): Record<string, unknown> {
  const version = resolveQualifier(fn, qualifier);
  if (version !== '$LATEST') {
    const v = versionOf(fn, version);
    return {
      ...configuration(state, { ...fn, memory: v.memory, timeout: v.timeout, architectures: v.architectures, logging: v.logging, code: v.code, updatingReads: 0 }, false),
      FunctionArn: `${arnOf(state, fn)}:${version}`,
      Version: version,
      RevisionId: `${fn.name}-v${version}`,
    };
  }
  const inProgress = fn.updatingReads > 0;
  if (inProgress && consumeRead) fn.updatingReads--;
  return {
    FunctionName: fn.name,
    FunctionArn: arnOf(state, fn),
    RevisionId: `${fn.name}-r${fn.revision ?? 0}`,
    Runtime: fn.runtime ?? undefined,
    Role: `arn:aws:iam::${state.accountId}:role/${fn.name}-role`,
    Handler: fn.packageType === 'Zip' ? 'index.handler' : undefined,
    CodeSize: fn.code?.length ?? 0,
    CodeSha256: fn.code ? sha256Base64(fn.code) : 'image-digest',
    MemorySize: fn.memory,
    Timeout: fn.timeout,
    LastModified: fn.lastModified,
    Version: '$LATEST',
    PackageType: fn.packageType,
    Architectures: fn.architectures,
    Layers: fn.layers.map((arn) => ({ Arn: arn, CodeSize: 1000 })),
    Environment: { Variables: { ...fn.environment } },
    LoggingConfig: { ...fn.logging },
    State: 'Active',
    LastUpdateStatus: inProgress ? 'InProgress' : 'Successful',
    EphemeralStorage: { Size: 512 },
  };
}

function startUpdate(state: FakeState, fn: FakeFunction): void {
  if (fn.updatingReads > 0) {
    throw awsError('lambda', 'ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${arnOf(state, fn)}`, 409);
  }
}

function finishUpdate(state: FakeState, fn: FakeFunction): void {
  fn.revision = (fn.revision ?? 0) + 1;
  fn.lastModified = state.now().toISOString().replace('Z', '+0000');
  fn.updatingReads = state.lambdaSettleReads;
}

function invalid(message: string): Error {
  return awsError('lambda', 'InvalidParameterValueException', message, 400);
}

function qualifierExists(fn: FakeFunction, qualifier: string): boolean {
  return fn.aliases[qualifier] !== undefined || fn.versions.includes(qualifier);
}

export function lambdaHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  return {
    ListFunctions: (input, region) => {
      const all = state.functions.filter((f) => f.region === region);
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxItems as number | undefined);
      return { Functions: items.map((f) => configuration(state, f, false)), NextMarker: next };
    },
    GetFunction: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const code =
        fn.packageType === 'Image'
          ? { RepositoryType: 'ECR', ImageUri: fn.imageUri }
          : { RepositoryType: 'S3', Location: `${CODE_HOST}/snapshots/${state.accountId}/${encodeURIComponent(fn.region)}/${encodeURIComponent(fn.name)}/code.zip?X-Amz-Signature=fake` };
      return {
        Configuration: configuration(state, fn),
        Code: code,
        Tags: { ...fn.tags },
        ...(fn.reserved !== null ? { Concurrency: { ReservedConcurrentExecutions: fn.reserved } } : {}),
      };
    },
    GetFunctionConfiguration: (input, region) => configuration(state, findFunction(state, region, input.FunctionName), true, input.Qualifier),
    GetAlias: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const name = String(input.Name);
      if (fn.aliases[name] === undefined) throw awsError('lambda', 'ResourceNotFoundException', `Alias not found: ${arnOf(state, fn)}:${name}`, 404);
      return aliasConfiguration(state, fn, name);
    },
    PublishVersion: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      if (fn.updatingReads > 0) throw awsError('lambda', 'ResourceConflictException', `An update is in progress for resource: ${arnOf(state, fn)}`, 409);
      const sha = fn.code ? sha256Base64(fn.code) : 'image-digest';
      if (input.CodeSha256 !== undefined && input.CodeSha256 !== sha) {
        throw invalid(`CodeSHA256 (${String(input.CodeSha256)}) is different from current CodeSHA256 in $LATEST (${sha}). Please try again with the CodeSHA256 in $LATEST.`);
      }
      if (input.RevisionId !== undefined && input.RevisionId !== `${fn.name}-r${fn.revision ?? 0}`) {
        throw awsError('lambda', 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', 412);
      }
      const version = String(Math.max(0, ...fn.versions.map(Number)) + 1);
      fn.versions.push(version);
      fn.versionConfigs ??= {};
      fn.versionConfigs[version] = { memory: fn.memory, timeout: fn.timeout, architectures: [...fn.architectures], logging: { ...fn.logging }, code: fn.code };
      return configuration(state, fn, false, version);
    },
    UpdateAlias: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const name = String(input.Name);
      if (fn.aliases[name] === undefined) throw awsError('lambda', 'ResourceNotFoundException', `Alias not found: ${arnOf(state, fn)}:${name}`, 404);
      if (input.RevisionId !== undefined && input.RevisionId !== aliasRevision(fn, name)) {
        throw awsError('lambda', 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', 412);
      }
      if (input.FunctionVersion !== undefined) {
        const version = String(input.FunctionVersion);
        if (!fn.versions.includes(version) && version !== '$LATEST') throw awsError('lambda', 'ResourceNotFoundException', `Function not found: ${arnOf(state, fn)}:${version}`, 404);
        if (version === '$LATEST' && fn.provisioned[name] !== undefined) throw invalid('Alias with provisioned concurrency cannot point to $LATEST');
        fn.aliases[name] = version;
      }
      if (input.RoutingConfig !== undefined) {
        const weights = (input.RoutingConfig as { AdditionalVersionWeights?: Record<string, number> }).AdditionalVersionWeights ?? {};
        fn.aliasWeights ??= {};
        if (Object.keys(weights).length) fn.aliasWeights[name] = { ...weights };
        else delete fn.aliasWeights[name];
      }
      fn.aliasRevisions ??= {};
      fn.aliasRevisions[name] = (fn.aliasRevisions[name] ?? 0) + 1;
      return aliasConfiguration(state, fn, name);
    },
    ListEventSourceMappings: (input, region) => {
      const all = (state.eventSourceMappings ?? [])
        .filter((m) => m.region === region)
        .filter((m) => input.FunctionName === undefined || m.functionArn.split(':')[6] === String(input.FunctionName))
        .map((m) => ({ UUID: m.uuid, FunctionArn: m.functionArn, EventSourceArn: m.eventSourceArn, State: 'Enabled', BatchSize: 10 }));
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxItems as number | undefined);
      return { EventSourceMappings: items, NextMarker: next };
    },
    GetFunctionConcurrency: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      return fn.reserved === null ? {} : { ReservedConcurrentExecutions: fn.reserved };
    },
    ListProvisionedConcurrencyConfigs: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const all = Object.entries(fn.provisioned).map(([qualifier, count]) => ({
        FunctionArn: `${arnOf(state, fn)}:${qualifier}`,
        RequestedProvisionedConcurrentExecutions: count,
        AllocatedProvisionedConcurrentExecutions: count,
        AvailableProvisionedConcurrentExecutions: count,
        Status: 'READY',
        LastModified: fn.lastModified,
      }));
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxItems as number | undefined);
      return { ProvisionedConcurrencyConfigs: items, NextMarker: next };
    },
    GetProvisionedConcurrencyConfig: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const count = fn.provisioned[String(input.Qualifier)];
      if (count === undefined) throw awsError('lambda', 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function', 404);
      return { RequestedProvisionedConcurrentExecutions: count, AllocatedProvisionedConcurrentExecutions: count, AvailableProvisionedConcurrentExecutions: count, Status: 'READY' };
    },
    ListAliases: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const all = Object.keys(fn.aliases).map((name) => aliasConfiguration(state, fn, name));
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxItems as number | undefined);
      return { Aliases: items, NextMarker: next };
    },
    GetLayerVersionByArn: (input) => {
      const layer = state.layers[String(input.Arn)];
      if (!layer) throw awsError('lambda', 'ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      return { LayerVersionArn: input.Arn, CompatibleArchitectures: layer.compatibleArchitectures, Version: 1 };
    },
    GetAccountSettings: (_input, region) => {
      const reserved = state.functions.filter((f) => f.region === region).reduce((n, f) => n + (f.reserved ?? 0), 0);
      return { AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 - reserved, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800 }, AccountUsage: { FunctionCount: state.functions.length } };
    },
    UpdateFunctionConfiguration: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      startUpdate(state, fn);
      if (input.MemorySize !== undefined) {
        const m = Number(input.MemorySize);
        if (!Number.isInteger(m) || m < 128 || m > 10240) throw invalid(`'${m}' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240`);
      }
      if (input.Timeout !== undefined) {
        const t = Number(input.Timeout);
        if (!Number.isInteger(t) || t < 1 || t > 900) throw invalid(`'${t}' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900`);
      }
      const logging = input.LoggingConfig as FakeFunction['logging'] | undefined;
      if (logging) {
        const format = logging.LogFormat ?? fn.logging.LogFormat;
        if (format !== 'JSON' && (logging.ApplicationLogLevel || logging.SystemLogLevel)) {
          throw invalid('To use log level filtering, you must set the log format to JSON.');
        }
        const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
        if (logging.ApplicationLogLevel && !levels.includes(logging.ApplicationLogLevel)) throw invalid(`Invalid ApplicationLogLevel ${logging.ApplicationLogLevel}`);
        fn.logging =
          format === 'JSON'
            ? { LogFormat: 'JSON', ApplicationLogLevel: logging.ApplicationLogLevel ?? 'INFO', SystemLogLevel: logging.SystemLogLevel ?? 'INFO', LogGroup: logging.LogGroup ?? fn.logging.LogGroup }
            : { LogFormat: 'Text', LogGroup: logging.LogGroup ?? fn.logging.LogGroup };
      }
      if (input.MemorySize !== undefined) fn.memory = Number(input.MemorySize);
      if (input.Timeout !== undefined) fn.timeout = Number(input.Timeout);
      finishUpdate(state, fn);
      return configuration(state, fn, false);
    },
    UpdateFunctionCode: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      startUpdate(state, fn);
      if (fn.packageType === 'Image' && input.ZipFile) throw invalid('Please provide ImageUri when updating a function with packageType Image.');
      if (input.ZipFile && input.S3Bucket) throw invalid('Please do not provide other FunctionCode parameters when providing a ZipFile.');
      let zip = input.ZipFile ? Buffer.from(input.ZipFile as Uint8Array) : null;
      if (zip && zip.length > 50 * 1024 * 1024) throw awsError('lambda', 'RequestEntityTooLargeException', 'Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation', 413);
      if (input.S3Bucket !== undefined) {
        const object = state.objects?.[String(input.S3Bucket)]?.[String(input.S3Key)];
        if (!object) throw invalid(`Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.`);
        const bucket = state.buckets.find((b) => b.name === input.S3Bucket);
        if (bucket && bucket.region !== region) throw invalid(`Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: ${bucket.region}. Please use this region to retry the request`);
        zip = Buffer.from(object);
      }
      if (!zip) throw invalid('Please provide a source for function code.');
      try {
        readZipEntries(zip);
      } catch {
        throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
      }
      const architectures = (input.Architectures as string[] | undefined) ?? fn.architectures;
      if (architectures.length !== 1 || !['x86_64', 'arm64'].includes(architectures[0])) throw invalid('Architectures must hold exactly one of x86_64, arm64');
      for (const layer of fn.layers) {
        const compatible = state.layers[layer]?.compatibleArchitectures ?? [];
        if (compatible.length && !compatible.includes(architectures[0])) throw invalid(`Layer ${layer} is not compatible with ${architectures[0]}`);
      }
      fn.code = zip;
      fn.architectures = [...architectures];
      finishUpdate(state, fn);
      return configuration(state, fn, false);
    },
    PutFunctionConcurrency: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const value = Number(input.ReservedConcurrentExecutions);
      const others = state.functions.filter((f) => f.region === region && f !== fn).reduce((n, f) => n + (f.reserved ?? 0), 0);
      if (1000 - others - value < 100) {
        throw invalid("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].");
      }
      fn.reserved = value;
      return { ReservedConcurrentExecutions: value };
    },
    DeleteFunctionConcurrency: (input, region) => {
      findFunction(state, region, input.FunctionName).reserved = null;
      return {};
    },
    PutProvisionedConcurrencyConfig: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const qualifier = String(input.Qualifier);
      if (qualifier === '$LATEST') throw invalid('Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
      if (!qualifierExists(fn, qualifier)) throw awsError('lambda', 'ResourceNotFoundException', `Function not found: ${arnOf(state, fn)}:${qualifier}`, 404);
      const count = Number(input.ProvisionedConcurrentExecutions);
      if (!Number.isInteger(count) || count < 1) throw invalid('ProvisionedConcurrentExecutions must be at least 1');
      fn.provisioned[qualifier] = count;
      return { RequestedProvisionedConcurrentExecutions: count, Status: 'IN_PROGRESS' };
    },
    DeleteProvisionedConcurrencyConfig: (input, region) => {
      const fn = findFunction(state, region, input.FunctionName);
      const qualifier = String(input.Qualifier);
      if (fn.provisioned[qualifier] === undefined) throw awsError('lambda', 'ResourceNotFoundException', 'No Provisioned Concurrency Config found', 404);
      delete fn.provisioned[qualifier];
      return {};
    },
  };
}

function aliasRevision(fn: FakeFunction, name: string): string {
  return `${fn.name}-${name}-a${fn.aliasRevisions?.[name] ?? 0}`;
}

function aliasConfiguration(state: FakeState, fn: FakeFunction, name: string): Record<string, unknown> {
  const weights = fn.aliasWeights?.[name];
  return {
    AliasArn: `${arnOf(state, fn)}:${name}`,
    Name: name,
    FunctionVersion: fn.aliases[name],
    RevisionId: aliasRevision(fn, name),
    ...(weights ? { RoutingConfig: { AdditionalVersionWeights: { ...weights } } } : {}),
  };
}

/** Serves GetFunction's presigned code URLs (what `fetch` downloads). */
export function serveCode(state: FakeState, url: string): Response | undefined {
  if (!url.startsWith(CODE_HOST)) return undefined;
  if (!state.serveCode) return new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
  const match = /\/snapshots\/[^/]+\/([^/]+)\/([^/]+)\/code\.zip/.exec(url);
  const fn = match ? state.functions.find((f) => f.region === decodeURIComponent(match[1]) && f.name === decodeURIComponent(match[2])) : undefined;
  if (!fn?.code) return new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
  return new Response(new Uint8Array(fn.code), { status: 200, headers: { 'content-type': 'application/zip' } });
}
