import type { CaseMixGroup } from '@charta/contracts';

export const NONE = '—';

/** A CMI to four decimals, as CMS prints relative weights. */
export function formatCmi(value: number | null): string {
  return value === null ? NONE : value.toFixed(4);
}

/** A fraction as a percentage with one decimal. */
export function formatRate(value: number | null): string {
  return value === null ? NONE : `${(value * 100).toFixed(1)}%`;
}

/** The default period: the first day of the month eleven months back, to today (twelve calendar months). */
export function defaultPeriod(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const back = y * 12 + (m - 1) - 11;
  const from = `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: today };
}

/** The series of the capture chart: per month, cases captured with an MCC, with a CC only, and not captured. */
export function captureSeries(groups: readonly CaseMixGroup[]) {
  return [
    { name: 'Captured with MCC', values: groups.map((g) => g.capture.capturedMcc) },
    { name: 'Captured with CC', values: groups.map((g) => g.capture.captured - g.capture.capturedMcc) },
    { name: 'Not captured', values: groups.map((g) => g.capture.eligible - g.capture.captured) },
  ];
}
