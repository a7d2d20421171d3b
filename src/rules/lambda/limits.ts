/**
 * Lambda values AWS rejects or that cannot work: memory outside 128–10,240 MB and timeout outside
 * 1–900 s (the same limits table the change engine checks every planned change against:
 * src/changes/limits/lambda.ts), and a timeout above the 29 s integration timeout of the API
 * Gateway REST API that invokes the function.
 */
import { LAMBDA_LIMITS } from '../../changes/limits/lambda.js';
import type { LambdaFunction, RestApi } from '../../inventory/snapshot.js';
import type { Rule, RuleMeta } from '../types.js';
import { API_GATEWAY_TIMEOUT_S, functionsInScope, lambdaFinding } from './shared.js';

export const API_GATEWAY_QUOTAS_SOURCE = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html';

const CONFIG_LIMITS = LAMBDA_LIMITS.filter((limit) => limit.operation === 'lambda:UpdateFunctionConfiguration' && (limit.field === 'MemorySize' || limit.field === 'Timeout'));

const range = (field: string): { min: number; max: number } => (field === 'MemorySize' ? { min: 128, max: 10_240 } : { min: 1, max: 900 });

const meta: RuleMeta = {
  id: 'lambda/limits',
  service: 'lambda',
  title: 'Lambda memory and timeout are values AWS accepts and API Gateway can wait for',
  rationale:
    'Design document, "Function-Specific Optimizations" (its 60 s timeout for data-intensive functions, which API Gateway stops waiting for after 29 s) and ' +
    '"Memory and Architecture Optimization"; limits from the Lambda quotas page (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html) and ' +
    `the API Gateway REST API quotas page (${API_GATEWAY_QUOTAS_SOURCE}).`,
  severity: 'high',
  fixable: false,
  description:
    'MemorySize must be 128–10,240 MB and Timeout 1–900 s: a template outside them fails to deploy (the same limits table refuses such a change in a plan). ' +
    'A function that an API Gateway REST API invokes with a timeout above 29 s runs on after API Gateway has answered the caller 504 at the default integration ' +
    'timeout (29 s): the work is billed and nobody receives it. Since June 2024 the integration timeout of Regional and private REST APIs can be raised above ' +
    '29 s by a Service Quotas request (which may lower the account\'s throttle quota), then TimeoutInMillis on the integration; edge-optimized REST APIs cannot, and ' +
    'HTTP APIs stop at 30 s. The tool cannot read that quota: if it was raised for this API, the finding is informational. Advisory: the fix is a lower timeout, an ' +
    'asynchronous slow path, or the quota increase. lambda/timeout separately plans the design tier\'s timeout.',
};

function apisInvoking(fn: LambdaFunction, apis: readonly RestApi[]): RestApi[] {
  return apis.filter(
    (api) => (api.lambdaIntegrations ?? []).includes(fn.arn) || (api.lambdaIntegrationQualifiers ?? []).some((q) => q.functionArn === fn.arn),
  );
}

export const lambdaLimits: Rule = {
  meta,
  check(context) {
    return functionsInScope(context).flatMap((scope) => {
      const { fn } = scope;
      const problems: string[] = [];
      const target = { memoryMb: fn.memoryMb, timeoutS: fn.timeoutS };
      for (const limit of CONFIG_LIMITS) {
        const problem = limit.check({ MemorySize: fn.memoryMb, Timeout: fn.timeoutS });
        if (!problem) continue;
        problems.push(`${problem}: AWS rejects it (${limit.field} ${limit.rule}, ${limit.source})`);
        const { min, max } = range(limit.field);
        if (limit.field === 'MemorySize') target.memoryMb = Math.min(max, Math.max(min, Math.round(fn.memoryMb)));
        else target.timeoutS = Math.min(max, Math.max(min, Math.round(fn.timeoutS)));
      }
      if (fn.invokedByApiGateway === true && target.timeoutS > API_GATEWAY_TIMEOUT_S) {
        const apis = apisInvoking(fn, context.snapshot.restApis);
        const which = apis.length ? `the REST API${apis.length > 1 ? 's' : ''} ${apis.map((a) => `${a.name} (${a.id})`).join(', ')}` : 'an API Gateway REST API';
        problems.push(
          `timeout ${target.timeoutS} s is above the ${API_GATEWAY_TIMEOUT_S} s integration timeout of ${which} that invokes it (API Gateway's default quota, ${API_GATEWAY_QUOTAS_SOURCE}): ` +
            `callers get a 504 after ${API_GATEWAY_TIMEOUT_S} s while the function runs, and bills, on. Lower it to ${API_GATEWAY_TIMEOUT_S} s or less, make the slow path asynchronous, ` +
            'or, for a Regional or private REST API only, raise the integration timeout by a Service Quotas request (it may lower the account throttle quota) and set the ' +
            "integration's TimeoutInMillis; edge-optimized APIs cannot. If that quota was already raised for this API, this finding does not apply",
        );
        target.timeoutS = API_GATEWAY_TIMEOUT_S;
      }
      if (problems.length === 0) return [];
      return [
        lambdaFinding(meta, scope, {
          current: { memoryMb: fn.memoryMb, timeoutS: fn.timeoutS },
          target,
          monthlyDeltaUsd: null,
          costLines: [],
          message: problems.join('; '),
        }),
      ];
    });
  },
};
