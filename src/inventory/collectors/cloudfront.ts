/** CloudFront (global): ListDistributions paged by Marker, then each distribution's tags. */
import { ListDistributionsCommand, ListTagsForResourceCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { declarePermissions } from '../../aws/permissions.js';
import type { CacheBehavior, Distribution } from '../snapshot.js';
import { Tasks, compact, paginate, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:cloudfront',
  scope: 'audit',
  actions: ['cloudfront:ListDistributions', 'cloudfront:ListTagsForResource'],
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

async function readDistribution(c: Collection, d: DistributionSummary): Promise<Distribution | undefined> {
  if (!d.Id || !d.ARN) return undefined;
  const arn = d.ARN;
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
    tags: tagsFromList(tags.Tags?.Items),
  };
}
