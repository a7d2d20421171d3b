/** DynamoDB billing mode: UpdateTable, waiting for ACTIVE before and after (a table accepts one update at a time). */
import { DescribeTableCommand, UpdateTableCommand, type UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { sdkInput, type AwsContext, type ServiceOperations, sendWrite } from './types.js';

const DESCRIBE = 'dynamodb:DescribeTable';

async function waitForTableActive(ctx: AwsContext, tableName: string): Promise<void> {
  const client = ctx.factory.dynamodb(ctx.region);
  for (let poll = 0; poll < ctx.maxPolls; poll++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await ctx.sleep(ctx.pollMs);
  }
  throw new Error(`the table is not ACTIVE after ${ctx.maxPolls} checks; run again later`);
}

export const dynamodbOperations: ServiceOperations = {
  operations: {
    'dynamodb:UpdateTable': {
      iam: ['dynamodb:UpdateTable', DESCRIBE],
      apply: async (input, ctx) => {
        const table = String(input.TableName);
        await waitForTableActive(ctx, table);
        await sendWrite(ctx, () => ctx.factory.dynamodb(ctx.region).send(new UpdateTableCommand(sdkInput<UpdateTableCommandInput>(input))));
        await waitForTableActive(ctx, table);
        return {};
      },
    },
  },
  readers: {
    'dynamodb:BillingMode': {
      iam: [DESCRIBE],
      read: async (c, ctx) => {
        const { Table } = await ctx.factory.dynamodb(ctx.region).send(new DescribeTableCommand({ TableName: String(c.input.TableName) }));
        return Table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
      },
    },
  },
};
