/** DynamoDB: ListTables (paged), then DescribeTable and ListTagsOfResource (paged) per table. */
import { DescribeTableCommand, ListTablesCommand, ListTagsOfResourceCommand, type KeySchemaElement, type Tag } from '@aws-sdk/client-dynamodb';
import { declarePermissions } from '../../aws/permissions.js';
import type { DynamoTable } from '../snapshot.js';
import { Tasks, compact, iso, paginate, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:dynamodb',
  scope: 'audit',
  actions: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource'],
});

const SERVICE = 'dynamodb';

const keys = (schema: KeySchemaElement[] | undefined): DynamoTable['keySchema'] =>
  (schema ?? []).flatMap((k) => (k.AttributeName && (k.KeyType === 'HASH' || k.KeyType === 'RANGE') ? [{ name: k.AttributeName, type: k.KeyType }] : []));

export async function collectDynamo(c: Collection, region: string): Promise<DynamoTable[]> {
  const client = c.factory.dynamodb(region);
  const tasks = new Tasks<DynamoTable | undefined>();
  await c.guard({ service: SERVICE, region, operation: 'ListTables' }, () =>
    paginate(
      (ExclusiveStartTableName) => c.request(() => client.send(new ListTablesCommand({ ExclusiveStartTableName, Limit: 100 })), 'list'),
      (page) => page.LastEvaluatedTableName,
      (page) => {
        for (const name of page.TableNames ?? []) tasks.add(readTable(c, region, name));
      },
    ),
  );
  return compact(await tasks.settle());
}

async function readTable(c: Collection, region: string, name: string): Promise<DynamoTable | undefined> {
  const client = c.factory.dynamodb(region);
  const where = (operation: string) => ({ service: SERVICE, region, operation, resource: name });
  const table = (await c.guard(where('DescribeTable'), () => c.request(() => client.send(new DescribeTableCommand({ TableName: name })))))?.Table;
  if (!table?.TableArn) return undefined;
  const arn = table.TableArn;
  const tagList = await c.guard(where('ListTagsOfResource'), async () => {
    const all: Tag[] = [];
    await paginate(
      (NextToken) => c.request(() => client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken }))),
      (page) => page.NextToken,
      (page) => all.push(...(page.Tags ?? [])),
    );
    return all;
  });
  // Tags decide the environment: a table whose tags cannot be read is left out (the gap says why).
  if (!tagList) return undefined;
  const onDemand = table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
  const throughput = (t: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined) =>
    onDemand ? null : { rcu: t?.ReadCapacityUnits ?? 0, wcu: t?.WriteCapacityUnits ?? 0 };
  return {
    region,
    name,
    arn,
    status: table.TableStatus ?? null,
    billingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    provisioned: throughput(table.ProvisionedThroughput),
    keySchema: keys(table.KeySchema),
    attributeDefinitions: (table.AttributeDefinitions ?? []).flatMap((a) => (a.AttributeName ? [{ name: a.AttributeName, type: a.AttributeType ?? 'S' }] : [])),
    gsis: (table.GlobalSecondaryIndexes ?? []).flatMap((g) =>
      g.IndexName
        ? [
            {
              name: g.IndexName,
              keySchema: keys(g.KeySchema),
              projectionType: g.Projection?.ProjectionType ?? 'ALL',
              ...(g.Projection?.NonKeyAttributes ? { nonKeyAttributes: [...g.Projection.NonKeyAttributes] } : {}),
              provisioned: throughput(g.ProvisionedThroughput),
            },
          ]
        : [],
    ),
    itemCount: table.ItemCount ?? 0,
    sizeBytes: table.TableSizeBytes ?? 0,
    lastSwitchToPayPerRequest: iso(table.BillingModeSummary?.LastUpdateToPayPerRequestDateTime),
    tags: tagsFromList(tagList),
  };
}
