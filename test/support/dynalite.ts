/**
 * DynamoDB for tests: dynalite in-process on a free port. The SDK (in-process or in a child CLI)
 * reaches it through AWS_ENDPOINT_URL_DYNAMODB with dummy credentials.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from './mariadb.js';

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; path?: string }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

export interface TestDynamo {
  endpoint: string;
  /** Environment for a child process (and applied to this process by `useInProcess`). */
  env: Record<string, string>;
  client(): DynamoDBClient;
  /** Every operation received, in order ("Scan", "BatchWriteItem", ...), by any client. */
  operations: string[];
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<TestDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const operations: string[] = [];
  server.on('request', (request: { headers: Record<string, string | string[] | undefined> }) => {
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target.replace(/^DynamoDB_\d+\./, ''));
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
  };
  return {
    endpoint,
    env,
    operations,
    client: () => new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
