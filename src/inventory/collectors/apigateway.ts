/**
 * API Gateway REST APIs: GetRestApis (paged by position), each API's stages (cache cluster and the
 * '*\/*' method settings) and its resources with methods embedded, whose Lambda integrations tell
 * which functions the API invokes (cheaper than one GetPolicy per function).
 */
import { GetResourcesCommand, GetRestApisCommand, GetStagesCommand, type RestApi as SdkRestApi, type Stage } from '@aws-sdk/client-api-gateway';
import { declarePermissions } from '../../aws/permissions.js';
import type { ApiMethod, ApiStage, RestApi } from '../snapshot.js';
import { Tasks, compact, paginate, tagsFromRecord, type Collection } from './context.js';

declarePermissions({ source: 'collector:apigateway', scope: 'audit', actions: ['apigateway:GET'] });

const SERVICE = 'apigateway';

export interface ApiGatewayPart {
  apis: RestApi[];
  /** False when some API or its integrations could not be read (or name functions through stage variables). */
  complete: boolean;
}

const LAMBDA_URI = /:lambda:path\/[^/]+\/functions\/(arn:[^:/]+:lambda:[^:/]+:\d+:function:[A-Za-z0-9_-]+)(?::([^/]+))?\/invocations/;

/** The qualifier an integration URI invokes: the alias or version after the function name, '$LATEST' when there is none. */
export function qualifierOfUri(uri: string | undefined): string | null {
  const match = uri ? LAMBDA_URI.exec(uri) : null;
  return match ? (match[2] ?? '$LATEST') : null;
}

/** The unqualified function ARN an integration URI invokes; null when it is not a Lambda URI; 'unknown' for stage variables. */
export function functionArnOfUri(uri: string | undefined): string | null | 'unknown' {
  if (!uri || !uri.includes(':lambda:path/')) return null;
  return LAMBDA_URI.exec(uri)?.[1] ?? 'unknown';
}

export async function collectApiGateway(c: Collection, region: string): Promise<ApiGatewayPart> {
  const client = c.factory.apigateway(region);
  const tasks = new Tasks<{ api: RestApi; complete: boolean } | undefined>();
  const listed = await c.guard({ service: SERVICE, region, operation: 'GetRestApis' }, async () => {
    await paginate(
      (position) => c.request(() => client.send(new GetRestApisCommand({ position, limit: 500 })), 'list'),
      (page) => page.position,
      (page) => {
        for (const api of page.items ?? []) if (api.id) tasks.add(readApi(c, region, api));
      },
    );
    return true;
  });
  const results = await tasks.settle();
  return { apis: compact(results).map((r) => r.api), complete: listed === true && results.every((r) => r?.complete) };
}

function stageOf(s: Stage): ApiStage {
  const enabled = s.cacheClusterEnabled ?? false;
  const defaults = s.methodSettings?.['*/*'];
  const methodCaching = Object.fromEntries(
    Object.entries(s.methodSettings ?? {}).map(([key, m]) => [key, { cachingEnabled: m.cachingEnabled ?? false, cacheTtlSeconds: m.cacheTtlInSeconds ?? null }]),
  );
  return {
    name: s.stageName ?? '',
    cacheClusterEnabled: enabled,
    // A disabled cache keeps its last size in the answer; it costs nothing, so it is not reported.
    cacheClusterSize: enabled ? (s.cacheClusterSize ?? null) : null,
    cacheClusterStatus: s.cacheClusterStatus ?? null,
    ...(defaults ? { cachingEnabled: defaults.cachingEnabled ?? false, cacheTtlSeconds: defaults.cacheTtlInSeconds ?? null } : {}),
    methodCaching,
    tags: tagsFromRecord(s.tags),
  };
}

async function readApi(c: Collection, region: string, api: SdkRestApi): Promise<{ api: RestApi; complete: boolean } | undefined> {
  const client = c.factory.apigateway(region);
  const restApiId = api.id as string;
  const where = (operation: string) => ({ service: SERVICE, region, operation, resource: restApiId });
  const [stages, integrations] = await Promise.all([
    c.guard(where('GetStages'), () => c.request(() => client.send(new GetStagesCommand({ restApiId })))),
    c.guard(where('GetResources'), async () => {
      const arns = new Set<string>();
      const methods: ApiMethod[] = [];
      const qualified = new Map<string, { functionArn: string; qualifier: string }>();
      let unknown = false;
      await paginate(
        (position) => c.request(() => client.send(new GetResourcesCommand({ restApiId, position, limit: 500, embed: ['methods'] }))),
        (page) => page.position,
        (page) => {
          for (const resource of page.items ?? []) {
            for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
              methods.push({
                resourcePath: resource.path ?? '',
                httpMethod: method.httpMethod ?? httpMethod,
                authorizationType: method.authorizationType ?? 'NONE',
                requestParameters: Object.keys(method.requestParameters ?? {}).sort(),
                cacheKeyParameters: [...(method.methodIntegration?.cacheKeyParameters ?? [])].sort(),
              });
              const arn = functionArnOfUri(method.methodIntegration?.uri);
              if (arn === 'unknown') unknown = true;
              else if (arn) {
                arns.add(arn);
                const qualifier = qualifierOfUri(method.methodIntegration?.uri) ?? '$LATEST';
                qualified.set(`${arn}:${qualifier}`, { functionArn: arn, qualifier });
              }
            }
          }
        },
      );
      methods.sort((a, b) => `${a.resourcePath} ${a.httpMethod}`.localeCompare(`${b.resourcePath} ${b.httpMethod}`));
      return { arns: [...arns].sort(), methods, qualified: [...qualified.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, q]) => q), unknown };
    }),
  ]);
  if (!stages) return undefined;
  return {
    api: {
      region,
      id: restApiId,
      name: api.name ?? restApiId,
      tags: tagsFromRecord(api.tags),
      stages: (stages.item ?? []).map(stageOf),
      ...(integrations ? { lambdaIntegrations: integrations.arns, methods: integrations.methods, lambdaIntegrationQualifiers: integrations.qualified } : {}),
    },
    complete: Boolean(integrations && !integrations.unknown),
  };
}
