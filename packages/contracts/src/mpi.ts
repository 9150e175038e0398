import { z } from 'zod';
import { plainText } from './common.js';
import { PatientDetail } from './patients.js';

/** Master patient index: the review queue of candidate duplicates, merges and unmerges. */

const reason = (what: string) => plainText(1000).pipe(z.string().min(3, `Give the reason for the ${what}`));

export const MpiCandidateStatus = z.enum(['open', 'not-duplicate', 'merged']);

export const MpiCandidateListQuery = z.strictObject({
  status: MpiCandidateStatus.default('open'),
  minScore: z.coerce.number().min(-100).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const MpiPatientBrief = z.object({
  id: z.string(),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
});
export type MpiPatientBrief = z.infer<typeof MpiPatientBrief>;

export const MpiCandidateListItem = z.object({
  id: z.string(),
  score: z.number(),
  verdict: z.enum(['match', 'review']),
  status: MpiCandidateStatus,
  a: MpiPatientBrief,
  b: MpiPatientBrief,
  /** The strongest reasons, in a line. */
  summary: z.string(),
  updatedAt: z.string(),
});
export type MpiCandidateListItem = z.infer<typeof MpiCandidateListItem>;

export const MpiCandidateList = z.object({
  candidates: z.array(MpiCandidateListItem),
  /** Candidates in this status visible to the caller, for paging. */
  total: z.number().int(),
});
export type MpiCandidateList = z.infer<typeof MpiCandidateList>;

/** One patient of a pair, with the fields the matcher compares. */
export const MpiPatientView = MpiPatientBrief.extend({
  middleName: z.string().nullable(),
  previousFamilyNames: z.array(z.string()),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  identifiers: z.array(z.object({ type: z.string(), system: z.string(), value: z.string() })),
  active: z.boolean(),
  mergedInto: z.string().nullable(),
  encounters: z.number().int(),
  documents: z.number().int(),
});
export type MpiPatientView = z.infer<typeof MpiPatientView>;

/** One compared field: its agreement level and the Fellegi-Sunter weight (bits) it added to the score. */
export const MpiFieldComparison = z.object({
  field: z.string(),
  agreement: z.string(),
  weight: z.number(),
  text: z.string(),
});
export type MpiFieldComparison = z.infer<typeof MpiFieldComparison>;

export const MpiCandidateDetail = z.object({
  id: z.string(),
  score: z.number(),
  verdict: z.enum(['match', 'review']),
  status: MpiCandidateStatus,
  thresholds: z.object({ match: z.number(), review: z.number() }),
  a: MpiPatientView,
  b: MpiPatientView,
  fields: z.array(MpiFieldComparison),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  updatedAt: z.string(),
});
export type MpiCandidateDetail = z.infer<typeof MpiCandidateDetail>;

export const MpiMergeRequest = z.strictObject({
  /** One of the pair's two patients; the other is merged into it. */
  survivorId: z.uuid({ message: 'Expected a patient id (UUID)' }),
  reason: reason('merge'),
});
export type MpiMergeRequest = z.infer<typeof MpiMergeRequest>;

export const MpiNotDuplicateRequest = z.strictObject({ reason: reason('decision') });
export type MpiNotDuplicateRequest = z.infer<typeof MpiNotDuplicateRequest>;

export const MpiUnmergeRequest = z.strictObject({ reason: reason('unmerge') });
export type MpiUnmergeRequest = z.infer<typeof MpiUnmergeRequest>;

export const MpiMergeResult = z.object({ mergeId: z.string(), survivorId: z.string(), mergedId: z.string() });
export type MpiMergeResult = z.infer<typeof MpiMergeResult>;

export const MpiMergeListQuery = z.strictObject({
  patientId: z.uuid({ message: 'Expected a patient id (UUID)' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MpiMerge = z.object({
  id: z.string(),
  survivor: MpiPatientBrief,
  merged: MpiPatientBrief,
  source: z.string(),
  reason: z.string(),
  mergedAt: z.string(),
  mergedBy: z.string().nullable(),
  unmergedAt: z.string().nullable(),
  unmergedBy: z.string().nullable(),
  unmergeReason: z.string().nullable(),
  /** How many rows of each kind moved to the survivor. */
  moved: z.record(z.string(), z.number().int()),
});
export type MpiMerge = z.infer<typeof MpiMerge>;
export const MpiMergeList = z.object({ merges: z.array(MpiMerge) });
export type MpiMergeList = z.infer<typeof MpiMergeList>;

export const MpiScanRequest = z.strictObject({
  /** One patient; without it the whole organisation is scanned, in batches. */
  patientId: z.uuid({ message: 'Expected a patient id (UUID)' }).optional(),
});
export type MpiScanRequest = z.infer<typeof MpiScanRequest>;

export const MpiScanResult = z.object({
  scanned: z.number().int(),
  batches: z.number().int(),
  candidatesStored: z.number().int(),
});
export type MpiScanResult = z.infer<typeof MpiScanResult>;

/** A patient's record as opened, with where it was merged when it was (PatientDetail plus the merge). */
export const PatientDetailWithMerge = PatientDetail.extend({
  active: z.boolean(),
  /** The survivor this record was merged into, or null. */
  mergedInto: z.string().nullable(),
  merge: z.object({ id: z.string(), mergedAt: z.string(), survivorId: z.string().nullable() }).nullable(),
});
export type PatientDetailWithMerge = z.infer<typeof PatientDetailWithMerge>;
