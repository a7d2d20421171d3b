/**
 * Application log level through Lambda's logging configuration. Lambda accepts ApplicationLogLevel
 * only with LogFormat JSON, so the target (from the rule) carries the format too; the function's
 * custom log group is sent back unchanged so it is not reset.
 */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import { RELEASE_CONFIG, RESTORE_CONFIG, throughAlias } from './alias-route.js';
import { ALIAS_RELEASE_PERMISSIONS, configChange, functionNameOf, LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE } from './config-change.js';

interface LogLevel {
  logFormat: string | null;
  applicationLogLevel: string | null;
}

function loggingConfig(value: LogLevel, logGroup: string | null, systemLogLevel: string | null): { [key: string]: JsonValue } {
  const config: { [key: string]: JsonValue } = { LogFormat: value.logFormat ?? 'Text' };
  if (config.LogFormat === 'JSON') {
    if (value.applicationLogLevel) config.ApplicationLogLevel = value.applicationLogLevel;
    if (systemLogLevel) config.SystemLogLevel = systemLogLevel;
  }
  if (logGroup) config.LogGroup = logGroup;
  return { LoggingConfig: config };
}

export const lambdaLogLevelFixer = defineFixer({
  rule: 'lambda/log-level',
  permissions: [LAMBDA_CONFIG_READ, LAMBDA_CONFIG_WRITE, ...ALIAS_RELEASE_PERMISSIONS],
  billedEffect: (current, target) => {
    const order = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
    const b = current.applicationLogLevel ? order.indexOf(current.applicationLogLevel) : -1;
    const a = target.applicationLogLevel ? order.indexOf(target.applicationLogLevel) : -1;
    const quantity = `log bytes ingested: application log level ${current.applicationLogLevel ?? 'not set'} → ${target.applicationLogLevel ?? 'not set'}`;
    return { direction: a > b ? 'lowers' : a < b ? 'raises' : 'depends', quantity };
  },
  async plan(finding, snapshot) {
    const fn = lambdaOf(snapshot, finding);
    const name = functionNameOf(finding, snapshot);
    const target = finding.target;
    const change = configChange(
      name,
      'LoggingConfig',
      { logFormat: finding.current.logFormat, applicationLogLevel: finding.current.applicationLogLevel },
      { logFormat: target.logFormat, applicationLogLevel: target.applicationLogLevel },
      (value) => loggingConfig(value as unknown as LogLevel, fn?.logging.logGroup ?? null, fn?.logging.systemLogLevel ?? null),
      'AWS::Lambda::Function.LoggingConfig',
    );
    if (target.applicationLogLevel && target.logFormat !== 'JSON') {
      return [{ ...change, refused: 'Lambda accepts an application log level only with LogFormat JSON; the target keeps the Text format' }];
    }
    if (finding.current.logFormat !== 'JSON' && target.logFormat === 'JSON') {
      change.notes = ['switches the log format from Text to JSON: log consumers that parse plain text lines must read JSON'];
    }
    return [fn ? throughAlias(change, fn, 'LoggingConfig', RELEASE_CONFIG, RESTORE_CONFIG) : change];
  },
});
