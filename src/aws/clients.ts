/**
 * The one place AWS SDK clients are built. Region, profile, retries and endpoints are decided
 * here so every collector, fixer and command talks to AWS the same way.
 *
 * Endpoints: the SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, so an
 * emulator works without code here; we only switch S3 to path-style addressing when an
 * endpoint override is present (emulators on 127.0.0.1 cannot serve bucket subdomains).
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import { createRequire } from 'node:module';
import type { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { FAILED_OPERATION, PROFILE_IN_USE, failedOperationOf } from './errors.js';
import { usageError } from '../errors.js';
import { assertProfileExists } from './profiles.js';
import { assertRegion } from './regions.js';
import { beforeFirstClient } from './node-support.js';

/**
 * SDK packages load on first use, so a command pays only for the services it calls: loading all
 * fourteen took most of a second at every start (the EC2 package alone half of it).
 */
const requirePackage = createRequire(import.meta.url);
function sdk<T>(pkg: string, name: string): T {
  return (requirePackage(pkg) as Record<string, T>)[name] as T;
}

export interface ClientOptions {
  /** Named profile (--profile); otherwise the SDK's default chain (env, AWS_PROFILE, SSO, IMDS). */
  profile?: string;
  /** Region used when a call is not tied to a collected region. */
  defaultRegion?: string;
  /** Retry attempts for the SDK's adaptive retry strategy. */
  maxAttempts?: number;
  /** Called once per request that leaves the process (service name, operation name). */
  onRequest?: (service: string, operation: string) => void;
  /** Extra SDK client configuration merged last (tests: a fake `requestHandler`, static `credentials`). */
  clientConfig?: Record<string, unknown>;
  /**
   * Credentials of another account (an assumed role, src/org/assume-role.ts): used instead of the
   * profile's, which then only signs the AssumeRole call that made them.
   */
  credentials?: () => Promise<AwsCredentials>;
  /** The account those credentials belong to. */
  account?: string;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Services whose API lives in one region whatever region the account uses (Cost Explorer, Budgets, CloudFront). */
export const GLOBAL_REGION = 'us-east-1';

interface SdkClient {
  middlewareStack: {
    add: (
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ) => void;
  };
}

type Ctor<C> = new (config: Record<string, unknown>) => C;

function hasEndpointOverride(service: string): boolean {
  const env = process.env;
  return Boolean(env.AWS_ENDPOINT_URL || env[`AWS_ENDPOINT_URL_${service}`]);
}

/** "DescribeBudgetsCommand" → "DescribeBudgets", as IAM and the API reference name the call. */
function operationName(context: { commandName?: string }): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

function maxAttemptsFromEnv(): number | undefined {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

function retryModeFromEnv(): string | undefined {
  const value = process.env.AWS_RETRY_MODE?.trim().toLowerCase();
  return value === 'standard' || value === 'adaptive' || value === 'legacy' ? value : undefined;
}

/** AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> must be URLs: a typo is the user's to fix (exit 2), not an AWS error. */
function assertEndpointUrls(env: NodeJS.ProcessEnv): void {
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('AWS_ENDPOINT_URL') || !value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) throw usageError(`${key}: "${value}" is not an http(s) URL (e.g. http://127.0.0.1:5000)`);
  }
}

export class ClientFactory {
  private readonly cache = new Map<string, unknown>();
  private readonly credentials;

  /**
   * Checks what the user named before any request: a profile missing from the shared files and an
   * impossible region are usage errors (exit 2), said once, here, for every command.
   */
  constructor(private readonly options: ClientOptions = {}) {
    if (options.profile) assertProfileExists(options.profile, '--profile');
    else if (process.env.AWS_PROFILE && !options.clientConfig?.credentials) assertProfileExists(process.env.AWS_PROFILE, 'AWS_PROFILE');
    if (options.defaultRegion) assertRegion(options.defaultRegion, '--region');
    assertEndpointUrls(process.env);
    beforeFirstClient();
    this.credentials = options.credentials ?? (options.profile ? sdk<typeof fromNodeProviderChain>('@aws-sdk/credential-providers', 'fromNodeProviderChain')({ profile: options.profile }) : undefined);
  }

  /**
   * The same settings (region, retries, request counter) with another account's credentials: every
   * client it builds signs as that account. The profile stays named so its region still applies.
   */
  forAccount(account: string, credentials: () => Promise<AwsCredentials>): ClientFactory {
    // Static credentials in clientConfig (tests) are the caller's: they must not win over the account's.
    const clientConfig = { ...this.options.clientConfig };
    delete clientConfig.credentials;
    return new ClientFactory({ ...this.options, clientConfig, credentials, account });
  }

  /** The account this factory's credentials were assumed into, when they were. */
  get assumedAccount(): string | undefined {
    return this.options.account;
  }

  get profile(): string | undefined {
    return this.options.profile;
  }

  /** The region from --region, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's. */
  async resolveDefaultRegion(): Promise<string | undefined> {
    if (this.options.defaultRegion) return this.options.defaultRegion;
    const fromEnv = process.env.AWS_REGION ? 'AWS_REGION' : process.env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
    if (fromEnv) {
      const region = process.env[fromEnv] as string;
      assertRegion(region, fromEnv);
      return region;
    }
    let region: string | undefined;
    try {
      const probe = new (sdk<typeof STSClient>('@aws-sdk/client-sts', 'STSClient'))(this.baseConfig(undefined));
      region = await probe.config.region();
    } catch {
      return undefined;
    }
    if (region) assertRegion(region, `the region of profile "${this.options.profile ?? process.env.AWS_PROFILE ?? 'default'}"`);
    return region;
  }

  /** The account's home region when one is set anywhere, else us-east-1: for calls any region can serve (STS). */
  private async homeOrGlobalRegion(): Promise<string> {
    return (await this.resolveDefaultRegion()) ?? GLOBAL_REGION;
  }

  private baseConfig(region: string | undefined): Record<string, unknown> {
    const config: Record<string, unknown> = {
      // Adaptive retry with 8 attempts suits a long read of a whole account; the SDK's own
      // AWS_RETRY_MODE and AWS_MAX_ATTEMPTS still win, as a user of any AWS tool expects.
      retryMode: retryModeFromEnv() ?? 'adaptive',
      maxAttempts: this.options.maxAttempts ?? maxAttemptsFromEnv() ?? 8,
    };
    if (region) config.region = region;
    if (this.options.profile) config.profile = this.options.profile;
    if (this.credentials) config.credentials = this.credentials;
    return config;
  }

  private build<C>(key: string, pkg: string, className: string, region: string | undefined, extra: Record<string, unknown> = {}): C {
    const cacheKey = `${key}@${region ?? 'default'}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached as C;
    const ctor = sdk<Ctor<C>>(pkg, className);
    const client = new ctor({ ...this.baseConfig(region ?? this.options.defaultRegion), ...extra, ...this.options.clientConfig });
    const profile = this.options.profile ?? process.env.AWS_PROFILE;
    // An error that reaches the command names the call that failed (after the SDK's retries) and the profile in use.
    (client as unknown as SdkClient).middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (typeof error === 'object' && error !== null && !failedOperationOf(error)) {
            Object.defineProperty(error, FAILED_OPERATION, { value: `${key}:${operationName(context)}` });
            if (profile) Object.defineProperty(error, PROFILE_IN_USE, { value: profile });
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'clinnetOptFailedOperation' },
    );
    const onRequest = this.options.onRequest;
    if (onRequest) {
      (client as unknown as SdkClient).middlewareStack.add(
        (next, context) => async (args) => {
          onRequest(key, operationName(context));
          return next(args);
        },
        { step: 'initialize', name: 'clinnetOptRequestCounter' },
      );
    }
    this.cache.set(cacheKey, client);
    return client;
  }

  lambda(region?: string): LambdaClient {
    return this.build<LambdaClient>('lambda', '@aws-sdk/client-lambda', 'LambdaClient', region);
  }
  rds(region?: string): RDSClient {
    return this.build<RDSClient>('rds', '@aws-sdk/client-rds', 'RDSClient', region);
  }
  rdsData(region?: string): RDSDataClient {
    return this.build<RDSDataClient>('rds-data', '@aws-sdk/client-rds-data', 'RDSDataClient', region);
  }
  dynamodb(region?: string): DynamoDBClient {
    return this.build<DynamoDBClient>('dynamodb', '@aws-sdk/client-dynamodb', 'DynamoDBClient', region);
  }
  dynamodbStreams(region?: string): DynamoDBStreamsClient {
    return this.build<DynamoDBStreamsClient>('dynamodbstreams', '@aws-sdk/client-dynamodb-streams', 'DynamoDBStreamsClient', region);
  }
  cloudformation(region?: string): CloudFormationClient {
    return this.build<CloudFormationClient>('cloudformation', '@aws-sdk/client-cloudformation', 'CloudFormationClient', region);
  }
  /**
   * The Price List Query API is served from us-east-1, eu-central-1 and ap-south-1 only, whatever
   * region is priced (its products are filtered by regionCode): the endpoint region is one of those.
   */
  pricing(endpointRegion: 'us-east-1' | 'eu-central-1' | 'ap-south-1' = 'us-east-1'): PricingClient {
    return this.build<PricingClient>('pricing', '@aws-sdk/client-pricing', 'PricingClient', endpointRegion);
  }
  s3(region?: string): S3Client {
    return this.build<S3Client>('s3', '@aws-sdk/client-s3', 'S3Client', region, hasEndpointOverride('S3') ? { forcePathStyle: true } : {});
  }
  ec2(region?: string): EC2Client {
    return this.build<EC2Client>('ec2', '@aws-sdk/client-ec2', 'EC2Client', region);
  }
  cloudfront(): CloudFrontClient {
    return this.build<CloudFrontClient>('cloudfront', '@aws-sdk/client-cloudfront', 'CloudFrontClient', GLOBAL_REGION);
  }
  cloudwatch(region?: string): CloudWatchClient {
    return this.build<CloudWatchClient>('cloudwatch', '@aws-sdk/client-cloudwatch', 'CloudWatchClient', region);
  }
  logs(region?: string): CloudWatchLogsClient {
    return this.build<CloudWatchLogsClient>('logs', '@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient', region);
  }
  apigateway(region?: string): APIGatewayClient {
    return this.build<APIGatewayClient>('apigateway', '@aws-sdk/client-api-gateway', 'APIGatewayClient', region);
  }
  /** STS answers GetCallerIdentity in any region: without one set anywhere, us-east-1 (as the AWS CLI's global endpoint). */
  sts(region?: string): STSClient {
    if (region || this.options.defaultRegion) return this.build<STSClient>('sts', '@aws-sdk/client-sts', 'STSClient', region);
    return this.build<STSClient>('sts', '@aws-sdk/client-sts', 'STSClient', undefined, { region: () => this.homeOrGlobalRegion() });
  }
  secretsManager(region?: string): SecretsManagerClient {
    return this.build<SecretsManagerClient>('secretsmanager', '@aws-sdk/client-secrets-manager', 'SecretsManagerClient', region);
  }
  /** Cost Explorer's API is served from us-east-1 only. */
  costExplorer(): CostExplorerClient {
    return this.build<CostExplorerClient>('ce', '@aws-sdk/client-cost-explorer', 'CostExplorerClient', GLOBAL_REGION);
  }
  /**
   * Organizations has one endpoint per partition, and the SDK's endpoint rules map every region of a
   * partition to it (organizations.us-east-1.amazonaws.com in aws, cn-northwest-1 in aws-cn,
   * us-gov-west-1 in GovCloud): the home region only picks the partition, as for STS.
   */
  organizations(): OrganizationsClient {
    if (this.options.defaultRegion) return this.build<OrganizationsClient>('organizations', '@aws-sdk/client-organizations', 'OrganizationsClient', undefined);
    return this.build<OrganizationsClient>('organizations', '@aws-sdk/client-organizations', 'OrganizationsClient', undefined, { region: () => this.homeOrGlobalRegion() });
  }
  /** AWS Budgets is a global service served from us-east-1. */
  budgets(): BudgetsClient {
    return this.build<BudgetsClient>('budgets', '@aws-sdk/client-budgets', 'BudgetsClient', GLOBAL_REGION);
  }
}
