/**
 * CloudFront behaviors in front of an API, and the API Gateway stage cache, from the built binary
 * against moto: `fix --apply` for the two rules, the account read back where the traffic flows (the
 * behavior's cache and origin request policies, the stage's method settings), and `rollback` to the
 * legacy settings. moto stores no integration cacheKeyParameters (docs/e2e.md), so here the per-caller
 * GET is refused by name; the fake account (test/fixers/edge-caching.test.ts) covers it cached.
 */

import { join } from 'node:path';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateDistributionWithTagsCommand, GetDistributionConfigCommand, type CacheBehavior } from '@aws-sdk/client-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { outcomeList, readJournal } from './support/journal.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const AUTHORIZATION = 'method.request.header.Authorization';
const API_FORWARDING = { QueryString: true, Cookies: { Forward: 'none' as const }, Headers: { Quantity: 1, Items: ['Authorization'] } };

let moto: Moto;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('edge'));
});
afterAll(async () => moto?.stop());

const cli = (args: string[]) => runClinnet(moto.endpoint, args, { cwd: dir });

function expectClean(run: CliRun, status: number): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
}

interface Seeded {
  distribution: string;
  api: string;
}

/** A prod distribution (S3 frontend, `/api/*` → API Gateway forwarding Authorization and the query string) and its REST API. */
async function seed(): Promise<Seeded> {
  await moto.reset();
  const api = (await f.apigateway().send(new CreateRestApiCommand({ name: 'clinnet-api-prod', tags: { Environment: 'prod' } }))).id!;
  const root = (await f.apigateway().send(new GetResourcesCommand({ restApiId: api }))).items![0].id!;
  const resource = async (pathPart: string) => (await f.apigateway().send(new CreateResourceCommand({ restApiId: api, parentId: root, pathPart }))).id!;
  const patients = await resource('patients');
  const services = await resource('services');
  const authorizer = await f.apigateway().send(
    new CreateAuthorizerCommand({
      restApiId: api,
      name: 'clinnet-users',
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_clinnet'],
      identitySource: AUTHORIZATION,
    }),
  );
  const method = async (resourceId: string, httpMethod: string, authorized: boolean) => {
    await f.apigateway().send(
      new PutMethodCommand({
        restApiId: api,
        resourceId,
        httpMethod,
        authorizationType: authorized ? 'COGNITO_USER_POOLS' : 'NONE',
        ...(authorized ? { authorizerId: authorizer.id, requestParameters: { [AUTHORIZATION]: true } } : {}),
      }),
    );
    // The caller's identity in the cache key, as it must be: moto drops cacheKeyParameters (docs/e2e.md).
    await f.apigateway().send(new PutIntegrationCommand({ restApiId: api, resourceId, httpMethod, type: 'MOCK', ...(authorized ? { cacheKeyParameters: [AUTHORIZATION] } : {}) }));
  };
  await method(patients, 'GET', true);
  await method(patients, 'POST', true);
  await method(services, 'GET', false);
  await f.apigateway().send(new CreateDeploymentCommand({ restApiId: api, stageName: 'prod' }));

  const created = await f.cloudfront().send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        Tags: { Items: [{ Key: 'Environment', Value: 'prod' }] },
        DistributionConfig: {
          CallerReference: 'clinnet-frontend-prod',
          Comment: 'clinnet frontend prod',
          Enabled: true,
          PriceClass: 'PriceClass_All',
          Origins: {
            Quantity: 2,
            Items: [
              { Id: 'frontend', DomainName: 'clinnet-frontend-prod.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } },
              { Id: 'api', DomainName: `${api}.execute-api.us-east-1.amazonaws.com`, OriginPath: '/prod', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'frontend',
            ViewerProtocolPolicy: 'redirect-to-https',
            Compress: true,
            ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
            MinTTL: 0,
          },
          CacheBehaviors: {
            Quantity: 1,
            Items: [
              {
                PathPattern: '/api/*',
                TargetOriginId: 'api',
                ViewerProtocolPolicy: 'https-only',
                Compress: true,
                AllowedMethods: { Quantity: 7, Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
                ForwardedValues: API_FORWARDING,
                MinTTL: 0,
                DefaultTTL: 0,
                MaxTTL: 0,
              },
            ],
          },
        },
      },
    }),
  );
  return { distribution: created.Distribution!.Id!, api };
}

async function apiBehavior(id: string): Promise<CacheBehavior> {
  const config = (await f.cloudfront().send(new GetDistributionConfigCommand({ Id: id }))).DistributionConfig!;
  return config.CacheBehaviors!.Items!.find((b) => b.PathPattern === '/api/*')!;
}

describe('fix --apply for an /api/* behavior and the stage cache, then rollback', () => {
  let seeded: Seeded;
  const journal = () => join(dir, 'apply.jsonl');

  beforeAll(async () => {
    seeded = await seed();
  });

  it('keeps Authorization and the query string reaching API Gateway, caches only safe GETs, and refuses the per-caller GET by name', async () => {
    const plan = await cli(['fix', '--env', 'prod', '--only', 'cloudfront/cache-policy,apigateway/stage-cache']);
    expectClean(plan, 0);
    expect(plan.stdout).toContain(ALL_VIEWER_EXCEPT_HOST);
    expect(plan.stdout).toContain('/~1services/GET/caching/enabled');
    expect(plan.stdout).not.toContain('/*/*/caching/enabled');

    const run = await cli(['fix', '--env', 'prod', '--only', 'cloudfront/cache-policy,apigateway/stage-cache', '--include-increases', '--apply', '--yes', '--continue-on-error', '--journal', journal()]);
    expectClean(run, 0);
    const j = readJournal(journal());
    expect(outcomeList(j, 'applied')).toEqual([`apigateway/stage-cache ${seeded.api}/prod`, `cloudfront/cache-policy ${seeded.distribution}`]);
    const refused = j.outcomes.filter((o) => o.outcome === 'refused').map((o) => o.detail);
    expect(refused).toEqual([expect.stringMatching(/^GET \/patients answers per caller \(a COGNITO_USER_POOLS authorizer\) and its integration's cacheKeyParameters lack method\.request\.header\.Authorization/)]);

    // Where the traffic flows: the behavior's cache and origin request policies.
    const behavior = await apiBehavior(seeded.distribution);
    expect(behavior.CachePolicyId).toBe(CACHING_DISABLED);
    expect(behavior.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
    const config = (await f.cloudfront().send(new GetDistributionConfigCommand({ Id: seeded.distribution }))).DistributionConfig!;
    expect(config.DefaultCacheBehavior!.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(config.DefaultCacheBehavior!.OriginRequestPolicyId || null).toBeNull();

    // The stage: the cluster, and caching on GET /services only (never POST, never the per-caller GET).
    const stage = await f.apigateway().send(new GetStageCommand({ restApiId: seeded.api, stageName: 'prod' }));
    expect(stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5' });
    expect(Object.keys(stage.methodSettings ?? {})).toEqual(['~1services/GET']);
    expect(stage.methodSettings!['~1services/GET']).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 300 });
  });

  it('rollback puts the legacy settings back and turns the cache off', async () => {
    const run = await cli(['rollback', journal(), '--yes', '--journal', join(dir, 'rollback.jsonl')]);
    expectClean(run, 0);
    expect(outcomeList(readJournal(join(dir, 'rollback.jsonl')), 'failed')).toEqual([]);
    const behavior = await apiBehavior(seeded.distribution);
    expect(behavior.CachePolicyId || null).toBeNull();
    expect(behavior.OriginRequestPolicyId || null).toBeNull();
    expect(behavior.ForwardedValues).toEqual(API_FORWARDING);
    expect([behavior.MinTTL, behavior.DefaultTTL, behavior.MaxTTL]).toEqual([0, 0, 0]);
    const stage = await f.apigateway().send(new GetStageCommand({ restApiId: seeded.api, stageName: 'prod' }));
    expect(stage.cacheClusterEnabled).toBe(false);
    expect(stage.methodSettings!['~1services/GET']).toMatchObject({ cachingEnabled: false });
  });
});
