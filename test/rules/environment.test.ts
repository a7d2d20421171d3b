/**
 * Which environment a resource is, and where that was read from (docs/cli.md, "Environment, in this
 * order"): tag, stack or template parameter, owner, name, --env, else unknown with the reason.
 */
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-report.js';
import type { AccountSnapshot, Stack } from '../../src/inventory/snapshot.js';
import { auditJson } from '../../src/report/json.js';
import { renderExplanation } from '../../src/report/explain.js';
import { explainSelection } from '../../src/audit/explain.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { estimateAccountCost } from '../../src/pricing/account-cost.js';
import { validateSnapshot } from '../../src/validate/benchmarks.js';
import { desiredAlarms } from '../../src/validate/alarms.js';
import { targetsFromConfig } from '../../src/targets/config.js';
import { envNameWords, envsInName } from '../../src/targets/environment.js';
import { resolverFor, stageSubject, type EnvReading, type EnvSubject } from '../../src/targets/environment-resolver.js';
import { ACCOUNT, REGION, lambdaFn, logGroup, restApi, snapshotWith } from './fragments.js';

function stack(name: string, parameters: Record<string, string | null>): Stack {
  return {
    region: REGION,
    name,
    id: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0`,
    status: 'UPDATE_COMPLETE',
    parameters: Object.entries(parameters).map(([key, value]) => ({ key, value, noEcho: false })),
    tags: {},
    capabilities: ['CAPABILITY_IAM'],
    transforms: ['AWS::Serverless-2016-10-31'],
    resources: [],
  };
}

const STACKS = [
  stack('clinnet-emr-backend', { Environment: 'dev', DBPassword: null }),
  stack('clinnet-emr-backend-prod', { Environment: 'prod' }),
  stack('clinnet-other', { env: 'QA' }),
  stack('clinnet-sandbox', { Environment: 'sandbox' }),
  stack('clinnet-no-env', { BucketName: 'x' }),
];

const inStack = (name: string) => ({ stack: { name, logicalId: 'GetPatientsFunction' } });

describe('environment resolution: resource × source → environment and source', () => {
  const snapshot = snapshotWith({
    stacks: STACKS,
    lambdaFunctions: [
      lambdaFn({ name: 'clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F', ...inStack('clinnet-emr-backend') }),
      lambdaFn({ name: 'clinnet-patients-prod', tags: { environment: 'Production' } }),
    ],
  });
  const read = (subject: EnvSubject, onlyEnv?: string): EnvReading => resolverFor(snapshot, DESIGN_TARGETS, onlyEnv).read(subject);

  it.each<[string, EnvSubject, string | undefined, string, EnvReading['source'], RegExp]>([
    ['tag, any case of key and value', { name: 'x', tags: { environment: 'Production' } }, undefined, 'prod', 'tag', /tag environment=Production/],
    ['tag beats stack and name', { name: 'thing-dev', tags: { Environment: 'prod' }, ...inStack('clinnet-emr-backend') }, undefined, 'prod', 'tag', /tag/],
    ['stack parameter Environment', { name: 'clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F', ...inStack('clinnet-emr-backend') }, undefined, 'dev', 'stack-parameter', /stack clinnet-emr-backend parameter Environment=dev/],
    ['stack parameter beats an environment word in the name', { name: 'clinnet-patients-prod', ...inStack('clinnet-emr-backend') }, undefined, 'dev', 'stack-parameter', /Environment=dev/],
    ['stack parameter Env, case-insensitive, alias qa → test', { name: 'x', ...inStack('clinnet-other') }, undefined, 'test', 'stack-parameter', /env=QA/],
    ['a stack without the parameter: the name tells', { name: 'clinnet-services-v2-dev', ...inStack('clinnet-no-env') }, undefined, 'dev', 'name', /names dev/],
    ['kebab word', { name: 'clinnet-services-v2-dev' }, undefined, 'dev', 'name', /names dev/],
    ['snake word', { name: 'clinnet_medical_reports_staging' }, undefined, 'staging', 'name', /names staging/],
    ['PascalCase word', { name: 'GetPatientsFunctionProd' }, undefined, 'prod', 'name', /names prod/],
    ['uat → test', { name: 'clinnet-uat-reports' }, undefined, 'test', 'name', /names test/],
    ['no word inside another word ("product", "devices")', { name: 'product-devices' }, undefined, 'unknown', 'unknown', /no Environment tag/],
    ['a CloudFormation suffix is not a word', { name: 'clinnet-emr-backend-GetPatientsFunction-1X2Y3Z4W5DEV' }, undefined, 'unknown', 'unknown', /no environment word/],
    ['--env labels what nothing names', { name: 'clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F' }, 'prod', 'prod', 'flag', /--env prod/],
    ['--env never relabels a stack read as dev', { name: 'clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F', ...inStack('clinnet-emr-backend') }, 'prod', 'dev', 'stack-parameter', /Environment=dev/],
    ['--env never relabels a name read as dev', { name: 'clinnet-services-v2-dev' }, 'prod', 'dev', 'name', /names dev/],
    ['a stack parameter that is no environment: unknown, even with --env', { name: 'x', ...inStack('clinnet-sandbox') }, 'prod', 'unknown', 'unknown', /Environment=sandbox is not an environment/],
    ['a tag that is no environment: unknown, even with --env', { name: 'x', tags: { Environment: 'shared' } }, 'prod', 'unknown', 'unknown', /Environment=shared is not an environment/],
    ['a name with two environments: unknown, even with --env', { name: 'sync-dev-to-prod' }, 'prod', 'unknown', 'unknown', /names dev and prod: ambiguous/],
    ['log group /aws/lambda/F takes F\'s stack', { name: '/aws/lambda/clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F' }, 'prod', 'dev', 'owner', /made for function clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F: stack clinnet-emr-backend parameter Environment=dev/],
    ['log group /aws/lambda/F takes F\'s tag over its own name', { name: '/aws/lambda/clinnet-patients-prod' }, undefined, 'prod', 'owner', /tag environment=Production/],
    ['log group of no known function: its name', { name: '/aws/lambda/clinnet-gone-staging' }, undefined, 'staging', 'name', /names staging/],
    ['nothing: unknown with the reason', { name: 'clinnet-thing' }, undefined, 'unknown', 'unknown', /no Environment tag, no stack parameter Environment\/Env\/Stage, no environment word in the name, and no --env given/],
  ])('%s', (_label, subject, onlyEnv, name, source, detail) => {
    const reading = read(subject, onlyEnv);
    expect(reading).toMatchObject({ name, source });
    expect(reading.detail).toMatch(detail);
  });

  it('reads PascalCase, kebab and snake words, never CloudFormation\'s random suffix', () => {
    expect(envNameWords('GetPatientsFunctionProd')).toEqual(['get', 'patients', 'function', 'prod']);
    expect(envNameWords('clinnet-services-v2-dev')).toEqual(['clinnet', 'services', 'v2', 'dev']);
    expect(envNameWords('APIGatewayQA_stage')).toEqual(['api', 'gateway', 'qa', 'stage']);
    expect(envNameWords('clinnet-emr-backend-GetPatientsFunction-1A2B3C4D5E6F')).toEqual(['clinnet', 'emr', 'backend', 'get', 'patients', 'function']);
    expect(envsInName('/aws/lambda/clinnet-emr-backend-prod-GetPatientsFunction-1X2Y3Z4W5DEV')).toEqual(['prod']);
  });

  it("a stage takes its API's stack; SAM's stage named \"Stage\" is not staging", () => {
    const api = restApi({ name: 'clinnet-emr-backend-ServerlessRestApi', ...inStack('clinnet-emr-backend'), stages: [{ name: 'Stage', cacheClusterEnabled: false, cacheClusterSize: null, tags: {} }] });
    const stage = api.stages[0];
    expect(read(stageSubject(api, stage), 'prod')).toMatchObject({ name: 'dev', source: 'stack-parameter' });
    const loose = restApi({ name: 'clinnet-api', stages: [stage] });
    expect(read(stageSubject(loose, stage))).toMatchObject({ name: 'unknown', source: 'unknown' });
    const named = restApi({ name: 'clinnet-api-prod', stages: [{ ...stage, name: 'dev' }] });
    expect(read(stageSubject(named, named.stages[0]))).toMatchObject({ name: 'dev', source: 'name' });
    const tagged = restApi({ name: 'clinnet-api', tags: { Environment: 'prod' }, stages: [stage] });
    expect(read(stageSubject(tagged, stage))).toMatchObject({ name: 'prod', source: 'tag' });
  });

  it('a snapshot resolved from a template: the template parameter is every resource\'s source', () => {
    const fromTemplate = snapshotWith({ template: { file: 'template.yaml', parameters: { Environment: 'test' }, environment: 'test' } });
    const reading = resolverFor(fromTemplate, DESIGN_TARGETS, 'prod').read({ name: 'clinnet-emr-backend-GetPatientsFunction' });
    expect(reading).toMatchObject({ name: 'test', source: 'template-parameter' });
    expect(reading.detail).toMatch(/template template\.yaml parameter Environment=test/);
    const byEnvironmentOnly = snapshotWith({ template: { file: 't.yaml', parameters: {}, environment: 'prod' } });
    expect(resolverFor(byEnvironmentOnly, DESIGN_TARGETS).read({ name: 'x' })).toMatchObject({ name: 'prod', source: 'template-parameter' });
  });

  it("the account's environment recorded in the snapshot labels what nothing names, before this run's --env", () => {
    const devAccount = { ...snapshotWith({ stacks: STACKS }), env: 'dev' };
    expect(resolverFor(devAccount, DESIGN_TARGETS, 'prod').read({ name: 'clinnet-thing' })).toMatchObject({ name: 'dev', source: 'flag', detail: expect.stringMatching(/recorded in the snapshot/) });
  });
});

describe('environments from the targets and the config', () => {
  it('test is an environment with the design\'s "most environments" targets (staging\'s)', () => {
    expect(DESIGN_TARGETS.environments.map((e) => e.name)).toEqual(['dev', 'test', 'staging', 'prod']);
    expect(DESIGN_TARGETS.envs.test).toEqual(DESIGN_TARGETS.envs.staging);
    expect(DESIGN_TARGETS.envs.test.aurora).toMatchObject({ minAcu: 0.5, maxAcu: 4 });
    expect(DESIGN_TARGETS.environments.find((e) => e.name === 'staging')?.aliases).toEqual(['stage', 'stg']);
  });

  it('a config adds an environment (from staging\'s targets, or another\'s), aliases, and parameter names', () => {
    const targets = targetsFromConfig({
      environments: { sandbox: { aliases: ['sbx'], like: 'dev' }, perf: {}, prod: { aliases: ['live'] } },
      environmentParameterNames: ['DeployTarget'],
      targets: { sandbox: { logs: { retentionDays: 7 } } },
    });
    expect(targets.environments.map((e) => e.name)).toEqual(['dev', 'test', 'staging', 'prod', 'sandbox', 'perf']);
    expect(targets.envs.sandbox.logs.retentionDays).toBe(7);
    expect(targets.envs.sandbox.aurora).toEqual(DESIGN_TARGETS.envs.dev.aurora);
    expect(targets.envs.perf).toEqual(DESIGN_TARGETS.envs.staging);
    const snapshot = snapshotWith({ stacks: [stack('s', { DeployTarget: 'SBX', Environment: 'prod' })] });
    const resolver = resolverFor(snapshot, targets);
    expect(resolver.read({ name: 'x', stack: { name: 's' } })).toMatchObject({ name: 'sandbox', source: 'stack-parameter' });
    expect(resolver.read({ name: 'clinnet-api-live' })).toMatchObject({ name: 'prod', source: 'name' });
    // The design's own targets are untouched.
    expect(DESIGN_TARGETS.environments.map((e) => e.name)).toEqual(['dev', 'test', 'staging', 'prod']);
  });

  it('refuses targets for an environment nobody declared, a word meaning two environments, and "like" an unknown one', () => {
    expect(() => targetsFromConfig({ targets: { sandbox: { logs: { retentionDays: 7 } } } })).toThrow(/targets\.sandbox: not an environment \(known: dev, test, staging, prod; add it under "environments" first\)/);
    expect(() => targetsFromConfig({ environments: { sandbox: { aliases: ['qa'] } } })).toThrow(/"qa" would mean both test and sandbox/);
    expect(() => targetsFromConfig({ environments: { sandbox: { like: 'perf' } } })).toThrow(/environments\.sandbox\.like: "perf" is not an environment/);
  });
});

/** The account: one SAM stack per environment, CloudFormation-generated names without an environment word. */
function twoStacks(): AccountSnapshot {
  const fn = (stackName: string, logicalId: string, suffix: string) =>
    lambdaFn({
      name: `${stackName}-${logicalId}-${suffix}`,
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${stackName}-${logicalId}-${suffix}`,
      stack: { name: stackName, logicalId, samResource: logicalId },
      architectures: ['x86_64'],
    });
  const functions = [
    fn('clinnet-emr-backend', 'GetPatientsFunction', '1A2B3C4D5E6F'),
    fn('clinnet-emr-backend', 'CheckDatabaseConnectivityFunction', '7G8H9I0J1K2L'),
    fn('clinnet-emr-backend-prod', 'GetPatientsFunction', 'Q1W2E3R4T5Y6'),
    fn('clinnet-emr-backend-prod', 'CheckDatabaseConnectivityFunction', 'Z9X8C7V6B5N4'),
  ];
  return snapshotWith({
    stacks: [stack('clinnet-emr-backend', { Environment: 'dev' }), stack('clinnet-emr-backend-prod', { Environment: 'prod' })],
    lambdaFunctions: functions,
    // Lambda creates these outside the stack: no stack ref, no tag, no environment word.
    logGroups: functions.map((f) => logGroup({ name: `/aws/lambda/${f.name}`, retentionDays: null, storedBytes: 1024 })),
  });
}

describe('audit --env prod on an account holding the dev and prod stacks', () => {
  const report = buildAuditReport({ sources: [{ file: 'two-stacks.json', snapshot: twoStacks() }], targets: DESIGN_TARGETS, env: 'prod', failOn: 'none' });

  it("reports only prod's resources and labels none of dev's as prod", () => {
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) {
      expect(f.env).toBe('prod');
      expect(`${f.resource} ${f.resourceName}`).not.toMatch(/clinnet-emr-backend-(GetPatients|CheckDatabase)/);
    }
    expect(report.findings.some((f) => f.resourceName.startsWith('/aws/lambda/clinnet-emr-backend-prod-'))).toBe(true);
    expect(report.findings.some((f) => f.resourceName.startsWith('clinnet-emr-backend-prod-'))).toBe(true);
    expect(report.unknownEnvironment).toEqual([]);
  });

  it('every finding says where its environment was read from, in JSON and --explain', () => {
    const json = auditJson(report) as { findings: { resourceName: string; environment: EnvReading }[] };
    const fnFinding = json.findings.find((f) => f.resourceName === 'clinnet-emr-backend-prod-GetPatientsFunction-Q1W2E3R4T5Y6');
    expect(fnFinding?.environment).toEqual({ name: 'prod', source: 'stack-parameter', detail: 'stack clinnet-emr-backend-prod parameter Environment=prod' });
    const groupFinding = json.findings.find((f) => f.resourceName === '/aws/lambda/clinnet-emr-backend-prod-GetPatientsFunction-Q1W2E3R4T5Y6');
    expect(groupFinding?.environment).toMatchObject({ name: 'prod', source: 'owner' });
    for (const f of json.findings) expect(f.environment.source).not.toBe('flag');
    const text = renderExplanation('logs/retention', explainSelection(report, 'logs/retention'), { color: false, width: 200 });
    expect(text).toMatch(/Environment: prod, from owner: made for function clinnet-emr-backend-prod-GetPatientsFunction-Q1W2E3R4T5Y6: stack clinnet-emr-backend-prod parameter Environment=prod/);
  });

  it('audit --env dev reports the dev stack as dev, and no run labels the stage differently', () => {
    const dev = buildAuditReport({ sources: [{ file: 'two-stacks.json', snapshot: twoStacks() }], targets: DESIGN_TARGETS, env: 'dev', failOn: 'none' });
    expect(dev.findings.length).toBeGreaterThan(0);
    for (const f of dev.findings) expect(f.resourceName).toMatch(/clinnet-emr-backend-(GetPatients|CheckDatabase)|\/aws\/lambda\/clinnet-emr-backend-(GetPatients|CheckDatabase)/);
  });
});

describe('every command gives a resource the same environment', () => {
  // The SAM stage named "Stage" of the dev stack's API got three environments from three commands.
  const api = restApi({
    id: 'devapi0001',
    name: 'clinnet-emr-backend-ServerlessRestApi',
    stack: { name: 'clinnet-emr-backend', logicalId: 'ServerlessRestApi' },
    stages: [
      {
        name: 'Stage',
        // A cache cluster dev's targets remove (and prod's would keep).
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5',
        tags: {},
        stack: { name: 'clinnet-emr-backend', logicalId: 'ServerlessRestApiStage', samResource: 'ServerlessRestApi' },
        usage: { source: 'demo', requestsPerMonth: 1_000_000, latencyP95Ms: 120 },
      },
    ],
  });
  const snapshot = { ...twoStacks(), restApis: [api] };

  it.each(['prod', 'dev', undefined])('--env %s: audit, cost, validate and validate alarms agree', (onlyEnv) => {
    const env = onlyEnv as string | undefined;
    const audited = buildAuditReport({ sources: [{ file: 's.json', snapshot }], targets: DESIGN_TARGETS, env, failOn: 'none' });
    const stageFindings = audited.findings.filter((f) => f.service === 'apigateway');
    const cost = estimateAccountCost(snapshot, resolverFor(snapshot, DESIGN_TARGETS, env).envOf, env);
    const stageCost = cost.lines.filter((l) => l.description.includes('ServerlessRestApi/Stage'));
    const benchmarks = validateSnapshot(snapshot, { targets: DESIGN_TARGETS, env }).benchmarks.flatMap((b) => b.resources.filter((r) => r.service === 'apigateway'));
    const alarms = desiredAlarms(snapshot, { targets: DESIGN_TARGETS, env }).alarms.filter((a) => a.service === 'apigateway');
    if (env === 'prod') {
      expect([stageFindings, stageCost, benchmarks, alarms].map((list) => list.length)).toEqual([0, 0, 0, 0]);
    } else {
      expect(stageFindings.map((f) => [f.env, f.environment?.source])).toEqual([['dev', 'stack-parameter']]);
      expect(stageCost.length).toBeGreaterThan(0);
      expect(cost.byEnv).not.toHaveProperty('staging');
      expect(cost.byEnv).not.toHaveProperty('unknown');
      expect(benchmarks.map((r) => r.env)).toEqual(['dev']);
      expect(alarms.map((a) => a.env)).toEqual(['dev']);
    }
  });
});
