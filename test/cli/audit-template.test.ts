import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SMALL_TEMPLATE } from '../audit/template-fixture.js';
import { cleanEnv, ensureBuilt, ROOT, runCli } from './built-cli.js';

const FIXTURE = join(ROOT, 'test/templates/fixtures/clinnet-backend.yaml');

/** No credentials, a profile that does not exist and an endpoint nothing listens on: any AWS client built would fail. */
const offline = cleanEnv({ AWS_PROFILE: 'no-such-profile-clinnet', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });

interface JsonReport {
  sources: { env: string | null; template?: { file: string; environment: string | null } }[];
  findings: { rule: string; env: string; resourceName: string; template?: { file: string; line: number; logicalId: string }; environment?: { source: string } }[];
}

let small: string;
beforeAll(() => {
  ensureBuilt();
  small = join(mkdtempSync(join(tmpdir(), 'clinnet-cli-template-')), 'template.yaml');
  writeFileSync(small, SMALL_TEMPLATE);
});

describe('audit --template (built binary, offline)', () => {
  it('audits the Clinnet backend fixture with no credentials and no AWS client, once per environment', () => {
    const run = runCli(['audit', '--template', FIXTURE, '--format', 'json', '--fail-on', 'none', '--quiet'], { env: offline });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.sources.map((s) => s.template?.environment)).toEqual(['dev', 'test', 'prod']);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings.filter((x) => x.template)) expect(f.template?.file).toBe(FIXTURE);
    expect(report.findings.filter((f) => f.template).length).toBeGreaterThan(report.findings.length / 2);
    // The hand-written design values AWS would reject, and the password, are high findings on their template lines.
    const high = (rule: string) => report.findings.find((f) => f.rule === rule && f.env === 'prod');
    expect(high('s3/lifecycle-rejected')?.template).toMatchObject({ logicalId: 'ImagesBucket' });
    expect(high('aurora/master-password')?.template).toMatchObject({ logicalId: 'ClinnetDatabaseCluster' });
    expect(high('lambda/limits')?.template?.line).toBeGreaterThan(0);
    expect(run.stdout).not.toContain('ClinnetDev2024');
  });

  it('table names each finding\'s template line and the environments', () => {
    const run = runCli(['audit', '--template', small, '--fail-on', 'none'], { env: { ...offline, COLUMNS: '220' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`template ${small} · environments dev, prod`);
    expect(run.stdout).toContain(`${small}:20 (GetPatientsFunction)`);
    expect(run.stdout).not.toContain('Hunter2-default-pw');
  });

  it('json carries template { file, line, logicalId } per finding', () => {
    const run = runCli(['audit', '--template', small, '--parameter', 'Environment=prod', '--format', 'json', '--fail-on', 'none'], { env: offline });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.sources.map((s) => s.env)).toEqual(['prod']);
    const timeout = report.findings.find((f) => f.rule === 'lambda/timeout');
    expect(timeout?.template).toEqual({ file: small, line: 20, logicalId: 'GetPatientsFunction' });
    expect(run.stdout).not.toContain('Hunter2-default-pw');
  });

  it('--explain names the template line of each finding', () => {
    const run = runCli(['audit', '--template', small, '--fail-on', 'none', '--explain', 'lambda/timeout'], { env: { ...offline, COLUMNS: '220' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Template: ${small}:20 (GetPatientsFunction)`);
  });

  it('--env test keeps only the test run of the fixture, its environment read from the template parameter', () => {
    const run = runCli(['audit', '--template', FIXTURE, '--env', 'test', '--format', 'json', '--fail-on', 'none', '--quiet'], { env: offline });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.sources.map((s) => s.env)).toEqual(['test']);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.env === 'test')).toBe(true);
    // Each resource's own environment comes from the template parameter (a consolidation group's from the functions it covers).
    expect(report.findings.filter((f) => f.template).every((f) => f.environment?.source === 'template-parameter')).toBe(true);
  });

  it('exits 1 when a finding reaches --fail-on, as a live audit does', () => {
    expect(runCli(['audit', '--template', small, '--fail-on', 'low'], { env: offline }).status).toBe(1);
  });

  it.each([
    [['--parameter', 'Environment'], /expected Key=Value/],
    [['--parameter', 'Nope=1'], /declares no such parameter/],
    [['--snapshot', 'no-such-usage.json'], /no-such-usage\.json/],
  ])('usage error (exit 2) for %j', (extra, message) => {
    const run = runCli(['audit', '--template', small, ...extra], { env: offline });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('--parameter without --template, and a missing template file, are usage errors', () => {
    expect(runCli(['audit', '--parameter', 'Environment=prod'], { env: offline }).status).toBe(2);
    const missing = runCli(['audit', '--template', join(tmpdir(), 'nope', 'template.yaml')], { env: offline });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});
