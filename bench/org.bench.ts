/**
 * The multi-account read (`snapshot`/`audit --org`: collectAccounts) over an organization of 8
 * member accounts (bench/support/synthetic-org.ts), each a smaller synthetic account, every call
 * (Organizations, STS, the services) answered after 50 ms. Read with --max-accounts-in-flight 1, 4
 * and 8, after one account alone, all after a warm-up read at no latency (the first read loads the
 * SDK's packages). Asserts only that every run read everything; never anything about time. About a minute.
 *
 * How to read it (targets):
 * - wall(4)/wall(1) ≤ 0.3: four accounts at a time take at most 30 % of one at a time (ideal 0.25).
 * - wall(n)/bound ≤ 1.2, bound = one account's wall × ceil(8 / n): reading accounts side by side
 *   costs each account no more than a fifth more than reading it alone (each keeps its own
 *   per-service limits, so accounts must not slow each other).
 * - overhead calls per account ≤ 3 (AssumeRole, the GetCallerIdentity that checks the credentials,
 *   ListTagsForResource for the account's environment), plus the organization read once
 *   (GetCallerIdentity, DescribeOrganization, ListAccounts pages). Above 3: something is asked
 *   per account that need not be (a second AssumeRole, tags read twice).
 * - peak RSS and heap growth (process.memoryUsage() sampled every 10 ms, from a collected heap at
 *   the start of each run) with 1 and 8 accounts in flight: printed, no target. 8 in flight holds 8
 *   accounts' reads at once, so growth up to 8 × one account's is expected, not a leak. RSS is
 *   coarse: pages an earlier run freed are reused without growing it; the heap figure is the finer one.
 *   Both include the mocks' history of the run's requests (the same in every run of 8 accounts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectOptions } from '../src/inventory/collect.js';
import { AccountSnapshot } from '../src/inventory/snapshot.js';
import { sessionNameFor } from '../src/org/assume-role.js';
import { collectAccounts, type OrgSnapshotSet } from '../src/org/collect-accounts.js';
import type { OrgReadRequest } from '../src/org/read-accounts.js';
import type { AccountsRequest } from '../src/org/selection.js';
import { installSyntheticOrg, MANAGEMENT, type MemberAccount, type SyntheticOrg } from './support/synthetic-org.js';

const LATENCY_MS = 50;
/** Requests in flight within each account (collectSnapshot's default). */
const CONCURRENCY = 8;
const MEMBERS = 8;
const IN_FLIGHT = [1, 4, 8];
/** About 780 calls an account (four per function: GetFunction, ListAliases, provisioned concurrency, the alias's version), ~5 s alone. */
const PER_ACCOUNT = { functions: 150, buckets: 50, logGroups: 20, clusters: 2 };
const COLLECT: CollectOptions = { regions: ['us-east-1'], concurrency: CONCURRENCY, metricsDays: false };
/** The calls the management account makes: the organization read, and per account its tags and the AssumeRole. */
const ORG_READS = ['GetCallerIdentity', 'DescribeOrganization', 'ListAccounts'];
const MANAGEMENT_OPS = new Set([...ORG_READS, 'ListTagsForResource', 'AssumeRole']);

// A collected heap at the start of each run, so its RSS growth is its own (gc is not exposed by default).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let org: SyntheticOrg | undefined;
afterAll(() => org?.restore());

interface Run {
  inFlight: number;
  members: MemberAccount[];
  set: OrgSnapshotSet;
  wallMs: number;
  calls: Map<string, number>;
  callsByAccount: Map<string, Map<string, number>>;
  rssGrowth: number;
  heapGrowth: number;
}

const request = (accounts: AccountsRequest, maxInFlight: number): OrgReadRequest => ({
  accounts,
  role: { roleName: 'OrganizationAccountAccessRole', sessionName: sessionNameFor('snapshot') },
  maxInFlight,
  tagKey: 'Environment',
});

async function measure(o: SyntheticOrg, members: MemberAccount[], accounts: AccountsRequest, inFlight: number): Promise<Run> {
  o.account.resetCalls();
  gc();
  const start = process.memoryUsage();
  const peak = { rss: start.rss, heapUsed: start.heapUsed };
  const sampleMemory = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  const sample = setInterval(sampleMemory, 10);
  const started = performance.now();
  const set = await collectAccounts(o.managementFactory(), request(accounts, inFlight), COLLECT);
  const wallMs = performance.now() - started;
  clearInterval(sample);
  sampleMemory();
  const callsByAccount = new Map([...o.account.callsByAccount].map(([id, ops]) => [id, new Map(ops)]));
  return { inFlight, members, set, wallMs, calls: new Map(o.account.calls), callsByAccount, rssGrowth: peak.rss - start.rss, heapGrowth: peak.heapUsed - start.heapUsed };
}

/** The run read every account it was asked for, completely, each through its own credentials. */
function expectComplete(o: SyntheticOrg, run: Run): void {
  const { set, members } = run;
  expect(set.accountsNotRead).toEqual([]);
  expect(set.organization).toEqual({ id: 'o-synthetic01', managementAccount: MANAGEMENT });
  expect(set.accounts.map((s) => s.account)).toEqual(members.map((m) => m.id));
  for (const [i, snapshot] of set.accounts.entries()) {
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot.accountName).toBe(members[i].name);
    expect(snapshot.coverageGaps).toEqual([]);
    expect(snapshot.lambdaFunctions).toHaveLength(o.account.sizes.functions);
    expect(snapshot.buckets).toHaveLength(o.account.sizes.buckets);
    expect(snapshot.logGroups).toHaveLength(o.account.sizes.logGroups);
    expect(snapshot.auroraClusters).toHaveLength(o.account.sizes.clusters);
  }
  // Each member's resources were read with its own credentials; the management account's only list the organization and assume roles.
  const minimum = o.account.minimum();
  for (const member of members) {
    const byOp = run.callsByAccount.get(member.id) ?? new Map<string, number>();
    for (const [op, least] of Object.entries(minimum)) expect(byOp.get(op) ?? 0, `${member.id} ${op}`).toBeGreaterThanOrEqual(least);
  }
  expect([...(run.callsByAccount.get(MANAGEMENT)?.keys() ?? [])].filter((op) => !MANAGEMENT_OPS.has(op))).toEqual([]);
  expect([...run.callsByAccount.keys()].filter((id) => id !== MANAGEMENT && !members.some((m) => m.id === id))).toEqual([]);
}

interface Overhead {
  total: number;
  assumeRole: number;
  /** GetCallerIdentity signed by the members beyond the one each account read makes itself. */
  identityChecks: number;
  tags: number;
  /** The organization read, once per run, by the management account. */
  orgReads: number;
  perAccount: number;
}

function overheadOf(run: Run): Overhead {
  const management = run.callsByAccount.get(MANAGEMENT) ?? new Map<string, number>();
  const memberIdentity = run.members.reduce((sum, m) => sum + (run.callsByAccount.get(m.id)?.get('GetCallerIdentity') ?? 0), 0);
  const assumeRole = run.calls.get('AssumeRole') ?? 0;
  const identityChecks = memberIdentity - run.members.length;
  const tags = run.calls.get('ListTagsForResource') ?? 0;
  const orgReads = ORG_READS.reduce((sum, op) => sum + (management.get(op) ?? 0), 0);
  const perAccountTotal = assumeRole + identityChecks + tags;
  return { total: perAccountTotal + orgReads, assumeRole, identityChecks, tags, orgReads, perAccount: perAccountTotal / run.members.length };
}

const total = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
const ratio = (a: number, b: number) => (a / b).toFixed(3);

describe('organization collect benchmark', () => {
  it(`reads ${MEMBERS} member accounts (${PER_ACCOUNT.functions} functions, ${PER_ACCOUNT.buckets} buckets, ${PER_ACCOUNT.logGroups} log groups, ${PER_ACCOUNT.clusters} clusters each) at ${LATENCY_MS} ms per call, ${IN_FLIGHT.join('/')} accounts in flight`, async () => {
    org = installSyntheticOrg(LATENCY_MS, { members: MEMBERS, sizes: PER_ACCOUNT });
    const o = org;
    const one = o.members.slice(0, 1);
    o.account.setLatency(0);
    expectComplete(o, await measure(o, one, { kind: 'accounts', ids: [one[0].id] }, 1));
    o.account.setLatency(LATENCY_MS);
    const single = await measure(o, one, { kind: 'accounts', ids: [one[0].id] }, 1);
    expectComplete(o, single);
    const runs: Run[] = [];
    for (const inFlight of IN_FLIGHT) {
      const run = await measure(o, o.members, { kind: 'org' }, inFlight);
      expectComplete(o, run);
      expect(run.set.passedOver.map((p) => p.id)).toEqual([MANAGEMENT]);
      runs.push(run);
    }

    const readCalls = (r: Run) => (total(r.calls) - overheadOf(r).total) / r.members.length;
    const orgReadsOnce = 2 + o.listAccountsPages;
    const wallOf = (n: number) => runs.find((r) => r.inFlight === n)!.wallMs;
    const boundOf = (n: number) => single.wallMs * Math.ceil(MEMBERS / n);
    const lines = [
      '',
      `org collect: ${MEMBERS} member accounts × (${PER_ACCOUNT.functions} functions, ${PER_ACCOUNT.buckets} buckets, ${PER_ACCOUNT.logGroups} log groups, ${PER_ACCOUNT.clusters} clusters); ${LATENCY_MS} ms/call, ${CONCURRENCY} requests in flight per account`,
      `  each account's own read: ${readCalls(single)} calls; the organization read once: GetCallerIdentity, DescribeOrganization, ${o.listAccountsPages} ListAccounts pages = ${orgReadsOnce}`,
      `  1 account alone: wall ${seconds(single.wallMs)} s, ${total(single.calls)} calls, peak RSS growth ${mb(single.rssGrowth)} MB, heap ${mb(single.heapGrowth)} MB`,
      '  in flight   wall s  bound s  wall/bound   calls  AssumeRole  identity checks  ListTags  org reads  overhead/account  peak growth MB: RSS  heap',
      ...runs.map((r) => {
        const oh = overheadOf(r);
        return `  ${String(r.inFlight).padStart(9)} ${seconds(r.wallMs).padStart(8)} ${seconds(boundOf(r.inFlight)).padStart(8)} ${ratio(r.wallMs, boundOf(r.inFlight)).padStart(11)} ${String(total(r.calls)).padStart(7)} ${String(oh.assumeRole).padStart(11)} ${String(oh.identityChecks).padStart(16)} ${String(oh.tags).padStart(9)} ${String(oh.orgReads).padStart(10)} ${oh.perAccount.toFixed(3).padStart(17)} ${mb(r.rssGrowth).padStart(20)} ${mb(r.heapGrowth).padStart(5)}`;
      }),
      `  wall(4)/wall(1): ${ratio(wallOf(4), wallOf(1))} (target ≤ 0.3; ideal 0.25)`,
      ...runs.map((r) => `  wall(${r.inFlight})/bound: ${ratio(r.wallMs, boundOf(r.inFlight))} (bound = ${seconds(single.wallMs)} s × ceil(${MEMBERS}/${r.inFlight}); target ≤ 1.2)`),
      ...runs.map((r) => {
        const oh = overheadOf(r);
        return `  overhead, ${r.inFlight} in flight: ${oh.perAccount.toFixed(3)} calls per account + ${oh.orgReads} organization reads once = ${oh.total} of ${total(r.calls)} calls (target ≤ 3 per account + ${orgReadsOnce} once)`;
      }),
      `  peak RSS growth: ${mb(runs[0].rssGrowth)} MB with 1 account in flight, ${mb(runs.at(-1)!.rssGrowth)} MB with ${runs.at(-1)!.inFlight} → ${signedMb(runs.at(-1)!.rssGrowth - runs[0].rssGrowth)} MB`,
      `  peak heap growth: ${mb(runs[0].heapGrowth)} MB with 1 account in flight, ${mb(runs.at(-1)!.heapGrowth)} MB with ${runs.at(-1)!.inFlight} → ${signedMb(runs.at(-1)!.heapGrowth - runs[0].heapGrowth)} MB (one account alone: ${mb(single.heapGrowth)} MB)`,
    ];
    console.log(lines.join('\n'));
  });
});
