import { err, jsonPointer, ok, type Issue, type Result } from '../result.js';
import { instantMs } from './match.js';

/**
 * Deficiency notifications and their escalation ladder, as hospital medical-staff policies run it: a reminder when an item
 * falls due, a second notice, a notice to the department chair once the record is delinquent, and the suspension
 * list. The ladder is facility policy: medical-staff bylaws set the days, the recipients and the channels,
 * so every figure here is a default a facility changes. Pure: the caller passes the open deficiencies, what was
 * already sent and the instant.
 */

const DAY = 86_400_000;

/** The rungs of the ladder, in the order a deficiency climbs them. */
export const EscalationStepId = {
  reminder: 'reminder',
  secondNotice: 'second_notice',
  chair: 'chair',
  suspension: 'suspension',
} as const;
export type EscalationStepId = (typeof EscalationStepId)[keyof typeof EscalationStepId];

/** Ladder order: a deficiency never goes back down, and a later rung reached first skips the ones below it. */
export const ESCALATION_STEP_ORDER: readonly EscalationStepId[] = ['reminder', 'second_notice', 'chair', 'suspension'];

/** The instant a step counts from: the deficiency's due instant, or its record's delinquency instant. */
export const EscalationAnchor = { due: 'due', delinquent: 'delinquent' } as const;
export type EscalationAnchor = (typeof EscalationAnchor)[keyof typeof EscalationAnchor];

export const NotificationChannel = { inApp: 'in_app', email: 'email' } as const;
export type NotificationChannel = (typeof NotificationChannel)[keyof typeof NotificationChannel];

/**
 * Who a step notifies. The clinician responsible for the deficiency is reached in the application and by the e-mail
 * address of their user; the department chair and the medical staff office are addresses the facility configures, and
 * are reached by e-mail only.
 */
export const EscalationRecipient = {
  clinician: 'clinician',
  departmentChair: 'department_chair',
  medicalStaffOffice: 'medical_staff_office',
} as const;
export type EscalationRecipient = (typeof EscalationRecipient)[keyof typeof EscalationRecipient];

export interface EscalationStep {
  readonly id: EscalationStepId;
  readonly anchor: EscalationAnchor;
  /** Whole days after the anchor (0: at the anchor instant). */
  readonly afterDays: number;
  readonly channels: readonly NotificationChannel[];
  readonly recipients: readonly EscalationRecipient[];
}

/** A department chair's address; `specialty: null` is the chair for clinicians of any other specialty. */
export interface ChairContact {
  readonly specialty: string | null;
  readonly email: string;
}

export interface EscalationLadder {
  /** In ladder order; a facility may leave rungs out. */
  readonly steps: readonly EscalationStep[];
  /**
   * While a deficiency stays open on the rung it reached, the clinician is notified again every so many days
   * (the weekly notices of many medical-staff policies); null: once per rung. The chair and the office hear of each rung
   * once.
   */
  readonly repeatEveryDays: number | null;
  readonly contacts: {
    readonly departmentChairs: readonly ChairContact[];
    readonly medicalStaffOffice: string | null;
  };
}

/**
 * The defaults a facility without its own ladder gets. Facility policy, not regulation:
 * - a reminder when the item falls due;
 * - a second notice a week later (weekly notices, section 7.3 step 2), repeated weekly;
 * - a warning once the record is delinquent (the at-most-30-days limit of 42 CFR 482.24(c)(4)(viii), through the rule
 *   set's `delinquencyDays`), which names the suspension date and is where the department chair comes in;
 * - the suspension list 10 days after delinquency (section 7.3 step 3: "suspension 10 days after notice").
 * Charta cannot know a facility's chair or medical staff office address, so the defaults notify the clinician only;
 * a facility adds those recipients together with their addresses.
 */
export const DEFAULT_ESCALATION_LADDER: EscalationLadder = {
  steps: [
    { id: 'reminder', anchor: 'due', afterDays: 0, channels: ['in_app', 'email'], recipients: ['clinician'] },
    { id: 'second_notice', anchor: 'due', afterDays: 7, channels: ['in_app', 'email'], recipients: ['clinician'] },
    { id: 'chair', anchor: 'delinquent', afterDays: 0, channels: ['in_app', 'email'], recipients: ['clinician'] },
    { id: 'suspension', anchor: 'delinquent', afterDays: 10, channels: ['in_app', 'email'], recipients: ['clinician'] },
  ],
  repeatEveryDays: 7,
  contacts: { departmentChairs: [], medicalStaffOffice: null },
};

const STEP_IDS = new Set<string>(ESCALATION_STEP_ORDER);
const ANCHORS = new Set<string>(Object.values(EscalationAnchor));
const CHANNELS = new Set<string>(Object.values(NotificationChannel));
const RECIPIENTS = new Set<string>(Object.values(EscalationRecipient));
const rank = (id: string): number => ESCALATION_STEP_ORDER.indexOf(id as EscalationStepId);
const wholeDays = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 366;

/**
 * Checks a ladder for contradictions, each reported with a JSON Pointer into the ladder: unknown or repeated rungs,
 * rungs out of ladder order, a rung that would fire before the one below it (a due-anchored rung after a
 * delinquency-anchored one, or fewer days than the rung before on the same anchor), negative or fractional days,
 * unknown or repeated channels and recipients, a rung with nobody or no channel, and a rung addressed to the
 * department chair or the medical staff office without e-mail or without their address.
 */
export function validateEscalationLadder(ladder: EscalationLadder): Result<EscalationLadder> {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], code: string, message: string) =>
    issues.push({ path: jsonPointer(path), code, message });

  if (ladder.steps.length === 0) add(['steps'], 'empty', 'A ladder needs at least one step');
  const seen = new Set<string>();
  let previous: EscalationStep | undefined;
  ladder.steps.forEach((step, i) => {
    if (!STEP_IDS.has(step.id)) {
      add(['steps', i, 'id'], 'unknown_step', `Unknown step; expected one of ${ESCALATION_STEP_ORDER.join(', ')}`);
      return;
    }
    if (seen.has(step.id)) add(['steps', i, 'id'], 'duplicate_step', `The ${step.id} step appears twice`);
    else if (previous && rank(step.id) < rank(previous.id))
      add(['steps', i, 'id'], 'out_of_order', `The ${step.id} step must come before the ${previous.id} step`);
    seen.add(step.id);
    if (!ANCHORS.has(step.anchor)) add(['steps', i, 'anchor'], 'unknown_anchor', 'Expected due or delinquent');
    if (!wholeDays(step.afterDays))
      add(['steps', i, 'afterDays'], 'invalid_days', 'Days must be a whole number from 0 to 366');
    if (previous && ANCHORS.has(step.anchor) && wholeDays(step.afterDays) && wholeDays(previous.afterDays)) {
      if (step.anchor === 'due' && previous.anchor === 'delinquent') {
        add(
          ['steps', i, 'anchor'],
          'out_of_order',
          `The ${step.id} step counts from the due date but follows a step that counts from delinquency`,
        );
      } else if (step.anchor === previous.anchor && step.afterDays < previous.afterDays) {
        add(
          ['steps', i, 'afterDays'],
          'out_of_order',
          `The ${step.id} step comes ${step.afterDays} days after the ${step.anchor} date, before the ${previous.id} step (${previous.afterDays} days)`,
        );
      }
    }
    if (step.channels.length === 0) add(['steps', i, 'channels'], 'empty', 'A step needs at least one channel');
    step.channels.forEach((c, j) => {
      if (!CHANNELS.has(c)) add(['steps', i, 'channels', j], 'unknown_channel', 'Expected in_app or email');
      else if (step.channels.indexOf(c) !== j) add(['steps', i, 'channels', j], 'duplicate', `${c} is listed twice`);
    });
    if (step.recipients.length === 0) add(['steps', i, 'recipients'], 'empty', 'A step needs at least one recipient');
    step.recipients.forEach((r, j) => {
      const at = ['steps', i, 'recipients', j];
      if (!RECIPIENTS.has(r)) {
        add(at, 'unknown_recipient', `Expected one of ${[...RECIPIENTS].join(', ')}`);
        return;
      }
      if (step.recipients.indexOf(r) !== j) add(at, 'duplicate', `${r} is listed twice`);
      if (r === 'clinician') return;
      const who = r === 'department_chair' ? 'department chair' : 'medical staff office';
      if (!step.channels.includes('email')) {
        add(at, 'channel_unavailable', `The ${who} is reached by e-mail only: add email to the step's channels`);
      } else if (r === 'department_chair' && !ladder.contacts.departmentChairs.some((c) => c.specialty === null)) {
        add(
          at,
          'missing_address',
          'The step e-mails the department chair but no chair address is configured for all specialties (contacts/departmentChairs with specialty null)',
        );
      } else if (r === 'medical_staff_office' && !ladder.contacts.medicalStaffOffice) {
        add(
          at,
          'missing_address',
          'The step e-mails the medical staff office but no address is configured (contacts/medicalStaffOffice)',
        );
      }
    });
    previous = step;
  });
  if (ladder.repeatEveryDays !== null && (!wholeDays(ladder.repeatEveryDays) || ladder.repeatEveryDays < 1))
    add(['repeatEveryDays'], 'invalid_days', 'Repeat every 1 to 366 days, or null for never');
  const specialties = new Set<string>();
  ladder.contacts.departmentChairs.forEach((c, i) => {
    const key = c.specialty === null ? '' : c.specialty.toLowerCase();
    if (specialties.has(key))
      add(['contacts', 'departmentChairs', i, 'specialty'], 'duplicate', 'One chair per specialty');
    specialties.add(key);
  });
  return issues.length > 0 ? err(issues) : ok(ladder);
}

/** An open deficiency as the ladder sees it, with the rung it last reached. */
export interface EscalationDeficiency {
  readonly id: string;
  /** The responsible clinician; a deficiency nobody is responsible for notifies nobody. */
  readonly practitionerId: string | null;
  /** The clinician's specialty, which picks the department chair. */
  readonly specialty: string | null;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
  /** The rung last notified, and when; null before the first. */
  readonly reached: { readonly step: EscalationStepId; readonly notifiedAt: string } | null;
}

export type RecipientRef =
  | { readonly kind: 'clinician'; readonly practitionerId: string }
  | { readonly kind: 'department_chair'; readonly email: string }
  | { readonly kind: 'medical_staff_office'; readonly email: string };

/** One digest owed: a recipient, a rung, and the deficiencies it is about. */
export interface OwedNotification {
  readonly step: EscalationStepId;
  readonly recipient: RecipientRef;
  readonly channels: readonly NotificationChannel[];
  readonly deficiencyIds: readonly string[];
  /** The clinicians the deficiencies are assigned to (one for a clinician's digest). */
  readonly practitionerIds: readonly string[];
  /** Every deficiency in it was notified at this rung before: a repeat notice. */
  readonly repeat: boolean;
  /** The earliest suspension instant among the deficiencies, when the ladder has a suspension rung and it is ahead. */
  readonly suspensionAt: string | null;
}

/** The rung each deficiency is on after this run, for those that moved or were notified again. */
export interface EscalationProgress {
  readonly deficiencyId: string;
  readonly step: EscalationStepId;
  readonly notifiedAt: string;
}

export interface EscalationPlan {
  readonly notifications: readonly OwedNotification[];
  readonly progress: readonly EscalationProgress[];
}

/** The instant a rung fires for a deficiency; null when its anchor is unknown (no due date, not delinquent-able). */
export function escalationStepAt(step: EscalationStep, d: Pick<EscalationDeficiency, 'dueAt' | 'delinquentAt'>) {
  const anchor = instantMs(step.anchor === 'due' ? d.dueAt : d.delinquentAt);
  return anchor === null ? null : anchor + step.afterDays * DAY;
}

/** The chair for a specialty: the specialty's own, else the chair for all specialties. */
export function chairFor(ladder: EscalationLadder, specialty: string | null): ChairContact | undefined {
  const s = specialty?.toLowerCase() ?? null;
  return (
    ladder.contacts.departmentChairs.find((c) => c.specialty !== null && c.specialty.toLowerCase() === s) ??
    ladder.contacts.departmentChairs.find((c) => c.specialty === null)
  );
}

/**
 * The notifications owed at `now` under a (valid) ladder. Each deficiency is on the highest rung whose instant has
 * passed (at the instant counts); it is notified when that rung is above the one it was last notified at, and again
 * (clinician only) every `repeatEveryDays` while it stays there. A deficiency never goes down a rung, so a rung
 * reached late or skipped is not sent afterwards. Deficiencies are gathered into one digest per recipient and rung.
 */
export function planEscalation(
  ladder: EscalationLadder,
  deficiencies: readonly EscalationDeficiency[],
  now: Date,
): EscalationPlan {
  const t = now.getTime();
  const nowIso = now.toISOString();
  const suspensionStep = ladder.steps.find((s) => s.id === 'suspension');
  const groups = new Map<
    string,
    {
      step: EscalationStep;
      recipient: RecipientRef;
      ids: string[];
      practitioners: Set<string>;
      fresh: boolean;
      suspension: number | null;
    }
  >();
  const progress: EscalationProgress[] = [];

  const sorted = [...deficiencies].sort((a, b) => a.id.localeCompare(b.id));
  for (const d of sorted) {
    if (d.practitionerId === null) continue;
    let current: EscalationStep | undefined;
    for (const step of ladder.steps) {
      const at = escalationStepAt(step, d);
      if (at !== null && at <= t && (!current || rank(step.id) > rank(current.id))) current = step;
    }
    if (!current) continue;
    const last = d.reached;
    let repeat = false;
    if (last !== null && rank(current.id) <= rank(last.step)) {
      if (current.id !== last.step || ladder.repeatEveryDays === null) continue;
      const lastMs = instantMs(last.notifiedAt);
      if (lastMs !== null && t < lastMs + ladder.repeatEveryDays * DAY) continue;
      repeat = true;
    }
    progress.push({ deficiencyId: d.id, step: current.id, notifiedAt: nowIso });
    const suspensionMs = suspensionStep ? escalationStepAt(suspensionStep, d) : null;
    const suspension = suspensionMs !== null && suspensionMs > t ? suspensionMs : null;
    for (const kind of current.recipients) {
      if (repeat && kind !== 'clinician') continue;
      let recipient: RecipientRef | undefined;
      if (kind === 'clinician') recipient = { kind, practitionerId: d.practitionerId };
      else if (kind === 'department_chair') {
        const chair = chairFor(ladder, d.specialty);
        if (chair) recipient = { kind, email: chair.email };
      } else if (ladder.contacts.medicalStaffOffice) {
        recipient = { kind, email: ladder.contacts.medicalStaffOffice };
      }
      if (!recipient) continue;
      const key = `${current.id}|${recipient.kind}|${recipient.kind === 'clinician' ? recipient.practitionerId : recipient.email.toLowerCase()}`;
      const group = groups.get(key) ?? {
        step: current,
        recipient,
        ids: [],
        practitioners: new Set<string>(),
        fresh: false,
        suspension: null,
      };
      group.ids.push(d.id);
      group.practitioners.add(d.practitionerId);
      group.fresh ||= !repeat;
      if (suspension !== null) group.suspension = Math.min(group.suspension ?? suspension, suspension);
      groups.set(key, group);
    }
  }

  const notifications: OwedNotification[] = [...groups.values()].map((g) => ({
    step: g.step.id,
    recipient: g.recipient,
    channels: g.recipient.kind === 'clinician' ? [...g.step.channels] : ['email'],
    deficiencyIds: g.ids,
    practitionerIds: [...g.practitioners].sort(),
    repeat: !g.fresh,
    suspensionAt: g.suspension === null ? null : new Date(g.suspension).toISOString(),
  }));
  notifications.sort(
    (a, b) =>
      rank(a.step) - rank(b.step) ||
      a.recipient.kind.localeCompare(b.recipient.kind) ||
      (a.practitionerIds[0] ?? '').localeCompare(b.practitionerIds[0] ?? ''),
  );
  return { notifications, progress };
}

/**
 * Exponential backoff for a failed delivery: `baseMinutes` after the first failure, doubling after each further one,
 * capped at `capMinutes`. Returns null once `attempts` reaches `maxAttempts` (no more automatic retries).
 */
export function nextDeliveryAttempt(
  attempts: number,
  now: Date,
  options: { readonly maxAttempts: number; readonly baseMinutes?: number; readonly capMinutes?: number },
): Date | null {
  if (attempts >= options.maxAttempts) return null;
  const base = options.baseMinutes ?? 5;
  const cap = options.capMinutes ?? 360;
  const minutes = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + minutes * 60_000);
}
