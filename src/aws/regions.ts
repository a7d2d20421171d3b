/**
 * Region names checked against the partitions the AWS SDK itself ships (aws, aws-cn, aws-us-gov,
 * the ISO partitions…): a region the SDK lists, or a name its partition's pattern accepts (a region
 * newer than the installed SDK), is possible; anything else is a usage error with the nearest names.
 * No network: the data is the SDK's own partitions file in node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { usageError } from '../errors.js';

export interface Partition {
  id: string;
  regionRegex: string;
  regions: string[];
}

interface PartitionsFile {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown> }[];
}

/** Where @aws-sdk/core keeps the partitions table (the same data the endpoint rules use). */
const PARTITIONS_MODULE = 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js';

/** The partitions file is an ES module `export const partitionsInfo = {…};` whose object is JSON. */
export function parsePartitions(source: string): Partition[] {
  const json = source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1);
  const data = JSON.parse(json) as PartitionsFile;
  return data.partitions.map((p) => ({ id: p.id, regionRegex: p.regionRegex, regions: Object.keys(p.regions) }));
}

let cached: Partition[] | undefined;

/** The SDK's partitions, read once, from the @aws-sdk/core the STS client itself uses. */
export function sdkPartitions(): Partition[] {
  if (cached) return cached;
  const fromHere = createRequire(import.meta.url);
  const fromSts = createRequire(fromHere.resolve('@aws-sdk/client-sts'));
  const coreDir = dirname(fromSts.resolve('@aws-sdk/core/package.json'));
  cached = parsePartitions(readFileSync(join(coreDir, PARTITIONS_MODULE), 'utf8'));
  return cached;
}

/** Levenshtein distance: how many single-character edits turn one name into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export type RegionCheck = { ok: true; partition: string } | { ok: false; nearest: string[] };

/** Whether a region name is possible in one of the partitions, and if not, the three nearest known names. */
export function checkRegion(name: string, partitions: readonly Partition[]): RegionCheck {
  for (const p of partitions) if (p.regions.includes(name)) return { ok: true, partition: p.id };
  for (const p of partitions) if (new RegExp(p.regionRegex).test(name)) return { ok: true, partition: p.id };
  const lower = name.trim().toLowerCase();
  const known = partitions.flatMap((p) => p.regions);
  const nearest = known
    .map((region) => ({ region, distance: lower.startsWith(region) ? 0 : editDistance(lower, region) }))
    .sort((x, y) => x.distance - y.distance || x.region.localeCompare(y.region))
    .slice(0, 3)
    .map((x) => x.region);
  return { ok: false, nearest };
}

/** Throws a usage error for an impossible region; `source` says where the name came from ("--region", "AWS_REGION"). */
export function assertRegion(name: string, source: string, partitions: readonly Partition[] = sdkPartitions()): void {
  const check = checkRegion(name, partitions);
  if (check.ok) return;
  throw usageError(`${source}: "${name}" is not an AWS region; nearest: ${check.nearest.join(', ')}`);
}
