import { describe, expect, it } from 'vitest';
import { renderCsv, CSV_COLUMNS } from '../../src/report/csv.js';
import { describeValue, signedUsd } from '../../src/report/format.js';
import { renderJson } from '../../src/report/json.js';
import { mdCell, renderMarkdown } from '../../src/report/markdown.js';
import { renderReport, shouldColor } from '../../src/report/index.js';
import { renderTable } from '../../src/report/table.js';
import { parseCsv, sampleReport } from './fixture.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

describe('money', () => {
  it('shows increases as +$, savings as −$ and unpriced as "usage data needed"', () => {
    expect(signedUsd(9.5)).toBe('+$9.50');
    expect(signedUsd(-1234.5)).toBe('\u2212$1,234.50');
    expect(signedUsd(0)).toBe('$0.00');
    expect(signedUsd(-0.001)).toBe('$0.00');
    expect(signedUsd(null)).toBe('usage data needed');
  });

  it('describes lifecycle rules by id and transitions, and cuts long values', () => {
    expect(describeValue([{ ID: 'DocumentsLifecycle', Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }])).toBe('DocumentsLifecycle (30d STANDARD_IA)');
    expect(describeValue(null)).toBe('none');
    expect(describeValue('x'.repeat(80), 20)).toHaveLength(20);
  });
});

describe('table', () => {
  it('groups findings by service with per-service and overall totals', () => {
    const text = renderTable(sampleReport(), { color: false });
    expect(text).toMatch(/Aurora — 1 finding · \u2212\$40\.00\/month priced/);
    expect(text).toMatch(/S3 — 1 finding · 1 usage data needed/);
    expect(text).toMatch(/CloudFront — 1 finding · \+\$9\.50\/month priced/);
    expect(text).toMatch(/All services — 4 findings \(1 high, 2 medium, 1 low\) · \u2212\$30\.75\/month priced · 1 usage data needed/);
    // Services appear in the summary's order, each once.
    const order = ['Aurora —', 'Lambda —', 'S3 —', 'CloudFront —'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows today and after-fixes per environment, the coverage gaps and the unknown-environment resources', () => {
    const text = renderTable(sampleReport(), { color: false });
    const prodRow = text.split('\n').find((line) => /│ prod\s+│ \$800\.00/.test(line));
    expect(prodRow).toBeDefined();
    expect(prodRow).toContain('\u2212$30.50');
    expect(prodRow).toContain('$769.50');
    expect(text).toMatch(/│ all\s+│ \$900\.00/);
    expect(text).toContain('Coverage gaps');
    expect(text).toContain('cloudfront global ListDistributions: access-denied');
    expect(text).toContain('Environment unknown');
    expect(text).toContain('arn:aws:s3:::clinnet-deploy-artifacts');
    expect(text).toContain("leaves out 1 item it cannot price");
  });

  it('has no colour codes unless asked, and colours when asked', () => {
    expect(renderTable(sampleReport(), { color: false })).not.toMatch(ANSI);
    expect(renderTable(sampleReport(), { color: true })).toMatch(ANSI);
  });

  it('says so when there is nothing to report', () => {
    const report = { ...sampleReport(), findings: [], summary: { ...sampleReport().summary, byService: [], findings: 0 } };
    expect(renderTable(report, { color: false })).toContain('No findings');
  });
});

describe('colour decision', () => {
  it('colours only a terminal, never with NO_COLOR or FORCE_COLOR=0', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: 'anything' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    // NO_COLOR set to the empty string does not count (no-color.org).
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});

describe('json', () => {
  it('writes the versioned schema with every finding field, null where usage is needed', () => {
    const parsed = JSON.parse(renderJson(sampleReport()));
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.accounts).toEqual(['444455556666', '111122223333']);
    expect(parsed.regions).toEqual(['us-east-1']);
    expect(parsed.coverageGaps).toHaveLength(1);
    expect(parsed.summary).toMatchObject({ findings: 4, monthlyDeltaUsd: -30.75 });
    const lifecycle = parsed.findings.find((f: { rule: string }) => f.rule === 's3/lifecycle');
    expect(lifecycle).toMatchObject({ resource: 'clinnet-documents-prod', env: 'prod', current: null, monthlyDeltaUsd: null, fixable: true, severity: 'medium' });
    expect(lifecycle.target[0].ID).toBe('DocumentsLifecycle');
    for (const f of parsed.findings) {
      for (const key of ['rule', 'resource', 'env', 'current', 'target', 'monthlyDeltaUsd', 'fixable', 'severity', 'message']) expect(f).toHaveProperty(key);
    }
  });
});

describe('csv', () => {
  it('quotes commas, quotes and line breaks so every row reads back whole', () => {
    const rows = parseCsv(renderCsv(sampleReport()));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    const cloudfront = rows.find((r) => r[col('rule')] === 'cloudfront/price-class')!;
    expect(cloudfront[col('message')]).toBe('price class, "All" edge locations, costs more');
    expect(cloudfront[col('monthlyDeltaUsd')]).toBe('9.5');
    const lifecycle = rows.find((r) => r[col('rule')] === 's3/lifecycle')!;
    expect(lifecycle[col('message')]).toBe('bucket pattern *document* | needs usage\nsecond line');
    expect(lifecycle[col('monthlyDeltaUsd')]).toBe('');
    expect(JSON.parse(lifecycle[col('target')])[0].ID).toBe('DocumentsLifecycle');
    expect(JSON.parse(rows.find((r) => r[col('rule')] === 'aurora/acu-range')![col('current')])).toEqual({ minAcu: 0.5, maxAcu: 16 });
  });
});

describe('markdown', () => {
  it('escapes what would break a table cell or become markup', () => {
    expect(mdCell('a|b')).toBe('a\\|b');
    expect(mdCell('*document*')).toBe('\\*document\\*');
    expect(mdCell('one\ntwo')).toBe('one<br>two');
  });

  it('keeps every table row at its header width', () => {
    const text = renderMarkdown(sampleReport());
    expect(text).toContain('## Aurora');
    expect(text).toContain('## Coverage gaps');
    expect(text).toContain('## Environment unknown');
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length - 2;
    let width = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (!width) width = cells(line);
      expect(cells(line), line).toBe(width);
    }
    expect(text).toContain('bucket pattern \\*document\\* \\| needs usage<br>second line');
  });
});

describe('renderReport', () => {
  it('dispatches each format', () => {
    const report = sampleReport();
    expect(() => JSON.parse(renderReport(report, 'json', { color: false }))).not.toThrow();
    expect(renderReport(report, 'csv', { color: false }).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(renderReport(report, 'markdown', { color: false })).toMatch(/^# clinnet-opt audit/);
    expect(renderReport(report, 'table', { color: false })).toMatch(/^clinnet-opt audit/);
  });
});
