/**
 * The rule catalogue (docs/rules.md), rendered from the rules' own meta so it cannot drift from
 * the code (Prowler keeps severity, risk and remediation beside each check). `npm run docs:rules`
 * writes it; test/rules/meta.test.ts fails when the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { RULES } from './index.js';
import type { Rule } from './types.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRuleCatalogue(rules: readonly Rule[] = RULES): string {
  const sorted = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const lines: string[] = [
    '# Rule catalogue',
    '',
    '<!-- Generated from each rule\'s meta by `npm run docs:rules` (src/rules/catalogue.ts). Do not edit by hand. -->',
    '',
    `${sorted.length} rules. **Fixable** rules have a fixer (\`src/fixers/<service>/<check>.ts\`) that \`fix\` plans and applies; advisory rules report with their price and reason only.`,
    'Money is signed: negative saves, positive costs more; `null` means the usage data needed to price it is missing.',
    '',
    '| id | service | severity | fixable | title |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map((r) => `| [\`${r.meta.id}\`](#${r.meta.id.replace(/[^a-z0-9-]/g, '')}) | ${r.meta.service} | ${r.meta.severity} | ${r.meta.fixable ? 'yes' : 'advisory'} | ${cell(r.meta.title)} |`),
    '',
  ];
  for (const r of sorted) {
    lines.push(
      `## ${r.meta.id}`,
      '',
      `**${r.meta.title}**`,
      '',
      `- Severity: ${r.meta.severity}`,
      `- Fixable: ${r.meta.fixable ? `yes (\`src/fixers/${r.meta.id}.ts\`)` : 'no (advisory)'}`,
      `- Rationale: ${r.meta.rationale}`,
      `- Source: \`src/rules/${r.meta.id}.ts\`, tests: \`test/rules/${r.meta.id}.test.ts\``,
      '',
      r.meta.description,
      '',
    );
  }
  return lines.join('\n');
}

export async function writeRuleCatalogue(path: string, rules: readonly Rule[] = RULES): Promise<void> {
  await writeFile(path, renderRuleCatalogue(rules), 'utf8');
}
