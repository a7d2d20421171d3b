/**
 * One Cost Explorer query per report: grouped by SERVICE and USAGE_TYPE together (GroupBy takes two
 * dimensions), every NextPageToken followed, closed periods answered from the disk cache.
 * `askCostExplorer` (paging + cache) is shared with the organization's query (org-query.ts).
 */
import {
  GetCostAndUsageCommand,
  type CostExplorerClient,
  type DimensionValuesWithAttributes,
  type Expression,
  type GetCostAndUsageCommandInput,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { awsErrorName } from '../aws/errors.js';
import { requestHash, type CostCache } from './cache.js';
import { costExplorerError } from './aws-errors.js';
import type { Period } from './period.js';

export const METRICS = ['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost'] as const;
export type CostMetric = (typeof METRICS)[number];
export type Granularity = 'MONTHLY' | 'DAILY';

export interface CostQuery {
  period: Pick<Period, 'start' | 'end'>;
  granularity: Granularity;
  metric: CostMetric;
  /** Cost allocation tag filter: key and the values that mean the environment. */
  tag?: { key: string; values: string[] };
}

/** One line of Cost Explorer's answer. */
export interface CostLine {
  /** Start of the result's time period (a day or a month). */
  start: string;
  service: string;
  usageType: string;
  amount: number;
  unit: string;
  estimated: boolean;
}

export interface QueryResult {
  lines: CostLine[];
  /** Result periods Cost Explorer marked Estimated (not final). */
  estimated: boolean;
  /** Requests sent to Cost Explorer (each page is one, and each is charged). */
  requests: number;
  fromCache: boolean;
}

export interface QueryDeps {
  client: CostExplorerClient;
  /** null: --no-cache. */
  cache: CostCache | null;
  /** Part of the cache key so two accounts never share an answer. */
  account: string;
  /** Open periods are never cached. */
  cacheable: boolean;
}

const MAX_PAGES = 1000;

export function buildRequest(query: CostQuery): GetCostAndUsageCommandInput {
  const filter: Expression | undefined = query.tag ? { Tags: { Key: query.tag.key, Values: query.tag.values, MatchOptions: ['EQUALS'] } } : undefined;
  return {
    TimePeriod: { Start: query.period.start, End: query.period.end },
    Granularity: query.granularity,
    Metrics: [query.metric],
    GroupBy: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
    ],
    ...(filter ? { Filter: filter } : {}),
  };
}

/** Every page's results, and the attributes of the dimension values (a linked account's name). */
export interface CostAnswer {
  results: ResultByTime[];
  attributes: DimensionValuesWithAttributes[];
}

async function fetchAllPages(client: CostExplorerClient, request: GetCostAndUsageCommandInput): Promise<CostAnswer & { requests: number }> {
  let requests = 0;
  // RequestChangedException: the data changed between pages; start over once from the first page.
  for (let attempt = 0; attempt < 2; attempt++) {
    const results: ResultByTime[] = [];
    const attributes: DimensionValuesWithAttributes[] = [];
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        requests++;
        const answer = await client.send(new GetCostAndUsageCommand({ ...request, ...(token ? { NextPageToken: token } : {}) }));
        results.push(...(answer.ResultsByTime ?? []));
        attributes.push(...(answer.DimensionValueAttributes ?? []));
        token = answer.NextPageToken || undefined;
        if (!token) return { results, attributes, requests };
      }
      return { results, attributes, requests };
    } catch (error) {
      if (attempt === 0 && awsErrorName(error) === 'RequestChangedException') continue;
      throw costExplorerError(error);
    }
  }
  return { results: [], attributes: [], requests };
}

export function linesOf(results: ResultByTime[], metric: CostMetric): CostLine[] {
  const lines: CostLine[] = [];
  for (const result of results) {
    const start = result.TimePeriod?.Start ?? '';
    for (const group of result.Groups ?? []) {
      const value = group.Metrics?.[metric];
      const amount = Number(value?.Amount ?? 0);
      lines.push({
        start,
        service: group.Keys?.[0] ?? 'Unknown',
        usageType: group.Keys?.[1] ?? '',
        amount: Number.isFinite(amount) ? amount : 0,
        unit: value?.Unit ?? 'USD',
        estimated: Boolean(result.Estimated),
      });
    }
  }
  return lines;
}

function isCachedAnswer(value: unknown): value is CostAnswer {
  return typeof value === 'object' && value !== null && Array.isArray((value as CostAnswer).results);
}

export interface AskedAnswer extends CostAnswer {
  /** Some result periods are marked Estimated (not final). */
  estimated: boolean;
  requests: number;
  fromCache: boolean;
}

/** One GetCostAndUsage request, every page, answered from the cache when the period is closed and it was asked before. */
export async function askCostExplorer(request: GetCostAndUsageCommandInput, deps: QueryDeps): Promise<AskedAnswer> {
  const key = requestHash({ account: deps.account, request });
  const useCache = deps.cache !== null && deps.cacheable;
  if (useCache) {
    const hit = await deps.cache?.get(key);
    if (isCachedAnswer(hit)) {
      // Entries written before attributes were kept have none.
      const attributes = Array.isArray(hit.attributes) ? hit.attributes : [];
      return { results: hit.results, attributes, estimated: hit.results.some((r) => r.Estimated), requests: 0, fromCache: true };
    }
  }
  const { results, attributes, requests } = await fetchAllPages(deps.client, request);
  const estimated = results.some((r) => r.Estimated);
  // Estimated figures are still moving even for a past period: keep them out of the cache too.
  if (useCache && !estimated) await deps.cache?.set(key, { results, attributes } satisfies CostAnswer);
  return { results, attributes, estimated, requests, fromCache: false };
}

export async function queryCosts(query: CostQuery, deps: QueryDeps): Promise<QueryResult> {
  const answer = await askCostExplorer(buildRequest(query), deps);
  return { lines: linesOf(answer.results, query.metric), estimated: answer.estimated, requests: answer.requests, fromCache: answer.fromCache };
}
