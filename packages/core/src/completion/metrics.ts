/**
 * Completion metrics for the monthly report to the medical executive committee:
 * open deficiencies per clinician, the delinquency rate against the average monthly discharges, and discharge-summary
 * timeliness. Pure: the caller reads the rows and passes the instant.
 */

const DAY = 86_400_000;

/** The share of average monthly discharges that delinquent records may reach (the accreditation threshold for delinquent records). */
export const DELINQUENCY_THRESHOLD = 0.5;
/** Full calendar months the average monthly discharges is taken over. */
export const AMD_MONTHS = 3;

export interface MetricsDischarge {
  readonly encounterId: string;
  /** ISO instant. */
  readonly dischargeAt: string;
  readonly service: string | null;
  readonly attendingId: string | null;
}

/** A deficiency row, open or not: its delinquency instant and when it was closed or waived. */
export interface MetricsDeficiency {
  readonly encounterId: string;
  readonly practitionerId: string | null;
  /** missing | incomplete | unauthenticated | other */
  readonly kind: string;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
  /** When it was first found (its age counts from here). */
  readonly openedAt: string;
  /** Null while open. */
  readonly closedAt: string | null;
  /**
   * Whether its record belongs to the population the delinquency rate is taken over (the encounter types and services
   * of the discharges); false leaves it out of the rate's numerator, not out of the clinicians' counts. Default true.
   */
  readonly inRatePopulation?: boolean;
}

export interface MetricsSummary {
  readonly encounterId: string;
  readonly authoredAt: string | null;
  readonly authenticatedAt: string | null;
}

export interface CompletionMetricsInput {
  /** First and last discharge date of the period, inclusive (YYYY-MM-DD, UTC days). */
  readonly from: string;
  readonly to: string;
  readonly now: Date;
  /** The discharge-summary window of the rule set, in hours after discharge. */
  readonly summaryWindowHours: number;
  /**
   * Discharges counted for the average monthly discharges and the timeliness: they must cover the period and the
   * three months before the month of `from` and before the month of `now`.
   */
  readonly discharges: readonly MetricsDischarge[];
  /** Every deficiency of the organisation that could be open at one of the instants measured. */
  readonly deficiencies: readonly MetricsDeficiency[];
  /** Discharge summaries (originals, not entered in error) of the discharges. */
  readonly summaries: readonly MetricsSummary[];
}

export type OpenTiming = 'due' | 'overdue' | 'delinquent';

export interface ClinicianDeficiencies {
  /** Null: deficiencies nobody is responsible for yet. */
  readonly practitionerId: string | null;
  readonly open: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly byTiming: Readonly<Record<OpenTiming, number>>;
  /** Whole days since the oldest open deficiency was found. */
  readonly oldestAgeDays: number;
}

export interface DelinquencyPoint {
  /** The instant measured (ISO). */
  readonly at: string;
  readonly delinquentRecords: number;
  /** The months averaged (YYYY-MM), oldest first. */
  readonly months: readonly string[];
  readonly averageMonthlyDischarges: number;
  /** delinquentRecords / averageMonthlyDischarges; null when there were no discharges. */
  readonly rate: number | null;
  readonly exceedsThreshold: boolean;
}

export interface SummaryTimeliness {
  readonly windowHours: number;
  /** Discharges in the period. */
  readonly discharges: number;
  /** Summary authenticated within the window. */
  readonly timely: number;
  /** Summary authenticated after the window. */
  readonly late: number;
  /** No authenticated summary and the window has closed: not timely. */
  readonly unauthenticated: number;
  /** No authenticated summary yet, window still open: left out of the share. */
  readonly pending: number;
  /** timely / (discharges - pending); null when nothing is measurable. */
  readonly share: number | null;
  /** Median days from discharge to authentication, over the authenticated ones only (timely + late). */
  readonly medianDays: number | null;
}

export interface CompletionMetrics {
  readonly from: string;
  readonly to: string;
  readonly at: string;
  readonly threshold: number;
  readonly clinicians: readonly ClinicianDeficiencies[];
  readonly delinquency: DelinquencyPoint;
  /** The delinquency at each month end in the period (the first instant of the next month), up to `now`. */
  readonly trend: readonly DelinquencyPoint[];
  readonly timeliness: SummaryTimeliness;
  /** The period's discharges by service (null: no service on the encounter), most discharges first. */
  readonly services: readonly ServiceCompletion[];
}

/** Completion of the period's discharges of one service at the instant measured. */
export interface ServiceCompletion {
  readonly service: string | null;
  readonly discharges: number;
  /** Records with no open deficiency. */
  readonly complete: number;
  /** Records with at least one open deficiency, delinquent or not. */
  readonly incomplete: number;
  /** Records with at least one delinquent deficiency. */
  readonly delinquent: number;
  readonly timeliness: SummaryTimeliness;
}

const ms = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

const monthStart = (year: number, month: number): number => Date.UTC(year, month, 1);
const monthLabel = (t: number): string => new Date(t).toISOString().slice(0, 7);

/** The timing of an open deficiency at `t`, as core's `completionTiming`. */
function timingAt(d: MetricsDeficiency, t: number): OpenTiming {
  const due = ms(d.dueAt);
  const delinquent = ms(d.delinquentAt);
  if (due === null || t <= due) return 'due';
  if (delinquent !== null && t > delinquent) return 'delinquent';
  return 'overdue';
}

/** Whether a deficiency was open at `t` (not yet closed or waived); when it was found is not asked (see `delinquencyAt`). */
const openAt = (d: MetricsDeficiency, t: number): boolean => {
  const closed = ms(d.closedAt);
  return closed === null || closed > t;
};

/**
 * The delinquency rate at instant `t`: records with a deficiency open and past its delinquency instant at `t`, over
 * the average monthly discharges of the {@link AMD_MONTHS} full calendar months before the month holding `t` (the
 * Joint Commission's practice). A past instant is reconstructed from the deficiency rows as
 * they stand: a deficiency counts from its delinquency instant until it was closed or waived.
 */
export function delinquencyAt(
  t: number,
  discharges: readonly MetricsDischarge[],
  deficiencies: readonly MetricsDeficiency[],
): DelinquencyPoint {
  const d = new Date(t);
  const end = monthStart(d.getUTCFullYear(), d.getUTCMonth());
  const start = monthStart(d.getUTCFullYear(), d.getUTCMonth() - AMD_MONTHS);
  const months: string[] = [];
  for (let i = AMD_MONTHS; i >= 1; i--) months.push(monthLabel(monthStart(d.getUTCFullYear(), d.getUTCMonth() - i)));
  const counted = discharges.filter((x) => {
    const at = ms(x.dischargeAt);
    return at !== null && at >= start && at < end;
  }).length;
  const amd = counted / AMD_MONTHS;
  const records = new Set(
    deficiencies
      .filter((x) => x.inRatePopulation !== false && openAt(x, t) && timingAt(x, t) === 'delinquent')
      .map((x) => x.encounterId),
  );
  const rate = amd > 0 ? records.size / amd : null;
  return {
    at: new Date(t).toISOString(),
    delinquentRecords: records.size,
    months,
    averageMonthlyDischarges: amd,
    rate,
    exceedsThreshold: rate !== null && rate > DELINQUENCY_THRESHOLD,
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Computes the completion report at `now`:
 * - open deficiencies per clinician (every open deficiency of the organisation, whatever the period), by kind and by
 *   timing (due, overdue, delinquent at `now`), with the age in whole days of the oldest;
 * - the delinquency rate at `now` ({@link delinquencyAt}), compared with the 50% threshold, and its trend at each
 *   month end within the period that is not after `now`;
 * - discharge-summary timeliness over the discharges of the period: a discharge is timely when a summary was
 *   authenticated (no later than `now`) within `summaryWindowHours` of discharge; one with none is not timely once
 *   its window has closed and pending (left out of the share) while it is open. The median days to authentication is
 *   taken over the authenticated summaries only; the unauthenticated ones are reported by count.
 */
export function completionMetrics(input: CompletionMetricsInput): CompletionMetrics {
  const now = input.now.getTime();

  const byClinician = new Map<string, { id: string | null; list: MetricsDeficiency[] }>();
  for (const d of input.deficiencies) {
    if (d.closedAt !== null && (ms(d.closedAt) ?? 0) <= now) continue;
    const key = d.practitionerId ?? '';
    const entry = byClinician.get(key) ?? { id: d.practitionerId, list: [] };
    entry.list.push(d);
    byClinician.set(key, entry);
  }
  const clinicians: ClinicianDeficiencies[] = [...byClinician.values()].map(({ id, list }) => {
    const byKind: Record<string, number> = {};
    const byTiming: Record<OpenTiming, number> = { due: 0, overdue: 0, delinquent: 0 };
    let oldest = now;
    for (const d of list) {
      byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
      byTiming[timingAt(d, now)] += 1;
      oldest = Math.min(oldest, ms(d.openedAt) ?? now);
    }
    return {
      practitionerId: id,
      open: list.length,
      byKind,
      byTiming,
      oldestAgeDays: Math.max(0, Math.floor((now - oldest) / DAY)),
    };
  });
  clinicians.sort(
    (a, b) =>
      b.byTiming.delinquent - a.byTiming.delinquent ||
      b.open - a.open ||
      (a.practitionerId ?? '').localeCompare(b.practitionerId ?? ''),
  );

  const fromMs = Date.parse(`${input.from}T00:00:00Z`);
  const toEndMs = Date.parse(`${input.to}T00:00:00Z`) + DAY;
  const trend: DelinquencyPoint[] = [];
  const first = new Date(fromMs);
  for (let m = 1; ; m++) {
    const end = monthStart(first.getUTCFullYear(), first.getUTCMonth() + m);
    if (end > toEndMs || end > now) break;
    trend.push(delinquencyAt(end, input.discharges, input.deficiencies));
  }

  const inPeriod = input.discharges.filter((d) => {
    const at = ms(d.dischargeAt);
    return at !== null && at >= fromMs && at < toEndMs;
  });
  const authenticated = new Map<string, number>();
  for (const s of input.summaries) {
    const at = ms(s.authenticatedAt);
    if (at === null || at > now) continue;
    const prev = authenticated.get(s.encounterId);
    if (prev === undefined || at < prev) authenticated.set(s.encounterId, at);
  }
  const windowMs = input.summaryWindowHours * 3_600_000;
  const timelinessOf = (discharges: readonly MetricsDischarge[]): SummaryTimeliness => {
    let timely = 0;
    let late = 0;
    let unauthenticated = 0;
    let pending = 0;
    const days: number[] = [];
    for (const d of discharges) {
      const discharge = ms(d.dischargeAt) as number;
      const at = authenticated.get(d.encounterId);
      if (at === undefined) {
        if (now <= discharge + windowMs) pending++;
        else unauthenticated++;
        continue;
      }
      days.push((at - discharge) / DAY);
      if (at <= discharge + windowMs) timely++;
      else late++;
    }
    const measurable = discharges.length - pending;
    return {
      windowHours: input.summaryWindowHours,
      discharges: discharges.length,
      timely,
      late,
      unauthenticated,
      pending,
      share: measurable > 0 ? timely / measurable : null,
      medianDays: median(days),
    };
  };

  const openRecords = new Set<string>();
  const delinquentRecords = new Set<string>();
  for (const d of input.deficiencies) {
    if (!openAt(d, now)) continue;
    openRecords.add(d.encounterId);
    if (timingAt(d, now) === 'delinquent') delinquentRecords.add(d.encounterId);
  }
  const byService = new Map<string, { service: string | null; list: MetricsDischarge[] }>();
  for (const d of inPeriod) {
    const key = d.service ?? '';
    const entry = byService.get(key) ?? { service: d.service, list: [] };
    entry.list.push(d);
    byService.set(key, entry);
  }
  const services: ServiceCompletion[] = [...byService.values()]
    .map(({ service, list }) => {
      const incomplete = list.filter((d) => openRecords.has(d.encounterId)).length;
      return {
        service,
        discharges: list.length,
        complete: list.length - incomplete,
        incomplete,
        delinquent: list.filter((d) => delinquentRecords.has(d.encounterId)).length,
        timeliness: timelinessOf(list),
      };
    })
    .sort((a, b) => b.discharges - a.discharges || (a.service ?? '').localeCompare(b.service ?? ''));

  return {
    from: input.from,
    to: input.to,
    at: new Date(now).toISOString(),
    threshold: DELINQUENCY_THRESHOLD,
    clinicians,
    delinquency: delinquencyAt(now, input.discharges, input.deficiencies),
    trend,
    timeliness: timelinessOf(inPeriod),
    services,
  };
}
