import { z } from 'zod';
import { FindingSchema } from './coding.js';
import { isoDate, plainText } from './common.js';
import { ChargeLine, CodedRecord, RecordEncounterType } from './records.js';

/**
 * Coding work queues, the coder workbench, DNFB and coder productivity. An encounter enters the queue when it is
 * discharged or completed; its work item is keyed by the encounter id, so every item route takes the encounter id.
 */

export const WorkItemStatus = z.enum(['unassigned', 'assigned', 'in_progress', 'on_hold', 'final']);
export type WorkItemStatus = z.infer<typeof WorkItemStatus>;

export const HoldReason = z.enum(['awaiting_documentation', 'physician_query', 'other']);
export type HoldReason = z.infer<typeof HoldReason>;

/** A queue per encounter type. */
export const CodingQueue = RecordEncounterType;
export type CodingQueue = z.infer<typeof CodingQueue>;

export const QueueSort = z.enum(['priority', 'age', 'due']);

/** A comma-separated list in a query string, e.g. status=unassigned,assigned. */
function csvOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : v,
    z.array(item).min(1).max(10),
  );
}

export const WorkQueueQuery = z.strictObject({
  /** One or more queues (encounter types), comma-separated. */
  queue: csvOf(CodingQueue).optional(),
  service: plainText(100).pipe(z.string().min(1)).optional(),
  payer: plainText(100).pipe(z.string().min(1)).optional(),
  /** One or more statuses, comma-separated; by default every status but final. */
  status: csvOf(WorkItemStatus).optional(),
  /** "me", "none" (unassigned) or a user id. */
  assignee: z.union([z.enum(['me', 'none']), z.uuid()]).optional(),
  /** Age in whole days since discharge (or completion), inclusive bounds. */
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  maxAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** overdue: due before now; today: due before the end of today (UTC); later: not due today. */
  due: z.enum(['overdue', 'today', 'later']).optional(),
  holdReason: HoldReason.optional(),
  sort: QueueSort.default('priority'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type WorkQueueQuery = z.infer<typeof WorkQueueQuery>;

export const UserRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type UserRef = z.infer<typeof UserRef>;

/** One row of a work queue: only what a queue shows (name, MRN, account, dates). */
export const WorkItem = z.object({
  encounterId: z.string(),
  patientId: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  mrn: z.string(),
  accountNumber: z.string().nullable(),
  queue: z.string(),
  encounterType: z.string(),
  service: z.string().nullable(),
  payer: z.string().nullable(),
  admitAt: z.string().nullable(),
  dischargeAt: z.string().nullable(),
  enteredAt: z.string(),
  dueAt: z.string(),
  /** Whole days since discharge (or since entry when no discharge time is known), on the server's clock. */
  ageDays: z.number().int(),
  overdue: z.boolean(),
  priority: z.number().int(),
  status: WorkItemStatus,
  assignee: UserRef.nullable(),
  holdReason: HoldReason.nullable(),
  holdNote: z.string().nullable(),
  finalAt: z.string().nullable(),
  finalBy: UserRef.nullable(),
  billedAt: z.string().nullable(),
  revision: z.number().int(),
  version: z.number().int(),
});
export type WorkItem = z.infer<typeof WorkItem>;

export const QueueCount = z.object({
  queue: z.string(),
  /** Items not final. */
  open: z.number().int(),
  unassigned: z.number().int(),
  assigned: z.number().int(),
  inProgress: z.number().int(),
  onHold: z.number().int(),
  overdue: z.number().int(),
  final: z.number().int(),
});
export type QueueCount = z.infer<typeof QueueCount>;

export const QueueCounts = z.object({ counts: z.array(QueueCount) });
export type QueueCounts = z.infer<typeof QueueCounts>;

export const WorkQueueList = z.object({
  items: z.array(WorkItem),
  /** Items matching the filters (before limit and offset). */
  total: z.number().int(),
  counts: z.array(QueueCount),
});
export type WorkQueueList = z.infer<typeof WorkQueueList>;

export const HoldRequest = z.strictObject({
  reason: HoldReason,
  note: plainText(1000).optional(),
});
export type HoldRequest = z.infer<typeof HoldRequest>;

/** Assign to someone (null: back to unassigned) and/or set the priority (0 normal ... 9 most urgent). */
export const WorkItemUpdate = z
  .strictObject({
    assigneeId: z.uuid().nullable().optional(),
    priority: z.number().int().min(0).max(9).optional(),
  })
  .refine((v) => v.assigneeId !== undefined || v.priority !== undefined, {
    message: 'Give assigneeId or priority',
  });
export type WorkItemUpdate = z.infer<typeof WorkItemUpdate>;

/** Days from discharge (or completion) to the coding due date, per encounter type: a site setting. */
export const QueueSettings = z.object({
  dueDays: z.record(z.string(), z.number().int()),
});
export type QueueSettings = z.infer<typeof QueueSettings>;

export const QueueSettingsUpdate = z.strictObject({
  dueDays: z.partialRecord(CodingQueue, z.number().int().min(0).max(365)),
});
export type QueueSettingsUpdate = z.infer<typeof QueueSettingsUpdate>;

// ----- Workbench -----

const codeText = z
  .string()
  .trim()
  .min(1, 'Enter a code')
  .max(10, 'A code has at most 7 characters (10 with a dot)')
  .regex(/^[A-Za-z0-9.]+$/u, 'Letters, digits and a dot only');
const modifier = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2}$/u, 'A modifier is two letters or digits');
const money = z
  .union([z.number(), z.string().regex(/^-?\d{1,12}(\.\d{1,2})?$/u, 'An amount with at most two decimals')])
  .transform((v) => Number(v))
  .refine((v) => Number.isFinite(v) && Math.abs(v) < 1e12, 'An amount with at most two decimals');

export const CodingDiagnosisInput = z.strictObject({
  code: codeText,
  /** Y, N, U, W, or 1 (exempt); required by the edits for inpatient stays (UB-04 FL 67). */
  poa: z.enum(['Y', 'N', 'U', 'W', '1']).optional(),
});

export const CodingProcedureInput = z.strictObject({
  /** ICD-10-PCS for inpatient stays; CPT or HCPCS otherwise. */
  system: z.enum(['ICD-10-PCS', 'CPT', 'HCPCS']),
  code: codeText,
  modifiers: z.array(modifier).max(4, 'At most 4 modifiers').default([]),
  date: isoDate.optional(),
});

export const CodingChargeInput = z.strictObject({
  /** An existing charge line to keep or change; absent for a new line. */
  id: z.uuid().optional(),
  codeSystem: z.enum(['CPT', 'HCPCS']).optional(),
  code: codeText.optional(),
  modifiers: z.array(modifier).max(4, 'At most 4 modifiers').default([]),
  units: z.number().positive().max(100_000).default(1),
  revenueCode: z
    .string()
    .regex(/^\d{4}$/u, 'A revenue code is four digits')
    .optional(),
  amount: money,
  serviceDate: isoDate.optional(),
  description: plainText(200).optional(),
});

/**
 * The workbench's save: the whole coded record. `charges`, when given, is the encounter's whole charge list (lines
 * with an id are kept or changed, lines without are added, the others removed); absent, the charges are left alone.
 * A change to a final record needs `reason` and re-opens it.
 */
export const CodingSaveRequest = z.strictObject({
  diagnoses: z.array(CodingDiagnosisInput).max(100, 'At most 100 diagnoses'),
  procedures: z.array(CodingProcedureInput).max(100, 'At most 100 procedures'),
  charges: z.array(CodingChargeInput).max(500, 'At most 500 charge lines').optional(),
  /** The work item revision the edit started from: a save over someone else's newer save is refused (409). */
  revision: z.number().int().min(0).optional(),
  reason: plainText(1000).pipe(z.string().min(1)).optional(),
});
export type CodingSaveRequest = z.infer<typeof CodingSaveRequest>;

export const ReopenRequest = z.strictObject({
  reason: plainText(1000).pipe(z.string().min(3, 'Give the reason')),
});
export type ReopenRequest = z.infer<typeof ReopenRequest>;

/** The working MS-DRG of an inpatient stay (null otherwise, or when it cannot be grouped: see issues). */
export const WorkingDrg = z.object({
  drg: z.string(),
  mdc: z.string(),
  title: z.string(),
  relativeWeight: z.number().nullable(),
  gmlos: z.number().nullable(),
  version: z.string(),
  returnCode: z.string(),
  medSurg: z.string(),
});
export type WorkingDrg = z.infer<typeof WorkingDrg>;

export const CodingState = z.object({
  encounterId: z.string(),
  status: WorkItemStatus,
  revision: z.number().int(),
  version: z.number().int(),
  coding: CodedRecord,
  charges: z.array(ChargeLine),
  findings: z.array(FindingSchema),
  /** Counts of findings by severity; finalising needs errors = 0. */
  summary: z.object({ errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
  drg: WorkingDrg.nullable(),
  /** Why no DRG could be computed for an inpatient stay (e.g. no grouper for the discharge date). */
  drgIssues: z.array(z.object({ code: z.string(), message: z.string() })),
  finalAt: z.string().nullable(),
  finalBy: UserRef.nullable(),
  billedAt: z.string().nullable(),
});
export type CodingState = z.infer<typeof CodingState>;

export const CodingVersion = z.object({
  /** Final versions count 1, 2, ...; a re-open carries the number of the version it re-opened. */
  version: z.number().int(),
  kind: z.enum(['final', 'reopen']),
  at: z.string(),
  by: UserRef,
  reason: z.string().nullable(),
  coding: CodedRecord,
  charges: z.array(ChargeLine),
  drg: WorkingDrg.nullable(),
});
export type CodingVersion = z.infer<typeof CodingVersion>;

export const CodingHistory = z.object({ encounterId: z.string(), versions: z.array(CodingVersion) });
export type CodingHistory = z.infer<typeof CodingHistory>;

/**
 * Coding time: the workbench reports when a coder opens an encounter (start), that they are still working on it
 * (heartbeat, e.g. every minute while the page is visible) and when they leave it (stop). Time counts between
 * successive reports, each gap capped at the idle cap, so an abandoned tab adds at most the cap.
 */
export const CodingSessionRequest = z.strictObject({ action: z.enum(['start', 'heartbeat', 'stop']) });
export type CodingSessionRequest = z.infer<typeof CodingSessionRequest>;

export const CodingSessionState = z.object({
  sessionId: z.string(),
  encounterId: z.string(),
  startedAt: z.string(),
  lastEventAt: z.string(),
  endedAt: z.string().nullable(),
  activeSeconds: z.number(),
  idleCapSeconds: z.number().int(),
});
export type CodingSessionState = z.infer<typeof CodingSessionState>;

// ----- DNFB and productivity -----

export const AGE_BUCKETS = ['0-3', '4-7', '8-14', '15-30', '31+'] as const;
export const AgeBucket = z.enum(AGE_BUCKETS);
export type AgeBucket = z.infer<typeof AgeBucket>;

export const DnfbQuery = z.strictObject({
  type: csvOf(CodingQueue).optional(),
  payer: plainText(100).pipe(z.string().min(1)).optional(),
});
export type DnfbQuery = z.infer<typeof DnfbQuery>;

/** Count and expected charges (decimal string, two places). */
export const DnfbCell = z.object({ count: z.number().int(), charges: z.string() });
export type DnfbCell = z.infer<typeof DnfbCell>;

export const DnfbBreakdown = z.object({
  key: z.string(),
  total: DnfbCell,
  buckets: z.record(AgeBucket, DnfbCell),
});
export type DnfbBreakdown = z.infer<typeof DnfbBreakdown>;

export const DnfbSection = z.object({
  total: DnfbCell,
  buckets: z.record(AgeBucket, DnfbCell),
  byType: z.array(DnfbBreakdown),
  byPayer: z.array(DnfbBreakdown),
});
export type DnfbSection = z.infer<typeof DnfbSection>;

export const DnfbReport = z.object({
  asOf: z.string(),
  buckets: z.array(AgeBucket),
  /** Discharged (or completed) and not final coded. */
  notFinalCoded: DnfbSection,
  /** Final coded and not final billed. */
  notFinalBilled: DnfbSection,
  /** Items on hold, by hold reason. */
  onHold: z.array(z.object({ reason: HoldReason, count: z.number().int(), charges: z.string() })),
});
export type DnfbReport = z.infer<typeof DnfbReport>;

export const ProductivityQuery = z.strictObject({
  from: isoDate,
  /** Inclusive. */
  to: isoDate,
  type: csvOf(CodingQueue).optional(),
  coderId: z.uuid().optional(),
});
export type ProductivityQuery = z.infer<typeof ProductivityQuery>;

export const ProductivityRow = z.object({
  coder: UserRef,
  encounterType: z.string(),
  /** Records finalised in the range (each finalisation counts, a re-finalised record again). */
  finalized: z.number().int(),
  codingSeconds: z.number(),
  /** finalized / coding hours; null when no coding time was recorded. */
  perHour: z.number().nullable(),
});
export type ProductivityRow = z.infer<typeof ProductivityRow>;

export const ProductivityReport = z.object({
  from: z.string(),
  to: z.string(),
  idleCapSeconds: z.number().int(),
  rows: z.array(ProductivityRow),
  byCoder: z.array(ProductivityRow.omit({ encounterType: true })),
  byType: z.array(ProductivityRow.omit({ coder: true })),
});
export type ProductivityReport = z.infer<typeof ProductivityReport>;
