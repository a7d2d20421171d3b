/** The DynamoDB side: read-only. Only DescribeTable and Scan are ever sent (a test asserts it). */
import { DescribeTableCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { declarePermissions } from '../aws/permissions.js';
import type { Item } from './convert.js';
import type { CapacityLimiter } from './rate-limiter.js';

declarePermissions({ source: 'migrate:dynamodb-source', scope: 'migrate', actions: ['dynamodb:DescribeTable', 'dynamodb:Scan'] });

export interface ScanPage {
  items: Item[];
  lastKey: Item | undefined;
  consumed: number;
}

export interface TableInfo {
  name: string;
  keys: Array<{ name: string; type: 'S' | 'N' | 'B' }>;
  /** DynamoDB's approximate count (refreshed about every six hours). */
  itemCount: number;
}

export interface ItemSource {
  scanPage(segment: number, totalSegments: number, startKey: Item | null | undefined, limit: number): Promise<ScanPage>;
}

export async function describeSourceTable(client: DynamoDBClient, table: string): Promise<TableInfo> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  const types = new Map((Table?.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType]));
  const schema = [...(Table?.KeySchema ?? [])].sort((a) => (a.KeyType === 'HASH' ? -1 : 1));
  return {
    name: table,
    keys: schema.map((k) => ({ name: k.AttributeName as string, type: (types.get(k.AttributeName) ?? 'S') as 'S' | 'N' | 'B' })),
    itemCount: Number(Table?.ItemCount ?? 0),
  };
}

export class DynamoSource implements ItemSource {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly limiter?: CapacityLimiter,
  ) {}

  async scanPage(segment: number, totalSegments: number, startKey: Item | null | undefined, limit: number): Promise<ScanPage> {
    await this.limiter?.acquire();
    const response = await this.client.send(
      new ScanCommand({
        TableName: this.table,
        Segment: totalSegments > 1 ? segment : undefined,
        TotalSegments: totalSegments > 1 ? totalSegments : undefined,
        ExclusiveStartKey: startKey ?? undefined,
        Limit: limit,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const consumed = response.ConsumedCapacity?.CapacityUnits ?? 0;
    this.limiter?.consume(consumed);
    return { items: (response.Items ?? []) as Item[], lastKey: response.LastEvaluatedKey as Item | undefined, consumed };
  }
}

/** Every item of the table, segment by segment, one page at a time (memory stays one page per segment). */
export async function* scanAll(source: ItemSource, totalSegments: number, limit: number, maxItems = Infinity): AsyncGenerator<Item> {
  let seen = 0;
  for (let segment = 0; segment < totalSegments; segment++) {
    let key: Item | undefined;
    do {
      const page = await source.scanPage(segment, totalSegments, key, limit);
      for (const item of page.items) {
        if (seen++ >= maxItems) return;
        yield item;
      }
      key = page.lastKey;
    } while (key);
  }
}
