import type { AgeBucket, DnfbBreakdown, DnfbSection } from '@charta/contracts';

/** An age bucket as a heading: "0-3" -> "0–3 days". */
export function bucketLabel(bucket: string): string {
  return bucket.endsWith('+') ? `${bucket.slice(0, -1)}+ days` : `${bucket.replace('-', '–')} days`;
}

/** Counts per age bucket, in the report's bucket order (a bucket the server left out counts 0). */
export function bucketCounts(section: DnfbSection | DnfbBreakdown, buckets: readonly AgeBucket[]): number[] {
  return buckets.map((b) => section.buckets[b]?.count ?? 0);
}

/** Expected charges per age bucket as numbers. */
export function bucketCharges(section: DnfbSection | DnfbBreakdown, buckets: readonly AgeBucket[]): number[] {
  return buckets.map((b) => Number(section.buckets[b]?.charges ?? 0) || 0);
}

/** The first day of a trailing window ending today, for the productivity range: YYYY-MM-DD. */
export function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
