/**
 * The arm64 fixer and a layer that lists no architectures: it goes ahead when the layer's content (scanned at
 * collection) holds no native x86-64 code, and the plan says why; it refuses, with the reason, when the content
 * holds x86-64 code, could not be read, or was never scanned.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/changes/planner.js';
import type { LambdaFunction, LayerContentScan } from '../../../src/inventory/snapshot.js';
import { renderPlan } from '../../../src/report/plan.js';
import { runRules } from '../../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../../src/targets/design.js';
import { lambdaFn, snapshotWith } from '../../rules/fragments.js';

const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:common-utils:7';
const layer = (contentScan?: LayerContentScan): LambdaFunction['layers'][number] => ({ arn: LAYER, compatibleArchitectures: [], ...(contentScan ? { contentScan } : {}) });

async function planFor(layers: LambdaFunction['layers']) {
  const snapshot = snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-prod', runtime: 'python3.12', layers, tags: { Environment: 'prod' } })] });
  const findings = runRules({ snapshot, targets: DESIGN_TARGETS, onlyEnv: 'prod', ruleIds: ['lambda/arm64'] });
  const inspected: string[] = [];
  const plan = await buildPlan(findings, snapshot, {
    allowDrift: false,
    env: 'prod',
    ctx: { now: new Date('2026-12-01T00:00:00Z'), inspectLambdaCode: async (fn) => (inspected.push(fn.name), { x86Binaries: [] }) },
  });
  expect(plan.changes).toHaveLength(1);
  return { change: plan.changes[0], text: renderPlan(plan), inspected };
}

describe('lambda/arm64 fixer with a layer that lists no architectures', () => {
  it('architecture-neutral content: the change is planned, and the plan says what the layer scan found', async () => {
    const { change, text, inspected } = await planFor([layer({ nativeX8664: false, filesScanned: 12, reason: 'no native x86-64 code in its 12 files' })]);
    expect(change.refused).toBeUndefined();
    expect(change.input).toMatchObject({ FunctionName: 'clinnet-patients-prod', Architectures: ['arm64'] });
    expect(inspected).toEqual(['clinnet-patients-prod']);
    expect(text).toContain(`  note: layer ${LAYER} lists no architectures; its content has no native x86-64 code (12 files scanned), so it allows arm64`);
    expect(text).not.toContain('not applied');
  });

  it('native x86-64 code in the layer: refused, the file named', async () => {
    const { change, text, inspected } = await planFor([
      layer({ nativeX8664: true, x86Binaries: ['python/lib/python3.12/site-packages/psycopg2/_psycopg.so'], reason: 'native x86-64 code: python/lib/python3.12/site-packages/psycopg2/_psycopg.so' }),
    ]);
    // The rule already makes it advisory; the plan still shows the refusal with its reason.
    expect(change.refused).toBe(`layer does not list arm64: ${LAYER} (lists no architectures, and its content holds native x86-64 code: python/lib/python3.12/site-packages/psycopg2/_psycopg.so)`);
    expect(text).toContain(`  not applied: layer does not list arm64: ${LAYER} (lists no architectures, and its content holds native x86-64 code`);
    expect(inspected).toEqual([]);
  });

  it('unreadable content: refused with the reason', async () => {
    const { change, text } = await planFor([layer({ nativeX8664: null, reason: 'download failed (HTTP 403 AccessDenied)' })]);
    expect(change.refused).toBe(`layer does not list arm64: ${LAYER} (lists no architectures, and its content could not be read: download failed (HTTP 403 AccessDenied))`);
    expect(text).toContain('  not applied: layer does not list arm64:');
  });

  it('too big to scan: refused with the reason', async () => {
    const { change } = await planFor([layer({ nativeX8664: null, reason: 'the content is 300.0 MB, above the 100.0 MB the audit downloads to scan' })]);
    expect(change.refused).toContain('its content could not be read: the content is 300.0 MB, above the 100.0 MB the audit downloads to scan');
  });

  it('never scanned (a snapshot older than layer scans): refused, take a new snapshot', async () => {
    const { change } = await planFor([layer()]);
    expect(change.refused).toBe(`layer does not list arm64: ${LAYER} (lists no architectures, and its content was not scanned: take a new snapshot)`);
  });

  it('a layer that lists x86_64 only is refused as before, whatever a scan would say', async () => {
    const { change } = await planFor([{ arn: LAYER, compatibleArchitectures: ['x86_64'] }]);
    expect(change.refused).toBe(`layer does not list arm64: ${LAYER} (lists x86_64)`);
  });
});
