/**
 * SAM `Globals` applied onto each AWS::Serverless::* resource the way the SAM translator does
 * (samtranslator/plugins/globals/globals.py, GlobalProperties): on the raw template, before any intrinsic
 * is resolved. A primitive or an intrinsic ({ Ref }, { 'Fn::If' } …) on the resource wins; maps are merged
 * key by key, recursively; lists are concatenated, Globals' entries first, then the resource's; when the
 * two kinds differ the resource's value wins. `IgnoreGlobals` ('*' or a list of property names) is honoured.
 */
import { isIntrinsic } from './expression.js';
import { isRecord } from './parse.js';
import type { ParsedResource, ParsedTemplate } from './types.js';

/** The properties SAM accepts under each Globals section (samtranslator 1.110, globals.py supported_properties). */
export const SAM_GLOBALS_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  Function: [
    'Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment',
    'Tags', 'PropagateTags', 'Tracing', 'KmsKeyArn', 'AutoPublishAlias', 'AutoPublishAliasAllProperties', 'Layers',
    'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions', 'ProvisionedConcurrencyConfig',
    'AssumeRolePolicyDocument', 'EventInvokeConfig', 'FileSystemConfigs', 'CodeSigningConfigArn', 'Architectures', 'SnapStart',
    'EphemeralStorage', 'FunctionUrlConfig', 'RuntimeManagementConfig', 'LoggingConfig', 'RecursiveLoop', 'SourceKMSKeyArn',
    'TenancyConfig', 'DurableConfig', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished',
    'VersionDeletionPolicy',
  ],
  Api: [
    'Auth', 'Name', 'DefinitionUri', 'CacheClusterEnabled', 'CacheClusterSize', 'MergeDefinitions', 'Variables',
    'EndpointConfiguration', 'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors', 'GatewayResponses',
    'AccessLogSetting', 'CanarySetting', 'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', 'PropagateTags',
    'SecurityPolicy', 'EndpointAccessMode',
  ],
  HttpApi: [
    'Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'CorsConfiguration', 'DefaultRouteSettings', 'Domain',
    'RouteSettings', 'FailOnWarnings', 'PropagateTags',
  ],
  SimpleTable: ['SSESpecification'],
  StateMachine: ['PropagateTags'],
  LayerVersion: ['PublishLambdaVersion'],
};

export interface MergedProperties {
  /** The resource's Properties with Globals applied, still unresolved (long form). */
  readonly properties: Record<string, unknown>;
  /** Where each merged path is written: merged path ('Properties.Timeout') → full source path ('Globals.Function.Timeout'); deeper paths inherit the nearest entry. */
  readonly origins: ReadonlyMap<string, string>;
  readonly notes: readonly string[];
}

export function applyGlobals(parsed: ParsedTemplate, resource: ParsedResource): MergedProperties {
  const own = `Resources.${resource.logicalId}.Properties`;
  const origins = new Map<string, string>([['Properties', own]]);
  const section = resource.type.startsWith('AWS::Serverless::') ? resource.type.slice('AWS::Serverless::'.length) : null;
  const globals = parsed.sam && section !== null ? parsed.globals[section] : undefined;
  if (globals === undefined || section === null) return { properties: resource.properties, origins, notes: [] };
  const notes: string[] = [];
  const supported = SAM_GLOBALS_PROPERTIES[section];
  const ignored = resource.attributes.IgnoreGlobals;
  const applicable: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(globals)) {
    if (supported === undefined) {
      notes.push(`Globals.${section} is not a section SAM supports: not applied`);
      break;
    }
    if (!supported.includes(name)) {
      notes.push(`Globals.${section}.${name} is not a property SAM supports under Globals.${section}: not applied (sam deploy rejects it)`);
      continue;
    }
    if (ignored === '*' || (Array.isArray(ignored) && ignored.includes(name))) continue;
    applicable[name] = value;
  }
  const properties = mergeMaps(applicable, `Globals.${section}`, resource.properties, own, 'Properties', origins);
  return { properties, origins, notes };
}

function merge(global: unknown, globalPath: string, local: unknown, localPath: string, path: string, origins: Map<string, string>): unknown {
  const kind = (value: unknown) => (isIntrinsic(value) ? 'primitive' : Array.isArray(value) ? 'list' : isRecord(value) ? 'map' : 'primitive');
  const kinds = [kind(global), kind(local)];
  if (kinds[0] === 'map' && kinds[1] === 'map') {
    return mergeMaps(global as Record<string, unknown>, globalPath, local as Record<string, unknown>, localPath, path, origins);
  }
  if (kinds[0] === 'list' && kinds[1] === 'list') {
    const globalList = global as unknown[];
    const localList = local as unknown[];
    origins.set(path, localPath);
    globalList.forEach((_item, index) => origins.set(`${path}.${index}`, `${globalPath}.${index}`));
    localList.forEach((_item, index) => origins.set(`${path}.${globalList.length + index}`, `${localPath}.${index}`));
    return [...globalList, ...localList];
  }
  origins.set(path, localPath);
  return local;
}

function mergeMaps(
  global: Record<string, unknown>,
  globalPath: string,
  local: Record<string, unknown>,
  localPath: string,
  path: string,
  origins: Map<string, string>,
): Record<string, unknown> {
  origins.set(path, localPath);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(global)) {
    merged[key] = value;
    origins.set(`${path}.${key}`, `${globalPath}.${key}`);
  }
  for (const [key, value] of Object.entries(local)) {
    if (Object.hasOwn(global, key)) {
      merged[key] = merge(global[key], `${globalPath}.${key}`, value, `${localPath}.${key}`, `${path}.${key}`, origins);
    } else {
      merged[key] = value;
      origins.set(`${path}.${key}`, `${localPath}.${key}`);
    }
  }
  return merged;
}
