import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentParameter, environmentRuns } from '../../src/templates/environments.js';
import { parseTemplate } from '../../src/templates/parse.js';
import { resolveTemplate } from '../../src/templates/resolve.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/clinnet-backend.yaml', import.meta.url));
const fixture = parseTemplate(readFileSync(FIXTURE, 'utf8'), 'clinnet-backend.yaml');

const withParameters = (parameters: string) => parseTemplate(`Parameters:\n${parameters}Resources:\n  R:\n    Type: AWS::S3::Bucket\n`, 't.yaml');

describe('environmentParameter', () => {
  it('finds Environment with its allowed values in the Clinnet template', () => {
    expect(environmentParameter(fixture)).toMatchObject({ name: 'Environment', allowedValues: ['dev', 'test', 'prod'], default: 'dev' });
  });

  it('matches case-insensitively, the first configured name the template declares winning', () => {
    const template = withParameters('  stage:\n    Type: String\n  ENV:\n    Type: String\n');
    expect(environmentParameter(template)?.name).toBe('ENV');
    expect(environmentParameter(template, ['Stage', 'Env'])?.name).toBe('stage');
    expect(environmentParameter(template, ['DeploymentTier'])).toBeNull();
  });
});

describe('environmentRuns', () => {
  it('without a value for the environment parameter, one run per allowed value', () => {
    const runs = environmentRuns(fixture, { DBUsername: 'clinnet_admin' });
    expect(runs).toEqual([
      { environment: 'dev', parameters: { DBUsername: 'clinnet_admin', Environment: 'dev' } },
      { environment: 'test', parameters: { DBUsername: 'clinnet_admin', Environment: 'test' } },
      { environment: 'prod', parameters: { DBUsername: 'clinnet_admin', Environment: 'prod' } },
    ]);
    // each run resolves to its own environment's values
    const memory = runs.map((run) => {
      const fn = resolveTemplate(fixture, run.parameters).resources.find((r) => r.logicalId === 'GetAnalyticsFunction');
      return fn?.properties.MemorySize;
    });
    expect(memory).toEqual([512, 512, 1024]);
  });

  it('with a value given, that one run only', () => {
    expect(environmentRuns(fixture, { Environment: 'prod' })).toEqual([{ environment: 'prod', parameters: { Environment: 'prod' } }]);
  });

  it('without allowed values, the default; without either, one run naming no environment', () => {
    expect(environmentRuns(withParameters('  Stage:\n    Type: String\n    Default: qa\n'), {})).toEqual([{ environment: 'qa', parameters: { Stage: 'qa' } }]);
    expect(environmentRuns(withParameters('  Stage:\n    Type: String\n'), { Other: 'x' })).toEqual([{ environment: null, parameters: { Other: 'x' } }]);
    expect(environmentRuns(withParameters('  BucketSuffix:\n    Type: String\n'), {})).toEqual([{ environment: null, parameters: {} }]);
  });

  it('uses the configured names', () => {
    const template = withParameters('  DeploymentTier:\n    Type: String\n    AllowedValues: [staging, production]\n');
    expect(environmentRuns(template, {}, ['DeploymentTier']).map((run) => run.environment)).toEqual(['staging', 'production']);
    expect(environmentRuns(template, {}).map((run) => run.environment)).toEqual([null]);
  });
});
