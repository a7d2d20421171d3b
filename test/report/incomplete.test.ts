/** An audit accepted with --allow-gaps: every format says "incomplete: N services not read", none says the account meets its targets. */
import { describe, expect, it } from 'vitest';
import { auditHeadline } from '../../src/audit/build-report.js';
import type { AuditReport } from '../../src/audit/types.js';
import { renderReport } from '../../src/report/index.js';
import { parseCsv, sampleReport } from './fixture.js';

const PASS = 'every audited resource meets its design target';

function incomplete(report: AuditReport, services: string[]): AuditReport {
  return { ...report, summary: { ...report.summary, servicesNotRead: services, headline: auditHeadline(report.findings.length, services) } };
}

describe('auditHeadline', () => {
  it('leads with what was not read, whatever the findings', () => {
    expect(auditHeadline(0, ['lambda', 's3'])).toBe('incomplete: 2 services not read (lambda, s3): no findings in what was read');
    expect(auditHeadline(3, ['lambda'])).toBe('incomplete: 1 service not read (lambda): 3 findings in what was read');
    expect(auditHeadline(0, [])).toBe(`no findings: ${PASS}`);
    expect(auditHeadline(1, [])).toBe('1 finding');
  });
});

describe('renderers of an incomplete audit', () => {
  const empty = (r: AuditReport): AuditReport => ({ ...r, findings: [], summary: { ...r.summary, findings: 0, byService: [] } });
  const reports = [incomplete(sampleReport(), ['lambda', 's3']), incomplete(empty(sampleReport()), ['lambda', 's3'])];

  it.each(reports.map((r, i) => [i ? 'no findings' : 'findings', r] as const))('say "incomplete: 2 services not read" in every format (%s)', (_label, report) => {
    const table = renderReport(report, 'table', { color: false });
    expect(table.split('\n')[2]).toMatch(/^incomplete: 2 services not read \(lambda, s3\): /);
    expect(JSON.parse(renderReport(report, 'json', { color: false })).summary).toMatchObject({ servicesNotRead: ['lambda', 's3'], headline: expect.stringMatching(/^incomplete: 2 services not read/) });
    expect(renderReport(report, 'markdown', { color: false })).toMatch(/^\*\*incomplete: 2 services not read \(lambda, s3\)/m);
    const rows = parseCsv(renderReport(report, 'csv', { color: false }));
    expect(rows.at(-1)?.[0]).toBe('(incomplete)');
    expect(rows.at(-1)?.[rows[0].indexOf('message')]).toMatch(/^incomplete: 2 services not read \(lambda, s3\)/);
    for (const format of ['table', 'json', 'markdown', 'csv'] as const) expect(renderReport(report, format, { color: false })).not.toContain(PASS);
  });

  it('a complete audit with no findings still says it meets the targets, and CSV has no extra row', () => {
    const report = empty(sampleReport());
    expect(renderReport(report, 'table', { color: false })).toContain(`No findings: ${PASS}.`);
    expect(parseCsv(renderReport(report, 'csv', { color: false }))).toHaveLength(1);
  });
});
