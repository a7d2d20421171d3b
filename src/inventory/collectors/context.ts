/**
 * What every collector shares: the client factory, the one request limiter, and the coverage gaps.
 * A collector never throws for an AWS answer it can live with: it records a gap and goes on. Only a
 * missing-credentials error propagates (nothing can be read; cli.ts turns it into advice).
 */
import type { ClientFactory } from '../../aws/clients.js';
import { describeAwsError, isAccessDenied, isMissingCredentials, isNotEnabled, awsErrorName } from '../../aws/errors.js';
import type { CoverageGap, Tags } from '../snapshot.js';
import { Limiter, type Priority } from './limiter.js';

export interface Where {
  service: string;
  region: string;
  /** The API operation, e.g. 'ListFunctions'. */
  operation: string;
  /** Set for per-resource calls: a resource deleted since it was listed is skipped, not a gap. */
  resource?: string;
}

/** Resources that vanished between the list and the per-resource read. */
const GONE = new Set([
  'ResourceNotFoundException',
  'NotFoundException',
  'NoSuchBucket',
  'NoSuchDistribution',
  'NoSuchResource',
  'DBClusterNotFoundFault',
  'TableNotFoundException',
]);

/** A gap is one line in a report: the SDK appends hints on further lines. */
const oneLine = (text: string): string => text.split('\n')[0].trim();

interface GapEntry {
  gap: CoverageGap;
  count: number;
}

/** Gaps keyed by service/region/operation/kind, so 500 denied buckets are one line, not 500. */
export class GapRecorder {
  private readonly entries = new Map<string, GapEntry>();

  add(where: Where, error: unknown): void {
    const kind: CoverageGap['kind'] = isAccessDenied(error) ? 'access-denied' : isNotEnabled(error) ? 'not-enabled' : 'error';
    const key = [where.service, where.region, where.operation, kind].join('|');
    const entry = this.entries.get(key);
    if (entry) {
      entry.count++;
      return;
    }
    const gap: CoverageGap = { service: where.service, region: where.region, operation: where.operation, kind, error: oneLine(describeAwsError(error)) };
    if (where.resource) gap.resource = where.resource;
    this.entries.set(key, { gap, count: 1 });
  }

  has(service: string): boolean {
    return [...this.entries.values()].some((e) => e.gap.service === service);
  }

  list(): CoverageGap[] {
    return [...this.entries.values()].map(({ gap, count }) => (count > 1 ? { ...gap, error: `${gap.error} (and ${count - 1} more like it)` } : gap));
  }
}

export class Collection {
  readonly gaps = new GapRecorder();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly factory: ClientFactory,
    readonly limiter: Limiter,
  ) {}

  /** AWS requests answered (or failed) so far: what progress shows. */
  requests = 0;
  /** Told after each request, with the count so far (progress events). */
  onRequest?: (requests: number) => void;

  /** One AWS request through the shared limiter. */
  request<T>(send: () => Promise<T>, priority: Priority = 'item'): Promise<T> {
    return this.limiter.run(send, priority).finally(() => {
      this.requests++;
      this.onRequest?.(this.requests);
    });
  }

  /** The same read once per key for the whole collection (layer versions, engine versions). */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined;
    if (!found) {
      found = read();
      found.catch(() => undefined);
      this.memo.set(key, found);
    }
    return found;
  }

  /** Runs `read`; an AWS error becomes a coverage gap and `undefined`, except missing credentials. */
  async guard<T>(where: Where, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (isMissingCredentials(error)) {
        this.limiter.abort(error);
        throw error;
      }
      if (!(where.resource && GONE.has(awsErrorName(error)))) this.gaps.add(where, error);
      return undefined;
    }
  }
}

/** Reads every page: `fetchPage(token)` until `nextToken(page)` is empty. Stops on a repeated token. */
export async function paginate<P>(
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined | null,
  onPage: (page: P) => void,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    onPage(page);
    token = nextToken(page) || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`pagination did not advance (token ${token.slice(0, 20)} repeated)`);
      seen.add(token);
    }
  } while (token !== undefined);
}

/** A read started now and awaited later: its rejection must not count as unhandled meanwhile. */
export function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/** Per-resource work started while the list is still paging; awaited together at the end. */
export class Tasks<T> {
  private readonly started: Promise<T>[] = [];

  add(task: Promise<T>): void {
    // Handled later by settle(); this keeps a rejection from being reported as unhandled meanwhile.
    task.catch(() => undefined);
    this.started.push(task);
  }

  settle(): Promise<T[]> {
    return Promise.all(this.started);
  }
}

/** Error name as AWS sends it, for the few "absent" answers that are not errors to a collector. */
export function isNamed(error: unknown, ...names: string[]): boolean {
  return names.includes(awsErrorName(error));
}

export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const t of list ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

export function tagsFromRecord(record: Record<string, string | undefined> | undefined): Tags {
  const tags: Tags = {};
  for (const [k, v] of Object.entries(record ?? {})) tags[k] = v ?? '';
  return tags;
}

/** A response fragment as plain JSON (Dates as ISO strings, undefined dropped), as the drift guard reads it. */
export function plainJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}

export const iso = (value: Date | string | undefined | null): string | null =>
  value === undefined || value === null ? null : value instanceof Date ? value.toISOString() : String(value);

export const compact = <T>(items: readonly (T | undefined)[]): T[] => items.filter((x): x is T => x !== undefined);
