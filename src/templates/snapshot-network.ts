/**
 * The network of a template as snapshot records: VPCs, subnets, route tables (with their
 * AWS::EC2::Route and SubnetRouteTableAssociation resources), NAT gateways and VPC endpoints. Ids are
 * logical IDs (EC2 assigns the real ones at creation); a reference to another resource becomes its logical ID.
 */
import type { Network } from '../inventory/snapshot.js';
import type { BuildContext } from './snapshot-context.js';
import { referencedId, tagsOf } from './snapshot-values.js';
import { isUnresolved, type ResolvedResource } from './types.js';

export function templateNetwork(c: BuildContext): Network {
  const refOf = (value: unknown): string | null => referencedId(value, c.ids) ?? (typeof value === 'string' ? value : isUnresolved(value) ? value.expression : null);
  const idOf = (value: unknown): string => refOf(value) ?? '';
  const subnets = c.ofType('AWS::EC2::Subnet');
  const vpcOfSubnet = (subnetId: string | null): string => idOf(subnets.find((s) => s.logicalId === subnetId)?.properties.VpcId);
  const associations = c.ofType('AWS::EC2::SubnetRouteTableAssociation');
  const routes = c.ofType('AWS::EC2::Route');
  const base = (r: ResolvedResource) => ({ template: c.ref(r), region: c.region, id: r.logicalId, tags: tagsOf(r.properties.Tags) });
  return {
    vpcs: c.ofType('AWS::EC2::VPC').map((r) => ({ ...base(r), cidr: c.reader(r, 'ec2').string('CidrBlock', null), isDefault: false })),
    subnets: subnets.map((r) => ({ ...base(r), vpcId: idOf(r.properties.VpcId), availabilityZone: c.reader(r, 'ec2').string('AvailabilityZone', null) })),
    routeTables: c.ofType('AWS::EC2::RouteTable').map((r) => ({
      ...base(r),
      vpcId: idOf(r.properties.VpcId),
      isMain: false,
      subnetIds: associations.filter((a) => refOf(a.properties.RouteTableId) === r.logicalId).map((a) => idOf(a.properties.SubnetId)).sort(),
      routes: routes
        .filter((route) => refOf(route.properties.RouteTableId) === r.logicalId)
        .map((route) => ({
          destination: typeof route.properties.DestinationCidrBlock === 'string' ? route.properties.DestinationCidrBlock : null,
          destinationPrefixListId: null,
          natGatewayId: route.properties.NatGatewayId === undefined ? null : refOf(route.properties.NatGatewayId),
          gatewayId: route.properties.GatewayId === undefined ? null : refOf(route.properties.GatewayId),
          state: 'active',
        })),
    })),
    natGateways: c.ofType('AWS::EC2::NatGateway').map((r) => {
      const subnetId = refOf(r.properties.SubnetId);
      return { ...base(r), vpcId: vpcOfSubnet(subnetId), subnetId, state: 'available' };
    }),
    vpcEndpoints: c.ofType('AWS::EC2::VPCEndpoint').map((r) => {
      const read = c.reader(r, 'ec2');
      const ids = r.properties.RouteTableIds;
      return {
        ...base(r),
        vpcId: idOf(r.properties.VpcId),
        serviceName: read.string('ServiceName', ''),
        type: read.string('VpcEndpointType', 'Gateway'),
        state: 'available',
        routeTableIds: Array.isArray(ids) ? ids.map(idOf).sort() : [],
      };
    }),
  };
}
