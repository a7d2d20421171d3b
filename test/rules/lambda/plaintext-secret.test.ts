import { describe, expect, it } from 'vitest';
import { lambdaPlaintextSecret } from '../../../src/rules/lambda/plaintext-secret.js';
import { secretWordOf } from '../../../src/rules/lambda/secret-names.js';
import { findingsOf, lambdaFn, ruleCases, snapshotWith } from '../fragments.js';

/** A value that must never appear anywhere in a finding (it is in no snapshot field: values are never collected). */
const SENTINEL = 'hunter2-SENTINEL-do-not-print';

describe('secretWordOf: names that say they hold a secret', () => {
  it.each([
    ['DB_PASSWORD', 'password'],
    ['dbPassword', 'password'],
    ['DBPassword', 'password'],
    ['DBPASSWORD', 'password'],
    ['API_TOKEN', 'token'],
    ['api-token', 'token'],
    ['CLIENT_SECRET', 'secret'],
    ['JWT_SECRET', 'secret'],
    ['SECRET_KEY', 'secret'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['GITHUB_TOKEN', 'token'],
    ['DB_PWD', 'pwd'],
    ['STRIPE_API_KEY', 'api key'],
    ['openaiApiKey', 'api key'],
  ])('%s says %s', (name, word) => {
    expect(secretWordOf(name)).toBe(word);
  });

  it.each(['TOKENIZER_MODE', 'MAX_TOKENS', 'DB_SECRET_ARN', 'DB_PASSWORD_SECRET_ARN', 'SECRET_NAME', 'SECRET_ID', 'TOKEN_URL', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'DB_HOST', 'DB_USERNAME', 'LOG_LEVEL', 'SECRETS_MANAGER_ENDPOINT', 'PASSWORD_PARAMETER_NAME'])(
    '%s says none',
    (name) => {
      expect(secretWordOf(name)).toBeNull();
    },
  );
});

const DESIGN_VARIABLES = ['DB_HOST', 'DB_USERNAME', 'DB_PASSWORD', 'DB_NAME'];

ruleCases(lambdaPlaintextSecret, {
  valid: [
    { name: 'no secret-looking variable', snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ environmentVariableNames: ['DB_HOST', 'TOKENIZER_MODE', 'DB_SECRET_ARN'] })] }) },
    {
      name: 'template: DB_PASSWORD is a {{resolve:secretsmanager:…}} dynamic reference',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ environmentVariableNames: DESIGN_VARIABLES, environmentVariableDynamicReferences: { DB_PASSWORD: 'secretsmanager' } })],
      }),
    },
    {
      name: 'template: a plain parameter with a neutral name is no secret',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ environmentVariableNames: ['STAGE'], environmentVariableParameters: { STAGE: { parameter: 'Environment', noEcho: false } } })],
      }),
    },
    {
      name: 'template: a plaintext {{resolve:ssm:…}} for a neutral name is no secret',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ environmentVariableNames: ['DB_HOST'], environmentVariableDynamicReferences: { DB_HOST: 'ssm' } })] }),
    },
    {
      name: 'unknown environment: not judged (listed apart by the engine)',
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ name: 'GetPatientsFunction', environmentVariableNames: ['DB_PASSWORD'] })] }),
    },
  ],
  invalid: [
    {
      name: "live: the design's DB_PASSWORD, by name only, high and advisory",
      snapshot: snapshotWith({ lambdaFunctions: [lambdaFn({ environmentVariableNames: DESIGN_VARIABLES })] }),
      expect: [
        {
          severity: 'high',
          fixable: false,
          current: { plaintextSecretVariables: ['DB_PASSWORD'] },
          target: { plaintextSecretVariables: [] },
          monthlyDeltaUsd: null,
          message: expect.stringMatching(/^environment variable DB_PASSWORD \(its name says password\) holds a secret in plain configuration.*Secrets Manager or an SSM SecureString and read it at run time.*\{\{resolve:secretsmanager:…\}\}/),
        },
      ],
    },
    {
      name: 'template: a NoEcho parameter under a neutral name, and a parameter named as a password',
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({
            environmentVariableNames: ['DB_CREDS', 'MASTER', 'DB_HOST'],
            environmentVariableParameters: {
              DB_CREDS: { parameter: 'DatabaseSecretValue', noEcho: true },
              MASTER: { parameter: 'MasterUserPassword', noEcho: false },
              DB_HOST: { parameter: 'DatabaseHost', noEcho: false },
            },
          }),
        ],
      }),
      expect: [
        {
          current: { plaintextSecretVariables: ['DB_CREDS', 'MASTER'] },
          message: expect.stringContaining(
            'environment variables DB_CREDS (its value is the NoEcho parameter DatabaseSecretValue), MASTER (its value is the parameter MasterUserPassword, whose name says password) hold a secret',
          ),
        },
      ],
    },
    {
      name: "the Clinnet SAM template: DB_PASSWORD: !Ref DBPassword, a NoEcho parameter with a Default",
      snapshot: snapshotWith({
        lambdaFunctions: [
          lambdaFn({
            name: 'clinnet-emr-backend-GetPatientsFunction-prod',
            environmentVariableNames: ['DB_HOST', 'DB_USER', 'DB_PASSWORD', 'ENVIRONMENT'],
            environmentVariableParameters: {
              DB_USER: { parameter: 'DBUsername', noEcho: false, hasDefault: true },
              DB_PASSWORD: { parameter: 'DBPassword', noEcho: true, hasDefault: true },
              ENVIRONMENT: { parameter: 'Environment', noEcho: false, hasDefault: true },
            },
          }),
        ],
      }),
      expect: [
        {
          current: { plaintextSecretVariables: ['DB_PASSWORD'] },
          message: expect.stringContaining(
            'environment variable DB_PASSWORD (its name says password; its value is the NoEcho parameter DBPassword (its Default is written in the template in plain text)) holds a secret',
          ),
        },
      ],
    },
    {
      name: 'template: {{resolve:ssm:…}} and {{resolve:ssm-secure:…}} are no fix',
      snapshot: snapshotWith({
        lambdaFunctions: [lambdaFn({ environmentVariableNames: ['API_TOKEN', 'DB_PASSWORD'], environmentVariableDynamicReferences: { API_TOKEN: 'ssm', DB_PASSWORD: 'ssm-secure' } })],
      }),
      expect: [
        {
          current: { plaintextSecretVariables: ['API_TOKEN', 'DB_PASSWORD'] },
          message: expect.stringMatching(/API_TOKEN \(its name says token; its value is a \{\{resolve:ssm:…\}\} reference to a plaintext String parameter\).*DB_PASSWORD \(its name says password; its value is a \{\{resolve:ssm-secure:…\}\} reference, which CloudFormation supports only/),
        },
      ],
    },
  ],
});

describe('lambda/plaintext-secret never prints a value', () => {
  it('a sentinel value in the fixture (a tag, a stack parameter) appears in no finding', () => {
    // Environment values never enter a snapshot; the fixture puts the sentinel beside the names to prove the rule only ever echoes names.
    const fn = lambdaFn({
      environmentVariableNames: ['DB_PASSWORD', 'CLIENT_SECRET'],
      environmentVariableParameters: { CLIENT_SECRET: { parameter: 'ClientSecret', noEcho: true } },
      tags: { Environment: 'prod', note: SENTINEL },
    });
    const stack = {
      region: fn.region, name: 'clinnet-emr-backend', id: 'stack-id', status: 'UPDATE_COMPLETE', tags: {}, capabilities: [], transforms: [], resources: [],
      // A collector keeps secret parameters by name only; even a value that slipped through must never reach a finding.
      parameters: [{ key: 'ClientSecret', value: SENTINEL, noEcho: false }],
    };
    const findings = findingsOf(lambdaPlaintextSecret, { snapshot: snapshotWith({ lambdaFunctions: [fn], stacks: [stack] }) });
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain(SENTINEL);
    expect(JSON.stringify(findings)).toContain('DB_PASSWORD');
  });
});
