/** The audit log's yearly partitions: the statement that adds the years up to `year` before p_future fills. */
import { AUDIT_TABLE, partitionClause, yearStart } from './ddl.js';
import { quoteIdent } from './mapping.js';

export interface ExistingPartition {
  name: string;
  /** PARTITION_DESCRIPTION: the LESS THAN bound, or 'MAXVALUE'. */
  description: string;
}

export interface PartitionPlan {
  statements: string[];
  /** Years added, in order. */
  added: number[];
  /** The last year already covered before the plan. */
  coveredThrough: number | null;
}

/** Finds the last covered year and REORGANIZEs p_future into the missing years + p_future. */
export function planPartitions(existing: ExistingPartition[], year: number): PartitionPlan {
  const bounds = existing.filter((p) => p.description !== 'MAXVALUE').map((p) => Number(p.description));
  const last = bounds.length ? Math.max(...bounds) : null;
  const coveredThrough = last === null ? null : new Date(last * 1000 - 1000).getUTCFullYear();
  const future = existing.find((p) => p.description === 'MAXVALUE');
  if (!future) throw new Error(`${AUDIT_TABLE} has no MAXVALUE partition to split; add one before running add-partition`);
  const from = coveredThrough === null ? year : coveredThrough + 1;
  const added: number[] = [];
  for (let y = from; y <= year; y++) if (last === null || yearStart(y + 1) > last) added.push(y);
  if (!added.length) return { statements: [], added, coveredThrough };
  const parts = [...added.map((y) => partitionClause(`p${y}`, y)), `PARTITION ${quoteIdent(future.name)} VALUES LESS THAN MAXVALUE`];
  return {
    statements: [`ALTER TABLE ${quoteIdent(AUDIT_TABLE)} REORGANIZE PARTITION ${quoteIdent(future.name)} INTO (\n  ${parts.join(',\n  ')}\n)`],
    added,
    coveredThrough,
  };
}
