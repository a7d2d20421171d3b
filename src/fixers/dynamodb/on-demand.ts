/**
 * DynamoDB billing mode. AWS allows a switch from provisioned to on-demand up to four times in a
 * 24-hour rolling window, and from on-demand to provisioned at any time. The snapshot knows only the
 * last switch to on-demand, so a recent one is a warning (AWS may refuse), not a refusal; going back
 * to provisioned needs the table's and every GSI's throughput, which the undo carries.
 */
import type { JsonValue } from '../../rules/types.js';
import type { DynamoTable } from '../../inventory/snapshot.js';
import { defineFixer } from '../define.js';
import { tableOf } from '../lookup.js';
import type { AwsCall, ChangeDraft } from '../types.js';

export const ON_DEMAND_SWITCHES_PER_DAY = 4;
const DAY_MS = 24 * 3600 * 1000;

function toMode(name: string, mode: string, table: DynamoTable | undefined): AwsCall | { refused: string } {
  if (mode === 'PAY_PER_REQUEST') return { operation: 'dynamodb:UpdateTable', input: { TableName: name, BillingMode: 'PAY_PER_REQUEST' } };
  if (!table?.provisioned) return { refused: 'switching to provisioned needs read/write capacity, and the table has none recorded' };
  const input: { [key: string]: JsonValue } = {
    TableName: name,
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: table.provisioned.rcu, WriteCapacityUnits: table.provisioned.wcu },
  };
  const gsiUpdates: JsonValue[] = [];
  for (const gsi of table.gsis) {
    const throughput = gsi.provisioned ?? table.provisioned;
    gsiUpdates.push({ Update: { IndexName: gsi.name, ProvisionedThroughput: { ReadCapacityUnits: throughput.rcu, WriteCapacityUnits: throughput.wcu } } });
  }
  if (gsiUpdates.length) input.GlobalSecondaryIndexUpdates = gsiUpdates;
  return { operation: 'dynamodb:UpdateTable', input };
}

export const dynamodbOnDemandFixer = defineFixer({
  rule: 'dynamodb/on-demand',
  permissions: ['dynamodb:DescribeTable', 'dynamodb:UpdateTable'],
  billedEffect: (current, target) => ({
    direction: 'depends',
    quantity: `billing mode ${current} → ${target}: on-demand bills each request, provisioned bills capacity per hour; which is cheaper depends on utilisation`,
  }),
  async plan(finding, snapshot, ctx) {
    const table = tableOf(snapshot, finding);
    const name = table?.name ?? finding.resourceName;
    const forward = toMode(name, finding.target, table);
    const back = toMode(name, finding.current, table);
    const noop: AwsCall = { operation: 'dynamodb:UpdateTable', input: { TableName: name } };
    const draft: ChangeDraft = {
      attribute: 'BillingMode',
      operation: 'operation' in forward ? forward.operation : 'dynamodb:UpdateTable',
      input: 'input' in forward ? forward.input : { TableName: name, BillingMode: finding.target },
      before: finding.current,
      after: finding.target,
      undo: 'operation' in back ? back : noop,
      templateProperty: 'AWS::DynamoDB::Table.BillingMode',
    };
    if ('refused' in forward) return [{ ...draft, refused: forward.refused }];
    if ('refused' in back) draft.notes = [`rollback cannot restore provisioned mode: ${back.refused}`];
    const last = table?.lastSwitchToPayPerRequest ? Date.parse(table.lastSwitchToPayPerRequest) : NaN;
    if (finding.target === 'PAY_PER_REQUEST' && Number.isFinite(last) && ctx.now.getTime() - last < DAY_MS) {
      draft.notes = [
        ...(draft.notes ?? []),
        `the table last switched to on-demand at ${table?.lastSwitchToPayPerRequest}; AWS allows ${ON_DEMAND_SWITCHES_PER_DAY} such switches per 24 hours and refuses more`,
      ];
    }
    return [draft];
  },
});
