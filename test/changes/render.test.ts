import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadSnapshot } from '../../src/inventory/snapshot-file.js';
import { runRules } from '../../src/rules/engine.js';
import { DEFAULT_RULE_SETTINGS } from '../../src/rules/types.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { buildPlan } from '../../src/changes/planner.js';
import { renderPlan, renderPlanMarkdown } from '../../src/report/plan.js';

describe('the printed plan shows what is sent', () => {
  it('every field of every request and of its undo appears whole in the table and the markdown', async () => {
    const snapshot = await loadSnapshot(resolve(import.meta.dirname, '../../examples/demo-prod.snapshot.json'));
    const findings = runRules({ snapshot, targets: DESIGN_TARGETS, settings: DEFAULT_RULE_SETTINGS, onlyEnv: 'prod' });
    const plan = await buildPlan(findings, snapshot, { allowDrift: false, env: 'prod', ctx: { now: new Date('2026-12-01T00:00:00Z') } });
    expect(plan.changes.length).toBeGreaterThan(20);
    const table = renderPlan(plan);
    const markdown = renderPlanMarkdown(plan);
    const escaped = (text: string) => text.replace(/\|/g, '\\|');
    for (const change of plan.changes) {
      for (const [field, value] of Object.entries(change.input)) {
        expect(table, `${change.id} ${field}`).toContain(`    ${field}: ${JSON.stringify(value)}`);
        expect(markdown, `${change.id} ${field}`).toContain(`| ${field} | \`${escaped(JSON.stringify(value))}\` |`);
      }
      expect(table).toContain(`  undo: ${change.undo.operation} ${JSON.stringify(change.undo.input)}`);
    }
  });
});
