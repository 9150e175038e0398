import type {
  EscalationLadderSchema,
  InAppNotification,
  NotificationRunResult,
  OutboxNotification,
} from '@charta/contracts';

type Step = EscalationLadderSchema['steps'][number];
export type StepId = Step['id'];
export type Channel = Step['channels'][number];
export type Recipient = Step['recipients'][number];
export type NotificationStatus = OutboxNotification['status'];

export const STEP_LABELS: Readonly<Record<StepId, string>> = {
  reminder: 'Reminder',
  second_notice: 'Second notice',
  chair: 'Department chair',
  suspension: 'Suspension',
};

export const STEP_COLORS: Readonly<Record<StepId, string>> = {
  reminder: 'blue',
  second_notice: 'yellow',
  chair: 'orange',
  suspension: 'red',
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  in_app: 'In Charta',
  email: 'E-mail',
};

export const RECIPIENT_LABELS: Readonly<Record<Recipient, string>> = {
  clinician: 'Clinician',
  department_chair: 'Department chair',
  medical_staff_office: 'Medical staff office',
};

export const STATUS_LABELS: Readonly<Record<NotificationStatus, string>> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  read: 'Read',
};

export const STATUS_COLORS: Readonly<Record<NotificationStatus, string>> = {
  queued: 'gray',
  sent: 'green',
  failed: 'red',
  read: 'green',
};

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** When a rung fires, in words: "On the due date", "7 days after the due date", "10 days after delinquency". */
export function describeStepTiming(step: Pick<Step, 'anchor' | 'afterDays'>): string {
  const anchor = step.anchor === 'due' ? 'the due date' : 'delinquency';
  if (step.afterDays === 0) return step.anchor === 'due' ? 'On the due date' : 'On delinquency';
  return `${days(step.afterDays)} after ${anchor}`;
}

/** A list in words, or a dash when empty. */
export function joinLabels<K extends string>(keys: readonly K[], labels: Readonly<Record<K, string>>): string {
  return keys.length === 0 ? '—' : keys.map((k) => labels[k]).join(', ');
}

/**
 * One sentence for the result of a notification run. The e-mail count is every e-mail row written, including those
 * that failed at once for want of an address; "failed" counts delivery attempts of this run only.
 */
export function describeRunResult(r: NotificationRunResult): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return (
    `${plural(r.digests, 'digest')} written (${plural(r.inApp, 'in-app notification')}, ${plural(r.emailsQueued, 'e-mail')}); ` +
    `${plural(r.escalated, 'deficiency', 'deficiencies')} escalated; ` +
    `${plural(r.delivered, 'e-mail')} delivered, ${r.failed} failed`
  );
}

/** The bell's accessible name: what it is, and how many are unread. */
export function bellLabel(unread: number | null): string {
  if (unread === null) return 'Notifications';
  if (unread === 0) return 'Notifications, none unread';
  return `Notifications, ${unread} unread`;
}

/** The bell's badge text: the count, capped so it stays small. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

/** Unread first (newest first within each), so what needs attention is at the top of the list. */
export function unreadFirst(list: readonly InAppNotification[]): InAppNotification[] {
  return [...list].sort((a, b) => {
    const ra = a.readAt === null ? 0 : 1;
    const rb = b.readAt === null ? 0 : 1;
    return ra - rb || b.createdAt.localeCompare(a.createdAt);
  });
}
