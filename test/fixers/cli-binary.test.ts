import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_KIND, PLAN_SCHEMA_VERSION, withContentId, type Plan } from '../../src/changes/plan.js';

const BIN = resolve(import.meta.dirname, '../../bin/clinnet-opt');

function prodPlan(): Plan {
  return withContentId({
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: '2025-06-01T12:00:00Z',
    account: '123456789012',
    env: 'prod',
    regions: ['us-east-1'],
    selection: { source: 'fix', only: [], resources: [], allowDrift: false },
    findings: [],
    changes: [
      {
        id: 'c1',
        rule: 'logs/retention',
        service: 'logs',
        region: 'us-east-1',
        resource: '/aws/lambda/clinnet-patients-prod',
        resourceName: '/aws/lambda/clinnet-patients-prod',
        env: 'prod',
        attribute: 'RetentionInDays',
        operation: 'logs:PutRetentionPolicy',
        input: { logGroupName: '/aws/lambda/clinnet-patients-prod', retentionInDays: 365 },
        before: null,
        after: 365,
        undo: { operation: 'logs:DeleteRetentionPolicy', input: { logGroupName: '/aws/lambda/clinnet-patients-prod' } },
        monthlyDeltaUsd: -15,
      },
    ],
  });
}

describe('the built binary', () => {
  it('refuses an edited plan file whole before any AWS call (exit 2): its id is a hash of its content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinnet-bin-'));
    const planFile = join(dir, 'plan.json');
    const plan = prodPlan();
    // An operator edits one value and keeps the id: the file says it was edited.
    const edited = { ...plan, changes: [{ ...plan.changes[0], input: { ...plan.changes[0].input, retentionInDays: 1 } }] };
    writeFileSync(planFile, JSON.stringify(edited));
    // Credentials that cannot work and an endpoint nobody listens on: the refusal must come first.
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
    const run = spawnSync(process.execPath, [BIN, 'fix', '--apply', planFile, '--yes'], { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(run.stderr).toContain(`plan id ${plan.id} does not match its content`);
    expect(run.status).toBe(2);
  });

  it('plans offline from the demo snapshot: resource, attribute, before → after and $ per change, a total, refusals with reasons', () => {
    const snapshot = resolve(import.meta.dirname, '../../examples/demo-prod.snapshot.json');
    const table = spawnSync(process.execPath, [BIN, 'fix', '--snapshot', snapshot, '--env', 'prod'], { encoding: 'utf8' });
    expect(table.status, table.stderr).toBe(0);
    const blocks = table.stdout.split('\n\n').slice(1, -1);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block).toMatch(/^((REFUSED|HELD) )?[a-z0-9]+\/[a-z0-9-]+ {2}\S+/);
      expect(block).toMatch(/\n {2}\w+: .+ → .+ {3}([-+±]\$\d+\.\d\d\/mo|n\/a \(usage data needed\))/);
    }
    expect(table.stdout).toMatch(/\nTotal: [-+±]\$\d+\.\d\d\/mo( \(\d+ change\(s\) not priced\))?\n(Held, not applied: .+\n( {2}.+\n)+)?$/);
    const json = spawnSync(process.execPath, [BIN, 'fix', '--snapshot', snapshot, '--env', 'prod', '--format', 'json'], { encoding: 'utf8' });
    const plan = JSON.parse(json.stdout) as Plan & { total: { monthlyDeltaUsd: number }; held: { count: number; monthlyDeltaUsd: number } };
    const refused = plan.changes.filter((c) => c.refused);
    // Offline, no code package can be inspected: every arm64 change is refused, each with its reason.
    for (const change of plan.changes.filter((c) => c.rule === 'lambda/arm64')) expect(change.refused).toMatch(/not inspected|layer does not list arm64|container image/);
    expect(refused.every((c) => c.refused && c.refused.length > 20)).toBe(true);
    const applicable = plan.changes.filter((c) => !c.refused && !c.held && c.monthlyDeltaUsd !== null);
    expect(plan.total.monthlyDeltaUsd).toBeCloseTo(applicable.reduce((sum, c) => sum + (c.monthlyDeltaUsd ?? 0), 0), 2);
    // The total never includes an increase: those are held, and summed apart.
    expect(applicable.every((c) => (c.monthlyDeltaUsd ?? 0) <= 0)).toBe(true);
    const held = plan.changes.filter((c) => c.held && !c.refused);
    expect(held.length).toBe(plan.held.count);
    expect(plan.held.monthlyDeltaUsd).toBeCloseTo(held.reduce((sum, c) => sum + (c.monthlyDeltaUsd ?? 0), 0), 2);
  });

  it('rejects a foreign plan file with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinnet-bin-'));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ kind: 'terraform-plan' }));
    const run = spawnSync(process.execPath, [BIN, 'fix', '--apply', planFile, '--yes'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a clinnet-opt plan/);
  });
});
