/** Checks shared by the S3/CloudFront/VPC/Logs/DynamoDB/API Gateway rule tests: money is traceable. */
import { expect } from 'vitest';
import { findingsOf, type RuleCase } from '../fragments.js';
import type { Finding, Rule } from '../../../src/rules/types.js';

/** Every line is quantity × unit price, and the delta is their sum (to the cent). */
export function expectTraceable(finding: Finding): void {
  for (const line of finding.costLines) expect(line.monthlyUsd).toBeCloseTo(line.quantity * line.unitPriceUsd, 5);
  if (finding.monthlyDeltaUsd === null) expect(finding.costLines).toEqual([]);
  else expect(finding.monthlyDeltaUsd).toBeCloseTo(finding.costLines.reduce((sum, line) => sum + line.monthlyUsd, 0), 2);
}

/** The one finding a rule reports for a case, checked for traceability. */
export function onlyFinding(rule: Rule, c: RuleCase): Finding {
  const findings = findingsOf(rule, c);
  expect(findings).toHaveLength(1);
  expectTraceable(findings[0]);
  return findings[0];
}

export const GIB = 1024 ** 3;
