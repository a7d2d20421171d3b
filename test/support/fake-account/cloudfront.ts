/** Fake CloudFront: configs with ETags; UpdateDistribution needs the current ETag and a valid config. */
import { awsError } from './errors.js';
import { page, type FakeDistribution, type FakeState } from './state.js';

type Input = Record<string, unknown>;
type Behavior = Record<string, unknown>;

function arn(state: FakeState, d: FakeDistribution): string {
  return `arn:aws:cloudfront::${state.accountId}:distribution/${d.id}`;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The managed origin request policies (AllViewer, AllViewerExceptHostHeader): the account has no custom ones. */
const KNOWN_ORIGIN_REQUEST_POLICIES = ['216adef6-5c7f-47e4-b989-5492eafa07d3', 'b689b0a8-53d0-40ab-baf2-68738e2966ac'];

function checkBehavior(b: Behavior, where: string): void {
  if (b.CachePolicyId && b.ForwardedValues) throw awsError('cloudfront', 'InvalidArgument', `The parameter ForwardedValues cannot be used when a cache policy is associated to the cache behavior (${where}).`, 400);
  if (b.OriginRequestPolicyId && !b.CachePolicyId) throw awsError('cloudfront', 'InvalidArgument', `An origin request policy can only be attached to a cache behavior that has a cache policy (${where}).`, 400);
  if (b.OriginRequestPolicyId && !KNOWN_ORIGIN_REQUEST_POLICIES.includes(String(b.OriginRequestPolicyId))) throw awsError('cloudfront', 'NoSuchOriginRequestPolicy', `The origin request policy does not exist (${where}).`, 404);
  if (!b.CachePolicyId && !b.ForwardedValues) throw awsError('cloudfront', 'InvalidArgument', `The parameter ForwardedValues is required when a cache policy is not associated to the cache behavior (${where}).`, 400);
}

export function cloudfrontHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const find = (id: unknown): FakeDistribution => {
    const d = state.distributions.find((x) => x.id === id);
    if (!d) throw awsError('cloudfront', 'NoSuchDistribution', 'The specified distribution does not exist.', 404);
    return d;
  };
  return {
    ListDistributions: (input) => {
      const { items, next } = page(state, state.distributions, input.Marker as string | undefined, input.MaxItems ? Number(input.MaxItems) : undefined);
      return {
        DistributionList: {
          Marker: input.Marker ?? '',
          MaxItems: state.pageSize,
          IsTruncated: Boolean(next),
          NextMarker: next,
          Quantity: items.length,
          Items: items.map((d) => {
            const c = d.config as Record<string, unknown>;
            return {
              Id: d.id,
              ARN: arn(state, d),
              Status: 'Deployed',
              DomainName: `${d.id.toLowerCase()}.cloudfront.net`,
              Aliases: c.Aliases,
              Origins: c.Origins,
              DefaultCacheBehavior: copy(c.DefaultCacheBehavior),
              CacheBehaviors: copy(c.CacheBehaviors),
              Comment: c.Comment,
              PriceClass: c.PriceClass,
              Enabled: c.Enabled,
            };
          }),
        },
      };
    },
    ListTagsForResource: (input) => {
      const d = state.distributions.find((x) => arn(state, x) === input.Resource);
      if (!d) throw awsError('cloudfront', 'NoSuchResource', 'The specified resource does not exist.', 404);
      return { Tags: { Items: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })) } };
    },
    GetDistributionConfig: (input) => {
      const d = find(input.Id);
      return { DistributionConfig: copy(d.config), ETag: d.etag };
    },
    GetDistribution: (input) => {
      const d = find(input.Id);
      return { Distribution: { Id: d.id, ARN: arn(state, d), Status: 'Deployed', DomainName: `${d.id.toLowerCase()}.cloudfront.net`, DistributionConfig: copy(d.config) }, ETag: d.etag };
    },
    UpdateDistribution: (input) => {
      const d = find(input.Id);
      if (!input.IfMatch) throw awsError('cloudfront', 'InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.', 400);
      if (input.IfMatch !== d.etag) throw awsError('cloudfront', 'PreconditionFailed', 'The precondition given in one or more of the request-header fields evaluated to false.', 412);
      const config = copy(input.DistributionConfig) as Record<string, unknown>;
      if (config.CallerReference !== d.config.CallerReference) throw awsError('cloudfront', 'IllegalUpdate', 'CallerReference cannot be changed.', 400);
      if (!['PriceClass_100', 'PriceClass_200', 'PriceClass_All'].includes(String(config.PriceClass))) throw awsError('cloudfront', 'InvalidArgument', 'Invalid PriceClass', 400);
      checkBehavior(config.DefaultCacheBehavior as Behavior, 'DefaultCacheBehavior');
      const behaviors = ((config.CacheBehaviors as { Items?: Behavior[] } | undefined)?.Items ?? []);
      behaviors.forEach((b) => checkBehavior(b, String(b.PathPattern)));
      d.config = config;
      state.counter++;
      d.etag = `E${state.counter.toString(36).toUpperCase().padStart(13, '0')}`;
      return { Distribution: { Id: d.id, ARN: arn(state, d), Status: 'InProgress', DistributionConfig: copy(config) }, ETag: d.etag };
    },
  };
}
