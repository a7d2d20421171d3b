/**
 * One pass after collection: every collected resource whose physical ID a stack lists
 * (ListStackResources) records that stack, its logical ID and, for a SAM stack, the AWS::Serverless::*
 * resource that generated it. Pure: snapshot in, snapshot out.
 *
 * A resource made outside the stack is left without one even when its owner is in a stack: Lambda
 * creates the log group /aws/lambda/F itself when the template does not declare it, and that group
 * takes its function's environment elsewhere (owner resolution), not a stack it does not belong to.
 */
import type { AccountSnapshot, ApiStage, RestApi, Stack, StackRef, StackResource } from '../snapshot.js';

interface Owned {
  stack: Stack;
  resource: StackResource;
}

/** Matches a resource to the stack that lists it, by CloudFormation type and physical ID. */
export interface StackIndex {
  find(type: string, physicalId: string, region: string | null): StackRef | undefined;
  /** An API's stage: a Stage resource of the API's own stack whose physical ID is the stage name. */
  stage(api: RestApi, apiRef: StackRef, stage: ApiStage): StackRef | undefined;
}

/** Case-insensitive for the types whose physical ID AWS lowercases (an Aurora cluster identifier). */
const CASE_INSENSITIVE = new Set(['AWS::RDS::DBCluster']);
/** Global resources: any region's stack may own them. */
const ANY_REGION = new Set(['AWS::S3::Bucket', 'AWS::CloudFront::Distribution']);

const keyOf = (type: string, physicalId: string): string => `${type}|${CASE_INSENSITIVE.has(type) ? physicalId.toLowerCase() : physicalId}`;

function refOf({ stack, resource }: Owned): StackRef {
  return { name: stack.name, logicalId: resource.logicalId, ...(resource.samResource !== undefined ? { samResource: resource.samResource } : {}) };
}

export function stackIndex(stacks: readonly Stack[]): StackIndex {
  const byKey = new Map<string, Owned[]>();
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      if (!resource.physicalId) continue;
      const key = keyOf(resource.type, resource.physicalId);
      byKey.set(key, [...(byKey.get(key) ?? []), { stack, resource }]);
    }
  }
  return {
    find(type, physicalId, region) {
      const owners = (byKey.get(keyOf(type, physicalId)) ?? []).filter((o) => ANY_REGION.has(type) || region === null || o.stack.region === region);
      return owners.length === 1 ? refOf(owners[0]) : undefined;
    },
    stage(api, apiRef, stage) {
      const stack = stacks.find((s) => s.name === apiRef.name && s.region === api.region);
      const candidates = (stack?.resources ?? []).filter((r) => r.type === 'AWS::ApiGateway::Stage' && r.physicalId === stage.name);
      // Two APIs of one stack may both have a stage "Prod": the one SAM made from this API, or named after it.
      const own = candidates.length > 1 ? candidates.filter((r) => r.samResource === apiRef.logicalId || r.logicalId.startsWith(apiRef.logicalId)) : candidates;
      return stack && own.length === 1 ? refOf({ stack, resource: own[0] }) : undefined;
    },
  };
}

/** `{ ...item, stack }` when a stack owns it, else the item as it was (an older `stack` is dropped). */
function owned<T extends { stack?: StackRef }>(item: T, ref: StackRef | undefined): T {
  const { stack: _previous, ...rest } = item;
  void _previous;
  return (ref ? { ...rest, stack: ref } : rest) as T;
}

export function attachStacks(snapshot: AccountSnapshot): AccountSnapshot {
  const index = stackIndex(snapshot.stacks ?? []);
  const n = snapshot.network;
  return {
    ...snapshot,
    lambdaFunctions: snapshot.lambdaFunctions.map((fn) => owned(fn, index.find('AWS::Lambda::Function', fn.name, fn.region))),
    auroraClusters: snapshot.auroraClusters.map((c) => owned(c, index.find('AWS::RDS::DBCluster', c.id, c.region))),
    dynamoTables: snapshot.dynamoTables.map((t) => owned(t, index.find('AWS::DynamoDB::Table', t.name, t.region))),
    buckets: snapshot.buckets.map((b) => owned(b, index.find('AWS::S3::Bucket', b.name, b.region))),
    distributions: snapshot.distributions.map((d) => owned(d, index.find('AWS::CloudFront::Distribution', d.id, null))),
    logGroups: snapshot.logGroups.map((g) => owned(g, index.find('AWS::Logs::LogGroup', g.name, g.region))),
    restApis: snapshot.restApis.map((api) => {
      const ref = index.find('AWS::ApiGateway::RestApi', api.id, api.region);
      const stages = api.stages.map((stage) => owned(stage, ref ? index.stage(api, ref, stage) : undefined));
      return { ...owned(api, ref), stages };
    }),
    network: {
      vpcs: n.vpcs.map((v) => owned(v, index.find('AWS::EC2::VPC', v.id, v.region))),
      subnets: n.subnets.map((s) => owned(s, index.find('AWS::EC2::Subnet', s.id, s.region))),
      routeTables: n.routeTables.map((r) => owned(r, index.find('AWS::EC2::RouteTable', r.id, r.region))),
      natGateways: n.natGateways.map((g) => owned(g, index.find('AWS::EC2::NatGateway', g.id, g.region))),
      vpcEndpoints: n.vpcEndpoints.map((e) => owned(e, index.find('AWS::EC2::VPCEndpoint', e.id, e.region))),
    },
  };
}
