/**
 * A secret in a function's plain configuration: an environment variable whose name says password,
 * secret or token (secret-names.ts), or, in a template, one whose value is a NoEcho parameter (or a
 * parameter whose name says so). Reported by variable name only: values are never read into a
 * snapshot, so none can reach a finding. A template value that is a {{resolve:secretsmanager:…}}
 * dynamic reference is accepted; a live function's variables are judged by name alone, since the
 * deployed configuration holds the resolved value whatever the template wrote.
 */
import type { LambdaFunction } from '../../inventory/snapshot.js';
import type { Rule, RuleMeta } from '../types.js';
import { functionsInScope, lambdaFinding } from './shared.js';
import { secretWordOf } from './secret-names.js';

const meta: RuleMeta = {
  id: 'lambda/plaintext-secret',
  service: 'lambda',
  title: 'No secret in a Lambda function\'s plain environment variables',
  rationale:
    'Design document, "Overview" (optimize "while maintaining or improving ... security") and "Database Connection Optimization", whose example reads ' +
    'os.environ[\'DB_PASSWORD\']: the EMR holds patient records, so HIPAA\'s safeguards (least privilege, access control) must survive the cost work (issue 20).',
  severity: 'high',
  fixable: false,
  description:
    'A password, secret or token in a plain environment variable is readable by anyone who can read the function\'s configuration (lambda:GetFunctionConfiguration, ' +
    'the console) and lives on in templates and stack parameters. Flagged by name (word boundaries, case-insensitive: DB_PASSWORD, dbPassword, API_TOKEN, CLIENT_SECRET, ' +
    'DBPASSWORD; also pwd, passwd, passphrase, api key, private key), and in templates any variable whose value is a NoEcho parameter or a parameter named so ' +
    '(a Default on that parameter is said too: it puts the value in the template file). ' +
    'Not flagged: words that only start with one (TOKENIZER_MODE), plurals used as settings (MAX_TOKENS), and names that point at a secret rather than hold it ' +
    '(DB_SECRET_ARN, SECRET_NAME, TOKEN_URL, TOKEN_TTL). A template value that is a {{resolve:secretsmanager:…}} dynamic reference is accepted (CloudFormation keeps ' +
    'the secret out of the template and the stack, though the resolved value still shows in the function configuration); {{resolve:ssm:…}} reads a plaintext ' +
    'parameter and {{resolve:ssm-secure:…}} is not supported on a function\'s environment, so both are flagged. Fix: keep the value in Secrets Manager or an SSM ' +
    'SecureString and read it at run time (the role needs secretsmanager:GetSecretValue, or ssm:GetParameter with kms:Decrypt, on that one secret), passing only its ' +
    'name or ARN in the environment; or at least use a {{resolve:secretsmanager:…}} dynamic reference in the template. Advisory: the tool never moves a secret. ' +
    'Values are never read, so no finding, report or journal can contain one.',
};

interface Flagged {
  variable: string;
  why: string;
}

function parameterReason(fn: LambdaFunction, variable: string): string | null {
  const link = fn.environmentVariableParameters?.[variable];
  if (!link) return null;
  const written = link.hasDefault ? ' (its Default is written in the template in plain text)' : '';
  if (link.noEcho) return `its value is the NoEcho parameter ${link.parameter}${written}`;
  const word = secretWordOf(link.parameter);
  return word ? `its value is the parameter ${link.parameter}, whose name says ${word}${written}` : null;
}

/** Why a variable holds a secret in plain configuration, or null when it does not (or is a Secrets Manager reference). */
function reasonFor(fn: LambdaFunction, variable: string): string | null {
  const reference = fn.environmentVariableDynamicReferences?.[variable];
  if (reference === 'secretsmanager') return null;
  const word = secretWordOf(variable);
  const parameter = parameterReason(fn, variable);
  if (!word && !parameter && !reference) return null;
  const parts = [word ? `its name says ${word}` : null, parameter].filter((p): p is string => p !== null);
  if (reference === 'ssm') {
    if (parts.length === 0) return null;
    parts.push('its value is a {{resolve:ssm:…}} reference to a plaintext String parameter');
  } else if (reference === 'ssm-secure') {
    parts.push('its value is a {{resolve:ssm-secure:…}} reference, which CloudFormation supports only on the properties it lists (not a function\'s environment)');
  }
  return parts.join('; ');
}

function flaggedVariables(fn: LambdaFunction): Flagged[] {
  const names = new Set([...fn.environmentVariableNames, ...Object.keys(fn.environmentVariableParameters ?? {})]);
  return [...names]
    .sort()
    .flatMap((variable) => {
      const why = reasonFor(fn, variable);
      return why ? [{ variable, why }] : [];
    });
}

export const lambdaPlaintextSecret: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const flagged = flaggedVariables(scope.fn);
      if (flagged.length === 0) return [];
      const names = flagged.map((f) => f.variable);
      const listed = flagged.map((f) => `${f.variable} (${f.why})`).join(', ');
      return [
        lambdaFinding(meta, scope, {
          current: { plaintextSecretVariables: names },
          target: { plaintextSecretVariables: [] },
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `environment variable${names.length > 1 ? 's' : ''} ${listed} hold${names.length > 1 ? '' : 's'} a secret in plain configuration, readable by anyone who can read ` +
            'the function configuration: keep each in Secrets Manager or an SSM SecureString and read it at run time (pass only its name or ARN, grant the role ' +
            'secretsmanager:GetSecretValue or ssm:GetParameter + kms:Decrypt on that secret), or in the template use a {{resolve:secretsmanager:…}} dynamic reference. ' +
            'Advisory; values were not read. Not priced: a Secrets Manager secret is billed per secret and per 10,000 API calls',
        }),
      ];
    });
  },
};
