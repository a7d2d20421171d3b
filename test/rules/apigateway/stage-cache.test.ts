import { describe, expect, it } from 'vitest';
import { apigatewayStageCache } from '../../../src/rules/apigateway/stage-cache.js';
import { restApi, ruleCases, snapshotWith } from '../fragments.js';
import { onlyFinding } from '../s3/traceable.js';

const stage = (name: string, cacheClusterEnabled: boolean, cacheClusterSize: string | null, cachingEnabled?: boolean) => ({
  name,
  cacheClusterEnabled,
  cacheClusterSize,
  tags: {},
  ...(cachingEnabled === undefined ? {} : { cachingEnabled }),
});

ruleCases(apigatewayStageCache, {
  valid: [
    { name: 'prod with the 0.5 GB cache', snapshot: snapshotWith({ restApis: [restApi({ stages: [stage('prod', true, '0.5', true)] })] }) },
    { name: 'dev without cache', snapshot: snapshotWith({ restApis: [restApi({ name: 'clinnet-api-dev', stages: [stage('dev', false, null)] })] }) },
    { name: 'staging: the design sets nothing', snapshot: snapshotWith({ restApis: [restApi({ name: 'clinnet-api-staging', stages: [stage('staging', true, '6.1')] })] }) },
    { name: 'environment unknown', snapshot: snapshotWith({ restApis: [restApi({ name: 'clinnet-api', stages: [stage('v1', false, null)] })] }) },
  ],
  invalid: [
    {
      name: 'prod without cache: enabling it is a cost increase',
      snapshot: snapshotWith({ restApis: [restApi()] }),
      expect: [
        {
          resource: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod',
          resourceName: 'a1b2c3d4e5/prod',
          env: 'prod',
          current: { enabled: false, size: null },
          target: { enabled: true, size: '0.5' },
          fixable: true,
          monthlyDeltaUsd: 14.6,
          message: expect.stringContaining('a cost INCREASE of +$14.60/month ($0.020/hour × 730 h)'),
          metricsUsed: ['AWS/ApiGateway Count Sum: no data'],
        },
      ],
    },
    {
      name: 'prod without cache, requests measured: the cost per million requests is said',
      snapshot: snapshotWith({ restApis: [restApi({ stages: [{ ...stage('prod', false, null), usage: { source: 'cloudwatch', requestsPerMonth: 2_000_000 } }] })] }),
      // $14.60 / 2 million requests
      expect: [{ monthlyDeltaUsd: 14.6, metricsUsed: ['AWS/ApiGateway Count Sum'], message: expect.stringContaining('serves 2,000,000 requests/month: $7.30 per million requests before any hit') }],
    },
    {
      name: 'dev with a cache: disabled, a saving',
      snapshot: snapshotWith({ restApis: [restApi({ name: 'clinnet-api-dev', stages: [stage('dev', true, '1.6')] })] }),
      expect: [{ env: 'dev', current: { enabled: true, size: '1.6' }, target: { enabled: false, size: null }, monthlyDeltaUsd: -27.74 }],
    },
  ],
});

describe('apigateway/stage-cache', () => {
  it('prices a resize as the difference of the two hourly rates', () => {
    const finding = onlyFinding(apigatewayStageCache, { snapshot: snapshotWith({ restApis: [restApi({ stages: [stage('prod', true, '6.1', true)] })] }) });
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [-730, 0.2],
      [730, 0.02],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(-131.4);
  });

  it('a stage whose cluster runs without method caching is a finding: the cluster caches nothing', () => {
    const api = restApi({ stages: [stage('prod', true, '0.5', false)], methods: [method('/patients', 'GET')] });
    const finding = onlyFinding(apigatewayStageCache, { snapshot: snapshotWith({ restApis: [api] }) });
    expect(finding).toMatchObject({ current: { enabled: true, size: '0.5', cachedMethods: [] }, target: { enabled: true, size: '0.5', cachedMethods: ['GET /patients'], cacheTtlSeconds: 300 }, monthlyDeltaUsd: 0 });
    expect(finding.message).toContain('cache cluster 0.5 GB runs but caches nothing: enable method caching');
    expect(finding.message).toContain('caches GET /patients for 300 s (method settings */*)');
  });

  it('caches GET methods only, per method when the API has others, and names each per-caller method without the caller in its key', () => {
    const api = restApi({
      methods: [
        method('/patients', 'GET', 'COGNITO_USER_POOLS'),
        method('/patients', 'POST', 'COGNITO_USER_POOLS'),
        method('/services', 'GET'),
        method('/reports/{id}', 'GET', 'NONE', ['method.request.header.Authorization'], ['method.request.header.Authorization']),
      ],
    });
    const finding = onlyFinding(apigatewayStageCache, { snapshot: snapshotWith({ restApis: [api] }) });
    expect(finding.target).toMatchObject({ enabled: true, cachedMethods: ['GET /services', 'GET /reports/{id}'] });
    expect(finding.message).toContain('caches GET /services, GET /reports/{id} for 300 s (method settings ~1services/GET, ~1reports~1{id}/GET)');
    expect(finding.message).toContain('never caches POST /patients (only GET responses are cached)');
    expect(finding.message).toContain("refused: GET /patients answers per caller (a COGNITO_USER_POOLS authorizer) and its integration's cacheKeyParameters lack method.request.header.Authorization");
  });

  it('says what share of requests the cache can serve: the GET share where measured, unknown otherwise', () => {
    const measured = restApi({ stages: [{ ...stage('prod', false, null), usage: { source: 'cloudwatch', requestsPerMonth: 2_000_000, getRequestsPerMonth: 1_500_000 } }], methods: [method('/services', 'GET')] });
    expect(onlyFinding(apigatewayStageCache, { snapshot: snapshotWith({ restApis: [measured] }) }).message).toContain(
      'it can serve at most the 75% of requests that are GETs (1,500,000 of 2,000,000/month)',
    );
    expect(onlyFinding(apigatewayStageCache, { snapshot: snapshotWith({ restApis: [restApi()] }) }).message).toContain('the share of requests it can serve (the GET share) is unknown');
  });
});

function method(resourcePath: string, httpMethod: string, authorizationType = 'NONE', requestParameters: string[] = [], cacheKeyParameters: string[] = []) {
  return { resourcePath, httpMethod, authorizationType, requestParameters, cacheKeyParameters };
}
