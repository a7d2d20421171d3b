/**
 * A stateful fake AWS account behind aws-sdk-client-mock: every SDK client the tool builds talks to
 * it, reads see earlier writes, and writes are validated as AWS validates them. GetFunction's code
 * URLs are served through a fetch stub. install() returns the handle tests use to inspect calls,
 * inject faults and restore the real clients.
 */
import * as apigw from '@aws-sdk/client-api-gateway';
import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as cloudfront from '@aws-sdk/client-cloudfront';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as ec2 from '@aws-sdk/client-ec2';
import * as lambda from '@aws-sdk/client-lambda';
import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as sts from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudformationHandlers } from './cloudformation.js';
import { cloudfrontHandlers } from './cloudfront.js';
import { cloudwatchHandlers, logsInsightsHandlers } from './cloudwatch.js';
import { dynamodbHandlers } from './dynamodb.js';
import { ec2Handlers } from './ec2.js';
import { awsError } from './errors.js';
import { lambdaHandlers, serveCode } from './lambda.js';
import { apigatewayHandlers, logsHandlers, stsHandlers } from './logs-apigw-sts.js';
import { rdsHandlers } from './rds.js';
import { s3Handlers } from './s3.js';
import type { FakeState } from './state.js';

export type { FakeState } from './state.js';

type Handlers = Record<string, (input: Record<string, unknown>, region: string) => unknown>;
type SdkModule = Record<string, unknown>;

export interface RecordedCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  region: string;
  error?: string;
}

export interface FakeAccountHandle {
  state: FakeState;
  calls: RecordedCall[];
  /** Commands the tool sent that the fake does not implement. */
  unhandled: string[];
  /** Calls that change something (not Describe/Get/List). */
  mutations(): RecordedCall[];
  restore(): void;
}

const READ_PREFIXES = ['Describe', 'Get', 'List'];
/** Requests that read without changing the account, though their names do not say so (Logs Insights queries). */
const READ_OPERATIONS = new Set(['StartQuery', 'StopQuery']);

/** The account installed last (for helpers that need it without being handed it). */
export let installedAccount: FakeState | undefined;

export function installFakeAccount(state: FakeState): FakeAccountHandle {
  installedAccount = state;
  const calls: RecordedCall[] = [];
  const unhandled: string[] = [];
  const services: [string, SdkModule, string, Handlers][] = [
    ['lambda', lambda as unknown as SdkModule, 'LambdaClient', lambdaHandlers(state)],
    ['rds', rds as unknown as SdkModule, 'RDSClient', rdsHandlers(state)],
    ['dynamodb', dynamodb as unknown as SdkModule, 'DynamoDBClient', dynamodbHandlers(state)],
    ['s3', s3 as unknown as SdkModule, 'S3Client', s3Handlers(state)],
    ['cloudfront', cloudfront as unknown as SdkModule, 'CloudFrontClient', cloudfrontHandlers(state)],
    ['ec2', ec2 as unknown as SdkModule, 'EC2Client', ec2Handlers(state)],
    ['logs', logs as unknown as SdkModule, 'CloudWatchLogsClient', { ...logsHandlers(state), ...logsInsightsHandlers() }],
    ['cloudwatch', cloudwatch as unknown as SdkModule, 'CloudWatchClient', cloudwatchHandlers(state)],
    ['apigateway', apigw as unknown as SdkModule, 'APIGatewayClient', apigatewayHandlers(state)],
    ['sts', sts as unknown as SdkModule, 'STSClient', stsHandlers(state)],
    ['cloudformation', cloudformation as unknown as SdkModule, 'CloudFormationClient', cloudformationHandlers(state)],
  ];
  const mocks = services.map(([service, sdk, clientName, handlers]) => {
    const mock = mockClient(sdk[clientName] as Parameters<typeof mockClient>[0]);
    mock.onAnyCommand().callsFake((input: unknown) => {
      unhandled.push(`${service}:${JSON.stringify(input).slice(0, 80)}`);
      throw awsError(service === 'sts' ? 'lambda' : (service as 'lambda'), 'UnknownOperationException', `fake account: operation not implemented for ${service}`, 501);
    });
    for (const [operation, handler] of Object.entries(handlers)) {
      const command = sdk[`${operation}Command`];
      if (!command) throw new Error(`fake account: ${service} has no ${operation}Command`);
      mock.on(command as Parameters<typeof mock.on>[0]).callsFake(async (input: Record<string, unknown>, getClient: () => unknown) => {
        const region = await (getClient() as { config: { region: () => Promise<string> } }).config.region();
        const call: RecordedCall = { service, operation, input, region };
        calls.push(call);
        try {
          state.beforeRequest?.(service, operation, input);
          // Responses are copies: the tool must not share objects with the account.
          return structuredClone(handler(input, region));
        } catch (error) {
          call.error = error instanceof Error ? error.name : String(error);
          throw error;
        }
      });
    }
    return mock;
  });
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (resource: string | URL | Request) => {
    const url = typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
    calls.push({ service: 'http', operation: 'GET', input: { url }, region: '' });
    const response = serveCode(state, url);
    if (!response) throw new TypeError(`fake account: no network access to ${url}`);
    return response;
  }) as typeof fetch;
  return {
    state,
    calls,
    unhandled,
    mutations: () => calls.filter((c) => c.service !== 'http' && !READ_OPERATIONS.has(c.operation) && !READ_PREFIXES.some((p) => c.operation.startsWith(p)) && !c.error),
    restore() {
      for (const mock of mocks) mock.restore();
      globalThis.fetch = realFetch;
    },
  };
}
