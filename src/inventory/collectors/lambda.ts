/**
 * Lambda: functions (one GetFunction each for tags and reserved concurrency, plus aliases and
 * provisioned concurrency), layer architectures once per layer version (the content of one that lists
 * none scanned for native x86-64 code), and account settings.
 * Environment variables are kept by NAME only: values can hold secrets and never leave this file.
 */
import {
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
  type ProvisionedConcurrencyConfigListItem,
} from '@aws-sdk/client-lambda';
import { declarePermissions } from '../../aws/permissions.js';
import type { LambdaAccountSettings, LambdaAlias, LambdaFunction, LambdaInvoker, LambdaVersionConfig } from '../snapshot.js';
import { Tasks, compact, paginate, started, tagsFromRecord, type Collection } from './context.js';
import { scanLayerContent } from './layer-content.js';

declarePermissions({
  source: 'collector:lambda',
  scope: 'audit',
  actions: [
    'lambda:ListFunctions',
    'lambda:GetFunction',
    // GetFunction returns the function's tags only with an explicit allow for lambda:ListTags.
    'lambda:ListTags',
    'lambda:ListAliases',
    'lambda:ListProvisionedConcurrencyConfigs',
    'lambda:GetLayerVersion',
    'lambda:GetAccountSettings',
    // The version an alias serves: GetFunctionConfiguration with the version as qualifier.
    'lambda:GetFunctionConfiguration',
    'lambda:ListEventSourceMappings',
  ],
});

const SERVICE = 'lambda';

export interface LambdaPart {
  functions: LambdaFunction[];
  settings: LambdaAccountSettings[];
}

export async function collectLambda(c: Collection, region: string): Promise<LambdaPart> {
  const client = c.factory.lambda(region);
  const where = (operation: string, resource?: string) => ({ service: SERVICE, region, operation, resource });

  const settingsRead = started(
    c.guard(where('GetAccountSettings'), async () => {
      const got = await c.request(() => client.send(new GetAccountSettingsCommand({})));
      const limit = got.AccountLimit;
      return {
        region,
        concurrencyLimit: limit?.ConcurrentExecutions ?? 1000,
        unreservedConcurrency: limit?.UnreservedConcurrentExecutions ?? null,
        codeSizeZipped: limit?.CodeSizeZipped ?? null,
      };
    }),
  );

  // Which qualifier each event source mapping invokes, for every function of the region at once.
  const mappingsRead = started(
    c.guard(where('ListEventSourceMappings'), async () => {
      const invokers = new Map<string, LambdaInvoker[]>();
      await paginate(
        (Marker) => c.request(() => client.send(new ListEventSourceMappingsCommand({ Marker, MaxItems: 100 })), 'list'),
        (page) => page.NextMarker,
        (page) => {
          for (const mapping of page.EventSourceMappings ?? []) {
            const name = mapping.FunctionArn?.split(':')[6];
            if (!name || !mapping.UUID) continue;
            invokers.set(name, [...(invokers.get(name) ?? []), { source: 'event-source-mapping', id: mapping.UUID, qualifier: qualifierOf(mapping.FunctionArn) }]);
          }
        },
      );
      return invokers;
    }),
  );
  const tasks = new Tasks<LambdaFunction | undefined>();
  await c.guard(where('ListFunctions'), () =>
    paginate(
      (Marker) => c.request(() => client.send(new ListFunctionsCommand({ Marker, MaxItems: 50 })), 'list'),
      (page) => page.NextMarker,
      (page) => {
        for (const listed of page.Functions ?? []) if (listed.FunctionName) tasks.add(readFunction(c, region, listed));
      },
    ),
  );
  const [functions, settings, mappings] = await Promise.all([tasks.settle(), settingsRead, mappingsRead]);
  const read = compact(functions);
  for (const fn of read) fn.invokedQualifiers = mappings ? (mappings.get(fn.name) ?? []) : null;
  return { functions: read, settings: compact([settings]) };
}

async function readFunction(c: Collection, region: string, listed: FunctionConfiguration): Promise<LambdaFunction | undefined> {
  const client = c.factory.lambda(region);
  const name = listed.FunctionName as string;
  const where = (operation: string) => ({ service: SERVICE, region, operation, resource: name });

  const [got, aliases, provisioned] = await Promise.all([
    c.guard(where('GetFunction'), () => c.request(() => client.send(new GetFunctionCommand({ FunctionName: name })))),
    c.guard(where('ListAliases'), async () => {
      const listed: AliasConfiguration[] = [];
      await paginate(
        (Marker) => c.request(() => client.send(new ListAliasesCommand({ FunctionName: name, Marker, MaxItems: 10000 }))),
        (page) => page.NextMarker,
        (page) => listed.push(...(page.Aliases ?? []).filter((a) => a.Name)),
      );
      return listed;
    }),
    c.guard(where('ListProvisionedConcurrencyConfigs'), async () => {
      const configs: ProvisionedConcurrencyConfigListItem[] = [];
      await paginate(
        (Marker) => c.request(() => client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name, Marker, MaxItems: 50 }))),
        (page) => page.NextMarker,
        (page) => configs.push(...(page.ProvisionedConcurrencyConfigs ?? [])),
      );
      return configs;
    }),
  ]);
  // Without GetFunction the tags (and so the environment) and reserved concurrency are unknown.
  if (!got) return undefined;
  const config = got.Configuration ?? listed;
  const layers = await Promise.all((config.Layers ?? []).flatMap((layer) => (layer.Arn ? [layer.Arn] : [])).map(async (arn) => structuredClone(await readLayer(c, region, arn))));
  const logFormat = config.LoggingConfig?.LogFormat ?? 'Text';
  const aliasDetails = aliases ? await readAliases(c, region, name, aliases) : undefined;
  return {
    region,
    name,
    arn: config.FunctionArn ?? listed.FunctionArn ?? name,
    runtime: config.Runtime ?? null,
    role: config.Role ?? null,
    vpc: config.VpcConfig?.SubnetIds?.length ? { subnetIds: [...config.VpcConfig.SubnetIds].sort(), securityGroupIds: [...(config.VpcConfig.SecurityGroupIds ?? [])].sort() } : null,
    packageType: config.PackageType === 'Image' ? 'Image' : 'Zip',
    architectures: config.Architectures?.length ? [...config.Architectures] : ['x86_64'],
    memoryMb: config.MemorySize ?? 128,
    timeoutS: config.Timeout ?? 3,
    reservedConcurrency: got.Concurrency?.ReservedConcurrentExecutions ?? null,
    provisionedConcurrency: (provisioned ?? []).map((p) => ({
      qualifier: qualifierOf(p.FunctionArn),
      requested: p.RequestedProvisionedConcurrentExecutions ?? 0,
      allocated: p.AllocatedProvisionedConcurrentExecutions ?? null,
      status: p.Status ?? null,
    })),
    ...(aliases ? { aliases: aliases.map((a) => a.Name as string) } : {}),
    ...(aliasDetails ? { aliasDetails } : {}),
    layers,
    logging: {
      logFormat,
      // Log levels apply to JSON logs only; AWS ignores them for Text (as the drift guard reads them).
      applicationLogLevel: logFormat === 'JSON' ? (config.LoggingConfig?.ApplicationLogLevel ?? null) : null,
      systemLogLevel: logFormat === 'JSON' ? (config.LoggingConfig?.SystemLogLevel ?? null) : null,
      logGroup: config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
    },
    environmentVariableNames: Object.keys(config.Environment?.Variables ?? {}).sort(),
    tags: tagsFromRecord(got.Tags),
    codeSizeBytes: config.CodeSize ?? 0,
    codeSha256: config.CodeSha256 ?? null,
    // Filled in from the REST APIs' integrations once API Gateway has been read.
    invokedByApiGateway: null,
    lastModified: config.LastModified ?? null,
  };
}

/** Each alias with its version, weights and that version's configuration (one read per distinct version). */
async function readAliases(c: Collection, region: string, name: string, aliases: AliasConfiguration[]): Promise<LambdaAlias[]> {
  const versions = new Map<string, Promise<LambdaVersionConfig | null>>();
  const versionConfig = (version: string): Promise<LambdaVersionConfig | null> => {
    if (version === '$LATEST') return Promise.resolve(null);
    let read = versions.get(version);
    if (!read) {
      read = c
        .guard({ service: SERVICE, region, operation: 'GetFunctionConfiguration', resource: `${name}:${version}` }, () =>
          c.request(() => c.factory.lambda(region).send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: version }))),
        )
        .then((got) => (got ? versionConfigOf(version, got) : null));
      versions.set(version, read);
    }
    return read;
  };
  return Promise.all(
    aliases.map(async (alias) => {
      const functionVersion = alias.FunctionVersion ?? '$LATEST';
      return {
        name: alias.Name as string,
        functionVersion,
        additionalVersionWeights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
        versionConfig: await versionConfig(functionVersion),
      };
    }),
  );
}

function versionConfigOf(version: string, config: FunctionConfiguration): LambdaVersionConfig {
  const logFormat = config.LoggingConfig?.LogFormat ?? 'Text';
  return {
    version,
    memoryMb: config.MemorySize ?? 128,
    timeoutS: config.Timeout ?? 3,
    architectures: config.Architectures?.length ? [...config.Architectures] : ['x86_64'],
    logFormat,
    applicationLogLevel: logFormat === 'JSON' ? (config.LoggingConfig?.ApplicationLogLevel ?? null) : null,
    codeSha256: config.CodeSha256 ?? null,
  };
}

/** The qualifier is the ARN's eighth field: arn:aws:lambda:region:account:function:name:qualifier. */
function qualifierOf(arn: string | undefined): string {
  return arn?.split(':')[7] ?? '$LATEST';
}

type LambdaLayer = LambdaFunction['layers'][number];

/**
 * A layer version's architectures (GetLayerVersionByArn: GetLayerVersion by ARN, the same lambda:GetLayerVersion
 * action and answer), once per layer version. One that lists none has its content downloaded and scanned.
 */
function readLayer(c: Collection, functionRegion: string, arn: string): Promise<LambdaLayer> {
  const region = arn.split(':')[3] || functionRegion;
  return c.once(`layer:${arn}`, async () => {
    const got = await c.guard({ service: SERVICE, region, operation: 'GetLayerVersionByArn', resource: arn }, () =>
      c.request(() => c.factory.lambda(region).send(new GetLayerVersionByArnCommand({ Arn: arn }))),
    );
    if (!got) return { arn, compatibleArchitectures: null };
    const compatibleArchitectures = [...(got.CompatibleArchitectures ?? [])];
    if (compatibleArchitectures.length) return { arn, compatibleArchitectures };
    const contentScan = await c.request(() => scanLayerContent({ location: got.Content?.Location, codeSize: got.Content?.CodeSize }));
    return { arn, compatibleArchitectures, contentScan };
  });
}
