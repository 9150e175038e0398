/**
 * Date formatting for dense tables: fixed-width, sortable-looking local times ("2026-11-30 09:27"), which read faster
 * in a column than locale prose. Invalid or missing values render as an em dash rather than "Invalid Date".
 */

const pad = (n: number): string => String(n).padStart(2, '0');

function parse(iso: string | null | undefined): Date | null {
  if (iso === null || iso === undefined || iso === '') return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const EMPTY = '—';

/** "YYYY-MM-DD HH:MM:SS" in local time. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (d === null) return EMPTY;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "HH:MM" in local time. */
export function formatTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (d === null) return EMPTY;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today's date as YYYY-MM-DD in local time, for date-input bounds. */
export function localIsoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A greeting by local hour of day. */
export function greetingFor(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
