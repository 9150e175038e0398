import type { EscalationStepId, RecipientRef } from '@charta/core';

/**
 * The text of a notification. Minimum necessary: counts by kind and timing, dates, and (in the application only)
 * account numbers of records without sensitivity labels; never a patient's name, a diagnosis or a document's text.
 * E-mail leaves the application, so it carries counts and dates only.
 */

export interface DigestItem {
  /** missing | incomplete | unauthenticated | other */
  readonly kind: string;
  readonly practitionerId: string | null;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
  /** Null for a record with sensitivity labels or without an account number: not listed. */
  readonly accountNumber: string | null;
}

export interface DigestInput {
  readonly step: EscalationStepId;
  readonly recipient: RecipientRef;
  readonly repeat: boolean;
  readonly items: readonly DigestItem[];
  readonly suspensionAt: string | null;
  readonly now: Date;
  /** Display names of the clinicians, for a chair's or the office's digest. */
  readonly clinicianNames: ReadonlyMap<string, string>;
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  missing: 'missing documents',
  incomplete: 'incomplete documents',
  unauthenticated: 'documents awaiting your signature',
  other: 'other items',
};

const HEADINGS: Readonly<Record<EscalationStepId, { clinician: string; other: string }>> = {
  reminder: { clinician: 'Reminder: records to complete', other: 'Reminder: records to complete' },
  second_notice: { clinician: 'Second notice: records to complete', other: 'Second notice: records to complete' },
  chair: { clinician: 'Delinquent records: action required', other: 'Delinquent records in your department' },
  suspension: { clinician: 'Suspension: delinquent records', other: 'Suspension list: delinquent records' },
};

const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function timing(item: DigestItem, now: number): 'due' | 'overdue' | 'delinquent' {
  const due = item.dueAt ? Date.parse(item.dueAt) : null;
  const delinquent = item.delinquentAt ? Date.parse(item.delinquentAt) : null;
  if (due === null || now <= due) return 'due';
  if (delinquent !== null && now > delinquent) return 'delinquent';
  return 'overdue';
}

function counts(items: readonly DigestItem[], now: number): string[] {
  const byKind = new Map<string, number>();
  const byTiming = new Map<string, number>();
  for (const i of items) {
    byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
    const t = timing(i, now);
    byTiming.set(t, (byTiming.get(t) ?? 0) + 1);
  }
  const lines = [...byKind].map(([k, n]) => `- ${n} ${KIND_LABELS[k] ?? KIND_LABELS['other']}`);
  lines.push(
    `- ${['due', 'overdue', 'delinquent']
      .filter((t) => byTiming.has(t))
      .map((t) => `${byTiming.get(t)} ${t}`)
      .join(', ')}`,
  );
  const oldest = items
    .map((i) => i.dueAt)
    .filter((d): d is string => d !== null)
    .sort()[0];
  if (oldest) lines.push(`- oldest due date: ${day(oldest)}`);
  return lines;
}

/** Subject and the two bodies (in the application, by e-mail) of one digest. */
export function composeDigest(input: DigestInput): { subject: string; inApp: string; email: string } {
  const now = input.now.getTime();
  const forClinician = input.recipient.kind === 'clinician';
  const heading = HEADINGS[input.step][forClinician ? 'clinician' : 'other'];
  const subject = `Charta: ${heading} (${input.items.length})${input.repeat ? ' - repeated notice' : ''}`;
  const lines: string[] = [];
  if (forClinician) {
    lines.push(`You have ${plural(input.items.length, 'open deficiency', 'open deficiencies')} in Charta:`);
    lines.push(...counts(input.items, now));
  } else {
    const byClinician = new Map<string, DigestItem[]>();
    for (const i of input.items) {
      const key = i.practitionerId ?? '';
      byClinician.set(key, [...(byClinician.get(key) ?? []), i]);
    }
    lines.push(
      `${plural(byClinician.size, 'clinician')} with ${plural(input.items.length, 'open deficiency', 'open deficiencies')}:`,
    );
    for (const [id, items] of [...byClinician].sort((a, b) => b[1].length - a[1].length)) {
      const oldest = items
        .map((i) => i.dueAt)
        .filter((d): d is string => d !== null)
        .sort()[0];
      lines.push(
        `- ${input.clinicianNames.get(id) ?? 'Unnamed clinician'}: ${items.length} open${oldest ? `, oldest due ${day(oldest)}` : ''}`,
      );
    }
  }
  if (input.suspensionAt)
    lines.push('', `Suspension from elective admitting and scheduling on ${day(input.suspensionAt)} unless completed.`);
  if (input.step === 'suspension' && forClinician)
    lines.push('', 'You are on the suspension list until every delinquent item is completed.');
  lines.push('', 'Sign in to Charta to see and complete them.');
  const email = lines.join('\n');
  const accounts = [...new Set(input.items.map((i) => i.accountNumber).filter((a): a is string => a !== null))].sort();
  const restricted = input.items.filter((i) => i.accountNumber === null).length;
  const inApp =
    forClinician && accounts.length + restricted > 0
      ? `${email}\n\nAccounts: ${accounts.join(', ') || 'none listed'}${restricted > 0 ? ` (${restricted} not listed)` : ''}`
      : email;
  return { subject, inApp, email };
}
