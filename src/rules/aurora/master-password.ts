/**
 * The Aurora master password written into, or passed through, a template rather than kept by Secrets
 * Manager: a literal, or a parameter (NoEcho masks it in the console, but it is typed in at every deploy,
 * lives in CI settings, and a Default writes it into the file). Judged from where it comes from, never
 * from the password, which no snapshot holds.
 */
import type { Rule, RuleMeta } from '../types.js';
import { auroraFinding, clustersInScope } from './shared.js';

const meta: RuleMeta = {
  id: 'aurora/master-password',
  service: 'aurora',
  title: 'The Aurora master password is kept by Secrets Manager, not by the template',
  rationale:
    'Design document, "Database Connection Optimization" (the functions connect with DB_PASSWORD) and "Overview" (cut cost "while maintaining or improving ... security"): ' +
    "the EMR's database credentials fall under HIPAA's access-control safeguards (issue 20).",
  severity: 'high',
  fixable: false,
  description:
    'MasterUserPassword written in a template, or passed as a parameter, is a long-lived credential outside any secret store: a literal or a parameter Default sits in the ' +
    'repository, and a NoEcho parameter is masked in the console but typed in at every deploy and kept in CI settings, never rotated. Accepted: ' +
    'ManageMasterUserPassword: true (RDS keeps the password in Secrets Manager and can rotate it), or a {{resolve:secretsmanager:…}} / {{resolve:ssm-secure:…}} ' +
    'dynamic reference. Judged only where the snapshot says where the password comes from (templates; a live cluster with MasterUserSecret is "managed"). ' +
    'Advisory: moving a password changes what every function connects with; let them read the secret at run time (lambda/plaintext-secret).',
};

export const auroraMasterPassword: Rule = {
  meta,
  check(context) {
    return clustersInScope(context).flatMap((scope) => {
      const source = scope.cluster.masterUserPassword;
      if (!source || source.source === 'managed' || source.source === 'secretsmanager' || source.source === 'ssm-secure') return [];
      const how =
        source.source === 'literal'
          ? 'MasterUserPassword is written in the template'
          : `MasterUserPassword is the ${source.noEcho ? 'NoEcho ' : ''}parameter ${source.parameter ?? '(unnamed)'}` +
            (source.hasDefault ? ', whose Default writes the password into the template' : source.noEcho ? ', typed in (or kept in CI) at every deploy and never rotated' : ', shown in plain text wherever the stack\'s parameters are');
      return [
        auroraFinding(meta, scope, {
          current: { masterUserPassword: source.source, ...(source.parameter ? { parameter: source.parameter } : {}) },
          target: { masterUserPassword: 'managed' },
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `${how}: set ManageMasterUserPassword: true (RDS keeps and rotates it in Secrets Manager) or use a {{resolve:secretsmanager:…}} dynamic reference, ` +
            'and have the functions read the secret at run time. Advisory; the password was not read. Not priced: a Secrets Manager secret is billed per secret and per 10,000 API calls',
        }),
      ];
    });
  },
};
