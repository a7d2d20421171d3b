import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, DEMO_DEV, DEMO_PROD, ensureBuilt, runCli } from './built-cli.js';

const demo = ['audit', '--snapshot', DEMO_PROD, '--snapshot', DEMO_DEV, '--fail-on', 'none'];
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

/** The Resource cells of every findings table: a row's lines joined, with where each was broken. */
function resourceCells(text: string): { name: string; pieces: string[] }[] {
  const cells: { name: string; pieces: string[] }[] = [];
  // Two accounts (the demo's dev and prod snapshots) put an Account column before Resource.
  let resource = -1;
  let width = 0;
  let inRows = false;
  const columnsOf = (line: string): string[] => line.split('│').slice(1, -1).map((c) => c.trim());
  for (const line of text.split('\n')) {
    const head = columnsOf(line);
    if (line.startsWith('│') && head.includes('Resource') && (head[0] === 'Resource' || head[0] === 'Account')) {
      resource = head.indexOf('Resource');
      width = head.length;
      inRows = false;
      continue;
    }
    if (line.startsWith('├')) inRows = resource >= 0;
    if (line.startsWith('└')) [resource, inRows] = [-1, false];
    if (!inRows || !line.startsWith('│')) continue;
    const cols = columnsOf(line);
    if (cols.length !== width) continue;
    if (cols[resource + 1]) cells.push({ name: cols[resource], pieces: [cols[resource]] });
    else if (cols[resource]) {
      const cell = cells[cells.length - 1];
      cell.name += cols[resource];
      cell.pieces.push(cols[resource]);
    }
  }
  return cells;
}

describe('audit table fits the terminal (built binary)', () => {
  let findings: { resourceName: string; rule: string }[];
  let confirmations: unknown[];
  beforeAll(() => {
    ensureBuilt();
    const json = JSON.parse(runCli([...demo, '--format', 'json']).stdout);
    findings = json.findings;
    confirmations = json.confirmations;
  });

  for (const columns of ['80', '120']) {
    it(`COLUMNS=${columns}: no line is wider, and names break only after a hyphen or slash`, () => {
      const run = runCli(demo, { env: cleanEnv({ COLUMNS: columns }) });
      expect(run.status).toBe(0);
      expect(widest(run.stdout)).toBeLessThanOrEqual(Number(columns));
      const cells = resourceCells(run.stdout);
      expect(cells.map((c) => c.name).sort()).toEqual(findings.map((f) => f.resourceName).sort());
      for (const cell of cells) for (const piece of cell.pieces.slice(0, -1)) expect(piece, cell.name).toMatch(/[-/_]$/);
    });
  }

  it('COLUMNS=60: no line is wider (an id longer than its column may then be cut)', () => {
    const run = runCli(demo, { env: cleanEnv({ COLUMNS: '60' }) });
    expect(run.status).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(60);
  });

  it('without COLUMNS and not on a terminal, lines stay within 120', () => {
    const run = runCli(demo);
    expect(widest(run.stdout)).toBeLessThanOrEqual(120);
  });

  it('shows no +$0.00: a zero or absent figure is "—" with its reason', () => {
    const run = runCli(demo, { env: cleanEnv({ COLUMNS: '100' }) });
    expect(run.stdout).not.toContain('+$0.00');
    const rows = run.stdout.split('\n').filter((line) => /^│ \S.*│ (dev|prod) /.test(line));
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(row).not.toMatch(/│ \$0\.00 /);
    expect(run.stdout).toMatch(/│ — no change +│/);
    expect(run.stdout).toMatch(/│ — under \$0\.01 +│/);
    expect(run.stdout).toMatch(/│ — usage data needed +│/);
  });

  it('a tier its rate confirms is not a finding: it is counted in a quiet line of its own', () => {
    expect(confirmations.length).toBe(35);
    expect(findings.some((f) => f.rule === 'lambda/tier')).toBe(true); // corrected tiers are still findings
    const run = runCli(demo);
    expect(run.stdout).toContain('Already meeting the target — 35 checks, not findings (lambda/tier 35)');
    expect(run.stdout).not.toMatch(/low-frequency → low-frequency/);
  });
});
