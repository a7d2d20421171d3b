/**
 * S3 and DynamoDB gateway endpoints on every route table whose default route goes through a NAT
 * gateway. Gateway endpoints are free; the saving is the NAT gateway's per-GB processing of S3 and
 * DynamoDB traffic. The NAT gateway's hourly charge stays (other outbound traffic still needs it),
 * so the design's "$45/month per environment" is not assumed: the figure comes from measured bytes.
 */
import type { NatGateway, RouteTable, Vpc, VpcEndpoint } from '../../inventory/snapshot.js';
import { BYTES_PER_GB, costLine, priced, unitPrice, HOURS_PER_MONTH } from '../../pricing/estimator.js';
import { metricsUsed, type MetricId } from '../metrics.js';
import type { CostLine, Finding, Rule, RuleMeta } from '../types.js';
import { vpcSubject } from '../../targets/environment-resolver.js';

const meta: RuleMeta = {
  id: 'vpc/gateway-endpoints',
  service: 'vpc',
  title: 'S3 and DynamoDB traffic bypasses the NAT gateway through gateway endpoints',
  rationale: 'Design document, "4. Network Architecture Optimization — VPC Endpoint Implementation" (S3 and DynamoDB gateway endpoints).',
  severity: 'medium',
  fixable: true,
  description:
    'Traffic from private subnets to S3 and DynamoDB through a NAT gateway is billed per GB processed. Gateway endpoints for S3 and DynamoDB are free ' +
    'and carry that traffic instead. The fix creates the endpoint, or extends an existing one, on every route table whose default route (0.0.0.0/0) ' +
    'goes through a NAT gateway. The NAT gateway itself stays, and so does its hourly charge.',
};

type EndpointService = 's3' | 'dynamodb';

const USAGE_FIELD: Record<EndpointService, 's3BytesPerMonth' | 'dynamodbBytesPerMonth'> = { s3: 's3BytesPerMonth', dynamodb: 'dynamodbBytesPerMonth' };
const LABEL: Record<EndpointService, string> = { s3: 'S3', dynamodb: 'DynamoDB' };
const METRIC_OF: Record<EndpointService, MetricId> = { s3: 'natS3Bytes', dynamodb: 'natDynamodbBytes' };

/** Route tables whose default IPv4 route goes to a NAT gateway. */
function natRouteTables(vpc: Vpc, tables: readonly RouteTable[]): RouteTable[] {
  return tables.filter((t) => t.vpcId === vpc.id && t.region === vpc.region && t.routes.some((r) => r.destination === '0.0.0.0/0' && !!r.natGatewayId));
}

/** Gateway endpoints of a service in the VPC (interface endpoints do not take routes). */
function gatewayEndpoints(vpc: Vpc, endpoints: readonly VpcEndpoint[], service: EndpointService): VpcEndpoint[] {
  return endpoints.filter(
    (e) =>
      e.vpcId === vpc.id &&
      e.region === vpc.region &&
      e.type.toLowerCase() === 'gateway' &&
      e.serviceName === `com.amazonaws.${vpc.region}.${service}` &&
      !['deleted', 'deleting', 'failed', 'rejected'].includes((e.state ?? '').toLowerCase()),
  );
}

function vpcArn(vpc: Vpc, account: string | null): string {
  return account ? `arn:aws:ec2:${vpc.region}:${account}:vpc/${vpc.id}` : vpc.id;
}

interface ServicePlan {
  service: EndpointService;
  current: { endpointId: string | null; routeTableIds: string[] };
  target: { endpointId: string | null; routeTableIds: string[] };
  missing: string[];
}

function planService(vpc: Vpc, endpoints: readonly VpcEndpoint[], natTables: RouteTable[], service: EndpointService): ServicePlan {
  const existing = gatewayEndpoints(vpc, endpoints, service);
  // Extend the endpoint that already serves the most route tables; never create a second one.
  const primary = [...existing].sort((a, b) => b.routeTableIds.length - a.routeTableIds.length)[0];
  const covered = new Set(existing.flatMap((e) => e.routeTableIds));
  const missing = natTables.map((t) => t.id).filter((id) => !covered.has(id));
  const currentTables = [...(primary?.routeTableIds ?? [])].sort();
  return {
    service,
    current: { endpointId: primary?.id ?? null, routeTableIds: currentTables },
    target: { endpointId: primary?.id ?? null, routeTableIds: [...new Set([...currentTables, ...missing])].sort() },
    missing,
  };
}

/** NAT per-GB charges that leave with each service's traffic; null (and what is missing) without usage. */
function natSaving(vpc: Vpc, nats: NatGateway[], plans: ServicePlan[]): { lines: CostLine[] | null; needed: string[] } {
  const needed: string[] = [];
  const lines: (CostLine | null)[] = [];
  for (const plan of plans.filter((p) => p.missing.length > 0)) {
    const field = USAGE_FIELD[plan.service];
    let bytes = 0;
    for (const nat of nats) {
      const value = nat.usage?.[field];
      if (value === null || value === undefined) needed.push(`${nat.id} usage.${field}`);
      else bytes += value;
    }
    const gbMonth = bytes / BYTES_PER_GB;
    lines.push(costLine(vpc.region, `${gbMonth.toFixed(1)} GB/month of ${LABEL[plan.service]} traffic no longer processed by the NAT gateway`, -gbMonth, 'GB', 'natGateway.gbProcessed'));
  }
  if (needed.length || nats.length === 0) return { lines: null, needed: nats.length === 0 ? ['the NAT gateways of this VPC (none in the snapshot)'] : needed };
  if (lines.some((l) => l === null)) return { lines: null, needed: [`a NAT gateway price for ${vpc.region} in the catalog`] };
  return { lines: lines as CostLine[], needed: [] };
}

/** Without the S3/DynamoDB share, the NAT gateways' whole processed bytes bound the saving from above. */
function natBound(vpc: Vpc, nats: NatGateway[]): string {
  const total = nats.map((n) => n.usage?.bytesProcessedPerMonth);
  if (nats.length === 0 || total.some((b) => b === null || b === undefined)) return '';
  const gbMonth = (total as number[]).reduce((sum, b) => sum + b, 0) / BYTES_PER_GB;
  const bound = priced([costLine(vpc.region, 'all NAT-processed bytes', -gbMonth, 'GB', 'natGateway.gbProcessed')]).monthlyDeltaUsd;
  return bound === null ? '' : `; at most ${bound < 0 ? '-' : '+'}$${Math.abs(bound).toFixed(2)}/month if all ${gbMonth.toFixed(1)} GB/month the NAT gateway(s) process went to S3/DynamoDB`;
}

/** What the figure read: each missing service's bytes on every NAT gateway, and the total bytes processed when they bound it. */
function natMetrics(nats: NatGateway[], plans: ServicePlan[], bounded: boolean): string[] {
  const all = (pick: (nat: NatGateway) => number | null | undefined): number | null => (nats.length > 0 && nats.every((n) => typeof pick(n) === 'number') ? 1 : null);
  return metricsUsed([
    ...plans.filter((p) => p.missing.length > 0).map((p) => [METRIC_OF[p.service], all((n) => n.usage?.[USAGE_FIELD[p.service]])] as const),
    ...(bounded ? [['natBytes', all((n) => n.usage?.bytesProcessedPerMonth)] as const] : []),
  ]);
}

export const vpcGatewayEndpoints: Rule = {
  meta,
  check(context) {
    const { network, account } = context.snapshot;
    const findings: Finding[] = [];
    for (const vpc of network.vpcs) {
      const env = context.envOf(vpcSubject(vpc));
      if (env === 'unknown') continue;
      const services = context.targets.envs[env].vpc.gatewayEndpoints;
      const natTables = natRouteTables(vpc, network.routeTables);
      if (services.length === 0 || natTables.length === 0) continue;
      const plans = services.map((service) => planService(vpc, network.vpcEndpoints, natTables, service));
      if (plans.every((p) => p.missing.length === 0)) continue;
      const natIds = new Set(natTables.flatMap((t) => t.routes.filter((r) => r.destination === '0.0.0.0/0' && r.natGatewayId).map((r) => r.natGatewayId as string)));
      const nats = network.natGateways.filter((n) => natIds.has(n.id));
      const saving = natSaving(vpc, nats, plans);
      const money = saving.lines ? priced(saving.lines) : { monthlyDeltaUsd: null, costLines: [] };
      const hourly = unitPrice(vpc.region, 'natGateway.hour');
      const stays =
        hourly === null
          ? 'the NAT gateway hourly charge stays'
          : `the NAT gateway hourly charge stays ($${hourly}/hour × ${HOURS_PER_MONTH} = $${(hourly * HOURS_PER_MONTH).toFixed(2)}/month per gateway): other outbound traffic still needs it`;
      const changes = plans
        .filter((p) => p.missing.length > 0)
        .map((p) => `${LABEL[p.service]}: ${p.current.endpointId ? `extend ${p.current.endpointId} to` : 'create a gateway endpoint on'} ${p.missing.join(', ')}`);
      const figure =
        money.monthlyDeltaUsd === null
          ? `usage data needed: ${saving.needed.join(', ')} (NAT gateway bytes to S3/DynamoDB)${natBound(vpc, nats)}; the design's "$45/month per environment" is not assumed`
          : `${money.monthlyDeltaUsd < 0 ? '-' : '+'}$${Math.abs(money.monthlyDeltaUsd).toFixed(2)}/month in NAT per-GB processing (gateway endpoints are free; the design's "$45/month per environment" is not assumed)`;
      findings.push({
        rule: meta.id,
        service: 'vpc',
        resource: vpcArn(vpc, account),
        resourceName: vpc.id,
        region: vpc.region,
        env,
        current: Object.fromEntries(plans.map((p) => [p.service, p.current])),
        target: Object.fromEntries(plans.map((p) => [p.service, p.target])),
        monthlyDeltaUsd: money.monthlyDeltaUsd,
        costLines: money.monthlyDeltaUsd === null ? [] : money.costLines,
        fixable: true,
        severity: meta.severity,
        message: `${changes.join('; ')}. ${figure}; ${stays}. Gateway endpoints reach only same-region buckets and tables`,
        metricsUsed: natMetrics(nats, plans, money.monthlyDeltaUsd === null),
      });
    }
    return findings;
  },
};
