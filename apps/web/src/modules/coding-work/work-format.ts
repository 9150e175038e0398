import type { HoldReason, WorkItemStatus } from '@charta/contracts';

export const STATUS_LABELS: Readonly<Record<WorkItemStatus, string>> = {
  unassigned: 'Unassigned',
  assigned: 'Assigned',
  in_progress: 'In progress',
  on_hold: 'On hold',
  final: 'Final',
};

export const STATUS_COLORS: Readonly<Record<WorkItemStatus, string>> = {
  unassigned: 'gray',
  assigned: 'blue',
  in_progress: 'teal',
  on_hold: 'orange',
  final: 'green',
};

export const HOLD_REASON_LABELS: Readonly<Record<HoldReason, string>> = {
  awaiting_documentation: 'Awaiting documentation',
  physician_query: 'Physician query',
  other: 'Other',
};

const QUEUE_LABELS: Readonly<Record<string, string>> = {
  inpatient: 'Inpatient',
  emergency: 'Emergency',
  observation: 'Observation',
  outpatient: 'Outpatient',
  skilled_nursing: 'Skilled nursing',
  behavioral_health: 'Behavioral health',
};

/** A queue or encounter type in words ("skilled_nursing" -> "Skilled nursing"). */
export function queueLabel(queue: string): string {
  return QUEUE_LABELS[queue] ?? queue.replaceAll('_', ' ');
}

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}

export function holdReasonLabel(reason: string | null): string {
  if (reason === null) return '';
  return (HOLD_REASON_LABELS as Readonly<Record<string, string>>)[reason] ?? reason;
}

/** The calendar date of an instant in the browser's time zone, YYYY-MM-DD; '' when there is none. */
export function dateOf(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  if (/^\d{4}-\d{2}-\d{2}$/u.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const USD_SHORT = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** An amount as the API sends it (a decimal string) in dollars; '' for none. */
export function formatMoney(amount: string | number | null | undefined, compact = false): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  return (compact ? USD_SHORT : USD).format(n);
}

/** Seconds of coding time as "1 h 05 min" or "12 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
