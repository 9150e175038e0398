import { z } from 'zod';
import { isoDate } from './common.js';

/**
 * Case-mix analytics: CMI, DRG distribution, CC/MCC capture, medical/surgical mix and HAC counts over the stored,
 * discharged inpatient encounters of a period, by month, service line or attending physician. Aggregates only: no
 * patient is named or identifiable from a row.
 */

export const CaseMixDimension = z.enum(['month', 'service', 'attending']);
export type CaseMixDimension = z.infer<typeof CaseMixDimension>;

/** Longest period one query may cover, in days (two fiscal years and a bit). */
export const CASE_MIX_MAX_DAYS = 800;

const calendarDate = isoDate.refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'Not a calendar date');

export const CaseMixQuery = z
  .strictObject({
    /** First discharge date of the period (inclusive, YYYY-MM-DD). */
    from: calendarDate,
    /** Last discharge date of the period (inclusive). */
    to: calendarDate,
    by: CaseMixDimension.default('month'),
    /** csv: the same figures as text/csv (also chosen by `Accept: text/csv`). */
    format: z.enum(['json', 'csv']).optional(),
    /** How many DRGs the distribution lists (the most frequent). */
    top: z.coerce.number().int().min(1).max(200).default(20),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts' });
      return;
    }
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > CASE_MIX_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A period may span at most ${CASE_MIX_MAX_DAYS} days` });
    }
  });
export type CaseMixQuery = z.infer<typeof CaseMixQuery>;

/** CC/MCC capture among cases in MS-DRG families split by severity (definition in `CaseMixReport.definitions`). */
export const CaseMixCapture = z.object({
  /** Cases whose DRG belongs to a family with a CC/MCC split. */
  eligible: z.number().int(),
  /** Of those, cases in a with-CC, with-MCC or with-CC/MCC member because of a secondary CC or MCC. */
  captured: z.number().int(),
  /** Captured cases whose deciding severity was an MCC. */
  capturedMcc: z.number().int(),
  /** captured / eligible, null when nothing is eligible. */
  rate: z.number().nullable(),
  /** capturedMcc / eligible. */
  mccRate: z.number().nullable(),
});
export type CaseMixCapture = z.infer<typeof CaseMixCapture>;

export const CaseMixMetrics = z.object({
  /** Discharges in scope. */
  cases: z.number().int(),
  /** Cases with a DRG that has a relative weight: the CMI's denominator. */
  grouped: z.number().int(),
  /** Cases not grouped (no grouper version for the discharge date) or in a DRG without a weight (998, 999). */
  ungrouped: z.number().int(),
  totalWeight: z.number(),
  /** Case-mix index: mean relative weight of the grouped cases; null when none. */
  cmi: z.number().nullable(),
  medical: z.number().int(),
  surgical: z.number().int(),
  /** surgical / (medical + surgical). */
  surgicalShare: z.number().nullable(),
  capture: CaseMixCapture,
  /** Cases with at least one HAC category whose criteria are met (a HAC-list code not present on admission). */
  hacCases: z.number().int(),
  /** Of those, cases whose final DRG differs from the initial one because of the HAC step. */
  hacDrgChanged: z.number().int(),
});
export type CaseMixMetrics = z.infer<typeof CaseMixMetrics>;

export const CaseMixGroup = CaseMixMetrics.extend({
  /** Month YYYY-MM, service line, 'MDC nn' when the service is empty, a practitioner id, or 'none'. */
  key: z.string(),
  label: z.string(),
});
export type CaseMixGroup = z.infer<typeof CaseMixGroup>;

export const CaseMixDrg = z.object({
  drg: z.string(),
  title: z.string(),
  mdc: z.string(),
  medSurg: z.enum(['MEDICAL', 'SURGICAL', 'NONE']),
  relativeWeight: z.number().nullable(),
  cases: z.number().int(),
  /** cases / all cases in scope. */
  share: z.number(),
  /** relativeWeight × cases. */
  totalWeight: z.number(),
});
export type CaseMixDrg = z.infer<typeof CaseMixDrg>;

export const CaseMixHac = z.object({
  hac: z.number().int(),
  title: z.string(),
  cases: z.number().int(),
});
export type CaseMixHac = z.infer<typeof CaseMixHac>;

export const CaseMixReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  by: CaseMixDimension,
  /**
   * Which encounters count: `final-coded` (discharged inpatient encounters whose coding work item is final) once
   * coding work items exist, else `discharged-coded` (discharged inpatient encounters with coded diagnoses).
   */
  scope: z.enum(['final-coded', 'discharged-coded']),
  /** Grouper versions used, with their case counts. */
  grouperVersions: z.array(z.object({ version: z.string(), cases: z.number().int() })),
  total: CaseMixMetrics,
  groups: z.array(CaseMixGroup),
  /** The most frequent DRGs, most cases first. */
  drgs: z.array(CaseMixDrg),
  /** Distinct DRGs in the period (the list above may be cut to `top`). */
  distinctDrgs: z.number().int(),
  hacCategories: z.array(CaseMixHac),
  /** The definitions of the figures, in words, for the page and the CSV's readers. */
  definitions: z.record(z.string(), z.string()),
});
export type CaseMixReport = z.infer<typeof CaseMixReport>;
