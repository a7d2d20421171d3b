/** Aurora: ModifyDBCluster, then wait until the cluster is available again so the next change is accepted. */
import { DescribeDBClustersCommand, ModifyDBClusterCommand, type ModifyDBClusterCommandInput } from '@aws-sdk/client-rds';
import type { Change } from '../change.js';
import { sdkInput, type AwsContext, type ServiceOperations, sendWrite } from './types.js';

const DESCRIBE = 'rds:DescribeDBClusters';

export async function waitForClusterAvailable(ctx: AwsContext, clusterId: string): Promise<void> {
  const client = ctx.factory.rds(ctx.region);
  for (let poll = 0; poll < ctx.maxPolls; poll++) {
    const { DBClusters } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
    const status = DBClusters?.[0]?.Status;
    if (status === 'available') return;
    await ctx.sleep(ctx.pollMs);
  }
  throw new Error(`the cluster is not available after ${ctx.maxPolls} checks; run again later`);
}

async function cluster(change: Change, ctx: AwsContext) {
  const id = String(change.input.DBClusterIdentifier);
  const { DBClusters } = await ctx.factory.rds(ctx.region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
  const found = DBClusters?.[0];
  if (!found) throw new Error(`cluster ${id} not found`);
  return found;
}

export const rdsOperations: ServiceOperations = {
  operations: {
    'rds:ModifyDBCluster': {
      iam: ['rds:ModifyDBCluster', DESCRIBE],
      apply: async (input, ctx) => {
        const id = String(input.DBClusterIdentifier);
        await waitForClusterAvailable(ctx, id);
        await sendWrite(ctx, () => ctx.factory.rds(ctx.region).send(new ModifyDBClusterCommand(sdkInput<ModifyDBClusterCommandInput>(input))));
        await waitForClusterAvailable(ctx, id);
        return {};
      },
    },
  },
  readers: {
    'aurora:ServerlessV2ScalingConfiguration': {
      iam: [DESCRIBE],
      read: async (c, ctx) => {
        const scaling = (await cluster(c, ctx)).ServerlessV2ScalingConfiguration;
        return scaling ? { minAcu: scaling.MinCapacity ?? null, maxAcu: scaling.MaxCapacity ?? null } : null;
      },
    },
    // Auto-pause: the minimum and the idle seconds (AWS shows SecondsUntilAutoPause only at 0 ACU).
    'aurora:AutoPause': {
      iam: [DESCRIBE],
      read: async (c, ctx) => {
        const scaling = (await cluster(c, ctx)).ServerlessV2ScalingConfiguration;
        if (!scaling) return null;
        return { minAcu: scaling.MinCapacity ?? null, secondsUntilAutoPause: scaling.MinCapacity === 0 ? (scaling.SecondsUntilAutoPause ?? null) : null };
      },
    },
    'aurora:BackupRetentionPeriod': { iam: [DESCRIBE], read: async (c, ctx) => (await cluster(c, ctx)).BackupRetentionPeriod ?? null },
  },
};
