/** The design's migrated tables ("Migration Approach"), with its column lists completed. */
import type { ColumnType } from './column-type.js';

export type DesignTable = 'services' | 'users';

interface DesignColumn {
  attribute: string;
  type: ColumnType;
  nullable: boolean;
  unique: boolean;
}

export const DESIGN_TABLES: Record<DesignTable, { target: string; columns: DesignColumn[] }> = {
  services: {
    target: 'services_migrated',
    columns: [
      { attribute: 'id', type: { kind: 'varchar', length: 36 }, nullable: false, unique: false },
      { attribute: 'name', type: { kind: 'varchar', length: 200 }, nullable: false, unique: false },
      { attribute: 'category', type: { kind: 'varchar', length: 100 }, nullable: true, unique: false },
      { attribute: 'price', type: { kind: 'decimal', precision: 10, scale: 2 }, nullable: true, unique: false },
    ],
  },
  users: {
    target: 'users_migrated',
    columns: [
      { attribute: 'id', type: { kind: 'varchar', length: 36 }, nullable: false, unique: false },
      { attribute: 'email', type: { kind: 'varchar', length: 255 }, nullable: false, unique: true },
    ],
  },
};

/** `prod-services` → services (the design's `*services*` / `*users*` patterns). */
export function designTableOf(source: string): DesignTable | null {
  const lower = source.toLowerCase();
  if (lower.includes('services')) return 'services';
  if (lower.includes('users')) return 'users';
  return null;
}
