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
import { DEFAULT_BEHAVIOR } from '../cloudfront/distribution-patch.js';
import type { JsonObject } from '../types.js';
import { plain, type Applier } from './types.js';

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

export const cloudfrontAppliers: Record<string, Applier> = {
  'cloudfront:UpdateDistribution': async (input, ctx, change) => {
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
          Object.assign(behavior, restore);
        }
      }
    }
    await client.send(new UpdateDistributionCommand({ Id: id, IfMatch: got.ETag, DistributionConfig: config }));
    if (Object.keys(legacySaved).length) {
      return { undo: { operation: change.undo.operation, input: { ...change.undo.input, LegacyCacheSettings: legacySaved as JsonValue } } };
    }
    return {};
  },
};
