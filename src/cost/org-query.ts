/**
 * The organization's one Cost Explorer query (from the management account, which sees every member
 * account): the period's costs grouped by LINKED_ACCOUNT, and by the environment tag too when it is an
 * active cost allocation tag. GroupBy takes at most two groups, so there is no SERVICE grouping here
 * and no categories (docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html).
 */
import type { GetCostAndUsageCommandInput, ResultByTime } from '@aws-sdk/client-cost-explorer';
import type { Period } from './period.js';
import { askCostExplorer, type CostMetric, type QueryDeps } from './query.js';

export interface OrgCostQuery {
  period: Pick<Period, 'start' | 'end'>;
  metric: CostMetric;
  /** The environment tag's activated spelling; null: group by account alone. */
  tagKey: string | null;
}

/** One group of the answer: an account's cost, and its tag value when grouped by the tag. */
export interface OrgCostLine {
  account: string;
  /** The environment tag's value; '' for costs without the tag; null when not grouped by the tag. */
  tagValue: string | null;
  amount: number;
  unit: string;
  estimated: boolean;
}

export interface OrgQueryResult {
  lines: OrgCostLine[];
  /**
   * Account names Cost Explorer gave: for a LINKED_ACCOUNT value, "the description in the attribute map
   * that includes the full name of the member account" (API_GetDimensionValues.html, same reference).
   */
  names: Record<string, string>;
  estimated: boolean;
  requests: number;
  fromCache: boolean;
}

export function buildOrgRequest(query: OrgCostQuery): GetCostAndUsageCommandInput {
  return {
    TimePeriod: { Start: query.period.start, End: query.period.end },
    // The report is the period's totals: monthly results (one per calendar month touched) are the fewest.
    Granularity: 'MONTHLY',
    Metrics: [query.metric],
    GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, ...(query.tagKey ? [{ Type: 'TAG' as const, Key: query.tagKey }] : [])],
  };
}

/** A TAG group key is "Key$value"; costs without the tag come back as "Key$" (tag keys cannot hold "$"). */
export function tagValueOf(groupKey: string | undefined): string {
  if (!groupKey) return '';
  const at = groupKey.indexOf('$');
  return at < 0 ? '' : groupKey.slice(at + 1);
}

export function orgLinesOf(results: ResultByTime[], metric: CostMetric, byTag: boolean): OrgCostLine[] {
  const lines: OrgCostLine[] = [];
  for (const result of results) {
    for (const group of result.Groups ?? []) {
      const value = group.Metrics?.[metric];
      const amount = Number(value?.Amount ?? 0);
      lines.push({
        account: group.Keys?.[0] ?? 'unknown',
        tagValue: byTag ? tagValueOf(group.Keys?.[1]) : null,
        amount: Number.isFinite(amount) ? amount : 0,
        unit: value?.Unit ?? 'USD',
        estimated: Boolean(result.Estimated),
      });
    }
  }
  return lines;
}

export async function queryOrgCosts(query: OrgCostQuery, deps: QueryDeps): Promise<OrgQueryResult> {
  const answer = await askCostExplorer(buildOrgRequest(query), deps);
  const names: Record<string, string> = {};
  for (const attribute of answer.attributes) {
    const name = attribute.Attributes?.description;
    if (attribute.Value && name) names[attribute.Value] = name;
  }
  return {
    lines: orgLinesOf(answer.results, query.metric, query.tagKey !== null),
    names,
    estimated: answer.estimated,
    requests: answer.requests,
    fromCache: answer.fromCache,
  };
}
