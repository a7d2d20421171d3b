/**
 * The `current` and `target` values of each fixable rule's findings, in the API's own terms.
 * Rules produce them; fixers consume them. `target` is exactly what the fixer sets, already
 * adjusted to what AWS accepts (the rule's message says where that differs from the document).
 */
import type { LifecycleRule, IntelligentTieringConfig } from '../inventory/snapshot.js';

export interface FindingValues {
  'aurora/acu-range': { minAcu: number; maxAcu: number };
  'aurora/backup-retention': number;
  /** The scaling configuration with auto-pause: MinCapacity 0 and SecondsUntilAutoPause (null: not set). */
  'aurora/auto-pause': { minAcu: number; maxAcu: number; secondsUntilAutoPause: number | null };
  'lambda/arm64': string[]; // Architectures, e.g. ['arm64']
  'lambda/memory': number; // MB
  'lambda/timeout': number; // seconds
  'lambda/reserved-concurrency': number | null; // null: no reservation
  /** Provisioned concurrency on a qualifier (alias or version; never $LATEST). */
  'lambda/provisioned-concurrency': { qualifier: string; count: number } | null;
  'lambda/log-level': { logFormat: string | null; applicationLogLevel: string | null };
  'dynamodb/on-demand': 'PAY_PER_REQUEST' | 'PROVISIONED';
  /** The bucket's whole lifecycle configuration after the change (foreign rules kept verbatim). */
  's3/lifecycle': LifecycleRule[] | null;
  /** current: the bucket's whole lifecycle configuration; target: it plus an INTELLIGENT_TIERING transition rule. */
  's3/intelligent-tiering': { lifecycleRules: LifecycleRule[] | null; intelligentTiering: IntelligentTieringConfig[] };
  /** Per behavior path pattern ('*' is the default behavior). */
  'cloudfront/compression': Record<string, boolean>;
  'cloudfront/price-class': string;
  'cloudfront/cache-policy': Record<string, string | null>; // path pattern → cache policy id
  /** Route table ids per gateway endpoint service ('s3' | 'dynamodb') that should carry the endpoint. */
  'vpc/gateway-endpoints': Record<string, { endpointId: string | null; routeTableIds: string[] }>;
  'logs/retention': number | null; // days; null: never expire
  /** cachedMethods (when the cluster is wanted): the GET methods cached, e.g. 'GET /patients'; cacheTtlSeconds: their TTL (target only). */
  'apigateway/stage-cache': { enabled: boolean; size: string | null; cachedMethods?: string[]; cacheTtlSeconds?: number };
}

export type FixableRuleId = keyof FindingValues;
