import type {
  CompletionDelinquencyPoint,
  CompletionQueue,
  CompletionReport,
  CompletionRuleSetVersion,
  Deficiency,
  EncounterCompletion,
} from '@charta/contracts';

export const NONE = '—';

export type QueueView = 'to_review' | 'incomplete' | 'delinquent' | 'complete' | 'all';
export type QueueSort = 'discharge_desc' | 'discharge_asc' | 'oldest_due';
export type RecordStatus = EncounterCompletion['recordStatus'];
export type ItemStatus = EncounterCompletion['items'][number]['status'];
export type DeficiencyKind = Deficiency['kind'];
export type DeficiencyTiming = NonNullable<Deficiency['timing']>;

/** The queue's views in display order, with the count each shows (none for "all": the total is shown instead). */
export const QUEUE_VIEWS: readonly {
  value: QueueView;
  label: string;
  count: keyof CompletionQueue['counts'] | null;
}[] = [
  { value: 'to_review', label: 'To review', count: 'toReview' },
  { value: 'incomplete', label: 'Incomplete', count: 'incomplete' },
  { value: 'delinquent', label: 'Delinquent', count: 'delinquent' },
  { value: 'complete', label: 'Complete', count: 'complete' },
  { value: 'all', label: 'All', count: null },
];

export const QUEUE_SORTS: readonly { value: QueueSort; label: string }[] = [
  { value: 'discharge_desc', label: 'Newest discharge first' },
  { value: 'discharge_asc', label: 'Oldest discharge first' },
  { value: 'oldest_due', label: 'Oldest due date first' },
];

/** A segmented-control label: the view's name and, when known, its count. */
export function viewLabel(view: (typeof QUEUE_VIEWS)[number], counts: CompletionQueue['counts'] | undefined): string {
  if (view.count === null || counts === undefined) return view.label;
  return `${view.label} (${counts[view.count]})`;
}

export const RECORD_STATUS_LABELS: Readonly<Record<RecordStatus, string>> = {
  complete: 'Complete',
  pending: 'Pending',
  incomplete: 'Incomplete',
  delinquent: 'Delinquent',
};

export const RECORD_STATUS_COLORS: Readonly<Record<RecordStatus, string>> = {
  complete: 'green',
  pending: 'gray',
  incomplete: 'orange',
  delinquent: 'red',
};

export const ITEM_STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  compliant: 'Met',
  pending: 'Pending (not yet due)',
  due: 'Owed, due',
  overdue: 'Owed, overdue',
  delinquent: 'Owed, delinquent',
};

export const ITEM_STATUS_COLORS: Readonly<Record<ItemStatus, string>> = {
  compliant: 'green',
  pending: 'gray',
  due: 'yellow',
  overdue: 'orange',
  delinquent: 'red',
};

export const KIND_LABELS: Readonly<Record<DeficiencyKind, string>> = {
  missing: 'Missing',
  incomplete: 'Incomplete',
  unauthenticated: 'Unsigned',
  other: 'Other',
};

export const TIMING_LABELS: Readonly<Record<DeficiencyTiming, string>> = {
  due: 'Due',
  overdue: 'Overdue',
  delinquent: 'Delinquent',
};

export const TIMING_COLORS: Readonly<Record<DeficiencyTiming, string>> = {
  due: 'yellow',
  overdue: 'orange',
  delinquent: 'red',
};

export function recordStatusLabel(status: RecordStatus | null): string {
  return status === null ? 'Not analysed' : RECORD_STATUS_LABELS[status];
}

/** The day part (YYYY-MM-DD, local time) of an instant, or a dash. */
export function dayOf(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return NONE;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A fraction as a percentage with one decimal. */
export function formatRate(value: number | null): string {
  return value === null ? NONE : `${(value * 100).toFixed(1)}%`;
}

/** The default report period: the first day of the third month back, to today (as the server defaults it). */
export function defaultReportPeriod(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const back = y * 12 + (m - 1) - 3;
  const from = `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: today };
}

/** The month a trend point closes, as YYYY-MM (its instant is the end of that month, UTC). */
export function trendLabel(point: CompletionDelinquencyPoint): string {
  const at = new Date(point.at);
  // A month end at 23:59:59.999 or at the next month's first instant both belong to the month before it.
  const back = new Date(at.getTime() - 1);
  return `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The trend chart's series: the delinquency rate in percent at each month end and, when it is later than the last
 * month end, now; with the threshold as a flat line.
 */
export function trendSeries(report: Pick<CompletionReport, 'trend' | 'threshold' | 'delinquency'>) {
  const last = report.trend[report.trend.length - 1];
  const withNow =
    last === undefined || Date.parse(report.delinquency.at) > Date.parse(last.at)
      ? [...report.trend.map((p) => ({ label: trendLabel(p), point: p })), { label: 'Now', point: report.delinquency }]
      : report.trend.map((p) => ({ label: trendLabel(p), point: p }));
  return {
    categories: withNow.map((p) => p.label),
    series: [
      { name: 'Delinquency rate', values: withNow.map((p) => (p.point.rate === null ? null : p.point.rate * 100)) },
      {
        name: `Threshold (${formatRate(report.threshold)})`,
        values: withNow.map(() => report.threshold * 100),
        color: '#D55E00',
      },
    ],
  };
}

/** The timeliness chart's bars: discharges by the state of their discharge summary. */
export function timelinessBars(t: CompletionReport['timeliness']) {
  return [
    { label: 'Timely', value: t.timely, detail: `authenticated within ${t.windowHours} h` },
    { label: 'Late', value: t.late, detail: `authenticated after ${t.windowHours} h` },
    { label: 'Not authenticated', value: t.unauthenticated, detail: 'window closed' },
    { label: 'Pending', value: t.pending, detail: 'window still open' },
  ];
}

/** A deadline window as words: "24 h after admission", "30 d before to 24 h after admission". */
export function describeWindow(rule: CompletionRuleSetVersion['ruleSet']['rules'][number]): string {
  const span = (hours: number) => (hours % 24 === 0 && hours >= 48 ? `${hours / 24} d` : `${hours} h`);
  const anchor = rule.anchor === 'authored' ? 'the note is written' : rule.anchor;
  const { beforeHours, afterHours } = rule.window;
  const parts: string[] = [];
  if (beforeHours > 0 && afterHours > 0)
    parts.push(`${span(beforeHours)} before to ${span(afterHours)} after ${anchor}`);
  else if (beforeHours > 0) parts.push(`within ${span(beforeHours)} before ${anchor}`);
  else if (afterHours > 0) parts.push(`within ${span(afterHours)} after ${anchor}`);
  else parts.push(`by ${anchor}`);
  if (rule.dueBeforeSurgery) parts.push('and before surgery');
  return parts.join(' ');
}

/** Which encounters and services a rule applies to, in words. */
export function describeAppliesTo(rule: CompletionRuleSetVersion['ruleSet']['rules'][number]): string {
  const types = rule.appliesTo.encounterTypes.length === 0 ? 'all encounter types' : rule.appliesTo.encounterTypes;
  const typeText = typeof types === 'string' ? types : types.map((t) => t.replaceAll('_', ' ')).join(', ');
  const services = rule.appliesTo.services.length === 0 ? '' : `; services: ${rule.appliesTo.services.join(', ')}`;
  return `${typeText}${services}`;
}

/** The sentence a physician confirms when signing ("Addendum: Discharge summary" reads as an addendum to it). */
export function defaultAttestation(documentType: string, signer: string): string {
  const addendum = /^Addendum:\s*(.+)$/u.exec(documentType);
  const what = addendum ? `addendum to the ${addendum[1]?.toLowerCase() ?? 'document'}` : documentType.toLowerCase();
  return `I, ${signer}, attest that I have reviewed this ${what} and that it is accurate and complete.`;
}

/** What a physician is asked to write when a deficiency says a document is missing, by the rule that found it. */
export function documentTemplate(ruleId: string | null): string {
  const id = ruleId ?? '';
  if (id.startsWith('COMPLETION.DS.')) {
    return [
      'DISCHARGE SUMMARY',
      '',
      'REASON FOR ADMISSION:',
      '[to be completed]',
      '',
      'HOSPITAL COURSE:',
      '[to be completed]',
      '',
      'DISCHARGE DIAGNOSES:',
      '[to be completed]',
      '',
      'DISPOSITION:',
      '[to be completed]',
      '',
      'FOLLOW-UP:',
      '[to be completed]',
    ].join('\n');
  }
  if (id.startsWith('COMPLETION.HP.')) {
    return [
      'HISTORY AND PHYSICAL',
      '',
      'CHIEF COMPLAINT:',
      '[to be completed]',
      '',
      'HISTORY OF PRESENT ILLNESS:',
      '[to be completed]',
      '',
      'PHYSICAL EXAMINATION:',
      '[to be completed]',
      '',
      'ASSESSMENT AND PLAN:',
      '[to be completed]',
    ].join('\n');
  }
  if (id.startsWith('COMPLETION.OP.')) {
    return [
      'OPERATIVE REPORT',
      '',
      'PROCEDURE:',
      '[to be completed]',
      '',
      'FINDINGS:',
      '[to be completed]',
      '',
      'ESTIMATED BLOOD LOSS:',
      '[to be completed]',
      '',
      'SPECIMENS:',
      '[to be completed]',
      '',
      'POSTOPERATIVE DIAGNOSIS:',
      '[to be completed]',
    ].join('\n');
  }
  return '';
}

/** What a physician can do about one of their deficiencies. */
export type DeficiencyAction = 'write' | 'open' | 'none';

export function deficiencyAction(d: Pick<Deficiency, 'kind' | 'documentId'>): DeficiencyAction {
  if (d.kind === 'missing') return 'write';
  return d.documentId === null ? 'none' : 'open';
}

/** The distinct clinicians named on deficiencies, by name, for a filter. */
export function practitionerOptions(
  deficiencies: readonly Pick<Deficiency, 'practitionerId' | 'practitionerName'>[],
): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const d of deficiencies) {
    if (d.practitionerId !== null && !seen.has(d.practitionerId))
      seen.set(d.practitionerId, d.practitionerName ?? d.practitionerId);
  }
  return [...seen.entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}
