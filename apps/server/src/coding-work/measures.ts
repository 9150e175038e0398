import { AGE_BUCKETS, type AgeBucket } from '@charta/contracts';
import { EncounterType } from '@charta/core';

/** Pure helpers for the queue, DNFB and productivity figures: no I/O, no clock (the instant comes in). */

const DAY_MS = 86_400_000;

/**
 * Whole days since discharge (or completion); entry into the queue stands in when no discharge time is known.
 * Never negative: a discharge time in the future (clock skew at the source) counts as day 0.
 */
export function ageInDays(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

/** DNFB age buckets in days since discharge: 0-3, 4-7, 8-14, 15-30, 31+. */
export function ageBucket(days: number): AgeBucket {
  if (days <= 3) return '0-3';
  if (days <= 7) return '4-7';
  if (days <= 14) return '8-14';
  if (days <= 30) return '15-30';
  return '31+';
}

export function emptyBuckets<T>(make: () => T): Record<AgeBucket, T> {
  return Object.fromEntries(AGE_BUCKETS.map((b) => [b, make()])) as Record<AgeBucket, T>;
}

/** Money as integer cents, so that sums are exact; from a decimal string as PostgreSQL returns numeric. */
export function toCents(amount: string | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === '') return 0;
  return Math.round(Number(amount) * 100);
}

export function centsToString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The idle cap of coding time: a gap between two workbench reports counts for at most this long. */
export const CODING_IDLE_CAP_SECONDS = 300;

/** Seconds a workbench report adds to its session: the gap since the previous report, capped. */
export function activeIncrement(lastEventAt: Date, now: Date, capSeconds = CODING_IDLE_CAP_SECONDS): number {
  const gap = (now.getTime() - lastEventAt.getTime()) / 1000;
  return Math.min(Math.max(gap, 0), capSeconds);
}

/** Records finalised per hour of coding time; null without coding time. Two decimals. */
export function perHour(finalized: number, seconds: number): number | null {
  if (seconds <= 0) return null;
  return Math.round((finalized / (seconds / 3600)) * 100) / 100;
}

/** Stored encounter types spell two words with an underscore; the code-set engine with a hyphen. */
export function coreEncounterType(type: string): EncounterType {
  switch (type) {
    case 'skilled_nursing':
      return EncounterType.skilledNursing;
    case 'behavioral_health':
      return EncounterType.behavioralHealth;
    case 'inpatient':
    case 'outpatient':
    case 'emergency':
    case 'observation':
      return type;
    default:
      return EncounterType.outpatient;
  }
}

/** Age in whole years (and days when under one) on a date, from a birth date; both YYYY-MM-DD. */
export function ageOn(birthDate: string, onDate: string): { years: number; days: number } | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})/u.exec(birthDate);
  const d = /^(\d{4})-(\d{2})-(\d{2})/u.exec(onDate);
  if (!b || !d) return undefined;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [dy, dm, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
  let years = dy - by;
  if (dm < bm || (dm === bm && dd < bd)) years -= 1;
  if (years < 0) return undefined;
  const days = Math.floor((Date.UTC(dy, dm - 1, dd) - Date.UTC(by, bm - 1, bd)) / DAY_MS);
  return { years, days };
}

/** The sex the edits take: M, F or U, from what an intake path stored (M/F, male/female, ...). */
export function editSex(sex: string): 'M' | 'F' | 'U' {
  const s = sex.trim().toLowerCase();
  if (s === 'm' || s === 'male') return 'M';
  if (s === 'f' || s === 'female') return 'F';
  return 'U';
}
