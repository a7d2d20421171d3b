/** Changes that are one request: DynamoDB, CloudWatch Logs, API Gateway, EC2 endpoints. */
import { DescribeTableCommand, UpdateTableCommand, type UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DeleteRetentionPolicyCommand, PutRetentionPolicyCommand, type PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { UpdateStageCommand, type UpdateStageCommandInput } from '@aws-sdk/client-api-gateway';
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type DeleteVpcEndpointsCommandInput,
  type ModifyVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import { sdkInput, type Applier, type AwsContext } from './types.js';

/** A table accepts one update at a time: wait for ACTIVE before and after a billing-mode switch. */
async function waitForTableActive(ctx: AwsContext, tableName: string): Promise<void> {
  const client = ctx.factory.dynamodb(ctx.region);
  for (let poll = 0; poll < ctx.maxPolls; poll++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await ctx.sleep(ctx.pollMs);
  }
  throw new Error(`the table is not ACTIVE after ${ctx.maxPolls} checks; run again later`);
}

export const simpleAppliers: Record<string, Applier> = {
  'dynamodb:UpdateTable': async (input, ctx) => {
    const table = String(input.TableName);
    await waitForTableActive(ctx, table);
    await ctx.factory.dynamodb(ctx.region).send(new UpdateTableCommand(sdkInput<UpdateTableCommandInput>(input)));
    await waitForTableActive(ctx, table);
    return {};
  },
  'logs:PutRetentionPolicy': async (input, ctx) => {
    await ctx.factory.logs(ctx.region).send(new PutRetentionPolicyCommand(sdkInput<PutRetentionPolicyCommandInput>(input)));
    return {};
  },
  'logs:DeleteRetentionPolicy': async (input, ctx) => {
    await ctx.factory.logs(ctx.region).send(new DeleteRetentionPolicyCommand({ logGroupName: String(input.logGroupName) }));
    return {};
  },
  'apigateway:UpdateStage': async (input, ctx) => {
    await ctx.factory.apigateway(ctx.region).send(new UpdateStageCommand(sdkInput<UpdateStageCommandInput>(input)));
    return {};
  },
  'ec2:CreateVpcEndpoint': async (input, ctx) => {
    const response = await ctx.factory.ec2(ctx.region).send(new CreateVpcEndpointCommand(sdkInput<CreateVpcEndpointCommandInput>(input)));
    const id = response.VpcEndpoint?.VpcEndpointId;
    if (!id) throw new Error('CreateVpcEndpoint returned no endpoint id');
    return { undo: { operation: 'ec2:DeleteVpcEndpoints', input: { VpcEndpointIds: [id] } }, detail: `created ${id}` };
  },
  'ec2:ModifyVpcEndpoint': async (input, ctx) => {
    const response = await ctx.factory.ec2(ctx.region).send(new ModifyVpcEndpointCommand(sdkInput<ModifyVpcEndpointCommandInput>(input)));
    if (response.Return === false) throw new Error('ModifyVpcEndpoint returned false');
    return {};
  },
  'ec2:DeleteVpcEndpoints': async (input, ctx) => {
    const response = await ctx.factory.ec2(ctx.region).send(new DeleteVpcEndpointsCommand(sdkInput<DeleteVpcEndpointsCommandInput>(input)));
    const failed = response.Unsuccessful ?? [];
    if (failed.length) throw new Error(`DeleteVpcEndpoints: ${failed.map((f) => `${f.ResourceId}: ${f.Error?.Message ?? f.Error?.Code}`).join('; ')}`);
    return {};
  },
};
