/** VPC networking: VPCs, subnets, route tables, NAT gateways and VPC endpoints, each list paged. */
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type NatGateway as Ec2Nat,
  type RouteTable as Ec2RouteTable,
  type Subnet as Ec2Subnet,
  type Vpc as Ec2Vpc,
  type VpcEndpoint as Ec2Endpoint,
} from '@aws-sdk/client-ec2';
import { declarePermissions } from '../../aws/permissions.js';
import type { Network } from '../snapshot.js';
import { paginate, tagsFromList, type Collection } from './context.js';

declarePermissions({
  source: 'collector:ec2',
  scope: 'audit',
  actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeNatGateways', 'ec2:DescribeVpcEndpoints'],
});

const SERVICE = 'ec2';

interface Paged {
  NextToken?: string;
}

/** Every page of one Describe* list; a failure is a gap for that list only. */
async function describeAll<P extends Paged, T>(
  c: Collection,
  region: string,
  operation: string,
  send: (NextToken: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  await c.guard({ service: SERVICE, region, operation }, () =>
    paginate(
      (token) => c.request(() => send(token), 'list'),
      (page) => page.NextToken,
      (page) => all.push(...(items(page) ?? [])),
    ),
  );
  return all;
}

export async function collectNetwork(c: Collection, region: string): Promise<Network> {
  const client = c.factory.ec2(region);
  const [vpcs, subnets, routeTables, nats, endpoints] = await Promise.all([
    describeAll(c, region, 'DescribeVpcs', (NextToken) => client.send(new DescribeVpcsCommand({ NextToken, MaxResults: 1000 })), (p) => p.Vpcs),
    describeAll(c, region, 'DescribeSubnets', (NextToken) => client.send(new DescribeSubnetsCommand({ NextToken, MaxResults: 1000 })), (p) => p.Subnets),
    describeAll(c, region, 'DescribeRouteTables', (NextToken) => client.send(new DescribeRouteTablesCommand({ NextToken, MaxResults: 100 })), (p) => p.RouteTables),
    describeAll(c, region, 'DescribeNatGateways', (NextToken) => client.send(new DescribeNatGatewaysCommand({ NextToken, MaxResults: 1000 })), (p) => p.NatGateways),
    describeAll(c, region, 'DescribeVpcEndpoints', (NextToken) => client.send(new DescribeVpcEndpointsCommand({ NextToken, MaxResults: 1000 })), (p) => p.VpcEndpoints),
  ]);
  return {
    vpcs: vpcs.flatMap((v: Ec2Vpc) => (v.VpcId ? [{ region, id: v.VpcId, cidr: v.CidrBlock ?? null, isDefault: v.IsDefault ?? false, tags: tagsFromList(v.Tags) }] : [])),
    subnets: subnets.flatMap((s: Ec2Subnet) =>
      s.SubnetId && s.VpcId ? [{ region, id: s.SubnetId, vpcId: s.VpcId, availabilityZone: s.AvailabilityZone ?? null, tags: tagsFromList(s.Tags) }] : [],
    ),
    routeTables: routeTables.flatMap((t: Ec2RouteTable) =>
      t.RouteTableId && t.VpcId
        ? [
            {
              region,
              id: t.RouteTableId,
              vpcId: t.VpcId,
              isMain: (t.Associations ?? []).some((a) => a.Main),
              subnetIds: (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
              routes: (t.Routes ?? []).map((r) => ({
                destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? null,
                destinationPrefixListId: r.DestinationPrefixListId ?? null,
                natGatewayId: r.NatGatewayId ?? null,
                gatewayId: r.GatewayId ?? null,
                state: r.State ?? null,
              })),
              tags: tagsFromList(t.Tags),
            },
          ]
        : [],
    ),
    // A deleted NAT gateway stays listed for about an hour; it no longer exists or costs anything.
    natGateways: nats.flatMap((n: Ec2Nat) =>
      n.NatGatewayId && n.VpcId && n.State !== 'deleted'
        ? [{ region, id: n.NatGatewayId, vpcId: n.VpcId, subnetId: n.SubnetId ?? null, state: n.State ?? 'unknown', tags: tagsFromList(n.Tags) }]
        : [],
    ),
    vpcEndpoints: endpoints.flatMap((e: Ec2Endpoint) =>
      e.VpcEndpointId && e.VpcId
        ? [
            {
              region,
              id: e.VpcEndpointId,
              vpcId: e.VpcId,
              serviceName: e.ServiceName ?? '',
              type: e.VpcEndpointType ?? 'Gateway',
              state: e.State ?? null,
              routeTableIds: [...(e.RouteTableIds ?? [])],
              tags: tagsFromList(e.Tags),
            },
          ]
        : [],
    ),
  };
}
