import { z } from 'zod';
import { FindingSchema } from './coding.js';
import { isoInstant, plainText } from './common.js';
import { RecordEncounterType } from './records.js';

/**
 * Record completion: the facility's completion rules (versioned), deficiencies and their lifecycle, each encounter's
 * analysis, and signing (authentication with attestation) and addenda.
 */

const code = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/u, 'Expected a code');
const term = plainText(80).pipe(z.string().min(1));

/**
 * Whether a code is a LOINC code: digits, a hyphen and the mod-10 check digit LOINC computes over the digits before
 * it (the Luhn scheme: every other digit from the right doubled, digit sums added).
 */
export function isLoincCode(value: string): boolean {
  const m = /^([0-9]{1,7})-([0-9])$/u.exec(value);
  if (!m) return false;
  const digits = m[1] as string;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}
const loinc = code.refine(isLoincCode, {
  message: 'Not a LOINC document type (expected digits, a hyphen and the check digit, e.g. 18842-5)',
});
const list = <T extends z.ZodType>(item: T, max = 50) => z.array(item).max(max);

export const CompletionRuleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$/u, 'Expected a rule id such as COMPLETION.DS.MISSING')
    .max(80),
  title: plainText(300).pipe(z.string().min(1)),
  citation: z.strictObject({ source: plainText(300).pipe(z.string().min(1)), url: z.url().max(500).optional() }),
  enabled: z.boolean(),
  appliesTo: z.strictObject({ encounterTypes: list(RecordEncounterType), services: list(term) }),
  scope: z.enum(['encounter', 'each']),
  documents: z.strictObject({
    loincCodes: list(loinc),
    exceptLoincCodes: list(loinc),
    typeLabelContains: list(term),
    exceptTypeLabelContains: list(term),
  }),
  anchor: z.enum(['admission', 'surgery', 'discharge', 'authored']),
  window: z.strictObject({
    beforeHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 366),
    afterHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 366),
  }),
  dueBeforeSurgery: z.boolean(),
  onlyAfterPriorLoincCodes: list(loinc),
  authenticatedBy: z.enum(['attending', 'author', 'surgeon']),
  requireAuthentication: z.boolean(),
});
export type CompletionRuleSchema = z.infer<typeof CompletionRuleSchema>;

export const CompletionRuleSetSchema = z
  .strictObject({
    /** At most 30 days after discharge (42 CFR 482.24(c)(4)(viii)). */
    delinquencyDays: z.number().int().min(1).max(30),
    placeholders: list(plainText(80).pipe(z.string().min(1))),
    surgicalProcedures: list(z.strictObject({ system: code, prefixes: list(code, 100) }), 10),
    documentTypes: z.strictObject({ operativeReport: list(loinc), dischargeSummary: list(loinc) }),
    rules: z.array(CompletionRuleSchema).max(100),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const overlap = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x));
    for (const c of overlap(set.documentTypes.operativeReport, set.documentTypes.dischargeSummary)) {
      issue(['documentTypes', 'dischargeSummary'], `${c} cannot be both an operative report and a discharge summary`);
    }
    /** Enabled encounter rules by what they ask for, to find two that set different terms for the same thing. */
    const requirement = new Map<string, number>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id)) issue(['rules', i, 'id'], 'Rule ids must be unique');
      seen.add(r.id);
      if (r.scope === 'encounter' && r.anchor === 'authored') {
        issue(['rules', i, 'anchor'], 'An encounter-scope rule needs an admission, surgery or discharge anchor');
      }
      for (const c of overlap(r.documents.loincCodes, r.documents.exceptLoincCodes)) {
        issue(['rules', i, 'documents', 'exceptLoincCodes'], `${c} is both required and excluded`);
      }
      const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
      for (const t of overlap(lower(r.documents.typeLabelContains), lower(r.documents.exceptTypeLabelContains))) {
        issue(['rules', i, 'documents', 'exceptTypeLabelContains'], `"${t}" is both required and excluded`);
      }
      if (r.anchor === 'discharge' && r.window.afterHours > set.delinquencyDays * 24) {
        issue(
          ['rules', i, 'window', 'afterHours'],
          `Due ${r.window.afterHours} hours after discharge, after the record is delinquent (${set.delinquencyDays} days)`,
        );
      }
      if (r.anchor === 'surgery' && r.dueBeforeSurgery) {
        issue(['rules', i, 'dueBeforeSurgery'], 'A rule anchored at surgery cannot also be due before it');
      }
      if (r.enabled && r.scope === 'encounter') {
        const key = JSON.stringify([
          [...r.appliesTo.encounterTypes].sort(),
          lower(r.appliesTo.services).sort(),
          [...r.documents.loincCodes].sort(),
          lower(r.documents.typeLabelContains).sort(),
          [...r.documents.exceptLoincCodes].sort(),
          lower(r.documents.exceptTypeLabelContains).sort(),
          r.anchor,
          [...r.onlyAfterPriorLoincCodes].sort(),
        ]);
        const other = requirement.get(key);
        if (other === undefined) requirement.set(key, i);
        else {
          const o = set.rules[other] as (typeof set.rules)[number];
          const same =
            o.window.beforeHours === r.window.beforeHours &&
            o.window.afterHours === r.window.afterHours &&
            o.authenticatedBy === r.authenticatedBy &&
            o.requireAuthentication === r.requireAuthentication &&
            o.dueBeforeSurgery === r.dueBeforeSurgery;
          issue(
            ['rules', i],
            same
              ? `Repeats rule ${o.id} (same documents, encounters and anchor)`
              : `Contradicts rule ${o.id}: the same documents, encounters and anchor with a different deadline or signer`,
          );
        }
      }
    });
  });
export type CompletionRuleSetSchema = z.infer<typeof CompletionRuleSetSchema>;

/** A facility name as encounters carry it; '' (or absent) means the organisation's default rule set. */
const facilityName = plainText(120);

export const CompletionRuleSetQuery = z.strictObject({ facility: facilityName.optional() });
export type CompletionRuleSetQuery = z.infer<typeof CompletionRuleSetQuery>;

export const CompletionRuleSetVersion = z.object({
  /** Whose set this is: the facility's own, or '' for the organisation's default (which a facility follows until it has its own). */
  facility: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** The display name of the user who saved it; null for the defaults Charta wrote. */
  createdByName: z.string().nullable(),
  note: z.string().nullable(),
  ruleSet: CompletionRuleSetSchema,
});
export type CompletionRuleSetVersion = z.infer<typeof CompletionRuleSetVersion>;

export const CompletionRuleSetHistory = z.object({
  facility: z.string(),
  versions: z.array(CompletionRuleSetVersion.omit({ ruleSet: true, facility: true })),
});
export type CompletionRuleSetHistory = z.infer<typeof CompletionRuleSetHistory>;

/**
 * An edit of a facility's own set ('' or absent: the organisation's default): the version of that set it was made from
 * (0 when the facility has none yet and followed the default; a concurrent edit is refused), a note, and the whole new
 * set.
 */
export const CompletionRuleSetUpdate = z.strictObject({
  facility: facilityName.optional(),
  baseVersion: z.number().int().min(0),
  note: plainText(500).pipe(z.string().min(1)),
  ruleSet: CompletionRuleSetSchema,
});
export type CompletionRuleSetUpdate = z.infer<typeof CompletionRuleSetUpdate>;

export const DeficiencyKind = z.enum(['missing', 'incomplete', 'unauthenticated', 'other']);
export const DeficiencyStatus = z.enum(['open', 'closed', 'waived']);
export const DeficiencyTiming = z.enum(['due', 'overdue', 'delinquent']);

export const Deficiency = z.object({
  id: z.string(),
  encounterId: z.string(),
  patientId: z.string(),
  accountNumber: z.string().nullable(),
  encounterType: z.string(),
  documentId: z.string().nullable(),
  documentType: z.string().nullable(),
  kind: DeficiencyKind,
  ruleId: z.string().nullable(),
  source: z.enum(['analysis', 'manual']),
  title: z.string(),
  practitionerId: z.string().nullable(),
  practitionerName: z.string().nullable(),
  /** The user linked to the responsible practitioner, if any. */
  userId: z.string().nullable(),
  dueAt: z.string().nullable(),
  delinquentAt: z.string().nullable(),
  status: DeficiencyStatus,
  /** For open deficiencies: due, overdue or delinquent at the time of the request. */
  timing: DeficiencyTiming.nullable(),
  /** Whole days since the encounter's discharge (since the deficiency was found, for an encounter not discharged). */
  ageDays: z.number().int(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  assignedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Deficiency = z.infer<typeof Deficiency>;

export const DeficiencyList = z.object({ deficiencies: z.array(Deficiency), total: z.number().int() });
export type DeficiencyList = z.infer<typeof DeficiencyList>;

export const DeficiencyQuery = z.strictObject({
  status: DeficiencyStatus.default('open'),
  timing: DeficiencyTiming.optional(),
  kind: DeficiencyKind.optional(),
  ruleId: z.string().max(80).optional(),
  practitionerId: z.uuid().optional(),
  encounterId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type DeficiencyQuery = z.infer<typeof DeficiencyQuery>;

export const MyDeficiencyQuery = z.strictObject({
  timing: DeficiencyTiming.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MyDeficiencyQuery = z.infer<typeof MyDeficiencyQuery>;

const reason = plainText(500).pipe(z.string().min(3, 'Give a reason'));

export const DeficiencyCreate = z.strictObject({
  encounterId: z.uuid(),
  documentId: z.uuid().optional(),
  kind: DeficiencyKind,
  title: plainText(300).pipe(z.string().min(1)),
  practitionerId: z.uuid(),
  dueAt: isoInstant,
  reason,
});
export type DeficiencyCreate = z.infer<typeof DeficiencyCreate>;

export const DeficiencyReassign = z.strictObject({ practitionerId: z.uuid(), reason });
export type DeficiencyReassign = z.infer<typeof DeficiencyReassign>;

export const DeficiencyWaive = z.strictObject({ reason });
export type DeficiencyWaive = z.infer<typeof DeficiencyWaive>;

export const CompletionItemSchema = z.object({
  ruleId: z.string(),
  title: z.string(),
  citation: z.object({ source: z.string() }),
  key: z.string(),
  kind: z.string().nullable(),
  status: z.enum(['compliant', 'pending', 'due', 'overdue', 'delinquent']),
  documentId: z.string().nullable(),
  path: z.string(),
  anchor: z.string(),
  anchorAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  delinquentAt: z.string().nullable(),
  satisfiedAt: z.string().nullable(),
  late: z.boolean(),
  responsible: z.object({ role: z.string(), practitionerId: z.string().nullable() }),
});

export const EncounterCompletion = z.object({
  encounterId: z.string(),
  analyzedAt: z.string(),
  ruleSetVersion: z.number().int(),
  recordStatus: z.enum(['complete', 'pending', 'incomplete', 'delinquent']),
  items: z.array(CompletionItemSchema),
  findings: z.array(FindingSchema),
  deficiencies: z.array(Deficiency),
});
export type EncounterCompletion = z.infer<typeof EncounterCompletion>;

/** The technicians' analysis queue: discharged records, newest discharge first unless sorted otherwise. */
export const CompletionQueueQuery = z.strictObject({
  /**
   * to_review: discharged records a technician has not yet marked reviewed (the default); incomplete: records with open
   * deficiencies; delinquent: records with a delinquent deficiency; complete: records with none open; all.
   */
  view: z.enum(['to_review', 'incomplete', 'delinquent', 'complete', 'all']).default('to_review'),
  facility: plainText(120).optional(),
  encounterType: z.string().max(40).optional(),
  service: plainText(120).optional(),
  sort: z.enum(['discharge_desc', 'discharge_asc', 'oldest_due']).default('discharge_desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CompletionQueueQuery = z.infer<typeof CompletionQueueQuery>;

export const CompletionQueueRecord = z.object({
  encounterId: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  mrn: z.string().nullable(),
  accountNumber: z.string().nullable(),
  encounterType: z.string(),
  facility: z.string().nullable(),
  service: z.string().nullable(),
  admitAt: z.string().nullable(),
  dischargeAt: z.string().nullable(),
  attendingName: z.string().nullable(),
  /** From the latest analysis; null until the record is analysed. */
  recordStatus: z.enum(['complete', 'pending', 'incomplete', 'delinquent']).nullable(),
  openDeficiencies: z.number().int(),
  delinquentDeficiencies: z.number().int(),
  oldestDueAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
});
export type CompletionQueueRecord = z.infer<typeof CompletionQueueRecord>;

export const CompletionQueue = z.object({
  total: z.number().int(),
  counts: z.object({
    toReview: z.number().int(),
    incomplete: z.number().int(),
    delinquent: z.number().int(),
    complete: z.number().int(),
  }),
  records: z.array(CompletionQueueRecord),
});
export type CompletionQueue = z.infer<typeof CompletionQueue>;

/** A technician marks a discharged record reviewed (analysis done, deficiencies assigned). */
export const CompletionReview = z.strictObject({ note: plainText(1000).optional() });
export type CompletionReview = z.infer<typeof CompletionReview>;

export const CompletionRunResult = z.object({ analyzed: z.number().int(), ruleSetVersion: z.number().int() });
export type CompletionRunResult = z.infer<typeof CompletionRunResult>;

/** Clinical text: free text over several lines (tabs and line breaks allowed), no other control characters or markup. */
const clinicalText = z
  .string()
  .max(200_000)
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(s), {
    message: 'Control characters are not allowed',
  })
  .refine((s) => !/<\s*[a-zA-Z!/?]|javascript:/iu.test(s), { message: 'Markup is not allowed in this field' })
  .refine((s) => s.trim().length > 0, { message: 'The text is empty' });

const versionHash = z.string().regex(/^[0-9a-f]{64}$/u, 'Expected a SHA-256 hex digest');

export const DocumentTextWrite = z.strictObject({
  text: clinicalText,
  /** The version the author edited; a different current version is refused (409). */
  expectedVersionHash: versionHash.optional(),
});
export type DocumentTextWrite = z.infer<typeof DocumentTextWrite>;

export const DocumentSign = z.strictObject({
  attestation: plainText(1000).pipe(z.string().min(10, 'State the attestation')),
  /** The version the signer read; a different current version is refused (409). */
  versionHash: versionHash.optional(),
});
export type DocumentSign = z.infer<typeof DocumentSign>;

export const DocumentCreate = z
  .strictObject({
    /** Write the document a "missing" deficiency asks for: its type comes from the deficiency's rule. */
    deficiencyId: z.uuid().optional(),
    /** Or name the LOINC document type (one of the types Charta writes). */
    loincCode: z
      .string()
      .regex(/^[0-9]{1,7}-[0-9]$/u, 'Expected a LOINC code such as 18842-5')
      .optional(),
    text: clinicalText,
  })
  .refine((b) => b.deficiencyId !== undefined || b.loincCode !== undefined, {
    path: ['loincCode'],
    message: 'Name the document type (loincCode) or the deficiency it answers (deficiencyId)',
  });
export type DocumentCreate = z.infer<typeof DocumentCreate>;

export const AddendumCreate = z.strictObject({ text: clinicalText });
export type AddendumCreate = z.infer<typeof AddendumCreate>;

export const DocumentVersion = z.object({
  id: z.string(),
  encounterId: z.string().nullable(),
  loincCode: z.string().nullable(),
  typeLabel: z.string(),
  status: z.string(),
  authorId: z.string().nullable(),
  authoredAt: z.string().nullable(),
  authenticatedAt: z.string().nullable(),
  authenticatedBy: z.string().nullable(),
  amendsDocumentId: z.string().nullable(),
  versionHash: z.string(),
  text: z.string().nullable(),
});
export type DocumentVersion = z.infer<typeof DocumentVersion>;

export const DocumentSignature = z.object({
  id: z.string(),
  documentId: z.string(),
  versionHash: z.string(),
  signerPractitionerId: z.string(),
  signerUserId: z.string(),
  attestation: z.string(),
  signedAt: z.string(),
});
export type DocumentSignature = z.infer<typeof DocumentSignature>;

export const DocumentSignatures = z.object({
  document: DocumentVersion,
  signatures: z.array(DocumentSignature),
  addenda: z.array(DocumentVersion),
});
export type DocumentSignatures = z.infer<typeof DocumentSignatures>;

/** The longest period the completion report covers. */
export const COMPLETION_REPORT_MAX_DAYS = 366;
const reportDate = z.iso.date();

export const CompletionReportQuery = z
  .strictObject({
    /** First discharge date of the period (inclusive, YYYY-MM-DD); default: the first day of the third month back. */
    from: reportDate.optional(),
    /** Last discharge date of the period (inclusive); default: today. */
    to: reportDate.optional(),
    /** csv: a table of the report as text/csv (`table`). */
    format: z.enum(['json', 'csv']).optional(),
    /** With csv: open deficiencies per clinician (the default), or completion by service. */
    table: z.enum(['clinicians', 'services']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    if (q.to < q.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts' });
      return;
    }
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > COMPLETION_REPORT_MAX_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A period may span at most ${COMPLETION_REPORT_MAX_DAYS} days`,
      });
    }
  });
export type CompletionReportQuery = z.infer<typeof CompletionReportQuery>;

export const CompletionDelinquencyPoint = z.object({
  at: isoInstant,
  delinquentRecords: z.number().int(),
  /** The full calendar months (YYYY-MM) the average monthly discharges is taken over. */
  months: z.array(z.string()),
  averageMonthlyDischarges: z.number(),
  /** delinquentRecords / averageMonthlyDischarges; null without discharges. */
  rate: z.number().nullable(),
  exceedsThreshold: z.boolean(),
});
export type CompletionDelinquencyPoint = z.infer<typeof CompletionDelinquencyPoint>;

/** Discharge-summary timeliness over a set of discharges. */
export const CompletionTimeliness = z.object({
  windowHours: z.number().int(),
  discharges: z.number().int(),
  timely: z.number().int(),
  late: z.number().int(),
  /** No authenticated summary, window closed: counted as not timely. */
  unauthenticated: z.number().int(),
  /** No authenticated summary, window still open: left out of the share. */
  pending: z.number().int(),
  share: z.number().nullable(),
  /** Over the authenticated summaries only. */
  medianDays: z.number().nullable(),
});

export const CompletionReport = z.object({
  from: z.string(),
  to: z.string(),
  at: isoInstant,
  /** The delinquency rate above which the facility is out of compliance (0.5). */
  threshold: z.number(),
  ruleSetVersion: z.number().int(),
  /** Open deficiencies at `at` per responsible clinician (null: unassigned). */
  clinicians: z.array(
    z.object({
      practitionerId: z.uuid().nullable(),
      name: z.string().nullable(),
      open: z.number().int(),
      byKind: z.record(z.string(), z.number().int()),
      byTiming: z.object({ due: z.number().int(), overdue: z.number().int(), delinquent: z.number().int() }),
      oldestAgeDays: z.number().int(),
    }),
  ),
  delinquency: CompletionDelinquencyPoint,
  /** The rate at each month end of the period (up to `at`). */
  trend: z.array(CompletionDelinquencyPoint),
  timeliness: CompletionTimeliness,
  /** The period's discharges by service (null: none on the encounter), most discharges first. */
  services: z.array(
    z.object({
      service: z.string().nullable(),
      discharges: z.number().int(),
      /** Records with no open deficiency at `at`. */
      complete: z.number().int(),
      incomplete: z.number().int(),
      delinquent: z.number().int(),
      timeliness: CompletionTimeliness,
    }),
  ),
  definitions: z.record(z.string(), z.string()),
});
export type CompletionReport = z.infer<typeof CompletionReport>;
