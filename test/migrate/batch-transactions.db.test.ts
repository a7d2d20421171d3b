/**
 * Over mysql2 a batch is two round trips: the upsert opens the transaction (autocommit is off for
 * the copy's sessions) and the checkpoint travels with COMMIT. What a user would notice if that went
 * wrong: rows without their checkpoint (or the reverse), or a pooled connection left with autocommit
 * off, whose later writes would never commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { runCopy } from '../../src/migrate/copy.js';
import { createTableSql, migratedTableSpec, stateTableSpec } from '../../src/migrate/ddl.js';
import { exportStateTableSpec } from '../../src/migrate/export/state.js';
import { MysqlTarget } from '../../src/migrate/mysql-target.js';
import { DiscardRejects } from '../../src/migrate/rejects-file.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';
import type { ItemSource } from '../../src/migrate/source.js';
import { startMysql, type TestMysql } from '../support/mariadb.js';

let mysql: TestMysql;

beforeAll(async () => {
  mysql = await startMysql();
});

afterAll(async () => {
  await mysql?.stop();
});

const PAGES = 5;
const PER_PAGE = 40;
const item = (i: number) => ({ id: { S: `k${String(i).padStart(4, '0')}` }, name: { S: `n${i}` }, price: { N: i % 10 === 0 ? '1.005' : '2.5' } });

/** One segment, PAGES pages; every tenth item has a price DECIMAL(10,2) cannot hold (a reject). */
const source: ItemSource = {
  async scanPage(_segment, _total, startKey) {
    const page = startKey ? Number(startKey.page?.N) : 0;
    const items = Array.from({ length: PER_PAGE }, (_, k) => item(page * PER_PAGE + k));
    return { items, lastKey: page + 1 < PAGES ? { page: { N: String(page + 1) } } : undefined, consumed: 1 };
  },
};

describe('copy batches over mysql2', () => {
  it('commits every batch with its checkpoint and hands the connection back with autocommit on', async () => {
    const database = new URL(await mysql.createDatabase('batches')).pathname.slice(1);
    const stats = new SampleStats();
    stats.add(item(1));
    const mapping = buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats });
    const admin = await mysql.connect(database);
    for (const spec of [stateTableSpec(), exportStateTableSpec(), migratedTableSpec(mapping, 'mariadb')]) await admin.query(createTableSql(spec));

    // One connection: the copy's session and the check afterwards are the same pooled connection.
    const target = await MysqlTarget.connect({ host: mysql.host, port: mysql.port, user: mysql.user, database, connectionLimit: 1 });
    try {
      const rejects = new DiscardRejects(true);
      const summary = await runCopy({ mapping, source, target, segments: 1, batchSize: PER_PAGE, resume: false, restart: false, rejects });
      expect(summary.run).toEqual({ read: PAGES * PER_PAGE, written: (PAGES * PER_PAGE * 9) / 10, rejected: (PAGES * PER_PAGE) / 10 });
      expect(rejects.records).toHaveLength((PAGES * PER_PAGE) / 10);

      const session = await target.session();
      try {
        expect(await session.query('SELECT @@autocommit AS a')).toEqual([{ a: '1' }]);
        // A write on the pooled connection after the copy commits by itself: another connection sees it.
        await session.query("INSERT INTO services_migrated (id, name) VALUES ('after', 'x')");
      } finally {
        await session.release();
      }
    } finally {
      await target.close();
    }
    const [rows] = await admin.query("SELECT COUNT(*) AS n, SUM(id = 'after') AS after FROM services_migrated");
    const [state] = await admin.query('SELECT done, items_read AS r, items_written AS w, items_rejected AS j FROM clinnet_migrate_state');
    await admin.end();
    expect(rows).toEqual([{ n: String((PAGES * PER_PAGE * 9) / 10 + 1), after: '1' }]);
    expect(state).toEqual([{ done: 1, r: String(PAGES * PER_PAGE), w: String((PAGES * PER_PAGE * 9) / 10), j: String((PAGES * PER_PAGE) / 10) }]);
  });
});
