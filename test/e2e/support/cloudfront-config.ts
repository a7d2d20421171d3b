import type { DistributionConfig } from '@aws-sdk/client-cloudfront';

/**
 * A distribution as the design's "current architecture" has it: one S3 origin, PriceClass_100,
 * compression off and legacy cache settings (ForwardedValues) instead of a cache policy.
 */
export function currentArchitectureDistribution(callerReference: string, comment: string, bucket: string): DistributionConfig {
  return {
    CallerReference: callerReference,
    Comment: comment,
    Enabled: true,
    PriceClass: 'PriceClass_100',
    Origins: { Quantity: 1, Items: [{ Id: 'frontend', DomainName: `${bucket}.s3.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
    DefaultCacheBehavior: {
      TargetOriginId: 'frontend',
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: false,
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
      MinTTL: 0,
    },
  };
}
