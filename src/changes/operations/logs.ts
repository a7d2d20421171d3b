/** CloudWatch Logs retention: PutRetentionPolicy / DeleteRetentionPolicy. */
import { DeleteRetentionPolicyCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand, type PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { sdkInput, type ServiceOperations, sendWrite } from './types.js';

export const logsOperations: ServiceOperations = {
  operations: {
    'logs:PutRetentionPolicy': {
      iam: ['logs:PutRetentionPolicy'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.logs(ctx.region).send(new PutRetentionPolicyCommand(sdkInput<PutRetentionPolicyCommandInput>(input))));
        return {};
      },
    },
    'logs:DeleteRetentionPolicy': {
      iam: ['logs:DeleteRetentionPolicy'],
      apply: async (input, ctx) => {
        await sendWrite(ctx, () => ctx.factory.logs(ctx.region).send(new DeleteRetentionPolicyCommand({ logGroupName: String(input.logGroupName) })));
        return {};
      },
    },
  },
  readers: {
    'logs:RetentionInDays': {
      iam: ['logs:DescribeLogGroups'],
      read: async (c, ctx) => {
        const name = String(c.input.logGroupName);
        const { logGroups } = await ctx.factory.logs(ctx.region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
        const group = logGroups?.find((g) => g.logGroupName === name);
        if (!group) throw new Error(`log group ${name} not found`);
        return group.retentionInDays ?? null;
      },
    },
  },
};
