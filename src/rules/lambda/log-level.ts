/**
 * Application log level through Lambda's logging configuration: no code change. The document's
 * "WARNING" is Python's name; Lambda calls it WARN. Lambda applies an application log level only
 * with LogFormat JSON, so the target switches the format too and the message says what that changes.
 */
import { BYTES_PER_GB, unitPrice } from '../../pricing/estimator.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { functionsInScope, lambdaFinding } from './shared.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Lambda's name for a level ('WARNING' → 'WARN'), or null when Lambda has no such level. */
export function lambdaLogLevel(level: string | null): string | null {
  if (!level) return null;
  const upper = level.toUpperCase() === 'WARNING' ? 'WARN' : level.toUpperCase();
  return LEVELS.includes(upper) ? upper : null;
}

const meta: RuleMeta = {
  id: 'lambda/log-level',
  service: 'lambda',
  title: 'Lambda application log level is WARN',
  rationale:
    'Design document, "Lambda Error Handling" (logger level WARNING, "reduced logging costs"); beyond the document: set through Lambda\'s logging configuration, without a code change.',
  severity: 'low',
  fixable: true,
  description:
    'Logs below WARN are ingested and billed per GB. Lambda\'s logging configuration drops them at the source when ApplicationLogLevel is WARN, which Lambda accepts only with LogFormat JSON: ' +
    'log lines then become JSON objects (timestamp, level, requestId, message), and consumers that parse plain text must read JSON. ' +
    'The saving depends on the share of log volume below WARN, which the snapshot cannot measure.',
};

export const lambdaLogLevelRule: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn, targets } = scope;
      const level = lambdaLogLevel(targets.applicationLogLevel);
      if (!level) return [];
      const currentLevel = lambdaLogLevel(fn.logging.applicationLogLevel);
      const isJson = fn.logging.logFormat === 'JSON';
      // A stricter level than the target already logs less: leave it.
      if (isJson && currentLevel && LEVELS.indexOf(currentLevel) >= LEVELS.indexOf(level)) return [];
      const notes: string[] = [];
      if (targets.applicationLogLevel && targets.applicationLogLevel.toUpperCase() === 'WARNING') {
        notes.push('the document\'s WARNING is Lambda\'s WARN');
      }
      if (!isJson) {
        notes.push(
          `Lambda applies an application log level only with LogFormat JSON, so the format changes from ${fn.logging.logFormat ?? 'Text'} to JSON: ` +
            'each log line becomes a JSON object (timestamp, level, requestId, message) and the START/END/REPORT lines become JSON records; update log consumers and metric filters that parse text',
        );
      }
      const ingested = fn.usage?.logIngestedBytesPerMonth ?? null;
      const price = unitPrice(fn.region, 'logs.ingestGb');
      const today =
        ingested !== null && price !== null
          ? `today it ingests ${(ingested / BYTES_PER_GB).toFixed(2)} GB/month × $${price}/GB = $${((ingested / BYTES_PER_GB) * price).toFixed(2)}/month`
          : 'its monthly log ingestion is not measured either';
      return [
        lambdaFinding(meta, scope, {
          current: { logFormat: fn.logging.logFormat, applicationLogLevel: fn.logging.applicationLogLevel },
          target: { logFormat: 'JSON', applicationLogLevel: level },
          monthlyDeltaUsd: null,
          costLines: [],
          message:
            `application log level ${currentLevel ?? (isJson ? 'INFO (the JSON default)' : 'not set (the Text format logs everything)')} → ${level} through the logging configuration, no code change` +
            (notes.length ? `; ${notes.join('; ')}` : '') +
            `; saving: usage data needed (share of log volume below ${level}); ${today}`,
          metricsUsed: metricsUsed([['logsIncomingBytes', ingested]]),
        }),
      ];
    });
  },
};
