/**
 * Clinical note text for the demo encounters, assembled from the scenario's story and the diagnoses and procedures
 * the encounter actually has, so that what a coder reads supports what the EHR sent. Each note type follows the usual
 * headings of its kind (history and physical, progress note in SOAP form, consultation, operative report with the
 * elements of 42 CFR 482.51(b)(6), emergency department note, discharge summary, office visit).
 */
import type { DiagnosisSpec, Disposition, ProcedureSpec, Scenario } from './scenarios.js';

export const NoteKind = {
  historyAndPhysical: 'history_and_physical',
  progress: 'progress',
  consultation: 'consultation',
  operative: 'operative',
  emergency: 'emergency',
  dischargeSummary: 'discharge_summary',
  officeVisit: 'office_visit',
} as const;
export type NoteKind = (typeof NoteKind)[keyof typeof NoteKind];

/** LOINC document type per note kind (LOINC Document Ontology). */
export const NOTE_LOINC: Readonly<Record<NoteKind, { readonly code: string; readonly display: string }>> = {
  history_and_physical: { code: '34117-2', display: 'History and physical note' },
  progress: { code: '11506-3', display: 'Progress note' },
  consultation: { code: '11488-4', display: 'Consult note' },
  operative: { code: '11504-8', display: 'Surgical operation note' },
  emergency: { code: '34111-5', display: 'Emergency department Note' },
  discharge_summary: { code: '18842-5', display: 'Discharge summary' },
  office_visit: { code: '11506-3', display: 'Progress note' },
};

export interface NoteParty {
  readonly name: string;
  readonly credentials: string;
}

export interface NoteContext {
  readonly scenario: Scenario;
  readonly facility: string;
  readonly patientName: string;
  readonly mrn: string;
  readonly birthDate: string;
  readonly ageYears: number;
  readonly sex: 'female' | 'male';
  readonly admitAt: Date;
  readonly dischargeAt: Date | undefined;
  readonly lengthOfStay: number;
  readonly attending: NoteParty;
  readonly consultant: NoteParty | undefined;
  readonly surgeon: NoteParty | undefined;
  readonly diagnoses: readonly DiagnosisSpec[];
  readonly procedures: readonly (ProcedureSpec & { readonly performedAt: Date })[];
  readonly disposition: Disposition | undefined;
  readonly vitals: {
    readonly temp: string;
    readonly pulse: number;
    readonly bp: string;
    readonly resp: number;
    readonly spo2: number;
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const signer = (p: NoteParty) => `${p.name}, ${p.credentials}`;

function who(ctx: NoteContext): string {
  if (ctx.ageYears === 0) return `newborn ${ctx.sex === 'female' ? 'girl' : 'boy'}`;
  if (ctx.ageYears < 18) return `${ctx.ageYears}-year-old ${ctx.sex === 'female' ? 'girl' : 'boy'}`;
  return `${ctx.ageYears}-year-old ${ctx.sex === 'female' ? 'woman' : 'man'}`;
}

function header(title: string, ctx: NoteContext, date: Date): string[] {
  return [
    title.toUpperCase(),
    `${ctx.facility}`,
    `Patient: ${ctx.patientName}    MRN: ${ctx.mrn}    DOB: ${ctx.birthDate}`,
    `Date of service: ${day(date)}`,
    '',
  ];
}

/** The numbered assessment: every diagnosis of the encounter, in its clinical wording. */
function assessment(ctx: NoteContext, closing: string): string[] {
  const terms = [...new Set(ctx.diagnoses.map((d) => d.term))];
  return terms.map((t, i) => `${i + 1}. ${capitalise(t)}${i === 0 ? `: ${closing}` : '.'}`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pastHistory(ctx: NoteContext): string {
  const chronic = ctx.diagnoses.filter((d) => d.chronic).map((d) => d.term);
  return chronic.length > 0 ? capitalise([...new Set(chronic)].join('; ')) + '.' : 'Noncontributory.';
}

function vitalsLine(ctx: NoteContext): string {
  const v = ctx.vitals;
  return `Vital signs: temperature ${v.temp} C, pulse ${v.pulse}, blood pressure ${v.bp}, respirations ${v.resp}, SpO2 ${v.spo2} percent.`;
}

/** The examination: the story's findings, after the day's vital signs unless the story gives its own. */
function examination(ctx: NoteContext): string {
  const exam = ctx.scenario.story.exam;
  return /temperature|blood pressure|heart rate|vital signs|saturation|respiratory rate|orthostatic/iu.test(exam)
    ? exam
    : `${vitalsLine(ctx)} ${exam}`;
}

export function historyAndPhysical(ctx: NoteContext, at: Date): string {
  const s = ctx.scenario.story;
  const procedures = ctx.procedures.filter((p) => p.operative).map((p) => p.term);
  return [
    ...header(
      ctx.scenario.setting === 'behavioral_health' ? 'Psychiatric admission evaluation' : 'History and physical',
      ctx,
      at,
    ),
    `ATTENDING: ${signer(ctx.attending)}`,
    `CHIEF COMPLAINT: ${capitalise(s.complaint)}.`,
    '',
    `HISTORY OF PRESENT ILLNESS: ${capitalise(who(ctx))} who ${s.history}`,
    '',
    `PAST MEDICAL HISTORY: ${pastHistory(ctx)}`,
    '',
    `PHYSICAL EXAMINATION: ${examination(ctx)}`,
    '',
    `DATA: ${s.studies}`,
    '',
    'ASSESSMENT AND PLAN:',
    ...assessment(ctx, s.plan),
    ...(procedures.length > 0
      ? ['', `Planned procedure: ${procedures.join('; ')}. Risks, benefits and alternatives discussed; consent signed.`]
      : []),
    '',
    `Electronically authored by ${signer(ctx.attending)}`,
  ].join('\n');
}

export function progressNote(ctx: NoteContext, at: Date, hospitalDay: number, author: NoteParty): string {
  const s = ctx.scenario.story;
  const progress = s.progress ?? [];
  const subjective =
    progress[Math.min(hospitalDay - 1, progress.length - 1)] ?? 'Resting comfortably, no new complaints.';
  return [
    ...header('Progress note', ctx, at),
    `Hospital day ${hospitalDay + 1}.`,
    `SUBJECTIVE: ${subjective}`,
    `OBJECTIVE: ${vitalsLine(ctx)}`,
    'ASSESSMENT AND PLAN:',
    ...assessment(ctx, 'improving; continue current plan.'),
    '',
    `${signer(author)}`,
  ].join('\n');
}

export function consultation(ctx: NoteContext, at: Date): string {
  const s = ctx.scenario.story;
  const consultant = ctx.consultant ?? ctx.attending;
  return [
    ...header('Consultation', ctx, at),
    `Requested by ${signer(ctx.attending)} for ${s.consultReason ?? 'evaluation'}.`,
    '',
    `HISTORY: ${capitalise(who(ctx))} who ${s.history}`,
    `EXAMINATION: ${s.exam}`,
    `DATA REVIEWED: ${s.studies}`,
    '',
    'IMPRESSION:',
    ...assessment(ctx, 'see recommendations.'),
    '',
    `RECOMMENDATIONS: ${s.consultOpinion ?? 'Agree with the current plan.'}`,
    'Thank you for this consultation; we will follow along.',
    '',
    signer(consultant),
  ].join('\n');
}

export function operativeReport(ctx: NoteContext, procedure: ProcedureSpec & { performedAt: Date }): string {
  const op = ctx.scenario.story.operation;
  const surgeon = ctx.surgeon ?? ctx.attending;
  const principal = ctx.diagnoses[0]?.term ?? ctx.scenario.story.complaint;
  return [
    ...header('Operative report', ctx, procedure.performedAt),
    `SURGEON: ${signer(surgeon)}`,
    `PREOPERATIVE DIAGNOSIS: ${capitalise(principal)}.`,
    `POSTOPERATIVE DIAGNOSIS: Same.`,
    `PROCEDURE: ${capitalise(procedure.term)}.`,
    `ANESTHESIA: ${capitalise(op?.anesthesia ?? 'local anesthesia')}.`,
    `INDICATION: ${op?.indication ?? ''}`,
    `FINDINGS: ${op?.findings ?? ''}`,
    `DESCRIPTION OF PROCEDURE: The patient was identified, consent confirmed and a time-out performed. ${op?.technique ?? ''}`,
    `ESTIMATED BLOOD LOSS: ${op?.bloodLoss ?? 'minimal'}.`,
    `SPECIMENS: ${op?.specimens ?? 'None'}.`,
    'COMPLICATIONS: None.',
    'CONDITION: Stable to the recovery area.',
    '',
    signer(surgeon),
  ].join('\n');
}

export function emergencyNote(ctx: NoteContext, at: Date): string {
  const s = ctx.scenario.story;
  const done = ctx.procedures.map((p) => p.term);
  return [
    ...header('Emergency department note', ctx, at),
    `PROVIDER: ${signer(ctx.attending)}`,
    `CHIEF COMPLAINT: ${capitalise(s.complaint)}.`,
    `HISTORY OF PRESENT ILLNESS: ${capitalise(who(ctx))} who ${s.history}`,
    `PAST MEDICAL HISTORY: ${pastHistory(ctx)}`,
    `EXAMINATION: ${examination(ctx)}`,
    `RESULTS: ${s.studies}`,
    `ED COURSE: ${s.course}${done.length > 0 ? ` Services: ${done.join('; ')}.` : ''}`,
    '',
    'DIAGNOSES:',
    ...assessment(ctx, s.plan),
    '',
    `DISPOSITION: ${ctx.disposition?.text ?? 'Discharged home'} in stable condition. Follow-up: ${s.followUp}`,
    '',
    signer(ctx.attending),
  ].join('\n');
}

export function officeVisit(ctx: NoteContext, at: Date): string {
  const s = ctx.scenario.story;
  const op = ctx.procedures.find((p) => p.operative);
  return [
    ...header(op ? 'Pre-procedure note' : 'Office visit', ctx, at),
    `CHIEF COMPLAINT: ${capitalise(s.complaint)}.`,
    `SUBJECTIVE: ${capitalise(who(ctx))} who ${s.history}`,
    `OBJECTIVE: ${examination(ctx)}`,
    `RESULTS: ${s.studies}`,
    'ASSESSMENT AND PLAN:',
    ...assessment(ctx, s.plan),
    '',
    `Follow-up: ${s.followUp}`,
    '',
    signer(ctx.attending),
  ].join('\n');
}

export function dischargeSummary(ctx: NoteContext, at: Date): string {
  const s = ctx.scenario.story;
  const [principal, ...secondary] = [...new Set(ctx.diagnoses.map((d) => d.term))];
  const procedures = ctx.procedures.map((p) => `${capitalise(p.term)} (${day(p.performedAt)})`);
  return [
    ...header('Discharge summary', ctx, at),
    `ADMISSION DATE: ${day(ctx.admitAt)}    DISCHARGE DATE: ${ctx.dischargeAt ? day(ctx.dischargeAt) : ''}`,
    `ATTENDING: ${signer(ctx.attending)}`,
    '',
    `PRINCIPAL DIAGNOSIS: ${capitalise(principal ?? s.complaint)}.`,
    `SECONDARY DIAGNOSES: ${secondary.length > 0 ? secondary.map(capitalise).join('; ') + '.' : 'None.'}`,
    `PROCEDURES: ${procedures.length > 0 ? procedures.join('; ') + '.' : 'None.'}`,
    ...(ctx.consultant ? [`CONSULTANTS: ${signer(ctx.consultant)}.`] : []),
    '',
    `HISTORY: ${capitalise(who(ctx))} who ${s.history}`,
    '',
    `HOSPITAL COURSE: ${s.course}`,
    '',
    `DISPOSITION: ${ctx.disposition?.text ?? 'Discharged home'}. Length of stay ${ctx.lengthOfStay} day${ctx.lengthOfStay === 1 ? '' : 's'}.`,
    `FOLLOW-UP: ${s.followUp}`,
    '',
    signer(ctx.attending),
  ].join('\n');
}
