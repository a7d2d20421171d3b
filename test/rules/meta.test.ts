/**
 * Every rule at once (typescript-eslint's and Cloud Custodian's meta-tests): complete meta, a file
 * named after its id, a test file, an entry in the generated catalogue, and a fixer exactly for
 * the fixable rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXERS } from '../../src/fixers/registry.js';
import { renderRuleCatalogue } from '../../src/rules/catalogue.js';
import { RULES, ruleById } from '../../src/rules/index.js';
import { SEVERITIES } from '../../src/rules/types.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The design document's section headings (../shared/design-document.md). */
const DOCUMENT_SECTIONS = [
  'Current Architecture Analysis', 'Optimized Architecture Design', 'Database Optimization Strategy', 'Aurora Serverless v2 Optimization',
  'DynamoDB Consolidation Strategy', 'Migration Approach', 'Lambda Function Optimization', 'Memory and Architecture Optimization',
  'Function-Specific Optimizations', 'Function Consolidation Strategy', 'Storage and CDN Optimization', 'S3 Lifecycle Management',
  'CloudFront Optimization', 'Network Architecture Optimization', 'VPC Endpoint Implementation', 'NAT Gateway Optimization',
  'Environment-Specific Configurations', 'Development Environment', 'Production Environment', 'Optimized Database Schema',
  'DynamoDB Optimization', 'Lambda Error Handling', 'Database Connection Optimization', 'Performance Benchmarks', 'Cost Monitoring Tests',
  'Expected Cost Savings', 'Breakdown by Service', 'Implementation Phases', 'Phase 1', 'Phase 2', 'Phase 3', 'Phase 4', 'Phase 5',
];

describe('rule registry', () => {
  it('holds rules with unique ids, found by ruleById', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(ruleById(id)?.meta.id).toBe(id);
    expect(ruleById('nope/nothing')).toBeUndefined();
  });

  describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
    it('has complete meta', () => {
      expect(id).toMatch(/^[a-z0-9]+\/[a-z0-9-]+$/);
      expect(id.split('/')[0]).toBe(rule.meta.service);
      expect(rule.meta.title.trim().length).toBeGreaterThan(5);
      expect(rule.meta.description.trim().length).toBeGreaterThan(20);
      expect(SEVERITIES).toContain(rule.meta.severity);
      expect(typeof rule.meta.fixable).toBe('boolean');
      const rationale = rule.meta.rationale.toLowerCase();
      const namesSection = DOCUMENT_SECTIONS.some((s) => rationale.includes(s.toLowerCase()));
      expect(namesSection || rationale.includes('beyond the document'), `rationale "${rule.meta.rationale}" names no design-document section`).toBe(true);
    });

    it('lives in src/rules/<service>/<check>.ts, which exports it', async () => {
      const file = join(ROOT, 'src', 'rules', `${id}.ts`);
      expect(existsSync(file), file).toBe(true);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      expect(Object.values(module)).toContain(rule);
    });

    it('has a test file test/rules/<service>/<check>.test.ts', () => {
      expect(existsSync(join(ROOT, 'test', 'rules', `${id}.test.ts`))).toBe(true);
    });

    it('has an entry in docs/rules.md', () => {
      const catalogue = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
      expect(catalogue).toContain(`## ${id}\n`);
    });

    it(rule.meta.fixable ? 'has a fixer' : 'has no fixer (advisory)', () => {
      expect(Object.hasOwn(FIXERS, id)).toBe(rule.meta.fixable);
    });
  });

  it('every fixer pairs with a fixable rule', () => {
    for (const id of Object.keys(FIXERS)) {
      expect(ruleById(id)?.meta.fixable, `fixer ${id} has no fixable rule`).toBe(true);
    }
  });

  it('docs/rules.md is current (regenerate with `npm run docs:rules`)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(renderRuleCatalogue());
  });
});
