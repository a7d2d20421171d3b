/** Organizations has one endpoint per partition: the home region only picks which. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';

const credentials = { accessKeyId: 'AKIA', secretAccessKey: 's' };
const saved = { ...process.env };
beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_ENDPOINT_URL') || key === 'AWS_REGION' || key === 'AWS_DEFAULT_REGION' || key === 'AWS_PROFILE') delete process.env[key];
  // No shared config file either: a default profile's region must not decide the test.
  process.env.AWS_CONFIG_FILE = '/nonexistent/clinnet-opt-test-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/clinnet-opt-test-credentials';
});
afterEach(() => {
  process.env = { ...saved };
});

async function endpointFor(defaultRegion?: string): Promise<string> {
  const client = new ClientFactory({ defaultRegion, clientConfig: { credentials } }).organizations();
  const endpoint = await client.config.endpointProvider({ Region: await client.config.region(), UseFIPS: false, UseDualStack: false });
  return endpoint.url.href;
}

describe('the Organizations client', () => {
  it.each([
    ['eu-west-1', 'https://organizations.us-east-1.amazonaws.com/'],
    ['cn-north-1', 'https://organizations.cn-northwest-1.amazonaws.com.cn/'],
    ['us-gov-east-1', 'https://organizations.us-gov-west-1.amazonaws.com/'],
  ])('from %s reaches its partition\'s one endpoint', async (region, url) => {
    expect(await endpointFor(region)).toBe(url);
  });

  it('without any region set, reaches the aws partition\'s', async () => {
    expect(await endpointFor()).toBe('https://organizations.us-east-1.amazonaws.com/');
  });
});
