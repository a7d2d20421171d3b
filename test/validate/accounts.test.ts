import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/inventory/snapshot-file.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { mergeValidations } from '../../src/validate/accounts.js';
import { validateSnapshot } from '../../src/validate/benchmarks.js';
import { renderValidation } from '../../src/validate/render.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const load = (env: 'dev' | 'prod') => {
  const file = resolve(EXAMPLES, `demo-${env}.snapshot.json`);
  return { ...parseSnapshot(readFileSync(file, 'utf8'), file), accountName: `clinnet-${env}` };
};

describe('validate of several accounts', () => {
  const reports = [load('prod'), load('dev')].map((s) => validateSnapshot(s, { targets: DESIGN_TARGETS }));
  const notRead = [{ account: '777788889999', name: 'clinnet-stg', reason: 'AccessDenied' }];

  it('keeps every account\'s rows, each naming its account, under one verdict', () => {
    const merged = mergeValidations(reports, []);
    expect(merged.account).toBeNull();
    expect(merged.accounts).toEqual(['444455556666', '111122223333']);
    expect(merged.benchmarks).toHaveLength(reports[0].benchmarks.length * 2);
    expect(new Set(merged.benchmarks.map((b) => `${b.account} ${b.accountName}`))).toEqual(new Set(['444455556666 clinnet-prod', '111122223333 clinnet-dev']));
    expect(merged.ok).toBe(reports.every((r) => r.ok));
    const csv = renderValidation(merged, 'csv').split('\n');
    expect(csv.slice(1).every((row) => /,(444455556666|111122223333)$/.test(row))).toBe(true);
    expect(renderValidation(merged, 'table')).toMatch(/^account\s+benchmark/m);
  });

  it('is not ok with nothing read, and names an account not read', () => {
    expect(mergeValidations([], notRead).ok).toBe(false);
    const merged = mergeValidations(reports, notRead);
    expect(merged.accountsNotRead).toEqual(notRead);
    const table = renderValidation(merged, 'table');
    expect(table).toMatch(/Incomplete: 1 account not read \(777788889999\)/);
    expect(table).toMatch(/account not read: 777788889999 \(clinnet-stg\): AccessDenied/);
  });
});
