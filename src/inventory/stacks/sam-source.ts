/**
 * Which AWS::Serverless::* resource of the original (pre-transform) template generated each deployed
 * resource, by the logical IDs SAM documents for its generated CloudFormation resources
 * ("Generated CloudFormation resources for AWS SAM"): a function F makes F, FRole, FVersion<sha>,
 * FAlias<alias>, F<Event> and F<Event>Permission<stage>, FDeploymentGroup, FUrl…; an API A makes A,
 * ADeployment<sha> and A<stage>Stage; a layer L makes L<sha>. A resource no rule explains (SAM's
 * shared ServerlessRestApi, ServerlessDeploymentApplication, or a plain resource) maps to null. Pure.
 */
import type { OutlineResource } from './template-outline.js';

export interface DeployedResource {
  logicalId: string;
  type: string;
}

interface SuffixRule {
  /** Matched against what follows the SAM resource's logical ID. */
  pattern: RegExp;
  /** The CloudFormation types SAM gives it (unchecked when empty). */
  types: readonly string[];
}

/** SAM's <sha>: ten hex digits of a content hash. */
const SHA = '[0-9a-f]{10}';
const SAM_PREFIX = 'AWS::Serverless::';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rule = (pattern: string, ...types: string[]): SuffixRule => ({ pattern: new RegExp(`^${pattern}$`), types });

/** What an event E of a function or state machine generates: F<E> (rule, subscription, mapping, filter), F<E>Permission[<stage>], its DLQ queue and policy. */
function eventRules(events: readonly string[]): SuffixRule[] {
  return events.flatMap((event) => {
    const e = escape(event);
    return [rule(`${e}`), rule(`${e}Permission[A-Za-z0-9]*`, 'AWS::Lambda::Permission'), rule(`${e}(Queue|QueuePolicy|Subscription|Role)`)];
  });
}

function rulesFor(source: OutlineResource): SuffixRule[] {
  switch (source.type) {
    case 'AWS::Serverless::Function':
      return [
        rule('Role', 'AWS::IAM::Role'),
        rule(`Version${SHA}`, 'AWS::Lambda::Version'),
        rule('Alias[A-Za-z0-9]+', 'AWS::Lambda::Alias'),
        rule('DeploymentGroup', 'AWS::CodeDeploy::DeploymentGroup'),
        rule('Url', 'AWS::Lambda::Url'),
        rule('UrlPublicPermissions', 'AWS::Lambda::Permission'),
        rule('EventInvokeConfig(On(Success|Failure)(Topic|Queue))?'),
        ...eventRules(source.eventNames),
      ];
    case 'AWS::Serverless::StateMachine':
      return [rule('Role', 'AWS::IAM::Role'), ...eventRules(source.eventNames)];
    case 'AWS::Serverless::Api':
      return [
        rule(`Deployment${SHA}`, 'AWS::ApiGateway::Deployment'),
        rule('[A-Za-z0-9]+Stage', 'AWS::ApiGateway::Stage'),
        rule('(UsagePlan|UsagePlanKey|ApiKey)'),
        rule('[A-Za-z0-9]*BasePathMapping', 'AWS::ApiGateway::BasePathMapping'),
      ];
    case 'AWS::Serverless::HttpApi':
      return [rule('([A-Za-z0-9]+Stage|ApiGatewayDefaultStage)', 'AWS::ApiGatewayV2::Stage'), rule('[A-Za-z0-9]*ApiMapping', 'AWS::ApiGatewayV2::ApiMapping')];
    case 'AWS::Serverless::LayerVersion':
      return [rule(SHA, 'AWS::Lambda::LayerVersion')];
    default:
      return [];
  }
}

/**
 * logical ID → the SAM resource that generated it, for every deployed resource: itself when the original
 * template declares it as AWS::Serverless::* (a function's AWS::Lambda::Function keeps its logical ID),
 * null when it declares it as a plain resource or no documented rule explains it.
 */
export function samSources(original: Readonly<Record<string, OutlineResource>>, deployed: readonly DeployedResource[]): Map<string, string | null> {
  const sources = Object.entries(original)
    .filter(([, resource]) => resource.type.startsWith(SAM_PREFIX))
    // The longest name first: GetPatientsFunctionRole belongs to GetPatientsFunction, not to a GetPatients.
    .sort(([a], [b]) => b.length - a.length)
    .map(([logicalId, resource]) => ({ logicalId, rules: rulesFor(resource) }));
  const result = new Map<string, string | null>();
  for (const { logicalId, type } of deployed) {
    const declared = original[logicalId];
    if (declared) {
      result.set(logicalId, declared.type.startsWith(SAM_PREFIX) ? logicalId : null);
      continue;
    }
    const source = sources.find(
      (s) => logicalId.startsWith(s.logicalId) && s.rules.some((r) => r.pattern.test(logicalId.slice(s.logicalId.length)) && (!r.types.length || r.types.includes(type))),
    );
    result.set(logicalId, source?.logicalId ?? null);
  }
  return result;
}
