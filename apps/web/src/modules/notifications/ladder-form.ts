import {
  EscalationLadderSchema,
  NotificationSettingsUpdate,
  type FieldError,
  type NotificationSettings,
} from '@charta/contracts';
import { placeErrors as placeFormErrors, type PlacedErrors } from '../../api/problem.js';
import { validate, type Validation } from '../../api/validate.js';

/**
 * The escalation-ladder form without React: the editable state of a facility's ladder, turning it back into the update
 * the server takes, and placing the server's (or the schema's) error pointers next to the fields they are about.
 */

export type Ladder = EscalationLadderSchema;
type Step = Ladder['steps'][number];
export type StepId = Step['id'];
export type StepAnchor = Step['anchor'];
export type Channel = Step['channels'][number];
export type Recipient = Step['recipients'][number];

/** The choices in the order the ladder climbs them and the order the form lists them. */
export const STEP_IDS: readonly StepId[] = EscalationLadderSchema.shape.steps.element.shape.id.options;
export const ANCHORS: readonly StepAnchor[] = EscalationLadderSchema.shape.steps.element.shape.anchor.options;
export const CHANNELS: readonly Channel[] = EscalationLadderSchema.shape.steps.element.shape.channels.element.options;
export const RECIPIENTS: readonly Recipient[] =
  EscalationLadderSchema.shape.steps.element.shape.recipients.element.options;
/** The schema's limit on rungs: one of each kind. */
export const MAX_STEPS = STEP_IDS.length;

export const ANCHOR_LABELS: Readonly<Record<StepAnchor, string>> = {
  due: 'the due date',
  delinquent: 'delinquency',
};

/** One rung as the form holds it; days stay as typed until the ladder is built. */
export interface StepDraft {
  /** Identifies the row across additions and removals (not sent). */
  readonly key: string;
  readonly id: StepId;
  readonly anchor: StepAnchor;
  readonly afterDays: string;
  readonly channels: readonly Channel[];
  readonly recipients: readonly Recipient[];
}

/** A department chair's address; an empty specialty is the chair for every specialty without its own. */
export interface ChairDraft {
  readonly key: string;
  readonly specialty: string;
  readonly email: string;
}

export interface LadderDraft {
  readonly steps: readonly StepDraft[];
  /** Whether the clinician is notified again while a deficiency stays on a rung. */
  readonly repeat: boolean;
  readonly repeatEveryDays: string;
  readonly chairs: readonly ChairDraft[];
  readonly medicalStaffOffice: string;
  /** The next row key to hand out. */
  readonly nextKey: number;
}

/** The interval offered when repetition is switched on for a ladder that had none. */
const DEFAULT_REPEAT_DAYS = '7';

/** The form state for a ladder as the server sent it. */
export function draftOf(ladder: Ladder): LadderDraft {
  let next = 0;
  const key = () => `k${next++}`;
  const steps = ladder.steps.map((s) => ({
    key: key(),
    id: s.id,
    anchor: s.anchor,
    afterDays: String(s.afterDays),
    channels: s.channels,
    recipients: s.recipients,
  }));
  const chairs = ladder.contacts.departmentChairs.map((c) => ({
    key: key(),
    specialty: c.specialty ?? '',
    email: c.email,
  }));
  return {
    steps,
    repeat: ladder.repeatEveryDays !== null,
    repeatEveryDays: ladder.repeatEveryDays === null ? DEFAULT_REPEAT_DAYS : String(ladder.repeatEveryDays),
    chairs,
    medicalStaffOffice: ladder.contacts.medicalStaffOffice ?? '',
    nextKey: next,
  };
}

/** A whole number typed in a field, or NaN for anything else (blank, decimals, signs, letters). */
export function parseWholeNumber(text: string): number {
  const t = text.trim();
  return /^[0-9]{1,9}$/u.test(t) ? Number(t) : NaN;
}

/** The ladder the form describes (days that are not whole numbers come out as NaN; see buildUpdate). */
export function ladderOf(draft: LadderDraft): Ladder {
  return {
    steps: draft.steps.map((s) => ({
      id: s.id,
      anchor: s.anchor,
      afterDays: parseWholeNumber(s.afterDays),
      channels: chosenOf(CHANNELS, s.channels),
      recipients: chosenOf(RECIPIENTS, s.recipients),
    })),
    repeatEveryDays: draft.repeat ? parseWholeNumber(draft.repeatEveryDays) : null,
    contacts: {
      departmentChairs: draft.chairs.map((c) => ({
        specialty: c.specialty.trim() === '' ? null : c.specialty.trim(),
        email: c.email.trim(),
      })),
      medicalStaffOffice: draft.medicalStaffOffice.trim() === '' ? null : draft.medicalStaffOffice.trim(),
    },
  };
}

/**
 * The version an edit starts from. The server counts versions per facility and reports the facility's own (0 while it
 * has none, even when it follows the organisation's default), which is what a save must name.
 */
export function baseVersionOf(settings: Pick<NotificationSettings, 'version'>): number {
  return settings.version;
}

const NOT_A_WHOLE_NUMBER = 'Enter a whole number of days';
const NOTE_REQUIRED = 'Say why the ladder changes';

/**
 * The update to send, checked against the same schema the server parses it with. Days that are not whole numbers and
 * a missing note get one plain message each instead of the schema's. Contradictions between steps (order, repeats,
 * missing addresses) are the server's to find.
 */
export function buildUpdate(
  draft: LadderDraft,
  settings: Pick<NotificationSettings, 'facility' | 'version'>,
  note: string,
): Validation<NotificationSettingsUpdate> {
  const own: FieldError[] = [];
  const needWhole = (path: string, text: string) => {
    if (Number.isNaN(parseWholeNumber(text))) own.push({ path, code: 'custom', message: NOT_A_WHOLE_NUMBER });
  };
  draft.steps.forEach((s, i) => needWhole(`/ladder/steps/${i}/afterDays`, s.afterDays));
  if (draft.repeat) needWhole('/ladder/repeatEveryDays', draft.repeatEveryDays);
  if (note.trim() === '') own.push({ path: '/note', code: 'custom', message: NOTE_REQUIRED });
  const checked = validate(NotificationSettingsUpdate, {
    facility: settings.facility,
    baseVersion: baseVersionOf(settings),
    note,
    ladder: ladderOf(draft),
  });
  if (own.length === 0) return checked;
  const ours = new Set(own.map((e) => e.path));
  const rest = checked.ok ? [] : checked.errors.filter((e) => !ours.has(e.path));
  return { ok: false, errors: [...own, ...rest] };
}

/**
 * A new rung for the end of the ladder: the first kind the ladder lacks that ranks above its last rung (else the first
 * it lacks), counting from the last rung's anchor and days, to the clinician in both channels. Null when the ladder
 * already has every kind.
 */
export function addStep(draft: LadderDraft): LadderDraft | null {
  const used = new Set(draft.steps.map((s) => s.id));
  const last = draft.steps.at(-1);
  const lastRank = last ? STEP_IDS.indexOf(last.id) : -1;
  const free = STEP_IDS.filter((id) => !used.has(id));
  const id = free.find((f) => STEP_IDS.indexOf(f) > lastRank) ?? free[0];
  if (id === undefined || draft.steps.length >= MAX_STEPS) return null;
  const step: StepDraft = {
    key: `k${draft.nextKey}`,
    id,
    anchor: last?.anchor ?? (id === 'chair' || id === 'suspension' ? 'delinquent' : 'due'),
    afterDays: last && !Number.isNaN(parseWholeNumber(last.afterDays)) ? last.afterDays.trim() : '0',
    channels: ['in_app', 'email'],
    recipients: ['clinician'],
  };
  return { ...draft, steps: [...draft.steps, step], nextKey: draft.nextKey + 1 };
}

/** A blank chair address at the end of the list. */
export function addChair(draft: LadderDraft): LadderDraft {
  const chair: ChairDraft = { key: `k${draft.nextKey}`, specialty: '', email: '' };
  return { ...draft, chairs: [...draft.chairs, chair], nextKey: draft.nextKey + 1 };
}

/** The choices ticked in a group of checkboxes, in the schema's order; anything the schema does not know is dropped. */
export function chosenOf<T extends string>(order: readonly T[], values: readonly string[]): T[] {
  return order.filter((o) => values.includes(o));
}

/** The fields of one rung an error can be shown next to; 'row' is the rung as a whole. */
export type StepField = 'row' | 'id' | 'anchor' | 'afterDays' | 'channels' | 'recipients';
/** The fields of one chair address; 'row' is the address as a whole. */
export type ChairField = 'row' | 'specialty' | 'email';
/** The fields outside the list of rungs and chairs. */
export type LadderField = 'note' | 'steps' | 'repeatEveryDays' | 'chairs' | 'medicalStaffOffice';

export const stepFieldKey = (index: number, field: StepField): string => `steps/${index}/${field}`;
export const chairFieldKey = (index: number, field: ChairField): string => `chairs/${index}/${field}`;

const STEP_FIELDS: Readonly<Record<string, StepField>> = {
  id: 'id',
  anchor: 'anchor',
  afterDays: 'afterDays',
  channels: 'channels',
  recipients: 'recipients',
};
const CHAIR_FIELDS: Readonly<Record<string, ChairField>> = { specialty: 'specialty', email: 'email' };

/** The form's size, to leave out pointers past the end of a list. */
export interface LadderShape {
  readonly steps: number;
  readonly chairs: number;
}

/**
 * The form field an error pointer is about: a ladder-level field, a rung's field (`steps/2/afterDays`; a channel or
 * recipient in a list counts as the list), a chair's field (`chairs/0/email`), or null when the form shows nothing it
 * could sit next to (the facility, the base version, a row past the end of its list).
 */
export function fieldKeyOf(pointer: string, shape: LadderShape): string | null {
  if (pointer === '/note') return 'note';
  if (pointer === '/ladder/steps') return 'steps';
  if (pointer === '/ladder/repeatEveryDays') return 'repeatEveryDays';
  if (pointer === '/ladder/contacts/departmentChairs') return 'chairs';
  if (pointer === '/ladder/contacts/medicalStaffOffice') return 'medicalStaffOffice';
  const step = /^\/ladder\/steps\/([0-9]+)(?:\/([^/]+))?/u.exec(pointer);
  if (step) {
    const index = Number(step[1]);
    if (index >= shape.steps) return null;
    const property = step[2];
    return stepFieldKey(index, property === undefined ? 'row' : (STEP_FIELDS[property] ?? 'row'));
  }
  const chair = /^\/ladder\/contacts\/departmentChairs\/([0-9]+)(?:\/([^/]+))?/u.exec(pointer);
  if (chair) {
    const index = Number(chair[1]);
    if (index >= shape.chairs) return null;
    const property = chair[2];
    return chairFieldKey(index, property === undefined ? 'row' : (CHAIR_FIELDS[property] ?? 'row'));
  }
  return null;
}

/** Sorts errors into those shown next to a field, keyed by field; the rest have no field to sit by. */
export function placeErrors(errors: readonly FieldError[] | undefined, shape: LadderShape): PlacedErrors {
  return placeFormErrors(errors, (pointer) => fieldKeyOf(pointer, shape));
}

/** Which ladder is in force for the facility asked for, in words (no trailing full stop). */
export function describeInForce(settings: Pick<NotificationSettings, 'facility' | 'source' | 'version'>): string {
  switch (settings.source) {
    case 'facility':
      return `the facility's own ladder, version ${settings.version}`;
    case 'organisation':
      return settings.facility === ''
        ? `the organisation’s default ladder, version ${settings.version}`
        : 'the organisation’s default ladder';
    case 'default':
      return 'Charta’s default ladder (none saved)';
  }
}

/** What saving will do, so a manager knows whether the edit creates a facility's own ladder or a new version. */
export function describeSaveTarget(settings: Pick<NotificationSettings, 'facility' | 'source' | 'version'>): string {
  const whose = settings.facility === '' ? 'the organisation’s default ladder' : `the ladder of ${settings.facility}`;
  if (settings.version === 0 && settings.facility === '') {
    return 'Saving creates the organisation’s default ladder (version 1), which facilities without their own follow.';
  }
  if (settings.version === 0) {
    const follows = settings.source === 'organisation' ? 'the organisation’s default' : 'Charta’s defaults';
    return `Saving gives ${settings.facility} a ladder of its own (version 1); until then it follows ${follows}.`;
  }
  return `Saving creates version ${settings.version + 1} of ${whose}.`;
}
