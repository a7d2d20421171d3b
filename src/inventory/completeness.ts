/**
 * Whether an account was read: a coverage gap on one of the list reads below means a service's
 * inventory is missing in a region, so nothing of that service there was audited. Gaps in every
 * other read (account settings, engine versions, one resource's tags, metrics) leave the inventory
 * whole and stay coverage gaps. Pure: works on a live collection and on a snapshot file alike.
 */
import { accessError } from '../errors.js';
import type { UnreadAccount } from './snapshot-set.js';
import type { CoverageGap } from './snapshot.js';

/** Per service (as collectors name it in gaps), the list reads its inventory is made of. */
export const INVENTORY_READS: Readonly<Record<string, readonly string[]>> = {
  lambda: ['ListFunctions'],
  rds: ['DescribeDBClusters', 'DescribeDBInstances'],
  dynamodb: ['ListTables'],
  ec2: ['DescribeVpcs', 'DescribeSubnets', 'DescribeRouteTables', 'DescribeNatGateways', 'DescribeVpcEndpoints'],
  logs: ['DescribeLogGroups'],
  apigateway: ['GetRestApis'],
  s3: ['ListBuckets'],
  cloudfront: ['ListDistributions'],
};

export function isInventoryGap(gap: CoverageGap): boolean {
  return !gap.resource && gap.operation !== undefined && (INVENTORY_READS[gap.service]?.includes(gap.operation) ?? false);
}

export interface UnreadService {
  service: string;
  /** Where its list failed: "us-east-1 ListFunctions". */
  reads: string[];
  /** The first failure's error, as recorded. */
  error: string;
}

/** Services with at least one inventory gap, in service order, each once. */
export function unreadServices(gaps: readonly CoverageGap[]): UnreadService[] {
  const byService = new Map<string, UnreadService>();
  for (const gap of gaps.filter(isInventoryGap)) {
    const read = `${gap.region} ${gap.operation}`;
    const entry = byService.get(gap.service);
    if (!entry) byService.set(gap.service, { service: gap.service, reads: [read], error: gap.error });
    else if (!entry.reads.includes(read)) entry.reads.push(read);
  }
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * "incomplete: 2 services not read (…)", "incomplete: 1 account not read (…)" (the summary every
 * report format shows), or null when everything asked for was read.
 */
export function incompleteHeadline(servicesNotRead: readonly string[], accountsNotRead: readonly string[] = []): string | null {
  const parts: string[] = [];
  const a = accountsNotRead.length;
  if (a) parts.push(`${a} account${a === 1 ? '' : 's'} not read (${accountsNotRead.join(', ')})`);
  const n = servicesNotRead.length;
  if (n) parts.push(`${n} service${n === 1 ? '' : 's'} not read (${servicesNotRead.join(', ')})`);
  return parts.length ? `incomplete: ${parts.join('; ')}` : null;
}

/** "123456789012 (clinnet-dev)" */
export const accountLabel = (account: { account: string | null; name?: string | null }): string =>
  account.name ? `${account.account ?? 'unknown'} (${account.name})` : account.account ?? 'unknown account';

/** Throws an access error (exit 3) naming each account whose role could not be assumed, unless the user accepted gaps. */
export function assertAccountsRead(notRead: readonly UnreadAccount[], options: CompletenessOptions): void {
  if (options.allowGaps || !notRead.length) return;
  const n = notRead.length;
  const list = notRead.map((u) => `${accountLabel(u)}: ${shortError(u.reason)}`).join('; ');
  throw accessError(`${n} account${n === 1 ? '' : 's'} not read: ${list}; fix the role or its trust policy (see docs/cli.md, "Many accounts"), or pass --allow-gaps to accept an incomplete result`);
}

const shortError = (text: string): string => (text.length > 160 ? `${text.slice(0, 157)}…` : text);

/** One line naming what could not be read: "lambda (us-east-1 ListFunctions: AccessDenied…), s3 (…)". */
export function describeUnread(unread: readonly UnreadService[]): string {
  return unread.map((u) => `${u.service} (${u.reads.join(', ')}: ${shortError(u.error)})`).join('; ');
}

export interface CompletenessOptions {
  /** --allow-gaps: the user accepts an incomplete read; the report then says "incomplete". */
  allowGaps: boolean;
  /** What was read, for the message: "the account", "snapshot prod.json". */
  what?: string;
}

/** Throws an access error (exit 3) naming the services not read, unless the user accepted gaps. */
export function assertInventoryRead(gaps: readonly CoverageGap[], options: CompletenessOptions): void {
  if (options.allowGaps) return;
  const unread = unreadServices(gaps);
  if (!unread.length) return;
  const n = unread.length;
  throw accessError(
    `${options.what ?? 'the account'}: ${n} service${n === 1 ? '' : 's'} not read: ${describeUnread(unread)}; fix access, or pass --allow-gaps to accept an incomplete result`,
  );
}
