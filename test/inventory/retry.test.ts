/**
 * Throttling is retried by the SDK's own adaptive retry strategy (configured by the ClientFactory):
 * a real LambdaClient is driven through a fake HTTP handler, so the real retry middleware runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { fakeHttpHandler } from '../support/fake-http-handler.js';
import { mockAllClients, type MockedAccount } from './support/mock-clients.js';

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const THROTTLED = () => json(429, { message: 'Rate exceeded', Type: 'User', Reason: 'CallerRateLimitExceeded' }, { 'x-amzn-errortype': 'TooManyRequestsException' });

/** Lambda's REST API for the calls the collector makes; ListFunctions is throttled `throttles` times first. */
function lambdaEndpoint(throttles: number) {
  const seen: string[] = [];
  let remaining = throttles;
  const handler = fakeHttpHandler((request) => {
    const path = request.path;
    seen.push(path);
    if (/\/functions\/?$/.test(path)) {
      if (remaining-- > 0) return THROTTLED();
      return json(200, { Functions: [{ FunctionName: 'f1', FunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f1', MemorySize: 128, Timeout: 3, CodeSize: 10, PackageType: 'Zip' }] });
    }
    if (/account-settings/.test(path)) return json(200, { AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900 } });
    if (/\/aliases$/.test(path)) return json(200, { Aliases: [] });
    if (/\/event-source-mappings\/?$/.test(path)) return json(200, { EventSourceMappings: [] });
    if (/provisioned-concurrency$/.test(path)) return json(200, { ProvisionedConcurrencyConfigs: [] });
    if (/\/functions\/f1$/.test(path)) {
      return json(200, { Configuration: { FunctionName: 'f1', FunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f1', MemorySize: 128, Timeout: 3, CodeSize: 10 }, Tags: { Environment: 'dev' } });
    }
    return json(404, { message: `no route for ${path}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
  });
  return { handler, listCalls: () => seen.filter((p) => /\/functions\/?$/.test(p)).length };
}

let aws: MockedAccount | undefined;
afterEach(() => aws?.restore());

function factoryWith(handler: unknown, maxAttempts: number): ClientFactory {
  return new ClientFactory({
    defaultRegion: 'us-east-1',
    maxAttempts,
    clientConfig: { requestHandler: handler, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } },
  });
}

describe('throttling', () => {
  it('is retried by the SDK until it succeeds, leaving no gap', async () => {
    aws = mockAllClients({ real: ['lambda'] });
    const endpoint = lambdaEndpoint(1);
    const snapshot = await collectSnapshot(factoryWith(endpoint.handler, 4), { regions: ['us-east-1'], metricsDays: false });
    expect(endpoint.listCalls()).toBe(2);
    expect(snapshot.lambdaFunctions.map((f) => [f.name, f.tags])).toEqual([['f1', { Environment: 'dev' }]]);
    expect(snapshot.coverageGaps).toEqual([]);
  });

  it('becomes a gap, not a crash, when it outlasts the retries', async () => {
    aws = mockAllClients({ real: ['lambda'] });
    const endpoint = lambdaEndpoint(100);
    const snapshot = await collectSnapshot(factoryWith(endpoint.handler, 2), { regions: ['us-east-1'], metricsDays: false });
    expect(endpoint.listCalls()).toBe(2);
    expect(snapshot.lambdaFunctions).toEqual([]);
    expect(snapshot.lambdaAccountSettings).toHaveLength(1);
    expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ service: 'lambda', operation: 'ListFunctions', kind: 'error', error: expect.stringContaining('TooManyRequestsException') })]);
  });

  it("follows the SDK's AWS_MAX_ATTEMPTS when the user sets it", async () => {
    aws = mockAllClients({ real: ['lambda'] });
    const endpoint = lambdaEndpoint(100);
    const saved = process.env.AWS_MAX_ATTEMPTS;
    process.env.AWS_MAX_ATTEMPTS = '3';
    try {
      const factory = new ClientFactory({ defaultRegion: 'us-east-1', clientConfig: { requestHandler: endpoint.handler, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } } });
      const snapshot = await collectSnapshot(factory, { regions: ['us-east-1'], metricsDays: false });
      expect(endpoint.listCalls()).toBe(3);
      expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ operation: 'ListFunctions', kind: 'error' })]);
    } finally {
      if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS;
      else process.env.AWS_MAX_ATTEMPTS = saved;
    }
  });
});
