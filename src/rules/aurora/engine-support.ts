/**
 * Whether an Aurora engine version can scale to 0 ACU and pause (Serverless v2 auto-pause). The
 * engine's own description comes first (DescribeDBEngineVersions ServerlessV2FeaturesSupport
 * MinCapacity, read by the collector); where the account did not give it, the versions the Aurora
 * User Guide lists: Aurora MySQL 3.08.0 and higher, Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+
 * and 17.4+ (the first 17 release). A version the table does not cover stays unknown.
 */
import type { AuroraCluster } from '../../inventory/snapshot.js';

export const AUTO_PAUSE_VERSIONS_SOURCE = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html#aurora-serverless-v2.how-it-works.capacity';

export interface AutoPauseSupport {
  /** true: accepts MinCapacity 0; false: its minimum is above 0; null: not known. */
  supported: boolean | null;
  /** The engine's minimum ACU where known. */
  minAcu: number | null;
  source: 'DescribeDBEngineVersions' | 'version table' | 'unknown';
}

/** The lowest minor version of each Aurora PostgreSQL major that supports 0 ACU. */
const POSTGRES_FIRST: Record<number, number> = { 13: 15, 14: 12, 15: 7, 16: 3, 17: 4 };

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const parts = (text: string): number[] | null => (/^\d+(\.\d+)*$/.test(text) ? text.split('.').map(Number) : null);

/** From the documented version table alone: true, false, or null when the version is not covered. */
export function tableSupportsAutoPause(engine: string, version: string): boolean | null {
  if (engine === 'aurora-mysql') {
    // "8.0.mysql_aurora.3.08.0": the Aurora version follows "mysql_aurora.".
    const aurora = /mysql_aurora\.([\d.]+)$/.exec(version)?.[1];
    const v = aurora ? parts(aurora) : null;
    return v ? compare(v, [3, 8, 0]) >= 0 : null;
  }
  if (engine === 'aurora') return false; // Aurora MySQL 1 (5.6): no Serverless v2 at all.
  if (engine === 'aurora-postgresql') {
    const v = parts(version);
    const [major, minor] = v ?? [];
    if (major === undefined || minor === undefined) return null;
    if (major < 13) return false;
    const first = POSTGRES_FIRST[major];
    return first === undefined ? null : minor >= first;
  }
  return null;
}

export function autoPauseSupport(cluster: Pick<AuroraCluster, 'engine' | 'engineVersion' | 'engineMinAcuSupported'>): AutoPauseSupport {
  if (cluster.engineMinAcuSupported !== null) {
    return { supported: cluster.engineMinAcuSupported === 0, minAcu: cluster.engineMinAcuSupported, source: 'DescribeDBEngineVersions' };
  }
  const supported = tableSupportsAutoPause(cluster.engine, cluster.engineVersion);
  if (supported === null) return { supported: null, minAcu: null, source: 'unknown' };
  return { supported, minAcu: supported ? 0 : 0.5, source: 'version table' };
}
