import { describe, expect, it } from 'vitest';
import { renderFittedTable } from '../../src/report/fitted-table.js';
import { fitColumns, renderGrid } from '../../src/report/grid.js';
import { deltaText } from '../../src/report/money.js';
import { renderTable } from '../../src/report/table.js';
import { outputWidth } from '../../src/report/width.js';
import { wrapText } from '../../src/report/wrap.js';
import { finding, sampleReport } from './fixture.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => line.length));

describe('wrapText', () => {
  it('breaks at spaces, and inside a long name only after a hyphen or slash', () => {
    expect(wrapText('low-frequency tier confirmed by rate', 14)).toEqual(['low-frequency', 'tier confirmed', 'by rate']);
    expect(wrapText('/aws/lambda/clinnet-appointment-reminders-prod', 24)).toEqual(['/aws/lambda/clinnet-', 'appointment-reminders-', 'prod']);
    expect(wrapText('clinnet-medical_reports-dev', 16)).toEqual(['clinnet-medical_', 'reports-dev']);
    expect(wrapText('x86_64 → arm64', 40)).toEqual(['x86_64 → arm64']);
  });

  it('keeps a word whole on the next line rather than breaking it', () => {
    expect(wrapText('maxAcu: 16 → 3.5 clinnet-aurora-dev', 20)).toEqual(['maxAcu: 16 → 3.5', 'clinnet-aurora-dev']);
  });

  it('cuts a piece only when it alone is wider than the column', () => {
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('column fitting', () => {
  it('keeps natural widths when they fit, and narrows the widest column first', () => {
    expect(fitColumns([10, 5], [4, 3], 40)).toEqual([10, 5]);
    expect(fitColumns([30, 10, 8], [6, 4, 8], 40)).toEqual([12, 10, 8]);
  });

  it('wraps a header wider than its cells before narrowing any cell', () => {
    // "Current → target" over cells of 10: the header wraps, the 30-wide names stay whole.
    expect(fitColumns([30, 16], [12, 7], 3 * 2 + 1 + 40, [30, 10])).toEqual([30, 10]);
  });

  it('never goes below a column\'s longest word while narrower columns can give way', () => {
    const widths = fitColumns([40, 40, 40], [12, 12, 12], 60);
    expect(widths.every((w) => w >= 12)).toBe(true);
    expect(widths.reduce((a, b) => a + b, 0) + 10).toBeLessThanOrEqual(60);
  });
});

describe('renderGrid', () => {
  it('fits the width and draws the same frame as cli-table3 does', () => {
    const head = ['Env', 'Today (est.)', 'Findings'];
    const rows = [['dev', '$109.66', '159'], ['prod', '$787.12', '154']];
    const ours = renderGrid(head, rows, { width: 120 });
    expect(ours).toBe(renderFittedTable(head, rows, { width: 120 }));
    expect(renderGrid(head, rows, { width: 30 })).toBe(renderFittedTable(head, rows, { width: 30 }));
    expect(widest(renderGrid(head, rows, { width: 30 }))).toBeLessThanOrEqual(30);
  });

  it('wraps long cells inside the column and paints after wrapping', () => {
    const text = renderGrid(['Resource', 'Why'], [['clinnet-appointment-reminders-prod', { text: 'a long reason that wraps across several lines', paint: (line) => `<${line}>` }]], { width: 40 });
    const plain = text.replace(/[<>]/g, '');
    expect(widest(plain)).toBeLessThanOrEqual(40);
    expect(text).toContain('<a long');
    expect(text.split('\n').length).toBeGreaterThan(5);
  });
});

describe('output width', () => {
  it('is COLUMNS when set, else the terminal width, else 120', () => {
    expect(outputWidth({ isTTY: true, columns: 100 }, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 100 }, {})).toBe(100);
    expect(outputWidth({ isTTY: false }, {})).toBe(120);
    expect(outputWidth({ isTTY: true, columns: 100 }, { COLUMNS: 'wide' })).toBe(100);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '' })).toBe(120);
  });
});

describe('money shown for a finding', () => {
  it('says "—" with the reason for an absent or sub-cent figure, never +$0.00', () => {
    expect(deltaText({ monthlyDeltaUsd: null, costLines: [] }).text).toBe('— usage data needed');
    expect(deltaText({ monthlyDeltaUsd: 0, costLines: [] }).text).toBe('— no direct cost');
    const line = (monthlyUsd: number) => ({ description: 'x', quantity: 1, unit: 'GB-s', unitPriceUsd: monthlyUsd, monthlyUsd });
    expect(deltaText({ monthlyDeltaUsd: 0, costLines: [line(-0.00033), line(0.000264)] }).text).toBe('— under $0.01');
    expect(deltaText({ monthlyDeltaUsd: 0, costLines: [line(-54.312), line(54.312)] }).text).toBe('— no change');
    expect(deltaText({ monthlyDeltaUsd: -0.004, costLines: [line(-0.004)] }).text).toBe('— under $0.01');
    expect(deltaText({ monthlyDeltaUsd: -1.5, costLines: [line(-1.5)] }).text).toBe('\u2212$1.50');
  });
});

describe('table layout', () => {
  it('fits every width asked for', () => {
    for (const width of [60, 80, 100, 120, 200]) expect(widest(renderTable(sampleReport(), { color: false, width }))).toBeLessThanOrEqual(width);
  });

  it('lists the checks already met in one quiet line, not as findings', () => {
    const text = renderTable(sampleReport(), { color: false, width: 120 });
    expect(text).toContain('Already meeting the target — 1 check, not findings (lambda/tier 1)');
    expect(text).not.toContain('clinnet-admin-prod');
  });

  it('shows a zero figure as "—" with its reason', () => {
    const report = sampleReport();
    report.findings.push(finding({ rule: 'lambda/timeout', resourceName: 'clinnet-admin-dev', current: 30, target: 10, monthlyDeltaUsd: 0, costLines: [] }));
    const text = renderTable(report, { color: false, width: 120 });
    expect(text).toMatch(/│ clinnet-admin-dev\s+│ prod │ 30 → 10\s+│ — no direct cost │/);
    expect(text).not.toContain('+$0.00');
  });
});
