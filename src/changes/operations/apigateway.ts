/** API Gateway stage settings: UpdateStage patch operations (IAM: apigateway:PATCH / GET on the stage). */
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
        return { enabled, size: enabled ? (stage.cacheClusterSize ?? null) : null };
      },
    },
  },
};
