/** A hand-made audit report: renderer tests do not depend on what the rules currently find. */
import { AUDIT_REPORT_KIND, AUDIT_SCHEMA_VERSION, type AccountFinding, type AuditReport } from '../../src/audit/types.js';

export function finding(overrides: Partial<AccountFinding> & Pick<AccountFinding, 'rule' | 'resourceName'>): AccountFinding {
  return {
    account: '444455556666',
    service: overrides.rule.split('/')[0] as AccountFinding['service'],
    resource: overrides.resourceName,
    region: 'us-east-1',
    env: 'prod',
    current: null,
    target: null,
    monthlyDeltaUsd: null,
    costLines: [],
    fixable: true,
    severity: 'medium',
    message: `${overrides.rule} on ${overrides.resourceName}`,
    ...overrides,
  };
}

export function sampleReport(): AuditReport {
  const findings: AccountFinding[] = [
    finding({
      rule: 'aurora/acu-range',
      resourceName: 'clinnet-aurora-prod',
      resource: 'arn:aws:rds:us-east-1:444455556666:cluster:clinnet-aurora-prod',
      severity: 'high',
      current: { minAcu: 0.5, maxAcu: 16 },
      target: { minAcu: 0.5, maxAcu: 8 },
      monthlyDeltaUsd: -40,
      costLines: [{ description: 'ACU-hours above 8 removed', quantity: -333.33, unit: 'ACU-hours', unitPriceUsd: 0.12, monthlyUsd: -40 }],
      message: 'capacity 0.5–16 ACU → 0.5–8 ACU',
    }),
    finding({
      rule: 'cloudfront/price-class',
      resourceName: 'clinnet-frontend-prod',
      severity: 'low',
      current: 'PriceClass_100',
      target: 'PriceClass_All',
      monthlyDeltaUsd: 9.5,
      message: 'price class, "All" edge locations, costs more',
    }),
    finding({
      rule: 's3/lifecycle',
      resourceName: 'clinnet-documents-prod',
      severity: 'medium',
      current: null,
      target: [{ ID: 'DocumentsLifecycle', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }] }],
      monthlyDeltaUsd: null,
      message: 'bucket pattern *document* | needs usage\nsecond line',
    }),
    finding({
      rule: 'lambda/arm64',
      resourceName: 'clinnet-image-process-dev',
      env: 'dev',
      severity: 'medium',
      current: ['x86_64'],
      target: ['arm64'],
      monthlyDeltaUsd: -0.25,
      fixable: false,
      message: 'layer pillow lists x86_64 only',
    }),
  ];
  return {
    kind: AUDIT_REPORT_KIND,
    schemaVersion: AUDIT_SCHEMA_VERSION,
    account: null,
    accounts: ['444455556666', '111122223333'],
    accountsNotRead: [],
    regions: ['us-east-1'],
    env: null,
    failOn: 'high',
    rules: null,
    sources: [{ file: 'prod.json', account: '444455556666', accountName: null, collectedAt: '2025-06-02T08:00:00.000Z', regions: ['us-east-1'], env: null }],
    findings,
    confirmations: [
      finding({
        rule: 'lambda/tier',
        resourceName: 'clinnet-admin-prod',
        severity: 'low',
        fixable: false,
        current: 'low-frequency',
        target: 'low-frequency',
        monthlyDeltaUsd: 0,
        metricsUsed: ['AWS/Lambda Invocations Sum'],
        message: 'tier low-frequency (by name) confirmed: 360 invocations/month (below 43,800, about one a minute)',
      }),
    ],
    coverageGaps: [{ account: '444455556666', service: 'cloudfront', region: 'global', operation: 'ListDistributions', kind: 'access-denied', error: 'AccessDenied: not authorized' }],
    unknownEnvironment: [{ service: 's3', resource: 'arn:aws:s3:::clinnet-deploy-artifacts', reason: 'no Environment tag' }],
    costs: {
      todayUsd: 900,
      afterFixesUsd: 869.5,
      byEnv: [
        { env: 'dev', todayUsd: 100, fixableDeltaUsd: 0, afterFixesUsd: 100, advisoryDeltaUsd: -0.25, findings: 1, unpricedFindings: 0 },
        { env: 'prod', todayUsd: 800, fixableDeltaUsd: -30.5, afterFixesUsd: 769.5, advisoryDeltaUsd: 0, findings: 3, unpricedFindings: 1 },
      ],
      byAccount: [
        { account: '444455556666', name: null, env: null, todayUsd: 900, fixableDeltaUsd: -30.5, afterFixesUsd: 869.5, advisoryDeltaUsd: -0.25, findings: 4, unpricedFindings: 1 },
      ],
      byService: { aurora: 400, s3: 90, cloudfront: 100 },
      lines: [],
      unpriced: ['lambda clinnet-x-prod: usage data needed (invocations per month, average duration)'],
    },
    summary: {
      findings: 4,
      monthlyDeltaUsd: -30.75,
      fixableMonthlyDeltaUsd: -30.5,
      unpricedFindings: 1,
      bySeverity: { low: 1, medium: 2, high: 1 },
      byService: [
        { service: 'aurora', findings: 1, monthlyDeltaUsd: -40, unpricedFindings: 0, todayUsd: 400 },
        { service: 'lambda', findings: 1, monthlyDeltaUsd: -0.25, unpricedFindings: 0, todayUsd: null },
        { service: 's3', findings: 1, monthlyDeltaUsd: 0, unpricedFindings: 1, todayUsd: 90 },
        { service: 'cloudfront', findings: 1, monthlyDeltaUsd: 9.5, unpricedFindings: 0, todayUsd: 100 },
      ],
      byStack: [],
      atOrAboveFailOn: 1,
      servicesNotRead: [],
      accountsNotRead: [],
      headline: '4 findings',
    },
  };
}

/** A small RFC 4180 reader for checking what the CSV renderer writes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
