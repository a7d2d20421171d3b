/**
 * API Gateway stage settings: UpdateStage patch operations (IAM: apigateway:PATCH / GET on the stage).
 * The stage-cache reader returns the cluster and, for a change that sets method caching, each
 * method-settings key's caching and TTL as GetStage answers them.
 */
import { GetStageCommand, UpdateStageCommand, type UpdateStageCommandInput } from '@aws-sdk/client-api-gateway';
import { sdkInput, type ServiceOperations, sendWrite } from './types.js';

export const apigatewayOperations: ServiceOperations = {
  operations: {
    'apigateway:UpdateStage': {
      iam: ['apigateway:PATCH'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.apigateway(ctx.region).send(new UpdateStageCommand(sdkInput<UpdateStageCommandInput>(input))));
        return {};
      },
    },
  },
  readers: {
    'apigateway:CacheCluster': {
      iam: ['apigateway:GET'],
      read: async (c, ctx) => {
        const stage = await ctx.factory
          .apigateway(ctx.region)
          .send(new GetStageCommand({ restApiId: String(c.input.restApiId), stageName: String(c.input.stageName) }));
        const enabled = stage.cacheClusterEnabled ?? false;
        const cluster = { enabled, size: enabled ? (stage.cacheClusterSize ?? null) : null };
        // Where the traffic is served from the cache: the method settings of every key the change sets.
        const keys = Object.keys(((c.after as { methods?: Record<string, unknown> } | null)?.methods ?? {}) as Record<string, unknown>);
        if (keys.length === 0) return cluster;
        const methods = Object.fromEntries(
          keys.map((key) => {
            const setting = stage.methodSettings?.[key];
            return [key, setting?.cachingEnabled ? { cachingEnabled: true, ttlSeconds: setting.cacheTtlInSeconds ?? null } : { cachingEnabled: false, ttlSeconds: null }];
          }),
        );
        return { ...cluster, methods };
      },
    },
  },
};
