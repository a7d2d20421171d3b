/**
 * ISO-8601 date-times with a zone → the UTC `YYYY-MM-DD HH:MM:SS[.ffffff]` a TIMESTAMP or DATETIME
 * column takes (sessions run with time_zone = '+00:00'). Exact or refused: no zone, no date, an
 * impossible day or an out-of-range year is a reason, never a guess. Fraction digits beyond the
 * column's precision are cut here (MySQL would round them, MariaDB cut them).
 */

export type IsoResult = { ok: true; value: string; cut: boolean } | { ok: false; reason: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Smallest and largest values (UTC), as MySQL and MariaDB document them. */
const RANGES = {
  timestamp: { min: '1970-01-01 00:00:01', max: '2038-01-19 03:14:07' },
  datetime: { min: '1000-01-01 00:00:00', max: '9999-12-31 23:59:59' },
};

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? -1 : 0);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function isoToUtc(text: string, fsp: number, kind: 'timestamp' | 'datetime'): IsoResult {
  const m = ISO.exec(text);
  if (!m) return { ok: false, reason: `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not an ISO-8601 date-time` };
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = m;
  if (!zone) return { ok: false, reason: `"${text}" has no time zone (Z or ±HH:MM): its UTC time is unknown` };
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `"${text}" is not a valid date-time` };
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return { ok: false, reason: `"${text}" has an invalid zone offset` };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const { min, max } = RANGES[kind];
  if (year < 1000) return { ok: false, reason: `"${text}" is outside the range of ${kind.toUpperCase()} (${min} to ${max} UTC)` };
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  const whole = `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())} ${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}`;
  if (utc.getUTCFullYear() > 9999 || whole < min || whole > max) {
    return { ok: false, reason: `"${text}" is outside the range of ${kind.toUpperCase()} (${min} to ${max} UTC)` };
  }
  const kept = fraction.slice(0, fsp);
  const cut = /[1-9]/.test(fraction.slice(fsp));
  return { ok: true, value: kept ? `${whole}.${kept}` : whole, cut };
}
