/** Aurora: ModifyDBCluster, then wait until the cluster is available again so the next change is accepted. */
import { DescribeDBClustersCommand, ModifyDBClusterCommand, type ModifyDBClusterCommandInput } from '@aws-sdk/client-rds';
import { sdkInput, type Applier, type AwsContext } from './types.js';

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

export const rdsAppliers: Record<string, Applier> = {
  'rds:ModifyDBCluster': async (input, ctx) => {
    const id = String(input.DBClusterIdentifier);
    await waitForClusterAvailable(ctx, id);
    await ctx.factory.rds(ctx.region).send(new ModifyDBClusterCommand(sdkInput<ModifyDBClusterCommandInput>(input)));
    await waitForClusterAvailable(ctx, id);
    return {};
  },
};
