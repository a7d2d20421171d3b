/** Finds a finding's resource in the snapshot (by ARN, name or id, and region). */
import type { AccountSnapshot, StackRef, AuroraCluster, Bucket, Distribution, DynamoTable, LambdaFunction, LogGroup, RestApi, ApiStage, Vpc } from '../inventory/snapshot.js';
import type { Finding } from '../rules/types.js';

type Ref = Pick<Finding, 'resource' | 'resourceName' | 'region'>;

const sameRegion = (a: string | null, b: string | null): boolean => !a || !b || a === b;

export function lambdaOf(snapshot: AccountSnapshot, ref: Ref): LambdaFunction | undefined {
  return snapshot.lambdaFunctions.find((f) => f.arn === ref.resource || (f.name === ref.resourceName && sameRegion(f.region, ref.region)));
}

export function auroraOf(snapshot: AccountSnapshot, ref: Ref): AuroraCluster | undefined {
  return snapshot.auroraClusters.find((c) => c.arn === ref.resource || (c.id === ref.resourceName && sameRegion(c.region, ref.region)));
}

export function tableOf(snapshot: AccountSnapshot, ref: Ref): DynamoTable | undefined {
  return snapshot.dynamoTables.find((t) => t.arn === ref.resource || (t.name === ref.resourceName && sameRegion(t.region, ref.region)));
}

export function bucketOf(snapshot: AccountSnapshot, ref: Ref): Bucket | undefined {
  return snapshot.buckets.find((b) => b.arn === ref.resource || b.name === ref.resourceName || b.name === ref.resource || `arn:aws:s3:::${b.name}` === ref.resource);
}

export function distributionOf(snapshot: AccountSnapshot, ref: Ref): Distribution | undefined {
  return snapshot.distributions.find((d) => d.arn === ref.resource || d.id === ref.resourceName || d.id === ref.resource);
}

export function logGroupOf(snapshot: AccountSnapshot, ref: Ref): LogGroup | undefined {
  const arnName = (arn: string): string => arn.replace(/:\*$/, '');
  return snapshot.logGroups.find(
    (g) => arnName(g.arn) === arnName(ref.resource) || (g.name === ref.resourceName && sameRegion(g.region, ref.region)) || g.name === ref.resource,
  );
}

/** A stage is named "apiId/stage" or by its ARN arn:aws:apigateway:REGION::/restapis/ID/stages/NAME. */
export function stageOf(snapshot: AccountSnapshot, ref: Ref): { api: RestApi; stage: ApiStage } | undefined {
  const fromArn = /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(ref.resource);
  const fromName = /^([^/]+)\/([^/]+)$/.exec(ref.resourceName);
  const [apiId, stageName] = fromArn ? [fromArn[1], fromArn[2]] : fromName ? [fromName[1], fromName[2]] : [undefined, undefined];
  for (const api of snapshot.restApis) {
    if (!sameRegion(api.region, ref.region)) continue;
    if (apiId && api.id !== apiId && api.name !== apiId) continue;
    const stage = api.stages.find((s) => s.name === stageName);
    if (stage) return { api, stage };
  }
  return undefined;
}

/** A VPC id in an id or an ARN (arn:aws:ec2:REGION:ACCOUNT:vpc/vpc-…). */
export function vpcIdIn(text: string): string | undefined {
  return /\bvpc-[0-9a-z]+/.exec(text)?.[0];
}

export function vpcOf(snapshot: AccountSnapshot, ref: Ref): Vpc | undefined {
  const id = vpcIdIn(ref.resource) ?? vpcIdIn(ref.resourceName);
  return snapshot.network.vpcs.find((v) => v.id === id || v.id === ref.resourceName || (v.tags.Name !== undefined && v.tags.Name === ref.resourceName && sameRegion(v.region, ref.region)));
}

/** Whatever resource a change touches, as its tags and stack (an API stage carries its API's tags under its own). */
function managedOf(snapshot: AccountSnapshot, ref: Ref): { tags?: Record<string, string>; stack?: StackRef } | undefined {
  const found =
    lambdaOf(snapshot, ref) ??
    auroraOf(snapshot, ref) ??
    tableOf(snapshot, ref) ??
    distributionOf(snapshot, ref) ??
    logGroupOf(snapshot, ref) ??
    bucketOf(snapshot, ref);
  if (found) return found;
  const stage = stageOf(snapshot, ref);
  if (stage) return { tags: { ...stage.api.tags, ...stage.stage.tags }, stack: stage.stage.stack };
  return vpcOf(snapshot, ref);
}

/** The tags of whatever resource a change touches, for the CloudFormation check. */
export function tagsOf(snapshot: AccountSnapshot, ref: Ref): Record<string, string> {
  return managedOf(snapshot, ref)?.tags ?? {};
}

/** The stack that manages whatever resource a change touches, as the collector read it (ListStackResources). */
export function stackOf(snapshot: AccountSnapshot, ref: Ref): StackRef | undefined {
  return managedOf(snapshot, ref)?.stack;
}

/** Whether the resource a change names is in the snapshot at all. */
export function resourceExists(snapshot: AccountSnapshot, ref: Ref): boolean {
  return Boolean(
    lambdaOf(snapshot, ref) ??
      auroraOf(snapshot, ref) ??
      tableOf(snapshot, ref) ??
      distributionOf(snapshot, ref) ??
      logGroupOf(snapshot, ref) ??
      bucketOf(snapshot, ref) ??
      stageOf(snapshot, ref) ??
      vpcOf(snapshot, ref),
  );
}
