import { expect } from 'vitest';
import { auroraMasterPassword } from '../../../src/rules/aurora/master-password.js';
import { auroraCluster, ruleCases, snapshotWith } from '../fragments.js';

const SENTINEL = 'ClinnetDev2024!';
const withSource = (masterUserPassword: NonNullable<ReturnType<typeof auroraCluster>['masterUserPassword']>) =>
  snapshotWith({ auroraClusters: [auroraCluster({ masterUserPassword, tags: { note: SENTINEL } })] });

ruleCases(auroraMasterPassword, {
  valid: [
    { name: 'not known (older snapshot, live without MasterUserSecret read)', snapshot: snapshotWith({ auroraClusters: [auroraCluster()] }) },
    { name: 'ManageMasterUserPassword', snapshot: withSource({ source: 'managed' }) },
    { name: 'a {{resolve:secretsmanager:…}} reference', snapshot: withSource({ source: 'secretsmanager' }) },
    { name: 'a {{resolve:ssm-secure:…}} reference (supported on DBCluster MasterUserPassword)', snapshot: withSource({ source: 'ssm-secure' }) },
  ],
  invalid: [
    {
      name: 'the Clinnet template: !Ref DBPassword, NoEcho with a Default',
      snapshot: withSource({ source: 'parameter', parameter: 'DBPassword', noEcho: true, hasDefault: true }),
      expect: [
        {
          severity: 'high',
          fixable: false,
          current: { masterUserPassword: 'parameter', parameter: 'DBPassword' },
          target: { masterUserPassword: 'managed' },
          message: expect.stringMatching(/^MasterUserPassword is the NoEcho parameter DBPassword, whose Default writes the password into the template: set ManageMasterUserPassword: true/),
        },
      ],
    },
    {
      name: 'a NoEcho parameter without a Default',
      snapshot: withSource({ source: 'parameter', parameter: 'DBPassword', noEcho: true, hasDefault: false }),
      expect: [{ message: expect.stringContaining('MasterUserPassword is the NoEcho parameter DBPassword, typed in (or kept in CI) at every deploy and never rotated') }],
    },
    {
      name: 'a literal in the template: named, never printed',
      snapshot: withSource({ source: 'literal' }),
      expect: [{ message: expect.not.stringContaining(SENTINEL), current: { masterUserPassword: 'literal' } }],
    },
  ],
});
