/**
 * Report periods as Cost Explorer wants them: Start inclusive, End exclusive, UTC dates. A period
 * that reaches today is open (its figures still change) and is never cached.
 */
import { usageError } from '../errors.js';

export interface Period {
  /** YYYY-MM-DD, inclusive. */
  start: string;
  /** YYYY-MM-DD, exclusive. */
  end: string;
  /** What the user asked for, e.g. 'last-month', '2025-05', '2025-05-03..2025-05-09'. */
  label: string;
}

const DAY_MS = 86_400_000;
const AVERAGE_MONTH_DAYS = 365.25 / 12;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseDay(text: string, option: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || isoDate(date) !== text) throw usageError(`${option}: "${text}" is not a date (YYYY-MM-DD)`);
  return date;
}

export function addDays(day: string, days: number): string {
  return isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

function monthStart(year: number, month: number): string {
  return isoDate(new Date(Date.UTC(year, month, 1)));
}

export function daysInMonthOf(day: string): number {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Parses --period against today's UTC date. */
export function parsePeriod(spec: string, now: Date): Period {
  const today = isoDate(now);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const option = '--period';
  if (spec === 'last-month') return { start: monthStart(year, month - 1), end: monthStart(year, month), label: spec };
  if (spec === 'month-to-date') {
    const start = monthStart(year, month);
    // Today's costs are hours away from complete; the period runs to yesterday.
    if (start === today) throw usageError('--period month-to-date is empty on the first day of a month: use --period last-month');
    return { start, end: today, label: spec };
  }
  const monthMatch = /^(\d{4})-(\d{2})$/.exec(spec);
  if (monthMatch) {
    const m = Number(monthMatch[2]);
    if (m < 1 || m > 12) throw usageError(`${option}: "${spec}" is not a month (YYYY-MM)`);
    const start = monthStart(Number(monthMatch[1]), m - 1);
    if (start > today) throw usageError(`${option}: ${spec} has not started yet`);
    let end = monthStart(Number(monthMatch[1]), m);
    if (end > today) {
      if (start === today) throw usageError(`${option}: ${spec} has no complete day yet: use --period last-month`);
      end = today;
    }
    return { start, end, label: spec };
  }
  const rangeMatch = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(spec);
  if (rangeMatch) {
    const start = isoDate(parseDay(rangeMatch[1], option));
    const last = isoDate(parseDay(rangeMatch[2], option));
    if (last < start) throw usageError(`${option}: ${spec} ends before it starts`);
    if (last >= today) throw usageError(`${option}: ${spec} must end before today (${today}); today's costs are not complete`);
    return { start, end: addDays(last, 1), label: spec };
  }
  throw usageError(`${option} must be last-month, month-to-date, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (got "${spec}")`);
}

export function periodDays(period: Pick<Period, 'start' | 'end'>): number {
  return daysBetween(period.start, period.end);
}

/**
 * True when the period reaches yesterday or later: it includes today, or a day whose figures Cost
 * Explorer is still filling in (it lags by up to a day), so its answer must not be cached.
 */
export function isOpen(period: Pick<Period, 'start' | 'end'>, now: Date): boolean {
  return period.end >= isoDate(now);
}

/**
 * The factor that turns a period's cost into a full month's: the days of its month over the days
 * covered when it lies in one calendar month, else an average month over the days covered.
 */
export function monthlyFactor(period: Pick<Period, 'start' | 'end'>): number {
  const days = periodDays(period);
  const sameMonth = period.start.slice(0, 7) === addDays(period.end, -1).slice(0, 7);
  return (sameMonth ? daysInMonthOf(period.start) : AVERAGE_MONTH_DAYS) / days;
}

/** A window of `days` days that ends where `end` starts (exclusive end). */
export function windowBefore(end: string, days: number): Period {
  return { start: addDays(end, -days), end, label: `${addDays(end, -days)}..${addDays(end, -1)}` };
}
