/** CloudWatch Logs: DescribeLogGroups (paged) gives retention and stored bytes in one list. */
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { declarePermissions } from '../../aws/permissions.js';
import type { LogGroup } from '../snapshot.js';
import { paginate, type Collection } from './context.js';

declarePermissions({ source: 'collector:logs', scope: 'audit', actions: ['logs:DescribeLogGroups'] });

export async function collectLogGroups(c: Collection, region: string): Promise<LogGroup[]> {
  const client = c.factory.logs(region);
  const groups: LogGroup[] = [];
  await c.guard({ service: 'logs', region, operation: 'DescribeLogGroups' }, () =>
    paginate(
      (nextToken) => c.request(() => client.send(new DescribeLogGroupsCommand({ nextToken, limit: 50 })), 'list'),
      (page) => page.nextToken,
      (page) => {
        for (const g of page.logGroups ?? []) {
          if (!g.logGroupName) continue;
          groups.push({
            region,
            name: g.logGroupName,
            arn: g.arn ?? g.logGroupArn ?? g.logGroupName,
            retentionDays: g.retentionInDays ?? null,
            storedBytes: g.storedBytes ?? 0,
          });
        }
      },
    ),
  );
  return groups;
}
