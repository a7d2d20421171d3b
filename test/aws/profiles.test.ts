/** A profile is found where the SDK and the AWS CLI look for it; a missing one is exit 2 naming the files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertProfileExists, profilesIn, sharedFiles } from '../../src/aws/profiles.js';
import { ExitCode } from '../../src/errors.js';

describe('profilesIn', () => {
  it('reads [profile x] and [default] from the config file and [x] from the credentials file, not sso-session sections', () => {
    const config = '[default]\nregion = eu-west-1\n\n[profile ops]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n  [profile  spaced ]  # comment\n';
    const credentials = '[ci]\naws_access_key_id = AKID\n';
    expect([...profilesIn(config, credentials)].sort()).toEqual(['ci', 'default', 'ops', 'spaced']);
  });
});

describe('assertProfileExists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinnet-profiles-'));
  writeFileSync(join(dir, 'config'), '[profile ops]\nregion = eu-west-1\n');
  writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = AKID\naws_secret_access_key = x\n');
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };

  it('accepts a profile from either file', () => {
    expect(() => assertProfileExists('ops', '--profile', env)).not.toThrow();
    expect(() => assertProfileExists('ci', 'AWS_PROFILE', env)).not.toThrow();
  });

  it('names the profile, where the name came from and both files, exit 2', () => {
    expect(() => assertProfileExists('nosuch', '--profile', env)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.usage, message: `profile "nosuch" (--profile) not found in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}: check the name, or run \`aws configure --profile nosuch\`` }),
    );
  });

  it('looks in ~/.aws when the environment names no files, and treats missing files as empty', () => {
    const home = mkdtempSync(join(tmpdir(), 'clinnet-home-'));
    expect(sharedFiles({ HOME: home })).toEqual({ config: join(home, '.aws', 'config'), credentials: join(home, '.aws', 'credentials') });
    expect(() => assertProfileExists('default', '--profile', { HOME: home })).toThrow(/profile "default" \(--profile\) not found/);
  });
});
