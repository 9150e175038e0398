import { z } from 'zod';
import { PatientSummary } from './patients.js';

/**
 * Reading a patient's record as HIM sees it: encounters, with the clinicians, documents, the codes the EHR sent, HIM's
 * coded record, charges and the coding work item. Times are ISO instants, dates YYYY-MM-DD, amounts decimal strings.
 */

/** Encounter types as stored (the code sets' `encounterType` spells two of them with a hyphen). */
export const RecordEncounterType = z.enum([
  'inpatient',
  'emergency',
  'observation',
  'outpatient',
  'skilled_nursing',
  'behavioral_health',
]);
export type RecordEncounterType = z.infer<typeof RecordEncounterType>;

export const RecordEncounterStatus = z.enum(['planned', 'in_progress', 'discharged', 'completed', 'cancelled']);
export type RecordEncounterStatus = z.infer<typeof RecordEncounterStatus>;

export const EncounterSummary = z.object({
  id: z.string(),
  patientId: z.string(),
  type: z.string(),
  status: z.string(),
  facility: z.string().nullable(),
  accountNumber: z.string().nullable(),
  admitAt: z.string().nullable(),
  dischargeAt: z.string().nullable(),
  dischargeDisposition: z.string().nullable(),
  service: z.string().nullable(),
  location: z.string().nullable(),
  payer: z.string().nullable(),
  financialClass: z.string().nullable(),
  expectedCharges: z.string().nullable(),
  billedAt: z.string().nullable(),
  /** The coding work item's status, or null when the encounter is not in the coding queue. */
  codingStatus: z.string().nullable(),
});
export type EncounterSummary = z.infer<typeof EncounterSummary>;

export const EncounterList = z.object({ patientId: z.string(), encounters: z.array(EncounterSummary) });
export type EncounterList = z.infer<typeof EncounterList>;

export const EncounterClinician = z.object({
  practitionerId: z.string(),
  /** attending | admitting | consulting | referring | operating | other */
  role: z.string(),
  familyName: z.string(),
  givenName: z.string().nullable(),
  credentials: z.string().nullable(),
  specialty: z.string().nullable(),
  npi: z.string().nullable(),
});
export type EncounterClinician = z.infer<typeof EncounterClinician>;

/** A document as listed on an encounter (no text: the text is read, and audited, one document at a time). */
export const DocumentSummary = z.object({
  id: z.string(),
  encounterId: z.string().nullable(),
  loincCode: z.string().nullable(),
  typeLabel: z.string(),
  status: z.string(),
  authoredAt: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  authenticatedAt: z.string().nullable(),
  contentType: z.string().nullable(),
  hasText: z.boolean(),
  hasAttachment: z.boolean(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({
  patientId: z.string(),
  authenticatedBy: z.string().nullable(),
  text: z.string().nullable(),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/** A code as the EHR sent it (problem list, encounter diagnosis, procedure): never HIM's coded record. */
export const EhrCode = z.object({
  id: z.string(),
  kind: z.string(),
  system: z.string(),
  code: z.string(),
  display: z.string().nullable(),
  clinicalStatus: z.string().nullable(),
  onsetAt: z.string().nullable(),
  recordedAt: z.string().nullable(),
});
export type EhrCode = z.infer<typeof EhrCode>;

export const ChargeLine = z.object({
  id: z.string(),
  serviceDate: z.string().nullable(),
  revenueCode: z.string().nullable(),
  codeSystem: z.string().nullable(),
  code: z.string().nullable(),
  modifiers: z.array(z.string()),
  units: z.string(),
  amount: z.string(),
  description: z.string().nullable(),
  source: z.string(),
});
export type ChargeLine = z.infer<typeof ChargeLine>;

export const CodedDiagnosisLine = z.object({
  seq: z.number().int(),
  code: z.string(),
  poa: z.string().nullable(),
});
export type CodedDiagnosisLine = z.infer<typeof CodedDiagnosisLine>;

export const CodedProcedureLine = z.object({
  seq: z.number().int(),
  system: z.string(),
  code: z.string(),
  modifiers: z.array(z.string()),
  date: z.string().nullable(),
});
export type CodedProcedureLine = z.infer<typeof CodedProcedureLine>;

/** HIM's coded record of one encounter: diagnoses in sequence (1 = principal / first-listed), procedures. */
export const CodedRecord = z.object({
  encounterId: z.string(),
  diagnoses: z.array(CodedDiagnosisLine),
  procedures: z.array(CodedProcedureLine),
});
export type CodedRecord = z.infer<typeof CodedRecord>;

/** The coding work item as the encounter view shows it (the queue shows the same fields: see coding-work.ts). */
export const EncounterWorkItem = z.object({
  queue: z.string(),
  status: z.string(),
  priority: z.number().int(),
  enteredAt: z.string(),
  dueAt: z.string(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  holdReason: z.string().nullable(),
  holdNote: z.string().nullable(),
  finalAt: z.string().nullable(),
  finalById: z.string().nullable(),
  finalByName: z.string().nullable(),
  /** Increments on every save, finalise and re-open; a save may name the revision it started from. */
  revision: z.number().int(),
  /** The number of final versions so far. */
  version: z.number().int(),
});
export type EncounterWorkItem = z.infer<typeof EncounterWorkItem>;

export const EncounterDetail = EncounterSummary.extend({
  admitSource: z.string().nullable(),
  admitType: z.string().nullable(),
  labels: z.array(z.string()),
  patient: PatientSummary,
  /** Age in whole years at admission (what the edits use). */
  ageAtAdmission: z.number().int().nullable(),
  clinicians: z.array(EncounterClinician),
  documents: z.array(DocumentSummary),
  ehrCodes: z.array(EhrCode),
  coding: CodedRecord,
  charges: z.array(ChargeLine),
  /** Sum of the charge lines, or the encounter's expected charges when it has none. */
  totalCharges: z.string().nullable(),
  workItem: EncounterWorkItem.nullable(),
});
export type EncounterDetail = z.infer<typeof EncounterDetail>;
