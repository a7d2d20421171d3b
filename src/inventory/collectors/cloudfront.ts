/**
 * CloudFront (global): ListDistributions paged by Marker, then each distribution's tags. A summary
 * without its behaviours or price class (AWS always sends them; emulators such as moto do not) is
 * completed from GetDistributionConfig rather than filled with defaults the account never had.
 */
import { GetDistributionConfigCommand, ListDistributionsCommand, ListTagsForResourceCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { declarePermissions } from '../../aws/permissions.js';
import type { CacheBehavior, Distribution, DistributionOrigin, ForwardedValues } from '../snapshot.js';
import { Tasks, compact, paginate, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:cloudfront',
  scope: 'audit',
  actions: ['cloudfront:ListDistributions', 'cloudfront:ListTagsForResource', 'cloudfront:GetDistributionConfig'],
});

const SERVICE = 'cloudfront';
export const CLOUDFRONT_REGION = 'global';

interface BehaviorLike {
  PathPattern?: string;
  TargetOriginId?: string;
  Compress?: boolean;
  CachePolicyId?: string;
  OriginRequestPolicyId?: string;
  ViewerProtocolPolicy?: string;
  ForwardedValues?: { QueryString?: boolean; Headers?: { Items?: string[] }; Cookies?: { Forward?: string } };
}

interface OriginLike {
  Id?: string;
  DomainName?: string;
  S3OriginConfig?: unknown;
  CustomOriginConfig?: unknown;
}

/** What legacy cache settings send to the origin; null under a cache policy (some endpoints still echo defaults there). */
function forwarded(b: BehaviorLike | undefined): ForwardedValues | null {
  if (!b?.ForwardedValues || b.CachePolicyId) return null;
  const f = b.ForwardedValues;
  return { queryString: f.QueryString ?? false, headers: [...(f.Headers?.Items ?? [])], cookies: f.Cookies?.Forward ?? 'none' };
}

function originOf(o: OriginLike): DistributionOrigin {
  // An origin without S3OriginConfig is a custom origin (an S3 website endpoint is one too).
  return { id: o.Id ?? '', domainName: o.DomainName ?? '', kind: o.S3OriginConfig && !o.CustomOriginConfig ? 's3' : 'custom' };
}

function behavior(b: BehaviorLike | undefined, pathPattern: string): CacheBehavior {
  return {
    pathPattern,
    targetOriginId: b?.TargetOriginId ?? null,
    compress: b?.Compress ?? false,
    // An empty id means "legacy cache settings" (ForwardedValues), i.e. no cache policy.
    cachePolicyId: b?.CachePolicyId || null,
    originRequestPolicyId: b?.OriginRequestPolicyId || null,
    viewerProtocolPolicy: b?.ViewerProtocolPolicy ?? null,
    forwardedValues: forwarded(b),
  };
}

export async function collectDistributions(c: Collection): Promise<Distribution[]> {
  const client = c.factory.cloudfront();
  const tasks = new Tasks<Distribution | undefined>();
  await c.guard({ service: SERVICE, region: CLOUDFRONT_REGION, operation: 'ListDistributions' }, () =>
    paginate(
      (Marker) => c.request(() => client.send(new ListDistributionsCommand({ Marker, MaxItems: 100 })), 'list'),
      (page) => (page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker : undefined),
      (page) => {
        for (const d of page.DistributionList?.Items ?? []) tasks.add(readDistribution(c, d));
      },
    ),
  );
  return compact(await tasks.settle());
}

/** The summary's configuration fields, read from GetDistributionConfig when the summary lacks them. */
async function completeSummary(c: Collection, d: DistributionSummary & { Id: string }): Promise<DistributionSummary | undefined> {
  if (d.DefaultCacheBehavior && d.PriceClass && d.Origins) return d;
  const got = await c.guard({ service: SERVICE, region: CLOUDFRONT_REGION, operation: 'GetDistributionConfig', resource: d.Id }, () =>
    c.request(() => c.factory.cloudfront().send(new GetDistributionConfigCommand({ Id: d.Id }))),
  );
  const config = got?.DistributionConfig;
  if (!config) return undefined;
  return {
    ...d,
    Aliases: d.Aliases ?? config.Aliases,
    Comment: d.Comment ?? config.Comment,
    Enabled: d.Enabled ?? config.Enabled,
    PriceClass: d.PriceClass ?? config.PriceClass,
    DefaultCacheBehavior: d.DefaultCacheBehavior ?? config.DefaultCacheBehavior,
    CacheBehaviors: d.CacheBehaviors ?? config.CacheBehaviors,
    Origins: d.Origins ?? config.Origins,
  };
}

async function readDistribution(c: Collection, summary: DistributionSummary): Promise<Distribution | undefined> {
  if (!summary.Id || !summary.ARN) return undefined;
  const arn = summary.ARN;
  const d = await completeSummary(c, { ...summary, Id: summary.Id });
  if (!d?.Id) return undefined;
  const tags = await c.guard({ service: SERVICE, region: CLOUDFRONT_REGION, operation: 'ListTagsForResource', resource: d.Id }, () =>
    c.request(() => c.factory.cloudfront().send(new ListTagsForResourceCommand({ Resource: arn }))),
  );
  if (!tags) return undefined;
  return {
    id: d.Id,
    arn,
    domainName: d.DomainName ?? '',
    aliases: [...(d.Aliases?.Items ?? [])],
    comment: d.Comment ?? null,
    enabled: d.Enabled ?? false,
    priceClass: d.PriceClass ?? 'PriceClass_All',
    defaultBehavior: behavior(d.DefaultCacheBehavior, '*'),
    behaviors: (d.CacheBehaviors?.Items ?? []).map((b) => behavior(b, b.PathPattern ?? '')),
    origins: (d.Origins?.Items ?? []).map(originOf),
    tags: tagsFromList(tags.Tags?.Items),
  };
}
