/** Fake RDS: Aurora clusters with Serverless v2 scaling; ModifyDBCluster validated as RDS does. */
import { awsError } from './errors.js';
import { page, type FakeCluster, type FakeState } from './state.js';

type Input = Record<string, unknown>;

function arn(state: FakeState, c: FakeCluster): string {
  return `arn:aws:rds:${c.region}:${state.accountId}:cluster:${c.id}`;
}

function view(state: FakeState, c: FakeCluster): Record<string, unknown> {
  const status = c.modifyingReads > 0 ? 'modifying' : c.status;
  if (c.modifyingReads > 0) c.modifyingReads--;
  return {
    DBClusterIdentifier: c.id,
    DBClusterArn: arn(state, c),
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    EngineMode: 'provisioned',
    Status: status,
    BackupRetentionPeriod: c.backupRetention,
    MultiAZ: c.multiAz,
    ServerlessV2ScalingConfiguration: { MinCapacity: c.minAcu, MaxCapacity: c.maxAcu, ...(c.secondsUntilAutoPause ? { SecondsUntilAutoPause: c.secondsUntilAutoPause } : {}) },
    DBClusterMembers: c.instances.map((i) => ({ DBInstanceIdentifier: i.id, IsClusterWriter: i.writer })),
    HttpEndpointEnabled: c.dataApi,
    DeletionProtection: c.deletionProtection,
    TagList: Object.entries(c.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

function invalid(message: string): Error {
  return awsError('rds', 'InvalidParameterCombination', message, 400);
}

export function rdsHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const find = (region: string, id: unknown): FakeCluster => {
    const c = state.clusters.find((x) => x.region === region && (x.id === id || arn(state, x) === id));
    if (!c) throw awsError('rds', 'DBClusterNotFoundFault', `DBCluster ${String(id)} not found.`, 404);
    return c;
  };
  return {
    DescribeDBClusters: (input, region) => {
      const all = input.DBClusterIdentifier ? [find(region, input.DBClusterIdentifier)] : state.clusters.filter((c) => c.region === region);
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxRecords as number | undefined);
      return { DBClusters: items.map((c) => view(state, c)), Marker: next };
    },
    DescribeDBInstances: (input, region) => {
      const all = state.clusters
        .filter((c) => c.region === region)
        .flatMap((c) =>
          c.instances.map((i) => ({
            DBInstanceIdentifier: i.id,
            DBInstanceClass: i.instanceClass,
            AvailabilityZone: i.az,
            DBClusterIdentifier: c.id,
            Engine: c.engine,
            DBInstanceStatus: 'available',
          })),
        );
      const { items, next } = page(state, all, input.Marker as string | undefined, input.MaxRecords as number | undefined);
      return { DBInstances: items, Marker: next };
    },
    DescribeDBEngineVersions: (input) => ({
      DBEngineVersions: [
        {
          Engine: input.Engine ?? 'aurora-mysql',
          EngineVersion: input.EngineVersion ?? '8.0.mysql_aurora.3.08.0',
          ServerlessV2FeaturesSupport: { MinCapacity: 0, MaxCapacity: 256 },
        },
      ],
    }),
    ModifyDBCluster: (input, region) => {
      const c = find(region, input.DBClusterIdentifier);
      if (c.modifyingReads > 0) throw awsError('rds', 'InvalidDBClusterStateFault', `DB cluster ${c.id} is not currently in the available state.`, 400);
      const scaling = input.ServerlessV2ScalingConfiguration as { MinCapacity?: number; MaxCapacity?: number; SecondsUntilAutoPause?: number } | undefined;
      if (scaling) {
        const min = scaling.MinCapacity ?? c.minAcu;
        const max = scaling.MaxCapacity ?? c.maxAcu;
        const halfStep = (v: number): boolean => Number.isInteger(v * 2);
        if (!halfStep(min) || !halfStep(max)) throw invalid('Capacity values must be in increments of 0.5 ACUs.');
        if (min < 0 || max < 1 || max > 256) throw invalid('The maximum capacity must be between 1 and 256 ACUs, the minimum at least 0.');
        if (min > max) throw invalid('The minimum capacity must be less than or equal to the maximum capacity.');
        c.minAcu = min;
        c.maxAcu = max;
        // As RDS documents: shown only at 0 ACU (default 300 s); a nonzero minimum removes it.
        c.secondsUntilAutoPause = min === 0 ? (scaling.SecondsUntilAutoPause ?? c.secondsUntilAutoPause ?? 300) : undefined;
      }
      if (input.BackupRetentionPeriod !== undefined) {
        const days = Number(input.BackupRetentionPeriod);
        if (!Number.isInteger(days) || days < 1 || days > 35) throw awsError('rds', 'InvalidParameterValue', 'Invalid backup retention period: must be between 1 and 35 days.', 400);
        c.backupRetention = days;
      }
      c.modifyingReads = 1;
      return { DBCluster: view(state, c) };
    },
  };
}
