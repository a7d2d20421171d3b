/**
 * DynamoSource reads a Scan answer's items itself: through a real SDK client (serializer, retries,
 * error parsing), with answers shaped like DynamoDB's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { describeAwsFailure } from '../../src/aws/errors.js';
import { DynamoSource } from '../../src/migrate/source.js';
import { fakeHttpHandler, type FakeResponse } from '../support/fake-http-handler.js';

const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.0' };

function clientAnswering(answers: FakeResponse[], requests: unknown[]): DynamoDBClient {
  const handler = fakeHttpHandler((request) => {
    requests.push(JSON.parse(String(request.body)));
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    return answer;
  });
  return new DynamoDBClient({ region: 'us-east-1', requestHandler: handler, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 3 });
}

describe('DynamoSource', () => {
  it('reads items in DynamoDB JSON and continues from a binary LastEvaluatedKey', async () => {
    const requests: Array<Record<string, unknown>> = [];
    const client = clientAnswering(
      [
        {
          statusCode: 200,
          headers: JSON_TYPE,
          body: '{"Count":1,"ScannedCount":1,"Items":[{"k":{"B":"AAE="},"bs":{"BS":["Ag=="]},"m":{"M":{"n":{"N":"1.50"}}}}],"LastEvaluatedKey":{"k":{"B":"AAE="}},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}}',
        },
        { statusCode: 200, headers: JSON_TYPE, body: '{"Count":0,"ScannedCount":0,"Items":[],"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}}' },
      ],
      requests,
    );
    const source = new DynamoSource(client, 't');
    const first = await source.scanPage(1, 4, null, 100);
    const item = { k: { B: 'AAE=' }, bs: { BS: ['Ag=='] }, m: { M: { n: { N: '1.50' } } } };
    expect(first).toMatchObject({ items: [item], lastKey: { k: { B: 'AAE=' } }, consumed: 0.5 });
    // The copy lets `items` go once mapped, and reads a refused row's item again from the answer.
    expect(first.itemAt?.(0)).toEqual(item);
    const second = await source.scanPage(1, 4, first.lastKey, 100);
    expect(second).toMatchObject({ items: [], lastKey: undefined, consumed: 0.5 });
    expect(requests[1]).toMatchObject({ TableName: 't', Segment: 1, TotalSegments: 4, Limit: 100, ExclusiveStartKey: { k: { B: 'AAE=' } } });
  });

  it('leaves a throttled attempt to the SDK, which retries; the items come from the answer that succeeded', async () => {
    const requests: unknown[] = [];
    const client = clientAnswering(
      [
        { statusCode: 400, headers: JSON_TYPE, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"Rate of requests exceeds the allowed throughput."}' },
        { statusCode: 200, headers: JSON_TYPE, body: '{"Count":1,"ScannedCount":1,"Items":[{"id":{"S":"a"}}]}' },
      ],
      requests,
    );
    const page = await new DynamoSource(client, 't').scanPage(0, 1, undefined, 10);
    expect(requests).toHaveLength(2);
    expect(page.items).toEqual([{ id: { S: 'a' } }]);
  });

  it('lets the SDK report an answer that is not JSON, as for any other call', async () => {
    const client = clientAnswering([{ statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<html>proxy login</html>' }], []);
    const error = await new DynamoSource(client, 't').scanPage(0, 1, undefined, 10).catch((e: unknown) => e);
    expect(describeAwsFailure(error)).toMatch(/answered HTTP 200 with a body that is not an AWS response/);
  });
});
