/** Fake EC2 networking: VPCs, subnets, route tables, NAT gateways and gateway endpoints (with their routes). */
import { awsError } from './errors.js';
import { nextId, page, type FakeNetwork, type FakeState, type Tags } from './state.js';

type Input = Record<string, unknown>;
type Filter = { Name: string; Values: string[] };

const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function matches(filters: Filter[] | undefined, fields: Record<string, string | string[]>): boolean {
  return (filters ?? []).every((f) => {
    const value = fields[f.Name];
    if (value === undefined) return true;
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => f.Values.includes(v));
  });
}

const prefixList = (serviceName: string): string => `pl-${serviceName.endsWith('.s3') ? '63a5400a' : '02cd2c6b'}`;

export function ec2Handlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const net: FakeNetwork = state.network;
  const pageOf = <T>(items: T[], input: Input) => page(state, items, input.NextToken as string | undefined, input.MaxResults as number | undefined);
  return {
    DescribeVpcs: (input, region) => {
      const all = net.vpcs.filter((v) => v.region === region && matches(input.Filters as Filter[], { 'vpc-id': v.id }));
      const { items, next } = pageOf(all, input);
      return { Vpcs: items.map((v) => ({ VpcId: v.id, CidrBlock: v.cidr, IsDefault: v.isDefault, State: 'available', Tags: tagList(v.tags) })), NextToken: next };
    },
    DescribeSubnets: (input, region) => {
      const all = net.subnets.filter((s) => s.region === region && matches(input.Filters as Filter[], { 'vpc-id': s.vpcId }));
      const { items, next } = pageOf(all, input);
      return { Subnets: items.map((s) => ({ SubnetId: s.id, VpcId: s.vpcId, AvailabilityZone: s.az, Tags: tagList(s.tags) })), NextToken: next };
    },
    DescribeRouteTables: (input, region) => {
      const all = net.routeTables.filter((t) => t.region === region && matches(input.Filters as Filter[], { 'vpc-id': t.vpcId, 'route-table-id': t.id }));
      const { items, next } = pageOf(all, input);
      return {
        RouteTables: items.map((t) => ({
          RouteTableId: t.id,
          VpcId: t.vpcId,
          Routes: t.routes.map((r) => ({ ...r })),
          Associations: [
            ...(t.main ? [{ Main: true, RouteTableId: t.id, RouteTableAssociationId: `rtbassoc-${t.id.slice(4)}m` }] : []),
            ...t.subnetIds.map((s, i) => ({ Main: false, SubnetId: s, RouteTableId: t.id, RouteTableAssociationId: `rtbassoc-${t.id.slice(4)}${i}` })),
          ],
          Tags: tagList(t.tags),
        })),
        NextToken: next,
      };
    },
    DescribeNatGateways: (input, region) => {
      const all = net.natGateways.filter((n) => n.region === region);
      const { items, next } = pageOf(all, input);
      return { NatGateways: items.map((n) => ({ NatGatewayId: n.id, VpcId: n.vpcId, SubnetId: n.subnetId, State: n.state, Tags: tagList(n.tags) })), NextToken: next };
    },
    DescribeVpcEndpoints: (input, region) => {
      const ids = input.VpcEndpointIds as string[] | undefined;
      const all = net.endpoints.filter(
        (e) =>
          e.region === region &&
          (!ids || ids.includes(e.id)) &&
          matches(input.Filters as Filter[], { 'vpc-id': e.vpcId, 'service-name': e.serviceName, 'vpc-endpoint-type': e.type, 'vpc-endpoint-id': e.id, 'vpc-endpoint-state': e.state }),
      );
      const { items, next } = pageOf(all, input);
      return {
        VpcEndpoints: items.map((e) => ({ VpcEndpointId: e.id, VpcId: e.vpcId, ServiceName: e.serviceName, VpcEndpointType: e.type, State: e.state, RouteTableIds: [...e.routeTableIds], Tags: tagList(e.tags) })),
        NextToken: next,
      };
    },
    CreateVpcEndpoint: (input, region) => {
      const vpc = net.vpcs.find((v) => v.region === region && v.id === input.VpcId);
      if (!vpc) throw awsError('ec2', 'InvalidVpcId.NotFound', `The vpc ID '${String(input.VpcId)}' does not exist`, 400);
      const serviceName = String(input.ServiceName);
      if (serviceName !== `com.amazonaws.${region}.s3` && serviceName !== `com.amazonaws.${region}.dynamodb`) {
        throw awsError('ec2', 'InvalidServiceName', `The Vpc Endpoint Service '${serviceName}' does not exist`, 400);
      }
      if (input.VpcEndpointType !== 'Gateway') throw awsError('ec2', 'InvalidParameter', 'Only Gateway endpoints are supported for this service here', 400);
      const routeTableIds = (input.RouteTableIds ?? []) as string[];
      for (const id of routeTableIds) {
        const table = net.routeTables.find((t) => t.id === id && t.vpcId === vpc.id);
        if (!table) throw awsError('ec2', 'InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`, 400);
        if (table.routes.some((r) => r.DestinationPrefixListId === prefixList(serviceName))) {
          throw awsError('ec2', 'RouteAlreadyExists', `route table ${id} already has a route with destination-prefix-list-id ${prefixList(serviceName)}`, 400);
        }
      }
      const id = nextId(state, 'vpce');
      for (const rt of routeTableIds) net.routeTables.find((t) => t.id === rt)?.routes.push({ DestinationPrefixListId: prefixList(serviceName), GatewayId: id, State: 'active', Origin: 'CreateRoute' });
      net.endpoints.push({ region, id, vpcId: vpc.id, serviceName, type: 'Gateway', state: 'available', routeTableIds: [...routeTableIds], tags: {} });
      return { VpcEndpoint: { VpcEndpointId: id, VpcId: vpc.id, ServiceName: serviceName, VpcEndpointType: 'Gateway', State: 'available', RouteTableIds: routeTableIds } };
    },
    ModifyVpcEndpoint: (input, region) => {
      const e = net.endpoints.find((x) => x.region === region && x.id === input.VpcEndpointId);
      if (!e) throw awsError('ec2', 'InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${String(input.VpcEndpointId)}' does not exist`, 400);
      for (const id of (input.AddRouteTableIds ?? []) as string[]) {
        const table = net.routeTables.find((t) => t.id === id && t.vpcId === e.vpcId);
        if (!table) throw awsError('ec2', 'InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`, 400);
        if (e.routeTableIds.includes(id) || table.routes.some((r) => r.DestinationPrefixListId === prefixList(e.serviceName))) {
          throw awsError('ec2', 'RouteAlreadyExists', `route table ${id} already has a route to ${prefixList(e.serviceName)}`, 400);
        }
        e.routeTableIds.push(id);
        table.routes.push({ DestinationPrefixListId: prefixList(e.serviceName), GatewayId: e.id, State: 'active', Origin: 'CreateRoute' });
      }
      for (const id of (input.RemoveRouteTableIds ?? []) as string[]) {
        e.routeTableIds = e.routeTableIds.filter((x) => x !== id);
        const table = net.routeTables.find((t) => t.id === id);
        if (table) table.routes = table.routes.filter((r) => r.GatewayId !== e.id);
      }
      return { Return: true };
    },
    DeleteVpcEndpoints: (input, region) => {
      const unsuccessful: unknown[] = [];
      for (const id of (input.VpcEndpointIds ?? []) as string[]) {
        const e = net.endpoints.find((x) => x.region === region && x.id === id);
        if (!e) {
          unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VPC endpoint '${id}' does not exist` } });
          continue;
        }
        for (const table of net.routeTables) table.routes = table.routes.filter((r) => r.GatewayId !== id);
        net.endpoints = net.endpoints.filter((x) => x !== e);
      }
      return { Unsuccessful: unsuccessful };
    },
  };
}
