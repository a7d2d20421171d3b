/** Fake DynamoDB control plane: tables, billing mode switches within AWS's limits. */
import { awsError } from './errors.js';
import { page, type FakeState, type FakeTable } from './state.js';

type Input = Record<string, unknown>;
const DAY_MS = 24 * 3600 * 1000;

function arn(state: FakeState, t: FakeTable): string {
  return `arn:aws:dynamodb:${t.region}:${state.accountId}:table/${t.name}`;
}

function describe(state: FakeState, t: FakeTable): Record<string, unknown> {
  const onDemand = t.billingMode === 'PAY_PER_REQUEST';
  const throughput = (rcu: number, wcu: number) => ({ ReadCapacityUnits: onDemand ? 0 : rcu, WriteCapacityUnits: onDemand ? 0 : wcu, NumberOfDecreasesToday: 0 });
  const last = t.switchesToOnDemand.at(-1);
  return {
    TableName: t.name,
    TableArn: arn(state, t),
    TableStatus: 'ACTIVE',
    KeySchema: t.keySchema,
    AttributeDefinitions: t.attributes,
    ProvisionedThroughput: throughput(t.rcu, t.wcu),
    BillingModeSummary: { BillingMode: t.billingMode, ...(last ? { LastUpdateToPayPerRequestDateTime: new Date(last) } : {}) },
    ItemCount: t.itemCount,
    TableSizeBytes: t.sizeBytes,
    GlobalSecondaryIndexes: t.gsis.length
      ? t.gsis.map((g) => ({ IndexName: g.name, KeySchema: g.keySchema, Projection: { ProjectionType: g.projection }, IndexStatus: 'ACTIVE', ProvisionedThroughput: throughput(g.rcu, g.wcu) }))
      : undefined,
  };
}

function validation(message: string): Error {
  return awsError('dynamodb', 'ValidationException', message, 400);
}

export function dynamodbHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const find = (region: string, name: unknown): FakeTable => {
    const raw = String(name);
    const t = state.tables.find((x) => x.region === region && (x.name === raw || arn(state, x) === raw));
    if (!t) throw awsError('dynamodb', 'ResourceNotFoundException', `Requested resource not found: Table: ${raw} not found`, 400);
    return t;
  };
  return {
    ListTables: (input, region) => {
      const names = state.tables.filter((t) => t.region === region).map((t) => t.name).sort();
      const start = input.ExclusiveStartTableName ? names.indexOf(String(input.ExclusiveStartTableName)) + 1 : 0;
      const size = Math.min(Number(input.Limit ?? state.pageSize), state.pageSize);
      const slice = names.slice(start, start + size);
      return { TableNames: slice, LastEvaluatedTableName: start + size < names.length ? slice.at(-1) : undefined };
    },
    DescribeTable: (input, region) => ({ Table: describe(state, find(region, input.TableName)) }),
    ListTagsOfResource: (input, region) => {
      const t = state.tables.find((x) => x.region === region && arn(state, x) === input.ResourceArn);
      if (!t) throw awsError('dynamodb', 'ResourceNotFoundException', 'Requested resource not found', 400);
      const all = Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value }));
      const { items, next } = page(state, all, input.NextToken as string | undefined);
      return { Tags: items, NextToken: next };
    },
    UpdateTable: (input, region) => {
      const t = find(region, input.TableName);
      const mode = input.BillingMode as FakeTable['billingMode'] | undefined;
      if (mode === 'PAY_PER_REQUEST' && t.billingMode !== 'PAY_PER_REQUEST') {
        const now = state.now().getTime();
        const recent = t.switchesToOnDemand.filter((at) => now - Date.parse(at) < DAY_MS);
        if (recent.length >= 4) {
          throw awsError('dynamodb', 'LimitExceededException', 'Subscriber limit exceeded: Billing mode can be updated to PAY_PER_REQUEST at most 4 times in a 24-hour window', 400);
        }
        if (input.ProvisionedThroughput) throw validation('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
        t.billingMode = 'PAY_PER_REQUEST';
        t.switchesToOnDemand.push(state.now().toISOString());
      } else if (mode === 'PROVISIONED' && t.billingMode !== 'PROVISIONED') {
        const throughput = input.ProvisionedThroughput as { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined;
        if (!throughput?.ReadCapacityUnits || !throughput.WriteCapacityUnits) {
          throw validation('One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED');
        }
        const updates = (input.GlobalSecondaryIndexUpdates ?? []) as { Update?: { IndexName: string; ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } } }[];
        for (const gsi of t.gsis) {
          const update = updates.find((u) => u.Update?.IndexName === gsi.name)?.Update;
          if (!update) throw validation(`One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${gsi.name}`);
          gsi.rcu = update.ProvisionedThroughput.ReadCapacityUnits;
          gsi.wcu = update.ProvisionedThroughput.WriteCapacityUnits;
        }
        t.billingMode = 'PROVISIONED';
        t.rcu = throughput.ReadCapacityUnits;
        t.wcu = throughput.WriteCapacityUnits;
      }
      return { TableDescription: describe(state, t) };
    },
  };
}
