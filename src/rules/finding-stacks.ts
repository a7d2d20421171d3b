/**
 * The stack of a finding's resource: every finding names the stack and logical ID that manage the
 * resource it is about (as the collector attached them to the snapshot), whichever rule made it. Keys
 * are the identifiers rules put in `resource` (ARNs, with the name or id as a fallback). Pure.
 */
import type { AccountSnapshot, StackRef } from '../inventory/snapshot.js';
import type { Finding } from './types.js';

type Keyed = [key: string, stack: StackRef | undefined];

const key = (service: string, id: string): string => `${service}|${id}`;

function keys(snapshot: AccountSnapshot): Keyed[] {
  const n = snapshot.network;
  return [
    ...snapshot.lambdaFunctions.flatMap((f): Keyed[] => [[key('lambda', f.arn), f.stack], [key('lambda', f.name), f.stack]]),
    ...snapshot.auroraClusters.flatMap((c): Keyed[] => [[key('aurora', c.arn), c.stack], [key('aurora', c.id), c.stack]]),
    ...snapshot.dynamoTables.flatMap((t): Keyed[] => [[key('dynamodb', t.arn), t.stack], [key('dynamodb', t.name), t.stack]]),
    ...snapshot.buckets.flatMap((b): Keyed[] => [[key('s3', b.arn ?? `arn:aws:s3:::${b.name}`), b.stack], [key('s3', `arn:aws:s3:::${b.name}`), b.stack], [key('s3', b.name), b.stack]]),
    ...snapshot.distributions.flatMap((d): Keyed[] => [[key('cloudfront', d.arn), d.stack], [key('cloudfront', d.id), d.stack]]),
    ...snapshot.logGroups.flatMap((g): Keyed[] => [[key('logs', g.arn.replace(/:\*$/, '')), g.stack], [key('logs', g.name), g.stack]]),
    ...snapshot.restApis.flatMap((api) =>
      api.stages.flatMap((s): Keyed[] => [
        [key('apigateway', `arn:aws:apigateway:${api.region}::/restapis/${api.id}/stages/${s.name}`), s.stack],
        [key('apigateway', `${api.id}/${s.name}`), s.stack],
      ]),
    ),
    ...n.vpcs.map((v): Keyed => [key('vpc', v.id), v.stack]),
    ...n.natGateways.map((g): Keyed => [key('vpc', g.id), g.stack]),
    ...n.vpcEndpoints.map((e): Keyed => [key('vpc', e.id), e.stack]),
  ];
}

/** The stack of each finding's resource, or undefined when no stack manages it (or it is no one resource). */
export function findingStackOf(snapshot: AccountSnapshot): (finding: Pick<Finding, 'service' | 'resource' | 'resourceName'>) => StackRef | undefined {
  const index = new Map<string, StackRef>();
  for (const [k, stack] of keys(snapshot)) if (stack && !index.has(k)) index.set(k, stack);
  return (finding) => {
    // VPC findings name the VPC by ARN (arn:aws:ec2:REGION:ACCOUNT:vpc/vpc-…) or by its id.
    const vpcId = finding.service === 'vpc' ? /\b(vpc|nat|vpce)-[0-9a-z]+/.exec(finding.resource)?.[0] : undefined;
    return index.get(key(finding.service, finding.resource)) ?? (vpcId ? index.get(key('vpc', vpcId)) : undefined) ?? index.get(key(finding.service, finding.resourceName));
  };
}

/** The findings with `stack` set on those whose resource a stack manages (a rule's own `stack` is kept). */
export function withStacks<F extends Finding>(findings: readonly F[], snapshot: AccountSnapshot): F[] {
  const stackOf = findingStackOf(snapshot);
  return findings.map((f) => {
    if (f.stack) return f;
    const stack = stackOf(f);
    return stack ? { ...f, stack } : f;
  });
}
