import type { IsoDate } from './types.js';

/** Adds days to an ISO date using UTC calendar arithmetic (no clock, no time zone). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Adds calendar months to an ISO date (the day of month is kept; releases start on the 1st). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC(y ?? 1970, (m ?? 1) - 1 + months, d ?? 1);
  return new Date(t).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  return t.getUTCFullYear() === y && t.getUTCMonth() + 1 === m && t.getUTCDate() === d;
}

/**
 * The start of the ICD-10 fiscal year a date falls in: FY N runs 1 Oct N-1 to 30 Sep N [DOMAIN.md §1.1].
 * fiscalYearOf('2025-10-01') === 2026.
 */
export function fiscalYearOf(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= '10-01' ? y + 1 : y;
}
