/**
 * Aurora clusters: DescribeDBClusters and DescribeDBInstances (both paged), and what each engine
 * version supports for Serverless v2 from DescribeDBEngineVersions, read once per engine+version.
 * Non-Aurora DB clusters (Multi-AZ RDS clusters, Neptune, DocumentDB) are not Aurora and are skipped.
 */
import { DescribeDBClustersCommand, DescribeDBEngineVersionsCommand, DescribeDBInstancesCommand, type DBCluster, type DBInstance } from '@aws-sdk/client-rds';
import { declarePermissions } from '../../aws/permissions.js';
import type { AuroraCluster } from '../snapshot.js';
import { compact, paginate, started, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:rds',
  scope: 'audit',
  actions: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeDBEngineVersions'],
});

const SERVICE = 'rds';
const AURORA_ENGINES = ['aurora-mysql', 'aurora-postgresql', 'aurora'];
const isAurora = (engine: string | undefined): boolean => Boolean(engine?.startsWith('aurora'));

interface EngineSupport {
  min: number | null;
  max: number | null;
}

export async function collectAurora(c: Collection, region: string): Promise<AuroraCluster[]> {
  const client = c.factory.rds(region);
  const where = (operation: string, resource?: string) => ({ service: SERVICE, region, operation, resource });

  const clusters: DBCluster[] = [];
  await c.guard(where('DescribeDBClusters'), () =>
    paginate(
      (Marker) => c.request(() => client.send(new DescribeDBClustersCommand({ Marker, MaxRecords: 100 })), 'list'),
      (page) => page.Marker,
      (page) => clusters.push(...(page.DBClusters ?? []).filter((cl) => isAurora(cl.Engine))),
    ),
  );
  if (!clusters.length) return [];

  const instances = new Map<string, DBInstance>();
  const instancesRead = started(
    c.guard(where('DescribeDBInstances'), () =>
      paginate(
        (Marker) =>
          c.request(
            () => client.send(new DescribeDBInstancesCommand({ Marker, MaxRecords: 100, Filters: [{ Name: 'engine', Values: AURORA_ENGINES }] })),
            'list',
          ),
        (page) => page.Marker,
        (page) => {
          for (const i of page.DBInstances ?? []) if (i.DBInstanceIdentifier) instances.set(i.DBInstanceIdentifier, i);
        },
      ),
    ),
  );
  const supports = await Promise.all(clusters.map((cl) => engineSupport(c, region, cl.Engine ?? '', cl.EngineVersion ?? '')));
  await instancesRead;
  return compact(clusters.map((cl, index) => toCluster(region, cl, instances, supports[index])));
}

function engineSupport(c: Collection, region: string, engine: string, version: string): Promise<EngineSupport> {
  return c.once(`engine:${region}:${engine}:${version}`, async () => {
    const got = await c.guard({ service: SERVICE, region, operation: 'DescribeDBEngineVersions', resource: `${engine} ${version}` }, () =>
      c.request(() => c.factory.rds(region).send(new DescribeDBEngineVersionsCommand({ Engine: engine, EngineVersion: version }))),
    );
    const support = got?.DBEngineVersions?.find((v) => v.EngineVersion === version)?.ServerlessV2FeaturesSupport;
    return { min: support?.MinCapacity ?? null, max: support?.MaxCapacity ?? null };
  });
}

function toCluster(region: string, cl: DBCluster, instances: Map<string, DBInstance>, support: EngineSupport): AuroraCluster | undefined {
  if (!cl.DBClusterIdentifier) return undefined;
  const scaling = cl.ServerlessV2ScalingConfiguration;
  return {
    region,
    id: cl.DBClusterIdentifier,
    arn: cl.DBClusterArn ?? cl.DBClusterIdentifier,
    engine: cl.Engine ?? 'aurora-mysql',
    engineVersion: cl.EngineVersion ?? '',
    engineMode: cl.EngineMode ?? null,
    status: cl.Status ?? null,
    serverlessV2:
      scaling && scaling.MinCapacity !== undefined && scaling.MaxCapacity !== undefined
        ? { minAcu: scaling.MinCapacity, maxAcu: scaling.MaxCapacity, secondsUntilAutoPause: scaling.SecondsUntilAutoPause ?? null }
        : null,
    engineMinAcuSupported: support.min,
    engineMaxAcuSupported: support.max,
    backupRetentionDays: cl.BackupRetentionPeriod ?? 1,
    multiAz: cl.MultiAZ ?? false,
    instances: (cl.DBClusterMembers ?? []).flatMap((m) => {
      if (!m.DBInstanceIdentifier) return [];
      const detail = instances.get(m.DBInstanceIdentifier);
      return [
        {
          id: m.DBInstanceIdentifier,
          instanceClass: detail?.DBInstanceClass ?? 'unknown',
          availabilityZone: detail?.AvailabilityZone ?? null,
          isWriter: m.IsClusterWriter ?? false,
          status: detail?.DBInstanceStatus ?? null,
        },
      ];
    }),
    dataApiEnabled: cl.HttpEndpointEnabled ?? false,
    deletionProtection: cl.DeletionProtection ?? false,
    tags: tagsFromList(cl.TagList),
  };
}
