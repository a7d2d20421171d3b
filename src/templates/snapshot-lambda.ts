/**
 * Lambda functions of a template (AWS::Serverless::Function, AWS::Lambda::Function) as snapshot
 * records, with their layers (AWS::Serverless::LayerVersion, AWS::Lambda::LayerVersion) and whether
 * API Gateway invokes them. Environment variables are kept by NAME only; a variable that is a plain
 * !Ref of a parameter records that parameter's name and NoEcho flag, never a value.
 *
 * Neutral values (documented in docs/cli.md, "audit --template"): a function without FunctionName is
 * named by its logical ID (CloudFormation would generate `<stack>-<LogicalId>-<suffix>`); memory 128 MB,
 * timeout 3 s and x86_64 when the template (and SAM Globals) leave them out, as Lambda does; code size 0
 * (the package is not built offline).
 */
import type { LambdaFunction, LambdaInvoker } from '../inventory/snapshot.js';
import type { BuildContext } from './snapshot-context.js';
import { isRecord, mentionedIds, referencedId, tagsOf, type PropertyReader } from './snapshot-values.js';
import { isUnresolved, type ResolvedResource } from './types.js';

export const FUNCTION_TYPES = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];
const LAYER_TYPES = ['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion'];
const API_EVENT_TYPES = ['Api', 'HttpApi'];

export const functionArn = (c: BuildContext, name: string): string => `arn:aws:lambda:${c.region}:${c.account}:function:${name}`;

/** The function's name: FunctionName when the template sets it and it resolves, else its logical ID (with a gap when it was set but unresolved). */
export function functionName(c: BuildContext, resource: ResolvedResource): string {
  return c.reader(resource, 'lambda').string('FunctionName', resource.logicalId);
}

/** SAM events of a function that API Gateway delivers (Api, HttpApi), with their properties. */
export function apiEvents(resource: ResolvedResource): { name: string; type: string; properties: Record<string, unknown> }[] {
  if (resource.type !== 'AWS::Serverless::Function') return [];
  const events = resource.properties.Events;
  if (!isRecord(events)) return [];
  return Object.entries(events).flatMap(([name, event]) =>
    isRecord(event) && typeof event.Type === 'string' && API_EVENT_TYPES.includes(event.Type) ? [{ name, type: event.Type, properties: isRecord(event.Properties) ? event.Properties : {} }] : [],
  );
}

/** Whether something in the template has API Gateway invoke the function: a SAM Api/HttpApi event, a method integration or an API Gateway invoke permission naming it. */
function invokedByApiGateway(c: BuildContext, resource: ResolvedResource, name: string): boolean {
  if (apiEvents(resource).length) return true;
  const names = (value: unknown): boolean =>
    mentionedIds(value, c.ids).includes(resource.logicalId) || (typeof value === 'string' && (value === name || value.includes(`:function:${name}`)));
  const byMethod = c.ofType('AWS::ApiGateway::Method').some((m) => isRecord(m.properties.Integration) && names(m.properties.Integration.Uri));
  const byPermission = c
    .ofType('AWS::Lambda::Permission')
    .some((p) => typeof p.properties.Principal === 'string' && p.properties.Principal.startsWith('apigateway.') && names(p.properties.FunctionName));
  return byMethod || byPermission;
}

function layersOf(c: BuildContext, read: PropertyReader): LambdaFunction['layers'] {
  const listed = read.raw('Layers');
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((entry: unknown, index): LambdaFunction['layers'] => {
    const id = referencedId(entry, c.ids);
    const layer = id ? c.byId.get(id) : undefined;
    if (layer && LAYER_TYPES.includes(layer.type)) {
      const layerRead = c.reader(layer, 'lambda');
      const name = layerRead.string('LayerName', layer.logicalId);
      // A layer that lists no CompatibleArchitectures is "lists none" ([]), not "unreadable" (null).
      return [{ arn: `arn:aws:lambda:${c.region}:${c.account}:layer:${name}:1`, compatibleArchitectures: layerRead.strings('CompatibleArchitectures') }];
    }
    if (typeof entry === 'string') return [{ arn: entry, compatibleArchitectures: null }];
    read.unresolvedGap(`Layers.${index}`, entry, 'a layer of unknown architectures');
    return [{ arn: `unresolved:${read.resource.logicalId}:Layers.${index}`, compatibleArchitectures: null }];
  });
}

function environmentParameters(c: BuildContext, resource: ResolvedResource): LambdaFunction['environmentVariableParameters'] {
  const prefix = 'Properties.Environment.Variables.';
  const out: NonNullable<LambdaFunction['environmentVariableParameters']> = {};
  for (const [path, parameter] of Object.entries(resource.parameterRefs)) {
    if (!path.startsWith(prefix)) continue;
    const declared = c.template.declaredParameters.find((p) => p.name === parameter);
    out[path.slice(prefix.length)] = { parameter, noEcho: declared?.noEcho ?? false, hasDefault: declared ? declared.default !== null : false };
  }
  return out;
}

/** The dynamic reference service a value uses ({{resolve:secretsmanager:…}}), or null: the reference itself is never kept. */
export function dynamicReference(value: unknown): 'secretsmanager' | 'ssm-secure' | 'ssm' | null {
  if (typeof value !== 'string') return null;
  const match = /\{\{resolve:(secretsmanager|ssm-secure|ssm):/.exec(value);
  return match ? (match[1] as 'secretsmanager' | 'ssm-secure' | 'ssm') : null;
}

function dynamicReferences(variables: unknown): LambdaFunction['environmentVariableDynamicReferences'] {
  if (!isRecord(variables)) return {};
  return Object.fromEntries(Object.entries(variables).flatMap(([name, value]) => {
    const service = dynamicReference(value);
    return service ? [[name, service]] : [];
  }));
}

function provisionedOf(read: PropertyReader, alias: string | null): LambdaFunction['provisionedConcurrency'] {
  const count = read.number('ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions', null);
  if (count === null) return [];
  return [{ qualifier: alias ?? '$LATEST', requested: count, allocated: null, status: null }];
}

function invokersOf(resource: ResolvedResource, alias: string | null, ids: ReadonlySet<string>): LambdaInvoker[] {
  return apiEvents(resource).map((event) => ({
    source: 'apigateway' as const,
    id: referencedId(event.properties.RestApiId ?? event.properties.ApiId, ids) ?? (event.type === 'HttpApi' ? 'ServerlessHttpApi' : 'ServerlessRestApi'),
    // SAM points an event at the alias when AutoPublishAlias is set.
    qualifier: alias ?? '$LATEST',
  }));
}

function toFunction(c: BuildContext, resource: ResolvedResource): LambdaFunction {
  const read = c.reader(resource, 'lambda');
  const name = functionName(c, resource);
  const alias = resource.type === 'AWS::Serverless::Function' ? read.string('AutoPublishAlias', null) : null;
  const isImage = read.raw('PackageType') === 'Image' || read.raw('ImageUri') !== undefined;
  const logFormat = read.string('LoggingConfig.LogFormat', 'Text');
  const variables = read.raw('Environment.Variables');
  const subnetIds = read.raw('VpcConfig.SubnetIds');
  const vpc = subnetIds === undefined ? null : { subnetIds: listIds(c, subnetIds), securityGroupIds: listIds(c, read.raw('VpcConfig.SecurityGroupIds')) };
  const parameters = environmentParameters(c, resource);
  const references = dynamicReferences(variables);
  return {
    template: c.ref(resource),
    region: c.region,
    name,
    arn: functionArn(c, name),
    runtime: read.string('Runtime', null),
    role: read.string('Role', null),
    vpc,
    packageType: isImage ? 'Image' : 'Zip',
    architectures: read.strings('Architectures').length ? read.strings('Architectures') : ['x86_64'],
    memoryMb: Math.round(read.number('MemorySize', 128)),
    timeoutS: Math.round(read.number('Timeout', 3)),
    reservedConcurrency: read.number('ReservedConcurrentExecutions', null),
    provisionedConcurrency: provisionedOf(read, alias),
    aliases: alias ? [alias] : [],
    invokedQualifiers: invokersOf(resource, alias, c.ids),
    layers: layersOf(c, read),
    logging: {
      logFormat,
      applicationLogLevel: logFormat === 'JSON' ? read.string('LoggingConfig.ApplicationLogLevel', null) : null,
      systemLogLevel: logFormat === 'JSON' ? read.string('LoggingConfig.SystemLogLevel', null) : null,
      logGroup: read.string('LoggingConfig.LogGroup', `/aws/lambda/${name}`),
    },
    environmentVariableNames: isRecord(variables) ? Object.keys(variables).sort() : [],
    ...(Object.keys(parameters ?? {}).length ? { environmentVariableParameters: parameters } : {}),
    ...(Object.keys(references ?? {}).length ? { environmentVariableDynamicReferences: references } : {}),
    tags: tagsOf(read.raw('Tags')),
    codeSizeBytes: 0,
    codeSha256: null,
    invokedByApiGateway: invokedByApiGateway(c, resource, name),
    lastModified: null,
  };
}

/** Subnet and security group ids: a resource of the template by its logical ID, an id as written, or the expression when neither. */
function listIds(c: BuildContext, value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => referencedId(item, c.ids) ?? (typeof item === 'string' ? item : isUnresolved(item) ? item.expression : JSON.stringify(item))).sort();
}

export function templateFunctions(c: BuildContext): LambdaFunction[] {
  return c.ofType(...FUNCTION_TYPES).map((resource) => toFunction(c, resource));
}
