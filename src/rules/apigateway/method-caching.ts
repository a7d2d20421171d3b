/**
 * Which methods a stage cache may serve. A cache cluster caches nothing until method caching is on
 * (MethodSetting cachingEnabled), so the cluster is enabled together with caching on GET methods;
 * other methods are never cached. A method that answers per caller (an authorizer, or Authorization
 * among its request parameters) is cached only when the caller's identity is in its cache key
 * (method.request.header.Authorization in the integration's cacheKeyParameters); otherwise one
 * caller's response would be served to another, and it is refused by name.
 *
 * Method-settings keys are "{resource path}/{HTTP method}" with every "/" of the path written "~1"
 * ("~1patients~1{id}/GET"), and "*\/*" for every method; a patch path is "/{key}/caching/enabled".
 */
import type { ApiMethod, ApiStage, RestApi } from '../../inventory/snapshot.js';

export const AUTHORIZATION_KEY = 'method.request.header.Authorization';
export const ALL_METHODS_KEY = '*/*';

export interface MethodCache {
  cachingEnabled: boolean;
  /** Only while caching is enabled. */
  ttlSeconds: number | null;
}

export interface MethodCachingPlan {
  /** GET methods safe to cache. */
  cacheable: ApiMethod[];
  /** GET methods that answer per caller without the caller in the cache key. */
  refused: { method: ApiMethod; reason: string }[];
  /** Methods other than GET: never cached. */
  notGet: ApiMethod[];
  /** The method-settings keys to enable caching on: '*\/*' when every method is a cacheable GET, else one per cacheable method. */
  keys: string[];
}

export function methodLabel(m: ApiMethod): string {
  return `${m.httpMethod} ${m.resourcePath}`;
}

export function methodKey(m: Pick<ApiMethod, 'resourcePath' | 'httpMethod'>): string {
  return `${m.resourcePath.replace(/~/g, '~0').replace(/\//g, '~1')}/${m.httpMethod}`;
}

const sameParam = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Why a method's response depends on the caller, or null when it does not. */
export function perCallerReason(m: ApiMethod): string | null {
  if (m.authorizationType && m.authorizationType !== 'NONE') return `a ${m.authorizationType} authorizer`;
  if (m.requestParameters.some((p) => sameParam(p, AUTHORIZATION_KEY))) return 'the Authorization header among its request parameters';
  return null;
}

export function planMethodCaching(methods: readonly ApiMethod[]): MethodCachingPlan {
  const cacheable: ApiMethod[] = [];
  const refused: MethodCachingPlan['refused'] = [];
  const notGet: ApiMethod[] = [];
  for (const m of methods) {
    if (m.httpMethod !== 'GET') {
      notGet.push(m);
      continue;
    }
    const perCaller = perCallerReason(m);
    if (perCaller && !m.cacheKeyParameters.some((p) => sameParam(p, AUTHORIZATION_KEY))) {
      refused.push({
        method: m,
        reason:
          `${methodLabel(m)} answers per caller (${perCaller}) and its integration's cacheKeyParameters lack ${AUTHORIZATION_KEY}: ` +
          `caching it would serve one caller's response to another. Add ${AUTHORIZATION_KEY} to the integration's cache key (and redeploy), then run the fix again`,
      });
      continue;
    }
    cacheable.push(m);
  }
  const keys = cacheable.length > 0 && cacheable.length === methods.length ? [ALL_METHODS_KEY] : cacheable.map(methodKey);
  return { cacheable, refused, notGet, keys };
}

/** One method-settings key's caching as the stage holds it (absent key: not cached). */
export function cacheOfKey(stage: ApiStage, key: string): MethodCache {
  const setting = stage.methodCaching?.[key];
  return setting?.cachingEnabled ? { cachingEnabled: true, ttlSeconds: setting.cacheTtlSeconds } : { cachingEnabled: false, ttlSeconds: null };
}

/** GET methods whose responses the stage caches now (own key, or the '*\/*' default). */
export function cachedGetMethods(api: RestApi, stage: ApiStage): string[] {
  const all = stage.methodCaching?.[ALL_METHODS_KEY]?.cachingEnabled ?? stage.cachingEnabled ?? false;
  return (api.methods ?? [])
    .filter((m) => m.httpMethod === 'GET' && (stage.methodCaching?.[methodKey(m)]?.cachingEnabled ?? all))
    .map(methodLabel);
}

/** The UpdateStage patch operations that set caching (and the TTL while enabled) on the given keys. */
export function methodCachingOps(values: Record<string, MethodCache>): { op: 'replace'; path: string; value: string }[] {
  return Object.entries(values).flatMap(([key, v]) => [
    { op: 'replace' as const, path: `/${key}/caching/enabled`, value: String(v.cachingEnabled) },
    ...(v.cachingEnabled && v.ttlSeconds !== null ? [{ op: 'replace' as const, path: `/${key}/caching/ttlInSeconds`, value: String(v.ttlSeconds) }] : []),
  ]);
}
