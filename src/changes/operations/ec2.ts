/**
 * VPC gateway endpoints: create (tagged, so a create whose outcome is unknown can be found and
 * undone), add route tables, delete. The reader gives the route tables the live endpoints of one
 * service serve in one VPC.
 */
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type ModifyVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import type { JsonObject } from '../change.js';
import { sdkInput, type AwsContext, type ServiceOperations, sendWrite } from './types.js';

/** Stands for the id of an endpoint the change creates, until the apply learns it. */
export const CREATED_ENDPOINT = '<created-endpoint-id>';
/** The tag every endpoint `fix` creates carries. */
export const CREATED_BY_TAG = { Key: 'clinnet-opt:created-by', Value: 'fix' } as const;
const DESCRIBE = 'ec2:DescribeVpcEndpoints';
const GONE = ['deleted', 'deleting', 'failed', 'rejected'];

async function liveEndpoints(ctx: AwsContext, vpcId: string, serviceName: string, createdByUs: boolean) {
  const filters = [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: 'service-name', Values: [serviceName] },
    { Name: 'vpc-endpoint-type', Values: ['Gateway'] },
  ];
  if (createdByUs) filters.push({ Name: `tag:${CREATED_BY_TAG.Key}`, Values: [CREATED_BY_TAG.Value] });
  const response = await ctx.factory.ec2(ctx.region).send(new DescribeVpcEndpointsCommand({ Filters: filters }));
  return (response.VpcEndpoints ?? []).filter((e) => !GONE.includes(String(e.State).toLowerCase()));
}

/** The undo of a create names the endpoint by its VPC and service until the id is known. */
async function endpointIds(input: JsonObject, ctx: AwsContext): Promise<string[]> {
  const ids = (input.VpcEndpointIds as string[] | undefined) ?? [];
  if (!ids.includes(CREATED_ENDPOINT)) return ids;
  const found = await liveEndpoints(ctx, String(input.VpcId), String(input.ServiceName), true);
  return [...ids.filter((id) => id !== CREATED_ENDPOINT), ...found.flatMap((e) => (e.VpcEndpointId ? [e.VpcEndpointId] : []))];
}

export const ec2Operations: ServiceOperations = {
  operations: {
    'ec2:CreateVpcEndpoint': {
      iam: ['ec2:CreateVpcEndpoint', 'ec2:CreateTags'],
      apply: async (input, ctx) => {
        const response = await sendWrite(ctx, () => ctx.factory.ec2(ctx.region).send(new CreateVpcEndpointCommand(sdkInput<CreateVpcEndpointCommandInput>(input))));
        const id = response.VpcEndpoint?.VpcEndpointId;
        if (!id) throw new Error('CreateVpcEndpoint returned no endpoint id');
        return { undo: { operation: 'ec2:DeleteVpcEndpoints', input: { VpcEndpointIds: [id] } }, detail: `created ${id}` };
      },
    },
    'ec2:ModifyVpcEndpoint': {
      iam: ['ec2:ModifyVpcEndpoint'],
      apply: async (input, ctx) => {
        const response = await sendWrite(ctx, () => ctx.factory.ec2(ctx.region).send(new ModifyVpcEndpointCommand(sdkInput<ModifyVpcEndpointCommandInput>(input))));
        if (response.Return === false) throw new Error('ModifyVpcEndpoint returned false');
        return {};
      },
    },
    'ec2:DeleteVpcEndpoints': {
      iam: ['ec2:DeleteVpcEndpoints', DESCRIBE],
      apply: async (input, ctx) => {
        const ids = await endpointIds(input, ctx);
        if (!ids.length) return { detail: 'no endpoint created by clinnet-opt found: nothing to delete' };
        const response = await sendWrite(ctx, () => ctx.factory.ec2(ctx.region).send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids })));
        const failed = response.Unsuccessful ?? [];
        if (failed.length) throw new Error(`DeleteVpcEndpoints: ${failed.map((f) => `${f.ResourceId}: ${f.Error?.Message ?? f.Error?.Code}`).join('; ')}`);
        return { detail: `deleted ${ids.join(', ')}` };
      },
    },
  },
  readers: {
    'vpc:GatewayEndpoint': {
      iam: [DESCRIBE],
      read: async (c, ctx) => {
        const { serviceName, vpcId } = c.after as { serviceName: string; vpcId: string };
        const live = await liveEndpoints(ctx, vpcId, serviceName, false);
        const routeTableIds = [...new Set(live.flatMap((e) => e.RouteTableIds ?? []))].sort();
        return { serviceName, vpcId, routeTableIds };
      },
    },
  },
};
