/**
 * CloudFront patches: GetDistributionConfig (config + ETag), patch, UpdateDistribution with IfMatch.
 * A config changed by someone else between the read and the write fails with PreconditionFailed.
 */
import {
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  type CacheBehavior,
  type DefaultCacheBehavior,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import type { JsonValue } from '../../rules/types.js';
import { DEFAULT_BEHAVIOR } from '../../fixers/cloudfront/distribution-patch.js';
import type { AwsCall, Change, JsonObject } from '../change.js';
import { plain, type AwsContext, type ServiceOperations, sendWrite } from './types.js';

type Behavior = CacheBehavior | DefaultCacheBehavior;
const LEGACY_KEYS = ['ForwardedValues', 'MinTTL', 'DefaultTTL', 'MaxTTL', 'SmoothStreaming'] as const;

export function behaviorOf(config: DistributionConfig, pattern: string): Behavior | undefined {
  if (pattern === DEFAULT_BEHAVIOR) return config.DefaultCacheBehavior;
  return config.CacheBehaviors?.Items?.find((b) => b.PathPattern === pattern);
}

function requireBehavior(config: DistributionConfig, pattern: string): Behavior {
  const behavior = behaviorOf(config, pattern);
  if (!behavior) throw new Error(`the distribution has no cache behavior for ${pattern}`);
  return behavior;
}

async function updateDistribution(input: JsonObject, ctx: AwsContext, change: Change): Promise<{ undo?: AwsCall }> {
  const client = ctx.factory.cloudfront();
  const id = String(input.Id);
  const got = await client.send(new GetDistributionConfigCommand({ Id: id }));
  const config = got.DistributionConfig;
  if (!config || !got.ETag) throw new Error('GetDistributionConfig returned no config or ETag');
  const legacySaved: JsonObject = {};
  if (typeof input.PriceClass === 'string') config.PriceClass = input.PriceClass as DistributionConfig['PriceClass'];
  if (input.Compress && typeof input.Compress === 'object') {
    for (const [pattern, compress] of Object.entries(input.Compress as Record<string, boolean>)) requireBehavior(config, pattern).Compress = compress;
  }
  if (input.CachePolicyId && typeof input.CachePolicyId === 'object') {
    const legacy = (input.LegacyCacheSettings ?? {}) as Record<string, Record<string, unknown>>;
    for (const [pattern, policyId] of Object.entries(input.CachePolicyId as Record<string, string | null>)) {
      const behavior = requireBehavior(config, pattern) as unknown as Record<string, unknown>;
      if (policyId) {
        const saved: JsonObject = {};
        for (const key of LEGACY_KEYS) {
          if (behavior[key] !== undefined) saved[key] = plain(behavior[key]);
          delete behavior[key];
        }
        if (Object.keys(saved).length) legacySaved[pattern] = saved;
        behavior.CachePolicyId = policyId;
      } else {
        const restore = legacy[pattern];
        if (!restore) throw new Error(`cannot remove the cache policy of ${pattern}: no legacy cache settings recorded to restore`);
        delete behavior.CachePolicyId;
        // An origin request policy needs a cache policy: legacy settings carry their own forwarding.
        delete behavior.OriginRequestPolicyId;
        Object.assign(behavior, restore);
      }
    }
  }
  if (input.OriginRequestPolicyId && typeof input.OriginRequestPolicyId === 'object') {
    for (const [pattern, policyId] of Object.entries(input.OriginRequestPolicyId as Record<string, string | null>)) {
      const behavior = requireBehavior(config, pattern);
      if (policyId) behavior.OriginRequestPolicyId = policyId;
      else delete behavior.OriginRequestPolicyId;
    }
  }
  // The legacy settings a cache policy replaces are known before the write: journal them first,
  // so a write whose outcome is unknown can still be undone.
  const undo: AwsCall | undefined = Object.keys(legacySaved).length
    ? { operation: change.undo.operation, input: { ...change.undo.input, LegacyCacheSettings: legacySaved as JsonValue } }
    : undefined;
  if (undo) ctx.recordUndo?.(undo);
  await sendWrite(ctx, () => client.send(new UpdateDistributionCommand({ Id: id, IfMatch: got.ETag, DistributionConfig: config })));
  return undo ? { undo } : {};
}

async function distributionConfig(change: Change, ctx: AwsContext): Promise<DistributionConfig> {
  const got = await ctx.factory.cloudfront().send(new GetDistributionConfigCommand({ Id: String(change.input.Id) }));
  if (!got.DistributionConfig) throw new Error('GetDistributionConfig returned no config');
  return got.DistributionConfig;
}

function perBehavior(change: Change, pick: (pattern: string) => JsonValue): JsonValue {
  const keys = Object.keys((change.after ?? {}) as Record<string, unknown>);
  return Object.fromEntries(keys.map((pattern) => [pattern, pick(pattern)]));
}

const READ = ['cloudfront:GetDistributionConfig'];

export const cloudfrontOperations: ServiceOperations = {
  operations: {
    'cloudfront:UpdateDistribution': { iam: ['cloudfront:UpdateDistribution', ...READ], apply: updateDistribution },
  },
  readers: {
    'cloudfront:PriceClass': { iam: READ, read: async (c, ctx) => (await distributionConfig(c, ctx)).PriceClass ?? null },
    'cloudfront:Compress': {
      iam: READ,
      read: async (c, ctx) => {
        const config = await distributionConfig(c, ctx);
        return perBehavior(c, (pattern) => behaviorOf(config, pattern)?.Compress ?? false);
      },
    },
    // What reaches the origin: the behavior's cache policy and origin request policy together.
    'cloudfront:CachePolicy': {
      iam: READ,
      read: async (c, ctx) => {
        const config = await distributionConfig(c, ctx);
        return perBehavior(c, (pattern) => {
          const b = behaviorOf(config, pattern);
          return { cachePolicyId: b?.CachePolicyId || null, originRequestPolicyId: b?.OriginRequestPolicyId || null };
        });
      },
    },
    // Journals written before origin request policies were planned.
    'cloudfront:CachePolicyId': {
      iam: READ,
      read: async (c, ctx) => {
        const config = await distributionConfig(c, ctx);
        // An empty CachePolicyId (as some endpoints return for legacy settings) means no cache policy.
        return perBehavior(c, (pattern) => behaviorOf(config, pattern)?.CachePolicyId || null);
      },
    },
  },
};
