/**
 * Gateway endpoints for S3 and DynamoDB on the route tables whose default route goes through a NAT
 * gateway (the rule picks them). An existing endpoint is extended with AddRouteTableIds, never
 * duplicated, and route tables it already serves are never removed.
 */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { vpcIdIn, vpcOf } from '../lookup.js';
import { CREATED_BY_TAG, CREATED_ENDPOINT } from '../../changes/operations/ec2.js';
import type { ChangeDraft } from '../types.js';


export function gatewayServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

export const vpcGatewayEndpointsFixer = defineFixer({
  rule: 'vpc/gateway-endpoints',
  permissions: ['ec2:DescribeVpcEndpoints', 'ec2:CreateVpcEndpoint', 'ec2:CreateTags', 'ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints'],
  billedEffect: () => ({ direction: 'lowers', quantity: 'NAT gateway GB processed: S3 and DynamoDB traffic takes the gateway endpoints, which are free' }),
  async plan(finding, snapshot) {
    const region = finding.region ?? snapshot.regions[0] ?? 'us-east-1';
    const vpc = vpcOf(snapshot, finding);
    const vpcId = vpc?.id ?? vpcIdIn(finding.resource) ?? finding.resourceName;
    const drafts: ChangeDraft[] = [];
    for (const [service, target] of Object.entries(finding.target)) {
      const current = finding.current[service] ?? { endpointId: null, routeTableIds: [] };
      const serviceName = gatewayServiceName(region, service);
      const endpointId = current.endpointId ?? target.endpointId;
      const add = target.routeTableIds.filter((id) => !current.routeTableIds.includes(id));
      if (add.length === 0) continue;
      const before = { serviceName, vpcId, routeTableIds: [...current.routeTableIds].sort() } as JsonValue;
      const after = { serviceName, vpcId, routeTableIds: [...new Set([...current.routeTableIds, ...add])].sort() } as JsonValue;
      if (!endpointId) {
        drafts.push({
          attribute: 'GatewayEndpoint',
          operation: 'ec2:CreateVpcEndpoint',
          input: {
            VpcEndpointType: 'Gateway',
            VpcId: vpcId,
            ServiceName: serviceName,
            RouteTableIds: add,
            // The tag lets a rollback find the endpoint even when the create's answer never arrived.
            TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ ...CREATED_BY_TAG }] }],
          },
          before,
          after,
          undo: { operation: 'ec2:DeleteVpcEndpoints', input: { VpcEndpointIds: [CREATED_ENDPOINT], VpcId: vpcId, ServiceName: serviceName } },
          templateProperty: 'AWS::EC2::VPCEndpoint (new resource, VpcEndpointType Gateway)',
        });
      } else {
        drafts.push({
          attribute: 'GatewayEndpoint',
          operation: 'ec2:ModifyVpcEndpoint',
          input: { VpcEndpointId: endpointId, AddRouteTableIds: add },
          before,
          after,
          undo: { operation: 'ec2:ModifyVpcEndpoint', input: { VpcEndpointId: endpointId, RemoveRouteTableIds: add } },
          templateProperty: 'AWS::EC2::VPCEndpoint.RouteTableIds',
        });
      }
    }
    return drafts;
  },
});
