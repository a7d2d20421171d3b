/** `schema`'s account of a mapping, as SQL comments: which attribute lands in which column, and why a column is renamed. */
import { columnTypeName } from './column-type.js';
import type { TableMapping } from './mapping.js';

export function formatMapping(mapping: TableMapping): string[] {
  const lines = [`-- mapping ${mapping.source} → ${mapping.target} (attribute → column type):`];
  const width = Math.min(40, Math.max(...mapping.columns.map((c) => JSON.stringify(c.attribute).length)));
  for (const column of mapping.columns) {
    const attribute = JSON.stringify(column.attribute).padEnd(width);
    const notes = [mapping.keys.includes(column.attribute) ? 'key' : '', column.unique ? 'unique' : '', column.renamed ? `renamed: ${column.renamed}` : ''].filter(Boolean);
    lines.push(`--   ${attribute} → ${column.column} ${columnTypeName(column.type)}${column.nullable ? '' : ' NOT NULL'}${notes.length ? `  (${notes.join('; ')})` : ''}`);
  }
  lines.push(`--   every other attribute → ${mapping.extraColumn} JSON`);
  return lines.map((l) => l.replace(/\n/g, ' '));
}
