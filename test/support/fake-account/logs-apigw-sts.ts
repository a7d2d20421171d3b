/** Fake CloudWatch Logs (retention), API Gateway (stages, cache clusters) and STS. */
import { awsError } from './errors.js';
import { page, type FakeState } from './state.js';

type Input = Record<string, unknown>;

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** /{resource path, "/" as ~1, or *}/{HTTP method or *}/caching/{enabled|ttlInSeconds} */
const METHOD_SETTING = /^\/([^/]+)\/([A-Z*]+)\/caching\/(enabled|ttlInSeconds)$/;
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

export function logsHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const find = (region: string, name: unknown) => {
    const g = state.logGroups.find((x) => x.region === region && x.name === name);
    if (!g) throw awsError('logs', 'ResourceNotFoundException', 'The specified log group does not exist.', 400);
    return g;
  };
  return {
    DescribeLogGroups: (input, region) => {
      const prefix = String(input.logGroupNamePrefix ?? '');
      const all = state.logGroups.filter((g) => g.region === region && g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
      const { items, next } = page(state, all, input.nextToken as string | undefined, input.limit as number | undefined);
      return {
        logGroups: items.map((g) => ({
          logGroupName: g.name,
          arn: `arn:aws:logs:${g.region}:${state.accountId}:log-group:${g.name}:*`,
          logGroupArn: `arn:aws:logs:${g.region}:${state.accountId}:log-group:${g.name}`,
          storedBytes: g.storedBytes,
          creationTime: 1700000000000,
          ...(g.retention !== null ? { retentionInDays: g.retention } : {}),
        })),
        nextToken: next,
      };
    },
    PutRetentionPolicy: (input, region) => {
      const g = find(region, input.logGroupName);
      const days = Number(input.retentionInDays);
      if (!RETENTION_DAYS.includes(days)) throw awsError('logs', 'InvalidParameterException', `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`, 400);
      g.retention = days;
      return {};
    },
    DeleteRetentionPolicy: (input, region) => {
      find(region, input.logGroupName).retention = null;
      return {};
    },
  };
}

export function apigatewayHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const api = (region: string, id: unknown) => {
    const found = state.restApis.find((a) => a.region === region && a.id === id);
    if (!found) throw awsError('apigateway', 'NotFoundException', 'Invalid API identifier specified', 404);
    return found;
  };
  const stageView = (s: FakeState['restApis'][number]['stages'][number]) => ({
    stageName: s.name,
    cacheClusterEnabled: s.cacheClusterEnabled,
    ...(s.cacheClusterEnabled ? { cacheClusterSize: s.cacheClusterSize, cacheClusterStatus: 'AVAILABLE' } : { cacheClusterStatus: 'NOT_AVAILABLE' }),
    methodSettings: structuredClone(s.methodSettings ?? {}),
    tags: { ...s.tags },
  });
  return {
    GetRestApis: (input, region) => {
      const all = state.restApis.filter((a) => a.region === region);
      const { items, next } = page(state, all, input.position as string | undefined, input.limit as number | undefined);
      return { items: items.map((a) => ({ id: a.id, name: a.name, tags: { ...a.tags } })), position: next };
    },
    GetStages: (input, region) => ({ item: api(region, input.restApiId).stages.map(stageView) }),
    GetStage: (input, region) => {
      const stage = api(region, input.restApiId).stages.find((s) => s.name === input.stageName);
      if (!stage) throw awsError('apigateway', 'NotFoundException', 'Invalid Stage identifier specified', 404);
      return stageView(stage);
    },
    GetResources: (input, region) => {
      const all = api(region, input.restApiId).resources;
      const { items, next } = page(state, all, input.position as string | undefined, input.limit as number | undefined);
      return {
        items: items.map((r) => ({
          id: r.id,
          path: r.path,
          resourceMethods: Object.fromEntries(
            Object.entries(r.methods).map(([m, v]) => [
              m,
              {
                httpMethod: m,
                authorizationType: v.authorizationType ?? 'NONE',
                ...(v.requestParameters ? { requestParameters: { ...v.requestParameters } } : {}),
                methodIntegration: v.uri ? { type: 'AWS_PROXY', uri: v.uri, cacheKeyParameters: [...(v.cacheKeyParameters ?? [])] } : { type: 'MOCK', cacheKeyParameters: [...(v.cacheKeyParameters ?? [])] },
              },
            ]),
          ),
        })),
        position: next,
      };
    },
    UpdateStage: (input, region) => {
      const restApi = api(region, input.restApiId);
      const stage = restApi.stages.find((s) => s.name === input.stageName);
      if (!stage) throw awsError('apigateway', 'NotFoundException', 'Invalid Stage identifier specified', 404);
      for (const op of (input.patchOperations ?? []) as { op: string; path: string; value?: string }[]) {
        if (op.op !== 'replace') throw awsError('apigateway', 'BadRequestException', `Invalid patch operation specified. Must be 'replace' for ${op.path}`, 400);
        if (op.path === '/cacheClusterEnabled') {
          if (op.value !== 'true' && op.value !== 'false') throw awsError('apigateway', 'BadRequestException', `Invalid boolean ${op.value}`, 400);
          stage.cacheClusterEnabled = op.value === 'true';
          if (stage.cacheClusterEnabled && !stage.cacheClusterSize) stage.cacheClusterSize = '0.5';
        } else if (op.path === '/cacheClusterSize') {
          if (!CACHE_SIZES.includes(String(op.value))) throw awsError('apigateway', 'BadRequestException', `Invalid cache cluster size ${op.value}`, 400);
          stage.cacheClusterSize = op.value;
        } else if (METHOD_SETTING.test(op.path)) {
          const [, resourceKey, method, setting] = METHOD_SETTING.exec(op.path) as RegExpExecArray;
          if (resourceKey !== '*' || method !== '*') {
            const path = resourceKey.replace(/~1/g, '/').replace(/~0/g, '~');
            const resource = restApi.resources.find((r) => r.path === path);
            if (!resource || !resource.methods[method]) throw awsError('apigateway', 'BadRequestException', `Invalid method setting path: ${op.path}. No method ${method} on resource ${path}.`, 400);
          }
          const key = `${resourceKey}/${method}`;
          stage.methodSettings ??= {};
          const settings = (stage.methodSettings[key] ??= { cachingEnabled: false, cacheTtlInSeconds: 300 });
          if (setting === 'enabled') {
            if (op.value !== 'true' && op.value !== 'false') throw awsError('apigateway', 'BadRequestException', `Invalid boolean ${op.value}`, 400);
            settings.cachingEnabled = op.value === 'true';
          } else {
            const ttl = Number(op.value);
            if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) throw awsError('apigateway', 'BadRequestException', `Cache TTL must be between 0 and 3600 seconds: ${op.value}`, 400);
            settings.cacheTtlInSeconds = ttl;
          }
        } else {
          throw awsError('apigateway', 'BadRequestException', `Invalid patch path ${op.path}`, 400);
        }
      }
      if (!stage.cacheClusterEnabled) delete stage.cacheClusterSize;
      return stageView(stage);
    },
  };
}

export function stsHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  return {
    GetCallerIdentity: () => ({ Account: state.accountId, Arn: `arn:aws:iam::${state.accountId}:user/clinnet-ops`, UserId: 'AIDAFAKE' }),
  };
}
