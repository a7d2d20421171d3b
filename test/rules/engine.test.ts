import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/errors.js';
import { runRules, unknownEnvironmentResources } from '../../src/rules/engine.js';
import { DESIGN_TARGETS } from '../../src/targets/design.js';
import { auroraCluster, bucket, lambdaFn, lambdaSettings, snapshotWith } from './fragments.js';

const targets = DESIGN_TARGETS;

describe('runRules', () => {
  const snapshot = snapshotWith({
    lambdaFunctions: [
      lambdaFn({ name: 'clinnet-patients-prod' }),
      lambdaFn({ name: 'clinnet-appointments-dev' }),
      lambdaFn({ name: 'patients-api', tags: {} }), // no environment anywhere
    ],
    lambdaAccountSettings: [lambdaSettings()],
    auroraClusters: [auroraCluster({ serverlessV2: { minAcu: 2, maxAcu: 16 } })],
  });

  it('judges every resource whose environment is known, with its environment\'s targets', () => {
    const findings = runRules({ snapshot, targets });
    expect(findings.some((f) => f.resourceName === 'clinnet-patients-prod' && f.env === 'prod')).toBe(true);
    expect(findings.some((f) => f.resourceName === 'clinnet-appointments-dev' && f.env === 'dev')).toBe(true);
    const devMemory = findings.find((f) => f.rule === 'lambda/memory' && f.env === 'dev');
    expect(devMemory?.target).toBe(128);
  });

  it('never guesses an environment: such resources get no finding and are listed instead', () => {
    const findings = runRules({ snapshot, targets });
    expect(findings.filter((f) => f.resourceName === 'patients-api')).toEqual([]);
    expect(findings.every((f) => f.env !== 'unknown')).toBe(true);
    expect(unknownEnvironmentResources(snapshot, targets)).toEqual([
      { service: 'lambda', resource: 'arn:aws:lambda:us-east-1:123456789012:function:patients-api', reason: expect.stringContaining('no Environment tag') },
    ]);
  });

  it('--env is the environment of untagged, unnamed resources and drops other environments', () => {
    const findings = runRules({ snapshot, targets, onlyEnv: 'dev' });
    expect(new Set(findings.map((f) => f.env))).toEqual(new Set(['dev']));
    expect(findings.some((f) => f.resourceName === 'patients-api')).toBe(true);
    expect(findings.some((f) => f.resourceName === 'clinnet-patients-prod')).toBe(false);
    expect(unknownEnvironmentResources(snapshot, targets, 'dev')).toEqual([]);
  });

  it('the snapshot\'s collection --env also resolves unnamed resources', () => {
    const findings = runRules({ snapshot: { ...snapshot, env: 'staging' }, targets });
    expect(findings.some((f) => f.resourceName === 'patients-api' && f.env === 'staging')).toBe(true);
  });

  it('a collection --env spelt "production" counts as prod', () => {
    const findings = runRules({ snapshot: { ...snapshot, env: 'production' }, targets, ruleIds: ['lambda/memory'] });
    expect(findings.find((f) => f.resourceName === 'patients-api')?.env).toBe('prod');
  });

  it('an environment tag wins over the name', () => {
    const tagged = snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'clinnet-patients-prod', tags: { environment: 'dev' } })] });
    const findings = runRules({ snapshot: tagged, targets, ruleIds: ['lambda/memory'] });
    expect(findings).toMatchObject([{ env: 'dev', target: 128 }]);
  });

  it('filters by rule id', () => {
    const findings = runRules({ snapshot, targets, ruleIds: ['aurora/acu-range', 'lambda/timeout'] });
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['aurora/acu-range', 'lambda/timeout']));
  });

  it('an unknown rule id is a usage error naming it and the known ids', () => {
    let error: unknown;
    try {
      runRules({ snapshot, targets, ruleIds: ['lambda/arm65'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    expect((error as CliError).message).toMatch(/unknown rule "lambda\/arm65".*lambda\/arm64/);
  });

  it('orders findings by service, rule, resource whatever the snapshot order', () => {
    const reversed = { ...snapshot, lambdaFunctions: [...snapshot.lambdaFunctions].reverse() };
    const a = runRules({ snapshot, targets });
    const b = runRules({ snapshot: reversed, targets });
    expect(b).toEqual(a);
    const keys = a.map((f) => `${f.service}\u0000${f.rule}\u0000${f.resource}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('lists unknown-environment resources of every service', () => {
    const s = snapshotWith({ buckets: [bucket({ name: 'assets-bucket' })], auroraClusters: [auroraCluster({ id: 'main-db' })] });
    expect(unknownEnvironmentResources(s, targets).map((r) => r.service)).toEqual(['aurora', 's3']);
  });
});
