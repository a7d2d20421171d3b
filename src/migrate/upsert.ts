/**
 * The batched upsert. `ON DUPLICATE KEY UPDATE c = VALUES(c)` is spelled the way both servers accept
 * (MySQL 8.0.20+ deprecates VALUES() in favour of row aliases, which MariaDB does not have).
 * When the table has a UNIQUE column besides the key, a conflict on that column must not merge two
 * items: the key is set to NULL in that case, which the NOT NULL key refuses, so the row is rejected.
 */
import { keyColumns, quoteIdent, rowColumns, type TableMapping } from './mapping.js';
import type { UpsertStatement } from './sql-session.js';

export function upsertStatement(mapping: TableMapping): UpsertStatement {
  const columns = rowColumns(mapping);
  const keys = keyColumns(mapping).map((c) => c.column);
  const keySet = new Set(keys);
  const assignments: string[] = [];
  if (mapping.columns.some((c) => c.unique && !keySet.has(c.column))) {
    const first = quoteIdent(keys[0] as string);
    const sameKey = keys.map((k) => `${quoteIdent(k)} <=> VALUES(${quoteIdent(k)})`).join(' AND ');
    assignments.push(`${first} = IF(${sameKey}, ${first}, NULL)`);
  }
  for (const column of columns) {
    if (!keySet.has(column)) assignments.push(`${quoteIdent(column)} = VALUES(${quoteIdent(column)})`);
  }
  if (!assignments.length) assignments.push(`${quoteIdent(keys[0] as string)} = ${quoteIdent(keys[0] as string)}`);
  return {
    head: `INSERT INTO ${quoteIdent(mapping.target)} (${columns.map(quoteIdent).join(', ')}) VALUES`,
    tail: ` ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`,
    columnCount: columns.length,
  };
}

/** A server message for a rejected row, with the unique-collision trick explained. */
export function explainRowError(message: string, mapping: TableMapping): string {
  const key = keyColumns(mapping)[0]?.column;
  if (key && message.includes(`Column '${key}' cannot be null`) && mapping.columns.some((c) => c.unique)) {
    return `a UNIQUE column (${mapping.columns.filter((c) => c.unique).map((c) => c.column).join(', ')}) already holds this value for another key`;
  }
  return `rejected by the server: ${message}`;
}
