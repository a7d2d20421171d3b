import { describe, expect, it } from 'vitest';
import { auditLogSpec, createTableSql, patientsSpec, planSchema, yearStart } from '../../src/migrate/ddl.js';
import { planPartitions } from '../../src/migrate/partitions.js';

describe('DDL', () => {
  it('replaces the design\'s functional index and YEAR() partitioning with forms both servers accept', () => {
    const patients = createTableSql(patientsSpec('mariadb'));
    expect(patients).toContain('`created_date` DATE AS (DATE(created_at)) STORED');
    expect(patients).toContain('INDEX `idx_created_date` (`created_date`)');
    expect(patients).not.toMatch(/,\s*\)/);
    const audit = createTableSql(auditLogSpec('mysql', 2027));
    expect(audit).toContain('PARTITION BY RANGE (UNIX_TIMESTAMP(changed_at))');
    expect(audit).toContain(`PARTITION p2027 VALUES LESS THAN (${yearStart(2028)})`);
    expect(audit).not.toContain('YEAR(');
  });

  it('plans only what is missing: nothing when everything exists', () => {
    const spec = patientsSpec('mysql');
    const all = new Map([['patients_optimized', { columns: new Set(spec.columns.map((c) => c.name)), indexes: new Set(['primary', 'idx_name_email', 'idx_created_date']) }]]);
    expect(planSchema([spec], all)).toEqual([]);
    const partial = new Map([['patients_optimized', { columns: new Set(['id', 'first_name', 'last_name', 'email', 'created_at']), indexes: new Set(['primary', 'idx_name_email']) }]]);
    expect(planSchema([spec], partial)).toEqual([
      'ALTER TABLE `patients_optimized` ADD COLUMN `created_date` DATE AS (DATE(created_at)) STORED',
      'ALTER TABLE `patients_optimized` ADD INDEX `idx_created_date` (`created_date`)',
    ]);
  });

  it('adds next year\'s audit partition by splitting p_future, once', () => {
    const existing = [
      { name: 'p2025', description: String(yearStart(2026)) },
      { name: 'p2026', description: String(yearStart(2027)) },
      { name: 'p_future', description: 'MAXVALUE' },
    ];
    const plan = planPartitions(existing, 2028);
    expect(plan.added).toEqual([2027, 2028]);
    expect(plan.statements[0]).toContain('REORGANIZE PARTITION `p_future` INTO');
    expect(plan.statements[0]).toContain(`PARTITION p2028 VALUES LESS THAN (${yearStart(2029)})`);
    expect(planPartitions([...existing.slice(0, 2), { name: 'p2027', description: String(yearStart(2028)) }, existing[2]!], 2027).statements).toEqual([]);
  });
});
