/**
 * The config file: every design target can be overridden per environment. Objects are strict so a
 * misspelt key is an error that names its path, not a silently ignored setting.
 */
import { z } from 'zod';
import { CostConfig } from '../cost/config-schema.js';
import { MigrateConfig } from '../migrate/config-schema.js';
import { IamConfig } from '../permissions/config-schema.js';

const acu = z.number().min(0).max(256);
const tier = z.strictObject({ memoryMb: z.number().int().min(128).max(10240), timeoutS: z.number().int().min(1).max(900) }).partial();
const cachePolicy = z.enum(['CachingOptimized', 'CachingDisabled']).nullable();

const lifecycleTarget = z.strictObject({
  bucketPatterns: z.array(z.string()).min(1),
  ruleId: z.string().min(1).max(255),
  transitions: z.array(z.strictObject({ days: z.number().int().min(0), storageClass: z.string() })).min(1),
});

export const EnvTargetsOverride = z.strictObject({
  aurora: z
    .strictObject({
      minAcu: acu.nullable(),
      maxAcu: acu.nullable(),
      backupRetentionDays: z.number().int().min(1).max(35).nullable(),
      multiAz: z.boolean().nullable(),
      autoPause: z.boolean(),
      /** SecondsUntilAutoPause: AWS accepts 300 to 86,400 seconds. */
      autoPauseSeconds: z.number().int().min(300).max(86_400),
    })
    .partial(),
  lambda: z
    .strictObject({
      architecture: z.enum(['arm64']).nullable(),
      tiers: z.strictObject({ 'high-frequency': tier, 'low-frequency': tier, 'data-intensive': tier }).partial(),
      memoryMb: z.number().int().min(128).max(10240).nullable(),
      reservedConcurrency: z.number().int().min(0).nullable(),
      provisionedConcurrency: z.number().int().min(1).nullable(),
      applicationLogLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL']).nullable(),
    })
    .partial(),
  dynamodb: z
    .strictObject({
      migrateToAurora: z.array(z.string()),
      onDemand: z.array(z.string()),
      requiredIndexes: z.array(
        z.strictObject({
          tablePatterns: z.array(z.string()),
          indexName: z.string(),
          hashKey: z.string(),
          rangeKey: z.string(),
          projectionType: z.enum(['KEYS_ONLY', 'INCLUDE', 'ALL']),
        }),
      ),
    })
    .partial(),
  s3: z
    .strictObject({
      lifecycle: z.array(lifecycleTarget),
      intelligentTiering: z.strictObject({ bucketPatterns: z.array(z.string()) }),
    })
    .partial(),
  cloudfront: z
    .strictObject({
      priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).nullable(),
      compress: z.boolean(),
      staticCachePolicy: cachePolicy,
      apiCachePolicy: cachePolicy,
      apiPathPatterns: z.array(z.string()),
    })
    .partial(),
  vpc: z.strictObject({ gatewayEndpoints: z.array(z.enum(['s3', 'dynamodb'])) }).partial(),
  logs: z.strictObject({ retentionDays: z.number().int().positive().nullable() }).partial(),
  apiGateway: z
    .strictObject({
      cacheClusterEnabled: z.boolean().nullable(),
      cacheClusterSize: z.enum(['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237']).nullable(),
      /** Method-caching TTL for cached GET methods: 0–3600 s (API Gateway's range). */
      cacheTtlSeconds: z.number().int().min(0).max(3600),
    })
    .partial(),
}).partial();

const tierPatterns = z.array(z.string());

/** An environment name: lower case, a letter first (it appears in tags, stack parameters and names). */
export const EnvName = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an environment name is lower case letters, digits, - or _, a letter first').refine((name) => name !== 'unknown', '"unknown" is not an environment name');

/**
 * An environment the config adds, or more words for one the design has: its aliases, and for a new one
 * the environment whose targets it starts from (`like`, default staging: the design's "most environments").
 */
export const EnvironmentConfig = z.strictObject({
  aliases: z.array(z.string().min(1)).optional(),
  like: z.string().optional(),
});

export const ConfigFile = z.strictObject({
  $schema: z.string().optional(),
  environmentTagKey: z.string().min(1).optional(),
  /** Environments beyond the design's (dev, test, staging, prod), and more aliases for any of them. */
  environments: z.record(EnvName, EnvironmentConfig).optional(),
  /** Stack parameters read as a resource's environment (case-insensitive; default Environment, Env, Stage). */
  environmentParameterNames: z.array(z.string().min(1)).min(1).optional(),
  lambdaTierPatterns: z
    .strictObject({ 'high-frequency': tierPatterns, 'low-frequency': tierPatterns, 'data-intensive': tierPatterns })
    .partial()
    .optional(),
  criticalFunctionPatterns: z.array(z.string()).optional(),
  /** The design's function consolidation groups (lambda/consolidation); replaces the defaults. */
  lambdaConsolidationGroups: z
    .array(z.strictObject({ name: z.string().min(1), patterns: z.array(z.string()).min(1), into: z.string().min(1) }))
    .optional(),
  /** Overrides per environment: the design's (dev, test, staging, prod) or one `environments` adds. */
  targets: z.record(z.string(), EnvTargetsOverride).optional(),
  /** Metric-driven right-sizing (headroom over observed peaks, in percent). */
  metrics: z
    .strictObject({
      windowDays: z.number().int().min(1).max(455),
      acuHeadroomPct: z.number().min(0).max(500),
      memoryHeadroomPct: z.number().min(0).max(500),
      timeoutHeadroomPct: z.number().min(0).max(500),
    })
    .partial()
    .optional(),
  migrate: MigrateConfig.optional(),
  cost: CostConfig.optional(),
  iam: IamConfig.optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
