import { describe, expect, it } from 'vitest';
import type { VpcEndpoint } from '../../../src/inventory/snapshot.js';
import { vpcGatewayEndpoints } from '../../../src/rules/vpc/gateway-endpoints.js';
import { natGateway, network, REGION, ruleCases, snapshotWith } from '../fragments.js';
import { GIB, onlyFinding } from '../s3/traceable.js';

const endpoint = (service: 's3' | 'dynamodb', routeTableIds: string[], overrides: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  region: REGION,
  id: `vpce-0${service}`,
  vpcId: 'vpc-0prod',
  serviceName: `com.amazonaws.${REGION}.${service}`,
  type: 'Gateway',
  state: 'available',
  routeTableIds,
  tags: {},
  ...overrides,
});
const BOTH = ['rtb-0priva', 'rtb-0privb'];
const measured = natGateway({ usage: { source: 'cloudwatch', bytesProcessedPerMonth: 400 * GIB, s3BytesPerMonth: 200 * GIB, dynamodbBytesPerMonth: 50 * GIB } });

ruleCases(vpcGatewayEndpoints, {
  valid: [
    { name: 'both endpoints on every NAT route table', snapshot: snapshotWith({ network: network({ vpcEndpoints: [endpoint('s3', BOTH), endpoint('dynamodb', BOTH)] }) }) },
    {
      name: 'no route table goes through a NAT gateway',
      snapshot: snapshotWith({
        network: network({
          routeTables: [{ region: REGION, id: 'rtb-0pub', vpcId: 'vpc-0prod', isMain: true, subnetIds: [], routes: [{ destination: '0.0.0.0/0', gatewayId: 'igw-0prod' }], tags: {} }],
        }),
      }),
    },
    {
      name: 'environment unknown',
      snapshot: snapshotWith({ network: network({ vpcs: [{ region: REGION, id: 'vpc-0prod', cidr: '10.0.0.0/16', isDefault: false, tags: { Name: 'clinnet-vpc' } }] }) }),
    },
  ],
  invalid: [
    {
      name: 'no endpoints, no usage: both created on both route tables, unpriced',
      snapshot: snapshotWith({ network: network() }),
      expect: [
        {
          resource: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0prod',
          resourceName: 'vpc-0prod',
          env: 'prod',
          current: { s3: { endpointId: null, routeTableIds: [] }, dynamodb: { endpointId: null, routeTableIds: [] } },
          target: { s3: { endpointId: null, routeTableIds: BOTH }, dynamodb: { endpointId: null, routeTableIds: BOTH } },
          fixable: true,
          monthlyDeltaUsd: null,
          message: expect.stringContaining('usage data needed: nat-0prod usage.s3BytesPerMonth'),
          metricsUsed: [
            'usage.s3BytesPerMonth (not a CloudWatch metric): no data',
            'usage.dynamodbBytesPerMonth (not a CloudWatch metric): no data',
            'AWS/NATGateway BytesInFromSource + BytesInFromDestination Sum: no data',
          ],
        },
      ],
    },
    {
      name: 'only the NAT gateway\'s total bytes measured: unpriced, with the total as an upper bound',
      snapshot: snapshotWith({ network: network({ natGateways: [natGateway({ usage: { source: 'cloudwatch', bytesProcessedPerMonth: 400 * GIB } })] }) }),
      expect: [
        {
          monthlyDeltaUsd: null,
          // 400 GB × $0.045
          message: expect.stringContaining('at most -$18.00/month if all 400.0 GB/month the NAT gateway(s) process went to S3/DynamoDB'),
          metricsUsed: [
            'usage.s3BytesPerMonth (not a CloudWatch metric): no data',
            'usage.dynamodbBytesPerMonth (not a CloudWatch metric): no data',
            'AWS/NATGateway BytesInFromSource + BytesInFromDestination Sum',
          ],
        },
      ],
    },
    {
      name: 'an existing S3 endpoint is extended (keeps its id), an interface endpoint does not count',
      snapshot: snapshotWith({
        network: network({ vpcEndpoints: [endpoint('s3', ['rtb-0priva']), endpoint('dynamodb', [], { id: 'vpce-0ddbiface', type: 'Interface' })] }),
      }),
      expect: [
        {
          current: { s3: { endpointId: 'vpce-0s3', routeTableIds: ['rtb-0priva'] }, dynamodb: { endpointId: null, routeTableIds: [] } },
          target: { s3: { endpointId: 'vpce-0s3', routeTableIds: BOTH }, dynamodb: { endpointId: null, routeTableIds: BOTH } },
          message: expect.stringContaining('S3: extend vpce-0s3 to rtb-0privb; DynamoDB: create a gateway endpoint on rtb-0priva, rtb-0privb'),
        },
      ],
    },
  ],
});

describe('vpc/gateway-endpoints money', () => {
  it('saves the NAT per-GB processing of S3 and DynamoDB bytes, and keeps the hourly charge', () => {
    const finding = onlyFinding(vpcGatewayEndpoints, { snapshot: snapshotWith({ network: network({ natGateways: [measured] }) }) });
    expect(finding.costLines.map((l) => [l.quantity, l.unitPriceUsd])).toEqual([
      [-200, 0.045],
      [-50, 0.045],
    ]);
    expect(finding.monthlyDeltaUsd).toBe(-11.25);
    expect(finding.message).toContain('-$11.25/month in NAT per-GB processing');
    expect(finding.message).toContain('the NAT gateway hourly charge stays ($0.045/hour × 730 = $32.85/month per gateway)');
    expect(finding.message).toContain('"$45/month per environment" is not assumed');
  });

  it('prices only the services whose endpoint is missing', () => {
    const snapshot = snapshotWith({ network: network({ natGateways: [measured], vpcEndpoints: [endpoint('s3', BOTH)] }) });
    const finding = onlyFinding(vpcGatewayEndpoints, { snapshot });
    expect(finding.current).toEqual({ s3: { endpointId: 'vpce-0s3', routeTableIds: BOTH }, dynamodb: { endpointId: null, routeTableIds: [] } });
    expect(finding.costLines.map((l) => l.quantity)).toEqual([-50]);
    expect(finding.monthlyDeltaUsd).toBe(-2.25);
  });
});
