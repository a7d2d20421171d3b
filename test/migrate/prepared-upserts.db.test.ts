/**
 * Upserts are prepared statements, one per row count. DynamoDB cuts a scan page at 1 MB, so row
 * counts vary with item size: the session must not keep every count prepared on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MysqlTarget } from '../../src/migrate/mysql-target.js';
import type { UpsertStatement } from '../../src/migrate/sql-session.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';

let mysql: TestMysql;

beforeAll(async () => {
  mysql = await startMysql();
});

afterAll(async () => {
  await mysql?.stop();
});

const statement: UpsertStatement = {
  head: 'INSERT INTO `items` (`id`, `v`) VALUES',
  tail: ' ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)',
  columnCount: 2,
};

describe('prepared upserts', () => {
  it('keeps at most a few statements prepared however many page sizes it meets, and every row lands', async () => {
    const database = new URL(await mysql.createDatabase('prepared')).pathname.slice(1);
    const admin = await mysql.connect(database);
    await admin.query('CREATE TABLE `items` (`id` VARCHAR(20) PRIMARY KEY, `v` INT NOT NULL)');
    const [before] = await admin.query("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'");
    const baseline = Number((before as Array<{ Value: string }>)[0]?.Value);

    const target = await MysqlTarget.connect({ host: mysql.host, port: mysql.port, user: mysql.user, database, connectionLimit: 1 });
    const session = await target.session();
    let next = 0;
    let peak = 0;
    try {
      // Pages of 1..40 rows: 40 distinct statement texts.
      for (let size = 1; size <= 40; size++) {
        const rows = Array.from({ length: size }, () => [`k${next}`, next++]);
        await session.begin();
        expect(await session.upsert(statement, rows)).toEqual([]);
        await session.commit();
        const [status] = await admin.query("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'");
        peak = Math.max(peak, Number((status as Array<{ Value: string }>)[0]?.Value) - baseline);
      }
    } finally {
      await session.release();
      await target.close();
    }
    const [count] = await admin.query('SELECT COUNT(*) AS n, SUM(`v`) AS total FROM `items`');
    await admin.end();
    expect(count).toEqual([{ n: '820', total: String((819 * 820) / 2) }]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
  });
});
