import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, DEMO_DEV, DEMO_PROD, ensureBuilt, runCli } from './built-cli.js';

const demo = ['audit', '--snapshot', DEMO_PROD, '--snapshot', DEMO_DEV, '--fail-on', 'none'];
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

describe('audit --explain (built binary)', () => {
  beforeAll(() => ensureBuilt());

  it('a rule id: every finding of that rule with its why, price arithmetic and metrics', () => {
    const run = runCli([...demo, '--explain', 'aurora/acu-range'], { env: cleanEnv({ COLUMNS: '80' }) });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('aurora/acu-range — 2 findings');
    // Wrapped at 80 columns: the account may go to the next line.
    expect(run.stdout).toMatch(/aurora\/acu-range · high · clinnet-aurora-dev \(dev, us-east-1, account\s+111122223333\)/);
    expect(run.stdout).toMatch(/aurora\/acu-range · high · clinnet-aurora-prod \(prod, us-east-1, account\s+444455556666\)/);
    expect(run.stdout).toMatch(/Why: capacity 0\.5–16 ACU → 0\.5–3\.5 ACU/);
    // The two lines that cancel, each as quantity × unit price = monthly.
    expect(run.stdout).toMatch(/-452\.6\s+ACU-hours × \$0\.12 = −\$54\.31/);
    expect(run.stdout).toMatch(/452\.6 ACU-hours ×\s+\$0\.12 = \+\$54\.31/);
    expect(run.stdout).toContain('the table shows — no change');
    expect(run.stdout).toMatch(/Metrics: AWS\/RDS ServerlessDatabaseCapacity Maximum/);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
  });

  it('a resource name: its findings across rules, and the checks it already meets', () => {
    const run = runCli([...demo, '--explain', 'clinnet-admin-dev']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/clinnet-admin-dev — \d+ findings, 1 check already meeting the target/);
    expect(run.stdout).toContain('lambda/arm64 · medium · clinnet-admin-dev');
    expect(run.stdout).toMatch(/lambda\/tier · low · clinnet-admin-dev \(dev, us-east-1, account\s+111122223333\) ·\s+already meets the target/);
    expect(run.stdout).toContain('tier low-frequency (by name) confirmed: 360 invocations/month');
  });

  it('an ARN selects the same resource; a key that matches nothing is a usage error', () => {
    const arn = runCli([...demo, '--explain', 'arn:aws:rds:us-east-1:111122223333:cluster:clinnet-aurora-dev']);
    expect(arn.status).toBe(0);
    expect(arn.stdout).toContain('clinnet-aurora-dev — 3 findings');
    const none = runCli([...demo, '--explain', 'clinnet-nothing']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--explain clinnet-nothing: no finding matches');
    expect(none.stdout).toBe('');
    const json = runCli([...demo, '--explain', 'aurora/acu-range', '--format', 'json']);
    expect(json.status).toBe(2);
  });
});
