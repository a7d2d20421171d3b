import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTemplateAudit } from '../../src/audit/template-run.js';
import type { Finding } from '../../src/rules/types.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { parseTemplate } from '../../src/templates/parse.js';
import { editsInHunk, planTemplateEdits, TEMPLATE_FIX_RULES, type TemplatePlan } from '../../src/templates/plan-edits.js';
import { resolveTemplate } from '../../src/templates/resolve.js';
import { diffHunks, unifiedDiff } from '../../src/templates/unified-diff.js';

const FIXTURE = readFileSync(new URL('./fixtures/clinnet-backend.yaml', import.meta.url), 'utf8');
const ENVS = ['dev', 'test', 'prod'];
const ENV_PARAM = { name: 'Environment', allowedValues: ENVS };
const PROPERTIES = ['MemorySize', 'Timeout', 'Architectures'];

async function findingsByEnv(text: string): Promise<Record<string, Finding[]>> {
  const file = join(mkdtempSync(join(tmpdir(), 'clinnet-plan-')), 'template.yaml');
  writeFileSync(file, text);
  const out: Record<string, Finding[]> = {};
  for (const env of ENVS) {
    const report = await runTemplateAudit({ file, parameters: { Environment: env }, region: 'us-east-1', targets: DESIGN_TARGETS, failOn: 'none' });
    out[env] = report.findings.filter((f) => TEMPLATE_FIX_RULES.includes(f.rule)).map((f) => ({ ...f, template: f.template && { ...f.template, file: 'template.yaml' } }));
  }
  return out;
}

const key = (f: Finding): string => `${f.rule} ${f.template?.logicalId ?? f.resource}`;

/** Every function's MemorySize, Timeout and Architectures, resolved in `env`. */
function lambdaValues(text: string, env: string): Record<string, unknown> {
  const resolved = resolveTemplate(parseTemplate(text, 'template.yaml'), { Environment: env });
  const out: Record<string, unknown> = {};
  for (const r of resolved.resources) {
    if (r.type !== 'AWS::Serverless::Function') continue;
    for (const p of PROPERTIES) out[`${r.logicalId}.${p}`] = r.properties[p];
  }
  return out;
}

const RULE_PROPERTY: Record<string, string> = { 'lambda/memory': 'MemorySize', 'lambda/timeout': 'Timeout', 'lambda/arm64': 'Architectures' };

/** Every resolved resource's properties in `env`, without the properties the given findings fix. */
function resolvedProperties(text: string, env: string, without: readonly Finding[]): Record<string, unknown> {
  const resolved = resolveTemplate(parseTemplate(text, 'template.yaml'), { Environment: env });
  const drop = new Set(without.map((f) => `${f.template?.logicalId ?? ''}.${RULE_PROPERTY[f.rule] ?? ''}`));
  return Object.fromEntries(
    resolved.resources.map((r) => [r.logicalId, Object.fromEntries(Object.entries(r.properties).filter(([p]) => !drop.has(`${r.logicalId}.${p}`)))]),
  );
}

function fixedKeys(plan: TemplatePlan): Set<string> {
  return new Set(plan.edits.flatMap((e) => e.findings.map((f) => `${f.env} ${key(f)}`)));
}

describe('planTemplateEdits on the Clinnet backend template', () => {
  let before: Record<string, Finding[]>;
  beforeAll(async () => {
    before = await findingsByEnv(FIXTURE);
  }, 60_000);

  it('all environments: each environment resolves to its targets for the fixed findings, everything else unchanged', async () => {
    const plan = planTemplateEdits(FIXTURE, 'template.yaml', before, ENV_PARAM);
    expect(plan.edits.length).toBeGreaterThan(0);
    const fixed = fixedKeys(plan);
    // Architectures is one Globals edit: every function wants arm64 in every environment.
    const arch = plan.edits.filter((e) => e.rule === 'lambda/arm64');
    expect(arch.map((e) => e.path)).toEqual(['Globals.Function.Architectures.0']);
    const after = await findingsByEnv(plan.text);
    for (const env of ENVS) {
      const remaining = new Set(after[env].map(key));
      const expected = new Map<string, Finding>();
      for (const f of before[env]) expected.set(key(f), f);
      const values = lambdaValues(plan.text, env);
      for (const [k, f] of expected) {
        if (fixed.has(`${f.env} ${k}`)) {
          expect(remaining.has(k), `${env} ${k} fixed`).toBe(false);
          const logicalId = f.template?.logicalId ?? '';
          const prop = RULE_PROPERTY[f.rule];
          if (prop) expect(values[`${logicalId}.${prop}`], `${env} ${logicalId}.${prop}`).toEqual(f.target);
        } else {
          expect(remaining.has(k), `${env} ${k} not fixed stays`).toBe(true);
        }
      }
      // Every other property of every resource resolves as before.
      const fixedHere = plan.edits.flatMap((e) => e.findings).filter((f) => f.env === env);
      expect(resolvedProperties(plan.text, env, fixedHere)).toEqual(resolvedProperties(FIXTURE, env, fixedHere));
    }
    // Refused, each with its reason: advisory findings, existing !If values, undeclared log groups.
    const reasons = plan.refused.map((r) => r.reason);
    expect(reasons.some((r) => r.startsWith('advisory'))).toBe(true);
    expect(reasons.some((r) => r.includes('no AWS::Logs::LogGroup'))).toBe(true);
    expect(plan.refused.some((r) => r.finding.template?.logicalId === 'SummarizeNoteFunction' && r.finding.rule === 'lambda/memory')).toBe(true);
  }, 120_000);

  it('per-function values that differ by environment become !If on an environment condition, reusing IsProduction', () => {
    const plan = planTemplateEdits(FIXTURE, 'template.yaml', before, ENV_PARAM);
    const memory = plan.edits.find((e) => e.rule === 'lambda/memory' && e.logicalIds[0] === 'GetPatientsFunction');
    expect(memory?.path).toBe('Resources.GetPatientsFunction.Properties.MemorySize');
    expect(memory?.after).toEqual({ dev: 256, test: 512, prod: 512 });
    expect(plan.text).toContain('MemorySize: !If [IsDev, 256, 512]');
    expect(plan.edits.filter((e) => e.kind === 'condition').map((e) => e.path)).toEqual(['Conditions.IsDev']);
    expect(plan.text).toContain('  IsDev: !Equals [!Ref Environment, dev]\n');
  });

  it('onlyEnv prod: prod findings for these rules are gone, dev and test resolve exactly as before', async () => {
    const plan = planTemplateEdits(FIXTURE, 'template.yaml', before, ENV_PARAM, { onlyEnv: 'prod' });
    expect(plan.edits.length).toBeGreaterThan(0);
    expect(plan.edits.flatMap((e) => e.findings).every((f) => f.env === 'prod')).toBe(true);
    for (const env of ['dev', 'test']) {
      expect(lambdaValues(plan.text, env)).toEqual(lambdaValues(FIXTURE, env));
      expect(resolvedProperties(plan.text, env, [])).toEqual(resolvedProperties(FIXTURE, env, []));
    }
    const after = await findingsByEnv(plan.text);
    const fixed = new Set(plan.edits.flatMap((e) => e.findings.map(key)));
    expect(after.prod.filter((f) => fixed.has(key(f)))).toEqual([]);
    expect(plan.text).toContain('- !If [IsProduction, arm64, x86_64]');
    expect(plan.edits.some((e) => e.kind === 'condition')).toBe(false);
  }, 120_000);

  it('the diff touches only the edited lines: every removed line is an edited node of the old text, every added line an edit of the new', () => {
    const plan = planTemplateEdits(FIXTURE, 'template.yaml', before, ENV_PARAM);
    const oldNodes = parseTemplate(FIXTURE, 'template.yaml').nodes;
    const editedNew = new Set(plan.edits.map((e) => e.line));
    const editedOld = new Set(plan.edits.flatMap((e) => (oldNodes[e.path] ? [oldNodes[e.path].line] : [])));
    const lines = diffHunks(FIXTURE, plan.text).flatMap((h) => h.lines);
    const removed = new Set(lines.flatMap((l) => (l.kind === '-' && l.oldLine !== null ? [l.oldLine] : [])));
    const added = new Set(lines.flatMap((l) => (l.kind === '+' && l.newLine !== null ? [l.newLine] : [])));
    expect(removed).toEqual(editedOld);
    expect(added).toEqual(editedNew);
    // Every hunk holds at least one edit, and every edit is in exactly one hunk: each hunk can be annotated.
    const hunks = diffHunks(FIXTURE, plan.text);
    for (const hunk of hunks) expect(editsInHunk(plan.edits, hunk).length).toBeGreaterThan(0);
    expect(hunks.flatMap((h) => editsInHunk(plan.edits, h))).toHaveLength(plan.edits.length);
    const diff = unifiedDiff(FIXTURE, plan.text, 'template.yaml', {
      annotate: (hunk) => editsInHunk(plan.edits, hunk).flatMap((e) => e.findings.slice(0, 1).map((f) => `# clinnet-opt: ${f.rule} ${f.env}: ${String(f.current)} → ${String(f.target)}`)),
    });
    expect(diff).toContain('# clinnet-opt: lambda/memory test: 256 → 512\n@@ ');
  });

  it('the edited template passes cfn-lint with no E-level error (all environments, and --env prod)', () => {
    // One cfn-lint run for both texts: its start-up is most of its time.
    const dir = mkdtempSync(join(tmpdir(), 'clinnet-lint-'));
    const files = [{}, { onlyEnv: 'prod' }].map((options, n) => {
      const file = join(dir, `template-${n}.yaml`);
      writeFileSync(file, planTemplateEdits(FIXTURE, 'template.yaml', before, ENV_PARAM, options).text);
      return file;
    });
    const run = spawnSync('cfn-lint', ['--format', 'parseable', ...files], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const errors = run.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    // Both files were read: each has the fixture's warnings (W1011, the password parameter).
    for (const file of files) expect(run.stdout).toContain(file);
  }, 120_000);
});
