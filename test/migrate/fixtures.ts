/** Items covering every DynamoDB type and the edge values, deterministic by index; and seeding into dynalite. */
import { BatchWriteItemCommand, CreateTableCommand, waitUntilTableExists, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: string): AttributeValue => ({ N: value });

function bytes(i: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let k = 0; k < length; k++) out[k] = (i * 31 + k * 7) % 256;
  return out;
}

const BIG = ['9223372036854775807', '-9223372036854775808', '0', '1', '-1', '4503599627370497'];
const PRECISE = [
  '0.12345678901234567890123456789012345678',
  '1E+125',
  '-1E-130',
  '9.9999999999999999999999999999999999999E+125',
  '-12345678901234567890123456789.012345678',
  '3.14',
];

/** Item i of the services test table. */
export function serviceItem(i: number): Item {
  const item: Item = {
    id: s(i % 97 === 0 ? `SVC-${String(i).padStart(6, '0')}` : `svc-${String(i).padStart(6, '0')}`),
    name: s(i % 5 === 0 ? `Ünïcödé 名前 🚀 ${i}` : `service ${i}`),
    category: s(i % 7 === 0 ? '' : `cat-${i % 13}`),
    price: n(String((i * 37) % 100000 / 100)),
    big: n(BIG[i % BIG.length] as string),
    precise: n(PRECISE[i % PRECISE.length] as string),
    money: n(`${(i * 7919) % 1000000}.${String(i % 1000).padStart(3, '0')}`),
    flag: { BOOL: i % 2 === 0 },
    tags: { SS: [`t${i % 3}`, 'common', i % 4 === 0 ? 'ß-ünï' : 'plain'] },
    scores: { NS: ['1', String(i % 100), '2.5'] .filter((v, k, all) => all.indexOf(v) === k) },
    blobs: { BS: [bytes(i, 4), bytes(i + 1, 8)] },
    data: { B: bytes(i, 1 + (i % 64)) },
    nested: {
      M: {
        level1: { M: { level2: { M: { value: n(String(i)), text: s(`deep ${i}`), empty: s(''), ok: { BOOL: true }, none: { NULL: true } } } } },
        list: { L: [n('1.5'), s('two'), { L: [{ BOOL: false }] }, { M: {} }, { B: bytes(i, 3) }] },
        'key with spaces': s('v'),
      },
    },
    list: { L: [s('a'), n(String(i * 2)), { NULL: true }] },
    emptyMap: { M: {} },
    emptyList: { L: [] },
    'unit price': n(String(i % 1000)),
    'a.b-c': s(`dotted ${i}`),
    '#hash': s('#'),
    日本語: s('テキスト'),
    mixed: i % 2 === 0 ? s(`text ${i}`) : n(String(i)),
  };
  if (i % 3 === 0) item.nothing = { NULL: true };
  if (i % 11 === 0) item.description = s('x'.repeat(300 + (i % 700)));
  if (i % 13 === 0) delete item.category;
  return item;
}

export async function createServicesTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitForActive(client, table);
}

/** dynalite answers CreateTable with CREATING and flips to ACTIVE on a timer: writes before that fail. */
export async function waitForActive(client: DynamoDBClient, table: string): Promise<void> {
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName: table });
}

export async function seed(client: DynamoDBClient, table: string, items: Iterable<Item>, concurrency = 8): Promise<void> {
  const batches: Item[][] = [];
  let batch: Item[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === 25) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length) batches.push(batch);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      let requests = (batches[next++] as Item[]).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const response = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = (response.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}
