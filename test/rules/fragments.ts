/**
 * Small builders for snapshot fragments, and a RuleTester-style table runner (ESLint's model):
 * `ruleCases(rule, { valid, invalid })` runs one rule through the engine over each snapshot.
 */
import { describe, expect, it } from 'vitest';
import {
  emptySnapshot,
  type AccountSnapshot,
  type AuroraCluster,
  type Bucket,
  type Distribution,
  type DynamoTable,
  type LambdaAccountSettings,
  type LambdaFunction,
  type LogGroup,
  type NatGateway,
  type Network,
  type RestApi,
} from '../../src/inventory/snapshot.js';
import { runRules } from '../../src/rules/engine.js';
import { DEFAULT_RULE_SETTINGS, type Finding, type Rule, type RuleSettings } from '../../src/rules/types.js';
import { DESIGN_TARGETS, type TargetProfile } from '../../src/targets/design.js';
import type { Env } from '../../src/targets/environment.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export function lambdaFn(overrides: Partial<LambdaFunction> = {}): LambdaFunction {
  const name = overrides.name ?? 'clinnet-patients-prod';
  const region = overrides.region ?? REGION;
  return {
    region,
    name,
    arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`,
    runtime: 'nodejs20.x',
    packageType: 'Zip',
    architectures: ['x86_64'],
    memoryMb: 256,
    timeoutS: 30,
    reservedConcurrency: null,
    provisionedConcurrency: [],
    aliases: [],
    layers: [],
    logging: { logFormat: 'Text', applicationLogLevel: null, systemLogLevel: null, logGroup: `/aws/lambda/${name}` },
    environmentVariableNames: [],
    tags: {},
    codeSizeBytes: 1_000_000,
    invokedByApiGateway: false,
    ...overrides,
  };
}

export function lambdaSettings(overrides: Partial<LambdaAccountSettings> = {}): LambdaAccountSettings {
  return { region: REGION, concurrencyLimit: 1000, unreservedConcurrency: 1000, ...overrides };
}

export function auroraCluster(overrides: Partial<AuroraCluster> = {}): AuroraCluster {
  const id = overrides.id ?? 'clinnet-aurora-prod';
  const region = overrides.region ?? REGION;
  return {
    region,
    id,
    arn: `arn:aws:rds:${region}:${ACCOUNT}:cluster:${id}`,
    engine: 'aurora-mysql',
    engineVersion: '8.0.mysql_aurora.3.08.0',
    engineMode: 'provisioned',
    status: 'available',
    serverlessV2: { minAcu: 0.5, maxAcu: 16, secondsUntilAutoPause: null },
    engineMinAcuSupported: 0,
    engineMaxAcuSupported: 256,
    backupRetentionDays: 7,
    multiAz: false,
    instances: [{ id: `${id}-writer`, instanceClass: 'db.serverless', availabilityZone: `${region}a`, isWriter: true, status: 'available' }],
    dataApiEnabled: false,
    deletionProtection: true,
    tags: {},
    ...overrides,
  };
}

export function bucket(overrides: Partial<Bucket> = {}): Bucket {
  const name = overrides.name ?? 'clinnet-documents-prod';
  return { name, region: REGION, arn: `arn:aws:s3:::${name}`, lifecycleRules: null, intelligentTiering: [], tags: {}, ...overrides };
}

export function distribution(overrides: Partial<Distribution> = {}): Distribution {
  const id = overrides.id ?? 'E2CLINNETPROD1';
  return {
    id,
    arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`,
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    aliases: [],
    comment: 'clinnet-frontend-prod',
    enabled: true,
    priceClass: 'PriceClass_100',
    defaultBehavior: { pathPattern: '*', targetOriginId: 'frontend', compress: false, cachePolicyId: null },
    behaviors: [],
    tags: {},
    ...overrides,
  };
}

export function table(overrides: Partial<DynamoTable> = {}): DynamoTable {
  const name = overrides.name ?? 'clinnet-medical_reports-prod';
  const region = overrides.region ?? REGION;
  return {
    region,
    name,
    arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${name}`,
    status: 'ACTIVE',
    billingMode: 'PAY_PER_REQUEST',
    provisioned: null,
    keySchema: [{ name: 'id', type: 'HASH' }],
    attributeDefinitions: [{ name: 'id', type: 'S' }],
    gsis: [],
    itemCount: 0,
    sizeBytes: 0,
    tags: {},
    ...overrides,
  };
}

export function logGroup(overrides: Partial<LogGroup> = {}): LogGroup {
  const name = overrides.name ?? '/aws/lambda/clinnet-patients-prod';
  const region = overrides.region ?? REGION;
  return { region, name, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`, retentionDays: null, storedBytes: 0, tags: {}, ...overrides };
}

export function restApi(overrides: Partial<RestApi> = {}): RestApi {
  return {
    region: REGION,
    id: 'a1b2c3d4e5',
    name: 'clinnet-api-prod',
    tags: {},
    stages: [{ name: 'prod', cacheClusterEnabled: false, cacheClusterSize: null, tags: {} }],
    lambdaIntegrations: [],
    ...overrides,
  };
}

export function natGateway(overrides: Partial<NatGateway> = {}): NatGateway {
  return { region: REGION, id: 'nat-0prod', vpcId: 'vpc-0prod', subnetId: 'subnet-0puba', state: 'available', tags: {}, ...overrides };
}

/** A VPC with two private route tables through one NAT gateway, unless overridden. */
export function network(overrides: Partial<Network> = {}): Network {
  return {
    vpcs: [{ region: REGION, id: 'vpc-0prod', cidr: '10.0.0.0/16', isDefault: false, tags: { Name: 'clinnet-vpc-prod' } }],
    subnets: [
      { region: REGION, id: 'subnet-0priva', vpcId: 'vpc-0prod', availabilityZone: `${REGION}a`, tags: {} },
      { region: REGION, id: 'subnet-0privb', vpcId: 'vpc-0prod', availabilityZone: `${REGION}b`, tags: {} },
    ],
    routeTables: ['a', 'b'].map((az) => ({
      region: REGION,
      id: `rtb-0priv${az}`,
      vpcId: 'vpc-0prod',
      isMain: false,
      subnetIds: [`subnet-0priv${az}`],
      routes: [{ destination: '0.0.0.0/0', natGatewayId: 'nat-0prod', state: 'active' }],
      tags: {},
    })),
    natGateways: [natGateway()],
    vpcEndpoints: [],
    ...overrides,
  };
}

export function snapshotWith(parts: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return { ...emptySnapshot({ account: ACCOUNT, regions: [REGION], collectedAt: '2025-01-01T00:00:00.000Z' }), ...parts };
}

/** A partial finding; values may be vitest asymmetric matchers (expect.stringContaining(...)). */
export type FindingExpectation = { [K in keyof Finding]?: unknown };

export interface RuleCase {
  name?: string;
  snapshot: AccountSnapshot;
  targets?: TargetProfile;
  settings?: Partial<RuleSettings>;
  onlyEnv?: Env;
}

export interface InvalidCase extends RuleCase {
  /** Every finding the rule reports, in the engine's order (service, rule, resource). */
  expect: FindingExpectation[];
}

export function findingsOf(rule: Rule, c: RuleCase): Finding[] {
  return runRules({
    snapshot: c.snapshot,
    targets: c.targets ?? DESIGN_TARGETS,
    settings: { ...DEFAULT_RULE_SETTINGS, ...c.settings },
    onlyEnv: c.onlyEnv,
    rules: [rule],
  });
}

/** ESLint's RuleTester, for snapshot fragments: valid cases report nothing, invalid ones exactly `expect`. */
export function ruleCases(rule: Rule, cases: { valid: (RuleCase | AccountSnapshot)[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    cases.valid.forEach((entry, index) => {
      const c: RuleCase = 'kind' in entry ? { snapshot: entry } : entry;
      it(`valid: ${c.name ?? `#${index + 1}`}`, () => {
        expect(findingsOf(rule, c)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, index) => {
      it(`invalid: ${c.name ?? `#${index + 1}`}`, () => {
        const findings = findingsOf(rule, c);
        expect(findings).toHaveLength(c.expect.length);
        c.expect.forEach((partial, i) => expect(findings[i]).toMatchObject({ rule: rule.meta.id, ...partial }));
        for (const finding of findings) {
          // Every figure is traceable: the delta is the sum of its lines, and null has no lines.
          if (finding.monthlyDeltaUsd === null) expect(finding.costLines).toEqual([]);
          else expect(finding.monthlyDeltaUsd).toBeCloseTo(finding.costLines.reduce((s, l) => s + l.monthlyUsd, 0), 2);
        }
      });
    });
  });
}
