/**
 * The design document's targets per environment (../shared/design-document.md), as typed data.
 * Where the document's own value is rejected by AWS, the value here is the document's and the
 * rule that enforces it adjusts to the nearest valid value and says why; see docs/design-deviations.md.
 * `null` means the document sets no target for that environment: no rule fires.
 */
import type { Env } from './environment.js';

export type LambdaTier = 'high-frequency' | 'low-frequency' | 'data-intensive';
export const LAMBDA_TIERS: readonly LambdaTier[] = ['high-frequency', 'low-frequency', 'data-intensive'];
/** Between patterns naming as many words, the first tier here wins: "patient-reports" is data-intensive, "patient-health" low-frequency. */
export const LAMBDA_TIER_ORDER: readonly LambdaTier[] = ['data-intensive', 'low-frequency', 'high-frequency'];

export interface TierTarget {
  memoryMb: number;
  timeoutS: number;
}

export interface LifecycleTarget {
  /** Which buckets (glob on the bucket name). */
  bucketPatterns: string[];
  ruleId: string;
  transitions: { days: number; storageClass: string }[];
}

export interface EnvTargets {
  aurora: {
    minAcu: number | null;
    maxAcu: number | null;
    backupRetentionDays: number | null;
    multiAz: boolean | null;
    /** Beyond the document: pause at 0 ACU where the engine version supports it. */
    autoPause: boolean;
    /** Idle seconds before a paused-capable cluster pauses (SecondsUntilAutoPause, 300–86,400). */
    autoPauseSeconds: number;
  };
  lambda: {
    architecture: 'arm64' | null;
    tiers: Record<LambdaTier, TierTarget>;
    /** The environment's own memory size, overriding every tier (dev: 128 MB). */
    memoryMb: number | null;
    reservedConcurrency: number | null;
    provisionedConcurrency: number | null;
    /** The document says WARNING (Python's name); Lambda's logging configuration calls it WARN. */
    applicationLogLevel: string | null;
  };
  dynamodb: {
    /** Tables that move to Aurora (glob on the table name). */
    migrateToAurora: string[];
    /** Tables that stay, on demand. */
    onDemand: string[];
    requiredIndexes: {
      tablePatterns: string[];
      indexName: string;
      hashKey: string;
      rangeKey: string;
      projectionType: 'KEYS_ONLY' | 'INCLUDE' | 'ALL';
    }[];
  };
  s3: {
    lifecycle: LifecycleTarget[];
    intelligentTiering: { bucketPatterns: string[] };
  };
  cloudfront: {
    priceClass: string | null;
    compress: boolean;
    /** Managed cache policy for static (default) behaviors. */
    staticCachePolicy: 'CachingOptimized' | 'CachingDisabled' | null;
    /** Managed cache policy for API behaviors (path patterns under apiPathPatterns). */
    apiCachePolicy: 'CachingOptimized' | 'CachingDisabled' | null;
    apiPathPatterns: string[];
  };
  vpc: { gatewayEndpoints: ('s3' | 'dynamodb')[] };
  logs: { retentionDays: number | null };
  /** cacheTtlSeconds: the method-caching TTL set on cached GET methods with the cluster (API Gateway's default 300 s). */
  apiGateway: { cacheClusterEnabled: boolean | null; cacheClusterSize: string | null; cacheTtlSeconds: number };
}

/** The design's "Function Consolidation Strategy": functions whose names match become one. */
export interface ConsolidationGroup {
  name: string;
  /** Function name globs; a function joins the first group that matches it. */
  patterns: string[];
  /** What the group becomes. */
  into: string;
}

export interface TargetProfile {
  environmentTagKey: string;
  /**
   * Patterns per tier, matched against a function's name and logical ID, whole or word by word (tier-match.ts);
   * the tier whose pattern names the most words wins, ties going in LAMBDA_TIER_ORDER.
   */
  lambdaTierPatterns: Record<LambdaTier, string[]>;
  /** Functions that get provisioned concurrency where the environment sets it. */
  criticalFunctionPatterns: string[];
  /** The design's function consolidation groups (advisory: lambda/consolidation). */
  lambdaConsolidationGroups: ConsolidationGroup[];
  envs: Record<Env, EnvTargets>;
}

const tiers: Record<LambdaTier, TierTarget> = {
  'high-frequency': { memoryMb: 512, timeoutS: 15 },
  'low-frequency': { memoryMb: 128, timeoutS: 10 },
  'data-intensive': { memoryMb: 1024, timeoutS: 60 },
};

const documentsLifecycle: LifecycleTarget = {
  bucketPatterns: ['*document*'],
  ruleId: 'DocumentsLifecycle',
  transitions: [
    { days: 30, storageClass: 'STANDARD_IA' },
    { days: 90, storageClass: 'GLACIER' },
    { days: 365, storageClass: 'DEEP_ARCHIVE' },
  ],
};

const imagesLifecycle: LifecycleTarget = {
  bucketPatterns: ['*image*'],
  ruleId: 'ImagesLifecycle',
  transitions: [
    { days: 7, storageClass: 'STANDARD_IA' },
    { days: 30, storageClass: 'GLACIER' },
  ],
};

const dynamodb: EnvTargets['dynamodb'] = {
  migrateToAurora: ['*services*', '*users*'],
  onDemand: ['*medical_reports*', '*medical-reports*', '*medicalreports*'],
  requiredIndexes: [
    {
      tablePatterns: ['*medical_reports*', '*medical-reports*', '*medicalreports*'],
      indexName: 'PatientDateIndex',
      hashKey: 'patientId',
      rangeKey: 'reportDate',
      projectionType: 'KEYS_ONLY',
    },
  ],
};

const s3: EnvTargets['s3'] = {
  lifecycle: [documentsLifecycle, imagesLifecycle],
  intelligentTiering: { bucketPatterns: ['*frontend*'] },
};

const common = {
  dynamodb,
  s3,
  vpc: { gatewayEndpoints: ['s3', 'dynamodb'] as ('s3' | 'dynamodb')[] },
};

export const DESIGN_TARGETS: TargetProfile = {
  environmentTagKey: 'Environment',
  // Word patterns (see src/targets/tier-match.ts): `*x*` holds x anywhere in a word, a bare word is that
  // word only (`ai` is not in "maintenance", `ping` not in "shipping"), `check-in` two words in a row.
  lambdaTierPatterns: {
    // The request path: CRUD handlers for patients, appointments, services and users, and sign-in.
    'high-frequency': [
      '*patient*', '*appointment*', '*service*', '*user*', '*auth*', '*billing*', '*invoice*', '*schedul*', 'booking*',
      'login', 'logout', 'signin', 'sign-in', 'signup', 'sign-up', 'check-in', 'checkin',
      'get', 'list', 'create', 'update', 'delete',
    ],
    // Diagnostics and connectivity checks, admin and one-off jobs.
    'low-frequency': [
      '*diagnos*', '*health*', 'check', 'checks', 'ping', 'connectivity', 'test-connection*', '*status*',
      '*admin*', '*setup*', '*seed*', '*migrat*', 'warmup', 'warm-up', 'keep-warm',
    ],
    // Reports, analytics, AI and summarization, documents and media.
    'data-intensive': [
      '*report*', '*analytic*', 'analysis', 'analyze*', 'analyse*', '*summar*',
      'ai', 'genai', 'ml', 'llm', '*bedrock*', '*transcri*', '*textract*', '*comprehend*', 'generate-note*', 'note-generat*',
      '*export*', '*import*', '*pdf*', 'ocr', '*image*', '*document*',
    ],
  },
  // The design's critical CRUD functions (clinnet-patients-prod, clinnet-appointments-prod), not
  // their neighbours patient-search and appointment-reminders.
  criticalFunctionPatterns: ['*-patients-*', '*-patients', 'patients-*', 'patients', '*-appointments-*', '*-appointments', 'appointments-*', 'appointments'],
  lambdaConsolidationGroups: [
    { name: 'patient-operations', patterns: ['*patient*'], into: 'one patient function that routes the CRUD operations by method and path' },
    { name: 'service-operations', patterns: ['*service*'], into: 'one service-operations function' },
    { name: 'diagnostics', patterns: ['*health*', '*diagnos*', '*status*', '*ping*'], into: 'one diagnostic function' },
  ],
  envs: {
    dev: {
      aurora: { minAcu: 0.5, maxAcu: 1, backupRetentionDays: 1, multiAz: null, autoPause: true, autoPauseSeconds: 300 },
      lambda: {
        architecture: 'arm64',
        tiers,
        memoryMb: 128,
        reservedConcurrency: 5,
        provisionedConcurrency: null,
        applicationLogLevel: 'WARN',
      },
      ...common,
      cloudfront: {
        priceClass: 'PriceClass_100',
        compress: true,
        staticCachePolicy: 'CachingDisabled',
        apiCachePolicy: 'CachingDisabled',
        apiPathPatterns: ['/api/*', 'api/*', '/prod/*', '/dev/*'],
      },
      logs: { retentionDays: 30 },
      apiGateway: { cacheClusterEnabled: false, cacheClusterSize: null, cacheTtlSeconds: 300 },
    },
    staging: {
      aurora: { minAcu: 0.5, maxAcu: 4, backupRetentionDays: null, multiAz: null, autoPause: true, autoPauseSeconds: 300 },
      lambda: {
        architecture: 'arm64',
        tiers,
        memoryMb: null,
        reservedConcurrency: null,
        provisionedConcurrency: null,
        applicationLogLevel: 'WARN',
      },
      ...common,
      cloudfront: {
        priceClass: null,
        compress: true,
        staticCachePolicy: 'CachingOptimized',
        apiCachePolicy: 'CachingDisabled',
        apiPathPatterns: ['/api/*', 'api/*', '/prod/*', '/dev/*'],
      },
      logs: { retentionDays: 90 },
      apiGateway: { cacheClusterEnabled: null, cacheClusterSize: null, cacheTtlSeconds: 300 },
    },
    prod: {
      aurora: { minAcu: 0.5, maxAcu: 8, backupRetentionDays: 7, multiAz: true, autoPause: false, autoPauseSeconds: 300 },
      lambda: {
        architecture: 'arm64',
        tiers,
        memoryMb: null,
        reservedConcurrency: 100,
        provisionedConcurrency: 10,
        applicationLogLevel: 'WARN',
      },
      ...common,
      cloudfront: {
        priceClass: 'PriceClass_All',
        compress: true,
        staticCachePolicy: 'CachingOptimized',
        apiCachePolicy: 'CachingDisabled',
        apiPathPatterns: ['/api/*', 'api/*', '/prod/*', '/dev/*'],
      },
      logs: { retentionDays: 365 },
      apiGateway: { cacheClusterEnabled: true, cacheClusterSize: '0.5', cacheTtlSeconds: 300 },
    },
  },
};
