/** How one DynamoDB table lands in one MySQL table: attribute → column and type, the rest in `extra`. */
import type { ColumnType } from './column-type.js';

export interface ColumnMapping {
  attribute: string;
  column: string;
  type: ColumnType;
  nullable: boolean;
  unique: boolean;
  /** Why the column is not named as the attribute (absent when it is). */
  renamed?: string;
}

export interface TableMapping {
  /** DynamoDB table name. */
  source: string;
  /** MySQL table name. */
  target: string;
  /** Key attributes, partition key first. Each has a column. */
  keys: string[];
  columns: ColumnMapping[];
  /** JSON column holding every attribute with no column of its own. */
  extraColumn: string;
  /** A number inside a map/list/set that a JSON double cannot hold exactly: reject the item, or keep it as a JSON string. */
  jsonExactNumbers: 'reject' | 'string';
  /** Items in the table when `schema` scanned all of it: the progress bar's total when DynamoDB's ItemCount is not yet refreshed (0). */
  countedItems?: number;
}

/** Column order of every row: mapped columns, then `extra`. */
export function rowColumns(mapping: TableMapping): string[] {
  return [...mapping.columns.map((c) => c.column), mapping.extraColumn];
}

export function keyColumns(mapping: TableMapping): ColumnMapping[] {
  return mapping.keys.map((attribute) => {
    const column = mapping.columns.find((c) => c.attribute === attribute);
    if (!column) throw new Error(`mapping of ${mapping.source} has no column for key attribute ${attribute}`);
    return column;
  });
}

export function quoteIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
