/**
 * The design's "Function Consolidation Strategy", advisory: functions are grouped by the configured
 * consolidation groups (lambdaConsolidationGroups), per environment and region. A group of two or
 * more says what it would become, what must match before the functions can merge, and its honest
 * money: Lambda bills requests and GB-seconds, and a merged function serves the same requests for
 * the same time, so merging saves nothing directly; it costs more where a member must run at the
 * group's largest memory size. What it does change is cold starts, provisioned concurrency (one
 * alias instead of one per function) and the number of log groups.
 */
import type { LambdaFunction } from '../../inventory/snapshot.js';
import { costLine, priced } from '../../pricing/estimator.js';
import type { ConsolidationGroup, TargetProfile } from '../../targets/design.js';
import type { Env } from '../../targets/environment.js';
import { matchesAny } from '../../targets/glob.js';
import { buildFinding } from '../finding.js';
import type { CostLine, Finding, Rule, RuleMeta } from '../types.js';
import { functionsInScope, lambdaArch, monthlyGbSeconds, provisionedCount, tierOf, usd } from './shared.js';

const meta: RuleMeta = {
  id: 'lambda/consolidation',
  service: 'lambda',
  title: 'Lambda functions grouped for consolidation',
  rationale:
    'Design document, "Function Consolidation Strategy" (patient CRUD into one routed function, service operations into one, health checks into one diagnostic function).',
  severity: 'low',
  fixable: false,
  description:
    'Advisory: merging functions is a code change (one handler routing by method and path), not a configuration change. The functions of each ' +
    'consolidation group (lambdaConsolidationGroups: name patterns; defaults: *patient*, *service*, and *health*/*diagnos*/*status*/*ping*) in one ' +
    'environment and region are counted, and the finding lists what must match before they can share one function: runtime, execution role, ' +
    'VPC configuration (subnets and security groups), layers, architecture and tier. Money, honestly: Lambda bills requests and GB-seconds, and ' +
    'the merged function serves the same requests for the same time, so there is no direct saving; a member that runs at the group\'s largest ' +
    'memory size instead of its own costs more (priced from the usage block). What changes: one warm pool instead of several (fewer cold ' +
    'starts for the rarely called members), provisioned concurrency on one alias instead of one per function, and one log group instead of ' +
    'several (CloudWatch Logs bills ingestion and storage, not groups: no saving).',
};

interface Member {
  fn: LambdaFunction;
  env: Env;
}

function groupOf(name: string, groups: readonly ConsolidationGroup[]): ConsolidationGroup | undefined {
  return groups.find((g) => matchesAny(name, g.patterns));
}

/** One "must match" line: the distinct values of one property across the members. */
function matchLine(label: string, values: (string | undefined)[]): { ok: boolean | null; text: string } {
  if (values.some((v) => v === undefined)) return { ok: null, text: `${label}: not recorded in the snapshot (take a new snapshot), compare before merging` };
  const distinct = [...new Set(values as string[])];
  return distinct.length === 1 ? { ok: true, text: `${label} ${distinct[0]} (same)` } : { ok: false, text: `${label} differs (${distinct.join(' | ')})` };
}

const vpcText = (fn: LambdaFunction): string | undefined =>
  fn.vpc === undefined ? undefined : fn.vpc === null ? 'none' : `subnets ${fn.vpc.subnetIds.join(',')}; security groups ${fn.vpc.securityGroupIds.join(',')}`;

/** The direct money: every member runs at the group's largest memory size. Requests are unchanged. */
function mergedMoney(members: readonly Member[]): { monthlyDeltaUsd: number | null; costLines: CostLine[] } {
  const memory = Math.max(...members.map((m) => m.fn.memoryMb));
  const lines: (CostLine | null)[] = [];
  for (const { fn } of members) {
    if (fn.memoryMb === memory) continue;
    const now = monthlyGbSeconds(fn.usage, fn.memoryMb);
    const merged = monthlyGbSeconds(fn.usage, memory);
    const arch = lambdaArch(fn);
    lines.push(
      now === null || merged === null
        ? null
        : costLine(fn.region, `${fn.name} duration at the merged function's ${memory} MB instead of ${fn.memoryMb} MB (same invocations and time)`, merged - now, 'GB-s', `lambda.gbSecond.${arch}`),
    );
  }
  return priced(lines);
}

function finding(group: ConsolidationGroup, members: Member[], targets: TargetProfile): Finding {
  const first = members[0] as Member;
  const { fn, env } = first;
  const fns = members.map((m) => m.fn);
  const checks = [
    matchLine('runtime', fns.map((f) => f.runtime ?? 'none')),
    matchLine('role', fns.map((f) => (f.role === undefined ? undefined : (f.role ?? 'none')))),
    matchLine('VPC', fns.map(vpcText)),
    matchLine('layers', fns.map((f) => f.layers.map((l) => l.arn).sort().join(',') || 'none')),
    matchLine('architecture', fns.map((f) => f.architectures.join(','))),
    matchLine('tier', fns.map((f) => tierOf(f, targets) ?? 'none')),
  ];
  const blockers = checks.filter((c) => c.ok === false).length;
  const money = mergedMoney(members);
  const provisioned = fns.filter((f) => provisionedCount(f) > 0);
  const pcText = provisioned.length
    ? `provisioned concurrency on ${provisioned.length} function(s) (${provisioned.reduce((s, f) => s + provisionedCount(f), 0)} instances) would live on one alias of the merged function, sized to the group's combined peak concurrency (not priced: that peak is not measured)`
    : 'no provisioned concurrency to share';
  const coldStarts = fns.map((f) => f.usage?.initDurationP95Ms).filter((v): v is number => typeof v === 'number');
  const coldText = `one warm pool instead of ${fns.length}: the rarely called members stop paying cold starts of their own${coldStarts.length ? ` (p95 init up to ${Math.max(...coldStarts)} ms today)` : ''}`;
  const moneyText =
    money.monthlyDeltaUsd === null
      ? 'usage data needed to price running every member at the largest memory size'
      : money.monthlyDeltaUsd === 0
        ? '±$0.00/month: the same requests and GB-seconds'
        : `${usd(money.monthlyDeltaUsd)}: the same requests, more GB-seconds where a member runs at the largest memory size`;
  return buildFinding(
    meta,
    { service: 'lambda', resource: `lambda-consolidation:${fn.region}:${env}:${group.name}`, resourceName: `${group.name}-${env}`, region: fn.region, env },
    {
      current: fns.map((f) => f.name),
      target: { functions: 1, into: group.into },
      ...money,
      message:
        `${fns.length} functions (${fns.map((f) => f.name).join(', ')}) → ${group.into}; ` +
        `must match first: ${checks.map((c) => c.text).join('; ')}${blockers ? ` (${blockers} to align before merging)` : ''}; ` +
        `direct money ${moneyText}; ${coldText}; ${pcText}; ${fns.length} log groups become 1 (CloudWatch Logs bills ingestion and storage, not groups: no saving)`,
    },
  );
}

export const lambdaConsolidation: Rule = {
  meta,
  check(context) {
    const groups = new Map<string, { group: ConsolidationGroup; members: Member[] }>();
    for (const { fn, env } of functionsInScope(context)) {
      const group = groupOf(fn.name, context.targets.lambdaConsolidationGroups);
      if (!group) continue;
      const key = `${fn.region}|${env}|${group.name}`;
      const entry = groups.get(key) ?? { group, members: [] };
      entry.members.push({ fn, env });
      groups.set(key, entry);
    }
    return [...groups.values()].filter((g) => g.members.length > 1).map((g) => finding(g.group, g.members, context.targets));
  },
};
