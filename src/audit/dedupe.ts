/**
 * Several snapshots audited together: a resource already in an earlier snapshot is dropped from
 * the later ones, so that a global resource (a CloudFront distribution) or two overlapping
 * snapshots of one account are neither reported nor priced twice. Each snapshot keeps its own
 * collection-time environment, which is why they are not merged into one.
 */
import type { AccountSnapshot } from '../inventory/snapshot.js';

type Keyed<T> = (item: T) => string;

function keep<T>(items: T[], seen: Set<string>, kind: string, key: Keyed<T>): T[] {
  return items.filter((item) => {
    const k = `${kind}|${key(item)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function withoutDuplicates(snapshots: readonly AccountSnapshot[]): AccountSnapshot[] {
  const seen = new Set<string>();
  return snapshots.map((s) => {
    const where = (item: { region: string; id: string }): string => `${s.account ?? ''}|${item.region}|${item.id}`;
    return {
      ...s,
      lambdaFunctions: keep(s.lambdaFunctions, seen, 'lambda', (f) => f.arn),
      lambdaAccountSettings: keep(s.lambdaAccountSettings, seen, 'lambda-settings', (a) => `${s.account ?? ''}|${a.region}`),
      auroraClusters: keep(s.auroraClusters, seen, 'aurora', (c) => c.arn),
      dynamoTables: keep(s.dynamoTables, seen, 'dynamodb', (t) => t.arn),
      buckets: keep(s.buckets, seen, 's3', (b) => b.name),
      distributions: keep(s.distributions, seen, 'cloudfront', (d) => d.id),
      network: {
        vpcs: keep(s.network.vpcs, seen, 'vpc', where),
        subnets: keep(s.network.subnets, seen, 'subnet', where),
        routeTables: keep(s.network.routeTables, seen, 'route-table', where),
        natGateways: keep(s.network.natGateways, seen, 'nat', where),
        vpcEndpoints: keep(s.network.vpcEndpoints, seen, 'vpce', where),
      },
      logGroups: keep(s.logGroups, seen, 'logs', (g) => g.arn),
      restApis: keep(s.restApis, seen, 'apigateway', (a) => where(a)),
      coverageGaps: keep(s.coverageGaps, seen, 'gap', (g) => `${s.account ?? ''}|${JSON.stringify(g)}`),
    };
  });
}
