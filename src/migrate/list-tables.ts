/** The account's tables that could be the design's (ListTables, then DescribeTable and ListTagsOfResource for those whose name fits). */
import { DescribeTableCommand, ListTablesCommand, ListTagsOfResourceCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import './permissions.js';
import type { TableCandidate } from './design-table-pick.js';
import { designTableOf } from './design-tables.js';

async function tagsOf(client: DynamoDBClient, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken }));
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}

export async function listDesignCandidates(client: DynamoDBClient): Promise<TableCandidate[]> {
  const names: string[] = [];
  let ExclusiveStartTableName: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName, Limit: 100 }));
    names.push(...(page.TableNames ?? []));
    ExclusiveStartTableName = page.LastEvaluatedTableName;
  } while (ExclusiveStartTableName);
  const candidates: TableCandidate[] = [];
  for (const name of names.filter((n) => designTableOf(n) !== null)) {
    const arn = (await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableArn;
    if (arn) candidates.push({ name, tags: await tagsOf(client, arn) });
  }
  return candidates;
}
