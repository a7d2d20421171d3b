/**
 * The edge of a template as snapshot records: CloudFront distributions (origins, behaviours, price
 * class, cache policy ids and the comment written beside each) and REST APIs (AWS::Serverless::Api,
 * the implicit ServerlessRestApi SAM makes for Api events without RestApiId, and
 * AWS::ApiGateway::RestApi with its Stage and Method resources).
 *
 * Neutral values: a distribution's id is its logical ID and its domain name is empty (CloudFront
 * assigns both at creation); an origin domain that only resolves at deploy time is
 * `<LogicalId>.execute-api.<region>.amazonaws.com` when it names an API, `<LogicalId>.s3.<region>.amazonaws.com`
 * for a bucket's domain, else empty with a coverage gap.
 */
import type { ApiMethod, ApiStage, CacheBehavior, Distribution, DistributionOrigin, RestApi } from '../inventory/snapshot.js';
import type { BuildContext } from './snapshot-context.js';
import { apiEvents, functionArn, functionName, FUNCTION_TYPES } from './snapshot-lambda.js';
import { commentAt, isRecord, mentionedIds, referencedId, tagsOf, type Json, type PropertyReader } from './snapshot-values.js';
import { isUnresolved, type ResolvedResource } from './types.js';

const CONFIG = 'DistributionConfig';

/** What a template's AWS::CloudFront::CachePolicy caches: its TTLs and the headers in its cache key. */
function cachePolicyConfigOf(c: BuildContext, policy: ResolvedResource): NonNullable<CacheBehavior['cachePolicyConfig']> {
  const read = c.reader(policy, 'cloudfront');
  const headers = read.raw('CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.HeaderBehavior');
  return {
    minTtlS: read.number('CachePolicyConfig.MinTTL', 0),
    defaultTtlS: read.number('CachePolicyConfig.DefaultTTL', 86400),
    maxTtlS: read.number('CachePolicyConfig.MaxTTL', 31536000),
    headersInCacheKey: headers === 'whitelist' ? read.strings('CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers') : [],
  };
}

/** A policy id: a managed policy's id as written, or a policy of the template by its logical ID (CloudFront assigns its id). */
function policyId(c: BuildContext, read: PropertyReader, path: string): { id: string | null; policy: ResolvedResource | null } {
  const raw = read.raw(path);
  const ref = referencedId(raw, c.ids);
  const resource = ref ? c.byId.get(ref) : undefined;
  if (resource) return { id: resource.logicalId, policy: resource.type === 'AWS::CloudFront::CachePolicy' ? resource : null };
  return { id: read.string(path, null) || null, policy: null };
}

function behaviorOf(c: BuildContext, read: PropertyReader, path: string, pathPattern: string): CacheBehavior {
  const forwarded = read.raw(`${path}.ForwardedValues`);
  const cache = policyId(c, read, `${path}.CachePolicyId`);
  const cachePolicyId = cache.id;
  return {
    pathPattern,
    targetOriginId: read.string(`${path}.TargetOriginId`, null),
    compress: read.boolean(`${path}.Compress`, false),
    cachePolicyId,
    ...(cache.policy ? { cachePolicyConfig: cachePolicyConfigOf(c, cache.policy) } : {}),
    originRequestPolicyId: policyId(c, read, `${path}.OriginRequestPolicyId`).id,
    viewerProtocolPolicy: read.string(`${path}.ViewerProtocolPolicy`, null),
    forwardedValues:
      isRecord(forwarded) && !cachePolicyId
        ? {
            queryString: read.boolean(`${path}.ForwardedValues.QueryString`, false),
            headers: read.strings(`${path}.ForwardedValues.Headers`),
            cookies: read.string(`${path}.ForwardedValues.Cookies.Forward`, 'none'),
          }
        : null,
    cachePolicyComment: commentAt(read.resource, `${path}.CachePolicyId`),
  };
}

function originDomain(c: BuildContext, read: PropertyReader, index: number, value: unknown): string {
  if (typeof value === 'string') return value;
  const named = mentionedIds(value, c.ids).map((id) => c.byId.get(id));
  const api = named.find((r) => r && /ApiGateway::RestApi|Serverless::Api|Serverless::HttpApi|ApiGatewayV2::Api/.test(r.type));
  if (api) return `${api.logicalId}.execute-api.${c.region}.amazonaws.com`;
  if (isUnresolved(value) && /execute-api/.test(value.expression)) return `ServerlessRestApi.execute-api.${c.region}.amazonaws.com`;
  const bucket = named.find((r) => r?.type === 'AWS::S3::Bucket');
  if (bucket) return `${bucket.logicalId}.s3.${c.region}.amazonaws.com`;
  read.unresolvedGap(`${CONFIG}.Origins.${index}.DomainName`, value, 'an empty domain');
  return '';
}

function toDistribution(c: BuildContext, resource: ResolvedResource): Distribution {
  const read = c.reader(resource, 'cloudfront');
  const origins = read.raw(`${CONFIG}.Origins`);
  const behaviors = read.raw(`${CONFIG}.CacheBehaviors`);
  return {
    template: c.ref(resource),
    id: resource.logicalId,
    arn: `arn:aws:cloudfront::${c.account}:distribution/${resource.logicalId}`,
    domainName: '',
    aliases: read.strings(`${CONFIG}.Aliases`),
    comment: read.string(`${CONFIG}.Comment`, null),
    enabled: read.boolean(`${CONFIG}.Enabled`, true),
    priceClass: read.string(`${CONFIG}.PriceClass`, 'PriceClass_All'),
    defaultBehavior: behaviorOf(c, read, `${CONFIG}.DefaultCacheBehavior`, '*'),
    behaviors: Array.isArray(behaviors)
      ? behaviors.map((b: unknown, i) => behaviorOf(c, read, `${CONFIG}.CacheBehaviors.${i}`, isRecord(b) && typeof b.PathPattern === 'string' ? b.PathPattern : ''))
      : [],
    origins: Array.isArray(origins)
      ? origins.filter(isRecord).map((o: Json, i): DistributionOrigin => ({
          id: typeof o.Id === 'string' ? o.Id : `origin-${i}`,
          domainName: originDomain(c, read, i, o.DomainName),
          kind: o.S3OriginConfig !== undefined && o.CustomOriginConfig === undefined ? 's3' : 'custom',
        }))
      : [],
    tags: tagsOf(read.raw('Tags')),
  };
}

/** API Gateway's method-settings key: '*\/*' for every method, '~1patients/GET' for one. */
function settingsKey(resourcePath: string, httpMethod: string): string {
  const path = resourcePath === '/*' || resourcePath === '*' ? '*' : resourcePath.replace(/~/g, '~0').replace(/\//g, '~1');
  return `${path}/${httpMethod}`;
}

function stageOf(c: BuildContext, read: PropertyReader, name: string, prefix: string, owner: ResolvedResource): ApiStage {
  const enabled = read.boolean(`${prefix}CacheClusterEnabled`, false);
  const settings = read.raw(`${prefix}MethodSettings`);
  const methodCaching: NonNullable<ApiStage['methodCaching']> = {};
  if (Array.isArray(settings)) {
    settings.forEach((s: unknown, i) => {
      if (!isRecord(s)) return;
      const key = settingsKey(typeof s.ResourcePath === 'string' ? s.ResourcePath : '/*', typeof s.HttpMethod === 'string' ? s.HttpMethod : '*');
      methodCaching[key] = { cachingEnabled: read.boolean(`${prefix}MethodSettings.${i}.CachingEnabled`, false), cacheTtlSeconds: read.number(`${prefix}MethodSettings.${i}.CacheTtlInSeconds`, null) };
    });
  }
  const defaults = methodCaching['*/*'];
  return {
    template: c.ref(owner),
    name,
    cacheClusterEnabled: enabled,
    cacheClusterSize: enabled ? read.string(`${prefix}CacheClusterSize`, '0.5') : null,
    cacheClusterStatus: null,
    ...(defaults ? { cachingEnabled: defaults.cachingEnabled, cacheTtlSeconds: defaults.cacheTtlSeconds } : {}),
    methodCaching,
    tags: tagsOf(read.raw(`${prefix}Tags`)),
  };
}

/** The authorization a SAM API gives its methods by default (Auth.DefaultAuthorizer). */
function samAuthorization(api: ResolvedResource | undefined): string {
  const auth = api && isRecord(api.properties.Auth) ? api.properties.Auth : {};
  const name = auth.DefaultAuthorizer;
  if (typeof name !== 'string' || name === 'NONE') return 'NONE';
  if (name === 'AWS_IAM') return 'AWS_IAM';
  const authorizer = isRecord(auth.Authorizers) ? auth.Authorizers[name] : undefined;
  return isRecord(authorizer) && authorizer.UserPoolArn !== undefined ? 'COGNITO_USER_POOLS' : 'CUSTOM';
}

/** Each SAM Api event's method on the API it targets ('ServerlessRestApi' for the implicit one). */
function samMethods(c: BuildContext, apiId: string): { methods: ApiMethod[]; functionArns: string[]; first: ResolvedResource | null } {
  const methods: ApiMethod[] = [];
  const arns = new Set<string>();
  let first: ResolvedResource | null = null;
  for (const fn of c.ofType(...FUNCTION_TYPES)) {
    for (const event of apiEvents(fn).filter((e) => e.type === 'Api')) {
      const target = referencedId(event.properties.RestApiId, c.ids) ?? 'ServerlessRestApi';
      if (target !== apiId) continue;
      first ??= fn;
      arns.add(functionArn(c, functionName(c, fn)));
      const eventAuth = isRecord(event.properties.Auth) ? event.properties.Auth.Authorizer : undefined;
      methods.push({
        resourcePath: typeof event.properties.Path === 'string' ? event.properties.Path : '/',
        httpMethod: typeof event.properties.Method === 'string' ? event.properties.Method.toUpperCase().replace(/^ANY$/, 'ANY') : 'ANY',
        authorizationType: eventAuth === 'NONE' ? 'NONE' : samAuthorization(c.byId.get(apiId)),
        requestParameters: [],
        cacheKeyParameters: [],
      });
    }
  }
  methods.sort((a, b) => `${a.resourcePath} ${a.httpMethod}`.localeCompare(`${b.resourcePath} ${b.httpMethod}`));
  return { methods, functionArns: [...arns].sort(), first };
}

function samApi(c: BuildContext, resource: ResolvedResource): RestApi {
  const read = c.reader(resource, 'apigateway');
  const { methods, functionArns } = samMethods(c, resource.logicalId);
  return {
    template: c.ref(resource),
    region: c.region,
    id: resource.logicalId,
    name: read.string('Name', resource.logicalId),
    tags: tagsOf(read.raw('Tags')),
    stages: [stageOf(c, read, read.string('StageName', 'Prod'), '', resource)],
    lambdaIntegrations: functionArns,
    methods,
    lambdaIntegrationQualifiers: functionArns.map((functionArn) => ({ functionArn, qualifier: '$LATEST' })),
  };
}

/** SAM's implicit API for Api events without RestApiId: stages Prod and Stage, as `sam deploy` makes them. */
function implicitApi(c: BuildContext): RestApi[] {
  if (c.byId.has('ServerlessRestApi')) return [];
  const { methods, functionArns, first } = samMethods(c, 'ServerlessRestApi');
  if (!first) return [];
  const stage = (name: string): ApiStage => ({ template: c.ref(first), name, cacheClusterEnabled: false, cacheClusterSize: null, cacheClusterStatus: null, methodCaching: {}, tags: {} });
  return [
    {
      template: c.ref(first),
      region: c.region,
      id: 'ServerlessRestApi',
      name: 'ServerlessRestApi',
      tags: {},
      stages: [stage('Prod'), stage('Stage')],
      lambdaIntegrations: functionArns,
      methods,
      lambdaIntegrationQualifiers: functionArns.map((functionArn) => ({ functionArn, qualifier: '$LATEST' })),
    },
  ];
}

/** A resource's path from its PathPart chain up to the API root. */
function resourcePath(c: BuildContext, id: string | null): string {
  const parts: string[] = [];
  let current = id ? c.byId.get(id) : undefined;
  for (let depth = 0; current && current.type === 'AWS::ApiGateway::Resource' && depth < 50; depth++) {
    parts.unshift(typeof current.properties.PathPart === 'string' ? current.properties.PathPart : '{unresolved}');
    const parent = referencedId(current.properties.ParentId, c.ids);
    current = parent ? c.byId.get(parent) : undefined;
  }
  return `/${parts.join('/')}`;
}

function plainApi(c: BuildContext, resource: ResolvedResource): RestApi {
  const read = c.reader(resource, 'apigateway');
  const mine = (r: ResolvedResource): boolean => referencedId(r.properties.RestApiId, c.ids) === resource.logicalId;
  const functions = c.ofType(...FUNCTION_TYPES);
  const arns = new Set<string>();
  const methods = c.ofType('AWS::ApiGateway::Method').filter(mine).map((m): ApiMethod => {
    const integration = isRecord(m.properties.Integration) ? m.properties.Integration : {};
    for (const fn of functions) if (mentionedIds(integration.Uri, c.ids).includes(fn.logicalId)) arns.add(functionArn(c, functionName(c, fn)));
    const params = isRecord(m.properties.RequestParameters) ? Object.keys(m.properties.RequestParameters) : [];
    return {
      resourcePath: resourcePath(c, referencedId(m.properties.ResourceId, c.ids)),
      httpMethod: typeof m.properties.HttpMethod === 'string' ? m.properties.HttpMethod : 'ANY',
      authorizationType: typeof m.properties.AuthorizationType === 'string' ? m.properties.AuthorizationType : 'NONE',
      requestParameters: params.sort(),
      cacheKeyParameters: Array.isArray(integration.CacheKeyParameters) ? integration.CacheKeyParameters.filter((p): p is string => typeof p === 'string').sort() : [],
    };
  });
  const stages = c.ofType('AWS::ApiGateway::Stage').filter(mine).map((s) => stageOf(c, c.reader(s, 'apigateway'), c.reader(s, 'apigateway').string('StageName', s.logicalId), '', s));
  const functionArns = [...arns].sort();
  return {
    template: c.ref(resource),
    region: c.region,
    id: resource.logicalId,
    name: read.string('Name', resource.logicalId),
    tags: tagsOf(read.raw('Tags')),
    stages,
    lambdaIntegrations: functionArns,
    methods: methods.sort((a, b) => `${a.resourcePath} ${a.httpMethod}`.localeCompare(`${b.resourcePath} ${b.httpMethod}`)),
    lambdaIntegrationQualifiers: functionArns.map((functionArn) => ({ functionArn, qualifier: '$LATEST' })),
  };
}

export const templateDistributions = (c: BuildContext): Distribution[] => c.ofType('AWS::CloudFront::Distribution').map((r) => toDistribution(c, r));

export function templateRestApis(c: BuildContext): RestApi[] {
  return [...c.ofType('AWS::Serverless::Api').map((r) => samApi(c, r)), ...implicitApi(c), ...c.ofType('AWS::ApiGateway::RestApi').map((r) => plainApi(c, r))];
}
