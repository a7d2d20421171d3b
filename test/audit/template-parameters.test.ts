import { describe, expect, it } from 'vitest';
import { parseParameterOverrides } from '../../src/audit/template-parameters.js';
import { CliError } from '../../src/errors.js';

describe('--parameter Key=Value', () => {
  it('reads Key=Value as sam deploy --parameter-overrides does, and the ParameterKey/ParameterValue form', () => {
    expect(parseParameterOverrides(['Environment=prod', 'DbUrl=mysql://h:3306/db?a=b', 'Empty=', 'ParameterKey=Stage,ParameterValue=v1'])).toEqual({
      Environment: 'prod',
      DbUrl: 'mysql://h:3306/db?a=b',
      Empty: '',
      Stage: 'v1',
    });
  });

  it.each(['Environment', '=prod', 'Env-Name=prod', 'Environment prod'])('refuses "%s" as a usage error (exit 2)', (entry) => {
    try {
      parseParameterOverrides([entry]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toContain('expected Key=Value');
    }
  });

  it('refuses one key given twice with different values', () => {
    expect(() => parseParameterOverrides(['Environment=dev', 'Environment=prod'])).toThrow(/given twice/);
  });
});
