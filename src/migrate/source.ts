/** The DynamoDB side: read-only. Only DescribeTable and Scan are ever sent (a test asserts it). */
import { DescribeTableCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { declarePermissions } from '../aws/permissions.js';
// The optional paths' actions (--env, --via export), so that `iam-policy --for migrate` grants them.
import './permissions.js';
import { toSdkKey, type Item } from './dynamo-json.js';
import type { CapacityLimiter } from './rate-limiter.js';

declarePermissions({ source: 'migrate:dynamodb-source', scope: 'migrate', actions: ['dynamodb:DescribeTable', 'dynamodb:Scan'] });

export interface ScanPage {
  items: Item[];
  lastKey: Item | undefined;
  consumed: number;
  /** Item `index` read again from the page's answer, for a caller that let `items` go. */
  itemAt?: (index: number) => Item;
}

export interface TableInfo {
  name: string;
  keys: Array<{ name: string; type: 'S' | 'N' | 'B' }>;
  /** DynamoDB's approximate count (refreshed about every six hours). */
  itemCount: number;
  arn?: string;
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
    ...(Table?.TableArn ? { arn: Table.TableArn } : {}),
  };
}

interface RawHttpResponse {
  statusCode: number;
  body?: unknown;
}

/** A Scan answer with its Items; null for anything else (the SDK's own reading then reports it as it would any bad answer). */
function parseAnswer(bytes: Buffer): { Items: Item[]; LastEvaluatedKey?: Item } | null {
  try {
    const answer = JSON.parse(bytes.toString('utf8')) as { Items?: unknown } | null;
    return answer && typeof answer === 'object' && Array.isArray(answer.Items) ? (answer as { Items: Item[]; LastEvaluatedKey?: Item }) : null;
  } catch {
    return null;
  }
}

/**
 * A middleware for one Scan that takes Items and LastEvaluatedKey from the answer's JSON itself and
 * leaves the SDK the rest (counts, consumed capacity). The SDK's typed reading of a 1 MB page built
 * a second tree of every item and decoded every binary value, which the copy then encoded again for
 * JSON columns: about a seventh of the copy's CPU. It also drops the value of a top-level attribute
 * named "__proto__".
 * Errors and anything that is not JSON go to the SDK untouched, so retries and messages are the SDK's.
 */
function readItemsFromAnswer(collect: (body: unknown) => Promise<Uint8Array>, onPage: (items: Item[], lastKey: Item | undefined, bytes: Buffer) => void) {
  return (next: (args: unknown) => Promise<{ response: unknown }>) =>
    async (args: unknown): Promise<{ response: unknown }> => {
      const result = await next(args);
      const response = result.response as RawHttpResponse;
      if (response.statusCode < 200 || response.statusCode >= 300 || response.body === undefined) return result;
      const body = response.body instanceof Uint8Array ? response.body : await collect(response.body);
      const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const answer = parseAnswer(bytes);
      if (answer) {
        onPage(answer.Items, answer.LastEvaluatedKey, bytes);
        // The SDK reads what is left: counts and consumed capacity.
        response.body = Buffer.from(JSON.stringify({ ...answer, Items: undefined, LastEvaluatedKey: undefined }));
      } else {
        response.body = bytes;
      }
      return result;
    };
}

/**
 * Reads an item again from a page's answer: its bytes lie outside the JS heap and cost the GC
 * nothing, unlike the tree of items they were parsed into. (A closure of its own, so it holds the
 * bytes and not the items.)
 */
function rereader(bytes: Buffer): (index: number) => Item {
  return (index) => parseAnswer(bytes)?.Items[index] as Item;
}

export class DynamoSource implements ItemSource {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly limiter?: CapacityLimiter,
  ) {}

  async scanPage(segment: number, totalSegments: number, startKey: Item | null | undefined, limit: number): Promise<ScanPage> {
    await this.limiter?.acquire();
    const command = new ScanCommand({
      TableName: this.table,
      Segment: totalSegments > 1 ? segment : undefined,
      TotalSegments: totalSegments > 1 ? totalSegments : undefined,
      ExclusiveStartKey: startKey ? toSdkKey(startKey) : undefined,
      Limit: limit,
      ReturnConsumedCapacity: 'TOTAL',
    });
    let items: Item[] = [];
    let lastKey: Item | undefined;
    let answer: Buffer = Buffer.alloc(0);
    command.middlewareStack.add(
      // The client's own stream collector reads the body, as the SDK's deserializer would.
      readItemsFromAnswer(this.client.config.streamCollector as (body: unknown) => Promise<Uint8Array>, (pageItems, pageKey, bytes) => {
        items = pageItems;
        lastKey = pageKey;
        answer = bytes;
      }) as never,
      { step: 'deserialize', priority: 'low', name: 'clinnetOptScanItems' },
    );
    const response = await this.client.send(command);
    const consumed = response.ConsumedCapacity?.CapacityUnits ?? 0;
    this.limiter?.consume(consumed);
    return { items, lastKey, consumed, itemAt: rereader(answer) };
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
