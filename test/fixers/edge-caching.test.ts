/**
 * CloudFront and API Gateway caching changes against the fake account, where the emulator tier cannot
 * judge them (moto keeps ForwardedValues whatever is sent and stores no cacheKeyParameters:
 * docs/e2e.md): what reaches the origin after the change, the method settings that serve the
 * cache, the refusals by name, and a rollback to the exact legacy settings.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeChanges } from '../../src/changes/executor.js';
import { JournalWriter, parseJournal } from '../../src/changes/journal.js';
import { buildPlan } from '../../src/changes/planner.js';
import { rollbackChanges } from '../../src/changes/rollback.js';
import type { Change } from '../../src/fixers/types.js';
import { apigatewayStageCache } from '../../src/rules/apigateway/stage-cache.js';
import { cloudfrontCachePolicy } from '../../src/rules/cloudfront/cache-policy.js';
import type { Finding } from '../../src/rules/types.js';
import { installFakeAccount, type FakeAccountHandle } from '../support/fake-account/index.js';
import { seedProdAccount } from '../support/fake-account/seed.js';
import { findingsOf } from '../rules/fragments.js';
import { comparableState, factory, noSleep, snapshotOf } from './support.js';

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const AUTHORIZATION = 'method.request.header.Authorization';

let fake: FakeAccountHandle;
let dir: string;

const apiForwarding = { QueryString: true, Cookies: { Forward: 'none' }, Headers: { Quantity: 1, Items: ['Authorization'] } };
const albForwarding = { QueryString: false, Cookies: { Forward: 'none' }, Headers: { Quantity: 2, Items: ['Authorization', 'X-Tenant'] } };

beforeEach(() => {
  const state = seedProdAccount();
  const config = state.distributions[0].config as Record<string, unknown>;
  const base = (config.DefaultCacheBehavior ?? {}) as Record<string, unknown>;
  config.Origins = {
    Quantity: 3,
    Items: [
      ...(config.Origins as { Items: unknown[] }).Items,
      { Id: 'api', DomainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', OriginPath: '/prod', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } },
      { Id: 'alb', DomainName: 'clinnet-reports-123.us-east-1.elb.amazonaws.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } },
    ],
  };
  config.CacheBehaviors = {
    Quantity: 2,
    Items: [
      { ...base, PathPattern: '/api/*', TargetOriginId: 'api', ForwardedValues: apiForwarding, MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 },
      { ...base, PathPattern: '/reports/*', TargetOriginId: 'alb', ForwardedValues: albForwarding, MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 },
    ],
  };
  const api = state.restApis[0];
  api.resources = [
    { id: 'root1', path: '/', methods: {} },
    {
      id: 'pat01',
      path: '/patients',
      methods: {
        GET: { authorizationType: 'COGNITO_USER_POOLS', requestParameters: { [AUTHORIZATION]: true }, cacheKeyParameters: [AUTHORIZATION] },
        POST: { authorizationType: 'COGNITO_USER_POOLS' },
      },
    },
    { id: 'svc01', path: '/services', methods: { GET: {} } },
    { id: 'rep01', path: '/reports/{id}', methods: { GET: { authorizationType: 'COGNITO_USER_POOLS' } } },
  ];
  fake = installFakeAccount(state);
  dir = mkdtempSync(join(tmpdir(), 'clinnet-edge-'));
});
afterEach(() => fake.restore());

function findings(): Finding[] {
  const snapshot = snapshotOf(fake.state);
  return [...findingsOf(cloudfrontCachePolicy, { snapshot }), ...findingsOf(apigatewayStageCache, { snapshot })];
}

async function run(changes: Change[], name: string, mode: 'apply' | 'rollback' = 'apply') {
  const path = join(dir, name);
  const writer = new JournalWriter(path);
  try {
    const result = await executeChanges(changes, {
      factory: factory(),
      journal: writer,
      header: { mode, account: '123456789012', env: 'prod', planId: 'test' },
      continueOnError: true,
      sleep: noSleep,
      pollMs: 0,
    });
    return { result, journal: parseJournal(readFileSync(path, 'utf8'), path) };
  } finally {
    writer.close();
  }
}

const behaviors = () => {
  const config = fake.state.distributions[0].config as { DefaultCacheBehavior: Record<string, unknown>; CacheBehaviors: { Items: Record<string, unknown>[] } };
  return Object.fromEntries([['*', config.DefaultCacheBehavior], ...config.CacheBehaviors.Items.map((b) => [String(b.PathPattern), b])]) as Record<string, Record<string, unknown>>;
};

describe('CloudFront and API Gateway caching against the fake account', () => {
  it('plans what reaches each origin and which methods are cached, and refuses by name what it cannot keep safe', async () => {
    const plan = await buildPlan(findings(), snapshotOf(fake.state), { allowDrift: false, env: 'prod', ctx: { now: new Date('2025-06-01T12:00:00Z') } });
    const cf = plan.changes.filter((c) => c.rule === 'cloudfront/cache-policy');
    expect(cf.filter((c) => !c.refused).map((c) => c.input)).toEqual([
      {
        Id: 'E2CLINNETPROD1',
        CachePolicyId: { '*': CACHING_OPTIMIZED, '/api/*': CACHING_DISABLED },
        OriginRequestPolicyId: { '*': null, '/api/*': ALL_VIEWER_EXCEPT_HOST },
      },
    ]);
    // /reports/* is not an API path pattern: the design would cache it (CachingOptimized), which its per-caller forwarding forbids.
    expect(cf.filter((c) => c.refused).map((c) => c.refused)).toEqual([
      expect.stringContaining("/reports/* (origin clinnet-reports-123.us-east-1.elb.amazonaws.com) forwards headers Authorization, X-Tenant, so its responses depend on the caller"),
    ]);

    const stage = plan.changes.filter((c) => c.rule === 'apigateway/stage-cache');
    expect(stage.filter((c) => !c.refused).map((c) => c.input.patchOperations)).toEqual([
      [
        { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
        { op: 'replace', path: '/cacheClusterSize', value: '0.5' },
        { op: 'replace', path: '/~1patients/GET/caching/enabled', value: 'true' },
        { op: 'replace', path: '/~1patients/GET/caching/ttlInSeconds', value: '300' },
        { op: 'replace', path: '/~1services/GET/caching/enabled', value: 'true' },
        { op: 'replace', path: '/~1services/GET/caching/ttlInSeconds', value: '300' },
      ],
    ]);
    expect(stage.filter((c) => c.refused).map((c) => c.refused)).toEqual([expect.stringMatching(/^GET \/reports\/\{id\} answers per caller \(a COGNITO_USER_POOLS authorizer\)/)]);
  });

  it('applies, reads back where the traffic flows, and rolls back to the legacy settings exactly', async () => {
    const original = comparableState(fake.state);
    // The stage cache raises the bill: applied as with --include-increases.
    const plan = await buildPlan(findings(), snapshotOf(fake.state), { allowDrift: false, env: 'prod', includeIncreases: true, ctx: { now: new Date('2025-06-01T12:00:00Z') } });
    const chosen = plan.changes.filter((c) => c.rule === 'cloudfront/cache-policy' || c.rule === 'apigateway/stage-cache');
    const { result, journal } = await run(chosen, 'apply.jsonl');
    expect(result.results.map((r) => [r.change.rule, r.outcome]).sort()).toEqual([
      ['apigateway/stage-cache', 'applied'],
      ['apigateway/stage-cache', 'refused'],
      ['cloudfront/cache-policy', 'applied'],
      ['cloudfront/cache-policy', 'refused'],
    ]);

    const b = behaviors();
    expect(b['/api/*']).toMatchObject({ CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST });
    expect(b['/api/*'].ForwardedValues).toBeUndefined();
    expect(b['*']).toMatchObject({ CachePolicyId: CACHING_OPTIMIZED });
    expect(b['*'].OriginRequestPolicyId).toBeUndefined();
    expect(b['/reports/*']).toMatchObject({ ForwardedValues: albForwarding });
    expect(b['/reports/*'].CachePolicyId).toBeUndefined();

    const stage = fake.state.restApis[0].stages[0];
    expect(stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5' });
    expect(stage.methodSettings).toEqual({
      '~1patients/GET': { cachingEnabled: true, cacheTtlInSeconds: 300 },
      '~1services/GET': { cachingEnabled: true, cacheTtlInSeconds: 300 },
    });

    const back = await run(rollbackChanges(journal), 'rollback.jsonl', 'rollback');
    expect(back.result.results.filter((r) => r.outcome !== 'applied').map((r) => [r.change.rule, r.error ?? r.detail])).toEqual([]);
    expect(behaviors()['/api/*']).toMatchObject({ ForwardedValues: apiForwarding, MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 });
    expect(behaviors()['/api/*'].OriginRequestPolicyId).toBeUndefined();
    expect(comparableState(fake.state)).toEqual(original);
  });
});
