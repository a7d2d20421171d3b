/** How the audit's renderers name accounts: a column only when the report spans several. Pure. */
import type { AuditReport } from '../audit/types.js';

/**
 * Several accounts asked for or read (--org, --accounts, several snapshots): findings, gaps and costs name theirs.
 * A template audit's runs (one per environment) are of no account: their environment column tells them apart.
 */
export function spansAccounts(report: Pick<AuditReport, 'costs' | 'accountsNotRead'> & Partial<Pick<AuditReport, 'sources'>>): boolean {
  if (report.sources?.length && report.sources.every((s) => s.template)) return false;
  return report.costs.byAccount.length > 1 || report.accountsNotRead.length > 0;
}

/** An account as a cell: its Organizations name when known, else its id. */
export function accountNamer(report: Pick<AuditReport, 'costs'>): (account: string | null | undefined) => string {
  const names = new Map(report.costs.byAccount.map((a) => [a.account, a.name]));
  return (account) => (account ? names.get(account) ?? account : 'unknown');
}

/** "111122223333 (clinnet-dev)" */
export function accountWithName(account: string | null, name: string | null | undefined): string {
  return name ? `${account ?? 'unknown'} (${name})` : account ?? 'unknown';
}
