import { z } from 'zod';
import { FindingSchema } from './coding.js';
import { isoInstant, plainText } from './common.js';

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
const list = <T extends z.ZodType>(item: T, max = 50) => z.array(item).max(max);

export const CompletionRuleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$/u, 'Expected a rule id such as COMPLETION.DS.MISSING')
    .max(80),
  title: plainText(300).pipe(z.string().min(1)),
  citation: z.strictObject({ source: plainText(300).pipe(z.string().min(1)), url: z.url().max(500).optional() }),
  enabled: z.boolean(),
  appliesTo: z.strictObject({ encounterTypes: list(code), services: list(term) }),
  scope: z.enum(['encounter', 'each']),
  documents: z.strictObject({
    loincCodes: list(code),
    exceptLoincCodes: list(code),
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
  onlyAfterPriorLoincCodes: list(code),
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
    documentTypes: z.strictObject({ operativeReport: list(code), dischargeSummary: list(code) }),
    rules: z.array(CompletionRuleSchema).max(100),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: 'Rule ids must be unique' });
      seen.add(r.id);
      if (r.scope === 'encounter' && r.anchor === 'authored') {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'anchor'],
          message: 'An encounter-scope rule needs an admission, surgery or discharge anchor',
        });
      }
    });
  });
export type CompletionRuleSetSchema = z.infer<typeof CompletionRuleSetSchema>;

export const CompletionRuleSetVersion = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  note: z.string().nullable(),
  ruleSet: CompletionRuleSetSchema,
});
export type CompletionRuleSetVersion = z.infer<typeof CompletionRuleSetVersion>;

export const CompletionRuleSetHistory = z.object({
  versions: z.array(CompletionRuleSetVersion.omit({ ruleSet: true })),
});
export type CompletionRuleSetHistory = z.infer<typeof CompletionRuleSetHistory>;

/** An edit: the version it was made from (a concurrent edit is refused), a note, and the whole new set. */
export const CompletionRuleSetUpdate = z.strictObject({
  baseVersion: z.number().int().min(1),
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
  /** Whole days since the deficiency was opened. */
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
    /** csv: the per-clinician table as text/csv. */
    format: z.enum(['json', 'csv']).optional(),
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
  timeliness: z.object({
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
  }),
  definitions: z.record(z.string(), z.string()),
});
export type CompletionReport = z.infer<typeof CompletionReport>;
