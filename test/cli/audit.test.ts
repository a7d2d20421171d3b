import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, DEMO_DEV, DEMO_PROD, ensureBuilt, runCli, withoutNodeNotice } from './built-cli.js';

interface JsonFinding {
  rule: string;
  resource: string;
  resourceName: string;
  env: string;
  current: unknown;
  target: unknown;
  monthlyDeltaUsd: number | null;
  costLines: { monthlyUsd: number; quantity: number; unitPriceUsd: number }[];
  fixable: boolean;
  severity: 'low' | 'medium' | 'high';
  message: string;
}

const demo = ['audit', '--snapshot', DEMO_PROD, '--snapshot', DEMO_DEV];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'clinnet-audit-'));
let json: { findings: JsonFinding[]; [key: string]: unknown } & Record<string, any>;

beforeAll(() => {
  ensureBuilt();
  const run = runCli([...demo, '--format', 'json', '--fail-on', 'none']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  json = JSON.parse(run.stdout);
});

function find(rule: string, resourceName: string): JsonFinding {
  const found = json.findings.find((f) => f.rule === rule && f.resourceName === resourceName);
  if (!found) throw new Error(`no ${rule} finding for ${resourceName}`);
  return found;
}

function expectTraceable(f: JsonFinding): void {
  // Every priced figure is the sum of its quantity × unit price lines.
  expect(f.costLines.length).toBeGreaterThan(0);
  for (const line of f.costLines) expect(line.monthlyUsd).toBeCloseTo(line.quantity * line.unitPriceUsd, 4);
  // Rounded to cents: within half a cent of the lines' sum.
  expect(Math.abs((f.monthlyDeltaUsd as number) - f.costLines.reduce((s, l) => s + l.monthlyUsd, 0))).toBeLessThanOrEqual(0.0051);
}

describe('audit --format json on the demo account (built binary)', () => {
  it('has the versioned top level', () => {
    expect(json.schemaVersion).toBe(1);
    expect(json.accounts).toEqual(['444455556666', '111122223333']);
    expect(json.account).toBeNull();
    expect(json.regions).toEqual(['us-east-1']);
    expect(json.coverageGaps).toEqual([]);
    expect(json.summary.findings).toBe(json.findings.length);
    const priced = json.findings.filter((f) => f.monthlyDeltaUsd !== null).reduce((s, f) => s + (f.monthlyDeltaUsd as number), 0);
    expect(json.summary.monthlyDeltaUsd).toBeCloseTo(priced, 2);
    expect(json.summary.unpricedFindings).toBe(json.findings.filter((f) => f.monthlyDeltaUsd === null).length);
  });

  it('reports prod Aurora backup retention 14 → 7 days as a fixable, priced saving', () => {
    const f = find('aurora/backup-retention', 'clinnet-aurora-prod');
    expect(f).toMatchObject({ resource: 'arn:aws:rds:us-east-1:444455556666:cluster:clinnet-aurora-prod', env: 'prod', current: 14, target: 7, fixable: true });
    expect(f.monthlyDeltaUsd).toBeLessThan(0);
    expectTraceable(f);
  });

  it('reports the prod patients function moving x86_64 → arm64 as a fixable saving', () => {
    const f = find('lambda/arm64', 'clinnet-patients-prod');
    expect(f).toMatchObject({ resource: 'arn:aws:lambda:us-east-1:444455556666:function:clinnet-patients-prod', env: 'prod', current: ['x86_64'], target: ['arm64'], fixable: true });
    expect(f.monthlyDeltaUsd).toBeLessThan(0);
    expectTraceable(f);
  });

  it("reports the prod documents bucket's missing lifecycle as the design's rule, priced from its usage", () => {
    const f = find('s3/lifecycle', 'clinnet-documents-prod');
    expect(f.env).toBe('prod');
    expect(f.current).toBeNull();
    expect(f.fixable).toBe(true);
    const rules = f.target as { ID: string; Status: string; Transitions: { Days: number; StorageClass: string }[] }[];
    const documents = rules.find((r) => r.ID === 'DocumentsLifecycle')!;
    expect(documents.Status).toBe('Enabled');
    expect(documents.Transitions.map((t) => t.StorageClass)).toEqual(['STANDARD_IA', 'GLACIER', 'DEEP_ARCHIVE']);
    expect(f.monthlyDeltaUsd).toBeLessThan(0);
    expectTraceable(f);
  });

  it('gives today\'s estimate per environment near the design\'s own figures, and after-fixes = today + fixable deltas', () => {
    const byEnv = Object.fromEntries(json.costs.byEnv.map((e: { env: string }) => [e.env, e]));
    // The design document: about $800/month for prod and $100/month for dev today (docs/demo-costs.md).
    expect(byEnv.prod.todayUsd).toBeGreaterThan(700);
    expect(byEnv.prod.todayUsd).toBeLessThan(900);
    expect(byEnv.dev.todayUsd).toBeGreaterThan(80);
    expect(byEnv.dev.todayUsd).toBeLessThan(130);
    for (const env of ['dev', 'prod']) {
      const fixable = json.findings.filter((f) => f.env === env && f.fixable && f.monthlyDeltaUsd !== null).reduce((s, f) => s + (f.monthlyDeltaUsd as number), 0);
      expect(byEnv[env].afterFixesUsd).toBeCloseTo(byEnv[env].todayUsd + fixable, 1);
    }
  });

  it('lists the untagged deploy bucket as environment unknown and judges none of it', () => {
    expect(json.unknownEnvironment.map((r: { resource: string }) => r.resource)).toContain('arn:aws:s3:::clinnet-deploy-artifacts-4f7a');
    expect(json.findings.some((f) => f.resource.includes('deploy-artifacts'))).toBe(false);
  });
});

describe('audit exit codes', () => {
  const maxSeverity = (): 'low' | 'medium' | 'high' => {
    const order = ['low', 'medium', 'high'] as const;
    return order[Math.max(...json.findings.map((f) => order.indexOf(f.severity)))];
  };

  it('exits 1, quietly, when findings are at or above --fail-on (default high), and 0 with none', () => {
    const top = maxSeverity();
    const atDefault = runCli(demo);
    expect(atDefault.status).toBe(top === 'high' ? 1 : 0);
    expect(atDefault.stderr).toBe('');
    const low = runCli([...demo, '--fail-on', 'low', '--format', 'csv']);
    expect(low.status).toBe(1);
    expect(low.stderr).toBe('');
    expect(runCli([...demo, '--fail-on', 'none', '--format', 'csv']).status).toBe(0);
  });

  it('exits 0 when the selected rules find nothing at or above --fail-on', () => {
    const lifecycle = json.findings.filter((f) => f.rule === 's3/lifecycle');
    expect(lifecycle.length).toBeGreaterThan(0);
    const worst = Math.max(...lifecycle.map((f) => ['low', 'medium', 'high'].indexOf(f.severity)));
    const above = ['low', 'medium', 'high'][worst + 1];
    if (above) expect(runCli([...demo, '--rules', 's3/lifecycle', '--fail-on', above, '--format', 'json']).status).toBe(0);
    expect(runCli([...demo, '--rules', 's3/lifecycle', '--fail-on', ['low', 'medium', 'high'][worst], '--format', 'json']).status).toBe(1);
  });

  it('exits 3 with a hint when there are no AWS credentials for a live audit', () => {
    const dir = tmp();
    const env = cleanEnv({ AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    const run = runCli(['audit'], { cwd: dir, env });
    expect(run.status).toBe(3);
    expect(withoutNodeNotice(run.stderr)).toMatch(/^clinnet-opt: no AWS credentials found: set AWS_PROFILE/);
    expect(run.stdout).toBe('');
  });
});

describe('audit output', () => {
  it('prints the table grouped by service with totals and the cost per environment, without colour off a terminal', () => {
    const run = runCli([...demo, '--fail-on', 'none'], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain(`${String.fromCharCode(27)}[`);
    expect(run.stdout).toMatch(/^Aurora — \d+ findings? · /m);
    expect(run.stdout).toMatch(/^All services — \d+ findings/m);
    expect(run.stdout).toMatch(/│ prod\s+│ \$\d/);
    expect(run.stdout).toMatch(/│ dev\s+│ \$\d/);
    expect(run.stdout).toContain('Environment unknown');
  });

  it('writes --output to the file, and nothing to stdout', () => {
    const file = join(tmp(), 'reports', 'audit.json');
    const run = runCli([...demo, '--format', 'json', '--fail-on', 'none', '--output', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).findings).toHaveLength(json.findings.length);
  });

  it('writes markdown and csv with one row per finding', () => {
    const md = runCli([...demo, '--format', 'markdown', '--fail-on', 'none']);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# clinnet-opt audit/);
    const csv = runCli([...demo, '--format', 'csv', '--fail-on', 'none']);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(json.findings.length + 1);
  });

  it('--env prod keeps prod only', () => {
    const run = runCli([...demo, '--env', 'production', '--format', 'json', '--fail-on', 'none']);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.env).toBe('prod');
    expect(new Set(parsed.findings.map((f: JsonFinding) => f.env))).toEqual(new Set(['prod']));
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  const expectUsage = (args: string[], pattern: RegExp, cwd?: string): void => {
    const run = runCli(args, { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it('a truncated snapshot', () => {
    const file = join(tmp(), 'cut.json');
    writeFileSync(file, readFileSync(DEMO_PROD, 'utf8').slice(0, 4000));
    expectUsage(['audit', '--snapshot', file], /cut\.json: not a snapshot: the JSON is invalid or truncated/);
  });

  it('a foreign JSON file', () => {
    const file = join(tmp(), 'terraform.tfstate');
    writeFileSync(file, JSON.stringify({ version: 4, resources: [] }));
    expectUsage(['audit', '--snapshot', file], /terraform\.tfstate: not a clinnet-opt snapshot/);
  });

  it('a snapshot missing a field', () => {
    const file = join(tmp(), 'partial.json');
    const snapshot = JSON.parse(readFileSync(DEMO_PROD, 'utf8'));
    delete snapshot.network;
    writeFileSync(file, JSON.stringify(snapshot));
    expectUsage(['audit', '--snapshot', file], /partial\.json: invalid snapshot: network/);
  });

  it('a snapshot file that does not exist', () => {
    expectUsage(['audit', '--snapshot', join(tmp(), 'nope.json')], /nope\.json: cannot read snapshot \(no such file\)/);
  });

  it('an unknown environment, format, rule or fail-on value', () => {
    expectUsage([...demo, '--env', 'qa'], /--env must be dev, staging or prod \(got "qa"\)/);
    expectUsage([...demo, '--format', 'xml'], /--format must be one of table, json, markdown, csv \(got "xml"\)/);
    expectUsage([...demo, '--rules', 'lambda/warp-drive'], /--rules: unknown rule "lambda\/warp-drive"/);
    expectUsage([...demo, '--fail-on', 'critical'], /--fail-on must be one of low, medium, high, none/);
  });

  it('a malformed config names the file and the key path', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.yaml'), 'targets:\n  prod:\n    aurora:\n      maxAcu: eight\n');
    expectUsage([...demo, '--config', join(dir, 'bad.yaml')], /bad\.yaml: invalid config at targets\.prod\.aurora\.maxAcu: /);
    writeFileSync(join(dir, 'clinnet-opt.config.json'), JSON.stringify({ targets: { dev: { lambda: { memoryMB: 128 } } } }));
    // Found in the working directory without --config; a misspelt key is an error, not ignored.
    expectUsage(demo, /clinnet-opt\.config\.json: invalid config at targets\.dev\.lambda/, dir);
    writeFileSync(join(dir, 'broken.json'), '{"targets": ');
    expectUsage([...demo, '--config', join(dir, 'broken.json')], /broken\.json: cannot parse config/);
  });

  it('live-only options together with --snapshot', () => {
    expectUsage([...demo, '--profile', 'clinnet-prod'], /--snapshot audits saved files offline/);
  });

  it('a live audit with no region anywhere', () => {
    const dir = tmp();
    const run = runCli(['audit'], { cwd: dir, env: cleanEnv({ AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') }) });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no region: pass --region .* set AWS_REGION/);
  });
});

describe('snapshot command', () => {
  it('needs --out and a region', () => {
    const dir = tmp();
    const env = cleanEnv({ AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
    const noOut = runCli(['snapshot'], { cwd: dir, env });
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/required option '--out <file>'/);
    const noRegion = runCli(['snapshot', '--out', join(dir, 's.json')], { cwd: dir, env });
    expect(noRegion.status).toBe(2);
    expect(noRegion.stderr).toMatch(/no region: pass --region/);
    const badEnv = runCli(['snapshot', '--out', join(dir, 's.json'), '--env', 'qa', '--region', 'us-east-1'], { cwd: dir, env });
    expect(badEnv.status).toBe(2);
  });
});
