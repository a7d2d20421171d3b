/** aws-sdk-client-mock on every client the collectors use; anything not stubbed answers an empty (valid) response. */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../src/aws/clients.js';

type AnyStub = AwsStub<any, any, any>;

export interface MockedAccount {
  lambda: AnyStub;
  rds: AnyStub;
  dynamodb: AnyStub;
  s3: AnyStub;
  cloudfront: AnyStub;
  ec2: AnyStub;
  logs: AnyStub;
  apigateway: AnyStub;
  sts: AnyStub;
  cloudwatch: AnyStub;
  cloudformation: AnyStub;
  restore(): void;
}

/** `real` clients are left unmocked (e.g. to drive one through a fake HTTP handler). */
export function mockAllClients(options: { real?: string[] } = {}): MockedAccount {
  const real = new Set(options.real ?? []);
  const mock = (name: string, ctor: Parameters<typeof mockClient>[0]): AnyStub | undefined => (real.has(name) ? undefined : mockClient(ctor));
  const stubs = {
    lambda: mock('lambda', LambdaClient),
    rds: mock('rds', RDSClient),
    dynamodb: mock('dynamodb', DynamoDBClient),
    s3: mock('s3', S3Client),
    cloudfront: mock('cloudfront', CloudFrontClient),
    ec2: mock('ec2', EC2Client),
    logs: mock('logs', CloudWatchLogsClient),
    apigateway: mock('apigateway', APIGatewayClient),
    sts: mock('sts', STSClient),
    cloudwatch: mock('cloudwatch', CloudWatchClient),
    cloudformation: mock('cloudformation', CloudFormationClient),
  } as Record<string, AnyStub>;
  for (const stub of Object.values(stubs)) stub?.onAnyCommand().resolves({});
  stubs.sts?.onAnyCommand().resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/x', UserId: 'AIDA' });
  return {
    ...(stubs as Omit<MockedAccount, 'restore'>),
    restore: () => Object.values(stubs).forEach((s) => s?.restore()),
  };
}

export const testFactory = (): ClientFactory => new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 });

/** An AWS-shaped service error (name, $fault, $metadata), as the SDK raises them. */
export function serviceError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'req-1' } });
}

/**
 * A list served in pages: page i is answered for token `t<i>` (none for the first), and carries
 * the next token while pages remain. `seen` records the tokens asked for, in order.
 */
export function pagedList<T>(pages: T[][], tokenOf: (input: Record<string, any>) => string | undefined, answer: (items: T[], next: string | undefined) => unknown) {
  const seen: (string | undefined)[] = [];
  const handler = (input: Record<string, any>) => {
    const token = tokenOf(input);
    seen.push(token);
    const index = token ? Number(token.slice(1)) : 0;
    const next = index + 1 < pages.length ? `t${index + 1}` : undefined;
    return answer(pages[index], next);
  };
  return { handler, seen };
}
