import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchExecuteStatementCommand,
  BadRequestException,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMapping } from '../../src/migrate/build-mapping.js';
import { runCopy } from '../../src/migrate/copy.js';
import { DataApiTarget } from '../../src/migrate/data-api-target.js';
import { rowColumns } from '../../src/migrate/mapping.js';
import { DiscardRejects } from '../../src/migrate/rejects-file.js';
import { verifyTable } from '../../src/migrate/verify.js';
import { SampleStats } from '../../src/migrate/sample-stats.js';
import type { ItemSource } from '../../src/migrate/source.js';

const rds = mockClient(RDSDataClient);
const ARNS = { resourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:clinnet', secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf', database: 'clinnet' };

const items = [
  { id: { S: 'a' }, name: { S: 'A' }, price: { N: '1.50' }, data: { B: 'AAEC' }, flag: { BOOL: true } },
  { id: { S: 'b' }, name: { S: 'B' }, price: { N: '2' }, data: { B: 'Aw==' }, flag: { BOOL: false } },
];

/** Two pages in one segment: the first continues, the second ends the scan. */
const source: ItemSource = {
  async scanPage(_segment, _total, startKey) {
    return startKey ? { items: [items[1]!], lastKey: undefined, consumed: 0.5 } : { items: [items[0]!], lastKey: { id: { S: 'a' } }, consumed: 0.5 };
  },
};

function mapping() {
  const stats = new SampleStats();
  for (const item of items) stats.add(item);
  return buildMapping({ source: 'services', keys: [{ name: 'id', type: 'S' }], stats });
}

beforeEach(() => {
  rds.reset();
  let transaction = 0;
  rds.on(BeginTransactionCommand).callsFake(async () => ({ transactionId: `tx-${++transaction}` }));
  rds.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
  rds.on(RollbackTransactionCommand).resolves({ transactionStatus: 'Rollback Complete' });
  rds.on(ExecuteStatementCommand).callsFake(async (input: { sql: string }) =>
    input.sql.startsWith('SELECT VERSION()')
      ? { columnMetadata: [{ label: 'version' }], records: [[{ stringValue: '8.0.mysql_aurora.3.05.2' }]] }
      : { columnMetadata: [], records: [], numberOfRecordsUpdated: 1 },
  );
  rds.on(BatchExecuteStatementCommand).resolves({ updateResults: [{}] });
});

describe('RDS Data API target', () => {
  it('writes each page as a transaction: typed upsert parameters, then the checkpoint, then commit', async () => {
    const target = await DataApiTarget.connect(new RDSDataClient({ region: 'eu-west-1' }), ARNS);
    expect(target.flavor).toBe('mysql');
    const summary = await runCopy({ mapping: mapping(), source, target, segments: 1, batchSize: 100, resume: false, restart: false, rejects: new DiscardRejects() });
    expect(summary.run).toEqual({ read: 2, written: 2, rejected: 0 });

    const batches = rds.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
    expect(batches).toHaveLength(2);
    expect(batches[0]?.sql).toMatch(/^INSERT INTO `services_migrated` \(.*\) VALUES \(:c0, .*\) ON DUPLICATE KEY UPDATE /);
    expect(batches[0]?.transactionId).toBe('tx-2');
    const params = Object.fromEntries((batches[0]?.parameterSets?.[0] ?? []).map((p, i) => [i, p.value]));
    expect(Object.values(params)).toEqual(
      expect.arrayContaining([{ stringValue: 'a' }, { stringValue: '1.5' }, { blobValue: Buffer.from([0, 1, 2]) }, { longValue: 1 }, { isNull: true }]),
    );
    const checkpoints = rds.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input).filter((i) => i.sql?.startsWith('UPDATE clinnet_migrate_state'));
    expect(checkpoints.map((c) => c.transactionId)).toEqual(['tx-2', 'tx-3']);
    expect(checkpoints[0]?.parameters?.[0]?.value).toEqual({ stringValue: '{"id":{"S":"a"}}' });
    expect(checkpoints[1]?.parameters?.[1]?.value).toEqual({ longValue: 1 });
    expect(rds.commandCalls(CommitTransactionCommand).map((c) => c.args[0].input.transactionId)).toEqual(['tx-1', 'tx-2', 'tx-3']);
  });

  it('finds the row the server refuses by retrying the chunk row by row, and rejects only that row', async () => {
    rds.on(BatchExecuteStatementCommand).rejects(new BadRequestException({ message: "Data truncation: Data too long for column 'name'", $metadata: {} }));
    rds.on(ExecuteStatementCommand).callsFake(async (input: { sql: string; parameters?: Array<{ value?: { stringValue?: string } }> }) => {
      if (input.sql.startsWith('SELECT VERSION()')) return { columnMetadata: [{ label: 'version' }], records: [[{ stringValue: '8.0.mysql_aurora.3.05.2' }]] };
      if (input.sql.startsWith('INSERT INTO `services_migrated`') && input.parameters?.[0]?.value?.stringValue === 'b') {
        throw new BadRequestException({ message: "Data truncation: Data too long for column 'name'", $metadata: {} });
      }
      return { records: [] };
    });
    const target = await DataApiTarget.connect(new RDSDataClient({ region: 'eu-west-1' }), ARNS);
    const rejects = new DiscardRejects(true);
    const summary = await runCopy({ mapping: mapping(), source, target, segments: 1, batchSize: 100, resume: false, restart: false, rejects });
    expect(summary.run).toEqual({ read: 2, written: 1, rejected: 1 });
    expect(rejects.records).toEqual([expect.objectContaining({ key: { id: 'b' }, reason: expect.stringContaining('Data too long') })]);
  });

  it('verify reads the target back in pages small enough for the 1 MiB response limit, halving when still refused', async () => {
    // A tiny table behind the mocked API: the upserts fill it, the SELECTs read it back.
    const table = new Map<string, unknown[]>();
    rds.on(BatchExecuteStatementCommand).callsFake(async (input: { parameterSets?: Array<Array<{ value?: Record<string, unknown> }>> }) => {
      for (const set of input.parameterSets ?? []) table.set(String(set[0]?.value?.stringValue), set.map((p) => p.value));
      return { updateResults: [] };
    });
    const limits: number[] = [];
    rds.on(ExecuteStatementCommand).callsFake(async (input: { sql: string; parameters?: Array<{ value?: { stringValue?: string } }> }) => {
      if (input.sql.startsWith('SELECT VERSION()')) return { columnMetadata: [{ label: 'version' }], records: [[{ stringValue: '8.0.mysql_aurora.3.05.2' }]] };
      const limit = /LIMIT (\d+)$/.exec(input.sql);
      if (!input.sql.startsWith('SELECT') || !limit) return { records: [] };
      limits.push(Number(limit[1]));
      const after = input.parameters?.[0]?.value?.stringValue;
      const rows = [...table.keys()].sort().filter((id) => after === undefined || id > after).slice(0, Number(limit[1]));
      if (rows.length > 1) throw new BadRequestException({ message: 'Database returned more than the allowed response size limit', $metadata: {} });
      return { columnMetadata: rowColumns(mapping()).map((label) => ({ label })), records: rows.map((id) => table.get(id)) };
    });
    const target = await DataApiTarget.connect(new RDSDataClient({ region: 'eu-west-1' }), ARNS);
    await runCopy({ mapping: mapping(), source, target, segments: 1, batchSize: 100, resume: false, restart: false, rejects: new DiscardRejects() });
    expect(target.readPageRows).toBe(100);
    const session = await target.session();
    const result = await verifyTable({ mapping: mapping(), source, session, segments: 1, batchSize: 100, maxKeys: 10, pageSize: target.readPageRows });
    expect(result).toMatchObject({ ok: true, sourceItems: 2, targetRows: 2, matched: 2 });
    expect(limits.slice(0, 7)).toEqual([100, 50, 25, 12, 6, 3, 1]);
  });
});
