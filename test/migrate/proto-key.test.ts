/**
 * "__proto__" is a legal DynamoDB attribute name and map key (other SDKs write it; dynalite refuses
 * it, so this is not in the dynalite tests). Read from a Scan answer through a real SDK client, it
 * must reach the row like any other name, not vanish into a JS prototype. (The SDK's own typed reading
 * drops a top-level attribute of that name; DynamoSource reads the items itself.)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { canonicalValue } from '../../src/migrate/canonical.js';
import { mapItem, type Item } from '../../src/migrate/convert.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';
import { DynamoSource } from '../../src/migrate/source.js';
import { fakeHttpHandler } from '../support/fake-http-handler.js';

const SCAN_ANSWER =
  '{"Count":2,"ScannedCount":2,"Items":[' +
  '{"id":{"S":"k1"},"name":{"S":"n"},"m":{"M":{"__proto__":{"N":"1"},"b":{"L":[{"M":{"__proto__":{"BOOL":true}}}]}}}},' +
  '{"id":{"S":"k2"},"name":{"S":"n"},"__proto__":{"S":"top"}}]}';

it('carries a "__proto__" attribute and map key from a Scan answer into the row', async () => {
  const handler = fakeHttpHandler(() => ({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: SCAN_ANSWER }));
  const client = new DynamoDBClient({ region: 'us-east-1', requestHandler: handler, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const page = await new DynamoSource(client, 'services').scanPage(0, 1, null, 100);
  const [nested, topLevel] = page.items as [Item, Item];

  const stats = new SampleStats();
  stats.add({ id: { S: 'a' } });
  const mapping = buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats });
  const mapped = mapItem(nested, mapping);
  expect(mapped.ok).toBe(true);
  if (!mapped.ok) return;
  expect(mapped.row.at(-1)).toBe('{"m":{"__proto__":1,"b":[{"__proto__":true}]}}');
  // verify hashes the same text back from the database: the key survives its canonical form too.
  expect(canonicalValue('json', mapped.row.at(-1))).toBe('{"m":{"__proto__":1,"b":[{"__proto__":true}]}}');

  // A top-level attribute of that name has no column: it is kept in `extra` with its value.
  expect(Object.keys(topLevel)).toContain('__proto__');
  expect(mapItem(topLevel, mapping)).toEqual({ ok: true, row: expect.arrayContaining(['{"__proto__":"top"}']) as unknown });
  expect(page.lastKey).toBeUndefined();
});
