import { randomUUID } from 'node:crypto';
import {
  AddendumCreate,
  CompletionRuleSetHistory,
  CompletionRuleSetQuery,
  CompletionRuleSetUpdate,
  CompletionRuleSetVersion,
  CompletionQueue,
  CompletionQueueQuery,
  CompletionReport,
  CompletionReportQuery,
  CompletionReview,
  CompletionRunResult,
  Deficiency,
  DeficiencyCreate,
  DeficiencyList,
  DeficiencyQuery,
  DeficiencyReassign,
  DeficiencyWaive,
  DocumentCreate,
  DocumentSign,
  DocumentSignature,
  DocumentSignatures,
  DocumentTextWrite,
  DocumentVersion,
  EncounterCompletion,
  MyDeficiencyQuery,
} from '@charta/contracts';
import { completionTiming, isDocumentComplete, WRITABLE_DOCUMENT_TYPES, type CompletionAnalysis } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  analyzeChangedEncounters,
  analyzeEncounters,
  analyzeStaleEncounters,
  markAllEncounters,
  scheduleCompletionAnalysis,
} from '../completion/analysis.js';
import {
  clinicianOfEncounter,
  documentVersionHash,
  mayAuthenticate,
  practitionersOfUser,
  type DocumentRow,
} from '../completion/documents.js';
import {
  completionReportCsv,
  completionServicesCsv,
  defaultReportPeriod,
  readCompletionReport,
} from '../completion/report.js';
import { currentRuleSet, ruleSetVersions, saveRuleSet, toRuleSet } from '../completion/rule-sets.js';
import { findEncounter } from '../coding-work/record.js';
import { audit, auditRefusal, principalOf } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { BusinessRule, Conflict, Forbidden, NotFound, ValidationError } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import { requirePatientAccess } from './patients.js';
import { practitionerName } from '../records/names.js';

const DAY = 86_400_000;
const iso = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString();

/** Deficiencies of the caller's organisation, leaving out encounters whose labels the caller may not see. */
function deficiencyQuery(db: Kysely<Database> | Transaction<Database>, p: Principal) {
  return db
    .selectFrom('deficiencies as f')
    .innerJoin('encounters as e', 'e.id', 'f.encounter_id')
    .leftJoin('practitioners as pr', 'pr.id', 'f.practitioner_id')
    .leftJoin('documents as d', 'd.id', 'f.document_id')
    .selectAll('f')
    .select([
      'e.account_number',
      'e.type as encounter_type',
      'e.discharge_at',
      'd.type_label as document_type',
      'pr.family_name as pr_family',
      'pr.given_name as pr_given',
      'pr.credentials as pr_credentials',
      'pr.user_id as pr_user_id',
    ])
    .where('f.org_id', '=', p.orgId)
    .where(sql<boolean>`e.labels <@ ${sql.val(p.labelGrants)}::text[]`);
}
type DeficiencyRow = Awaited<ReturnType<ReturnType<typeof deficiencyQuery>['execute']>>[number];

function toDeficiency(r: DeficiencyRow, now: Date): Deficiency {
  const dueAt = iso(r.due_at);
  const delinquentAt = iso(r.delinquent_at);
  return {
    id: r.id,
    encounterId: r.encounter_id,
    patientId: r.patient_id,
    accountNumber: r.account_number,
    encounterType: r.encounter_type,
    documentId: r.document_id,
    documentType: r.document_type,
    kind: r.kind as Deficiency['kind'],
    ruleId: r.rule_id,
    source: r.source as Deficiency['source'],
    title: r.title,
    practitionerId: r.practitioner_id,
    practitionerName: practitionerName(r.pr_family, r.pr_given, r.pr_credentials),
    userId: r.pr_user_id,
    dueAt,
    delinquentAt,
    status: r.status as Deficiency['status'],
    timing: r.status === 'open' ? completionTiming(dueAt, delinquentAt, now) : null,
    // Records age from discharge (the delinquency clock), whenever the analysis first found the deficiency.
    ageDays: Math.max(0, Math.floor((now.getTime() - new Date(r.discharge_at ?? r.created_at).getTime()) / DAY)),
    reason: r.reason,
    createdAt: iso(r.created_at) as string,
    assignedAt: iso(r.assigned_at) as string,
    closedAt: iso(r.closed_at),
  };
}

/** Restricts to a timing (due, overdue, delinquent) at `now`, in SQL, matching core's `completionTiming`. */
function timingFilter(timing: 'due' | 'overdue' | 'delinquent', now: Date) {
  if (timing === 'due') return sql<boolean>`(f.due_at is null or f.due_at >= ${now})`;
  if (timing === 'overdue') {
    return sql<boolean>`(f.due_at < ${now} and (f.delinquent_at is null or f.delinquent_at >= ${now}))`;
  }
  return sql<boolean>`(f.due_at < ${now} and f.delinquent_at < ${now})`;
}

const RuleSetResponse = (
  v: {
    facility: string;
    version: number;
    createdAt: Date;
    createdBy: string | null;
    createdByName: string | null;
    note: string | null;
  },
  ruleSet: unknown,
) =>
  ({
    facility: v.facility,
    version: v.version,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    createdByName: v.createdByName,
    note: v.note,
    ruleSet,
  }) as CompletionRuleSetVersion;

const readRules = defineRoute({
  method: 'get',
  path: '/api/v1/completion/rules',
  summary:
    'The completion rule set in force for a facility (`facility`; its own, or else the organisation’s default) or for the organisation (the defaults, version 1, until an HIM manager edits them).',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  query: CompletionRuleSetQuery,
  responses: { 200: { description: 'The current rule set', schema: CompletionRuleSetVersion } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      const current = await currentRuleSet(tx, p.orgId, info.now, query.facility ?? '');
      await audit(tx, services, info, p, {
        action: 'completion.rules.read',
        recordType: 'completion-rule-set',
        detail: { facility: query.facility ?? '', owner: current.facility, version: current.version },
      });
      return RuleSetResponse(current, current.ruleSet);
    });
    return { body };
  },
});

const ruleHistory = defineRoute({
  method: 'get',
  path: '/api/v1/completion/rules/versions',
  summary:
    'Every version of a facility’s own completion rule set (`facility`; absent: the organisation’s default): who made it, when and why.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  query: CompletionRuleSetQuery,
  responses: { 200: { description: 'Versions, newest first', schema: CompletionRuleSetHistory } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const facility = query.facility ?? '';
    const body = await services.db.transaction().execute(async (tx) => {
      await currentRuleSet(tx, p.orgId, info.now);
      const versions = await ruleSetVersions(tx, p.orgId, facility);
      await audit(tx, services, info, p, {
        action: 'completion.rules.read',
        recordType: 'completion-rule-set',
        detail: { facility, versions: versions.length },
      });
      return {
        facility,
        versions: versions.map((v) => ({
          version: v.version,
          createdAt: iso(v.created_at) as string,
          createdBy: v.created_by,
          createdByName: v.created_by_name,
          note: v.note,
        })),
      };
    });
    return { body };
  },
});

const updateRules = defineRoute({
  method: 'put',
  path: '/api/v1/completion/rules',
  summary:
    'Saves a new version of a facility’s own completion rule set, or of the organisation’s default without `facility` (from the version it was edited from, 0 for a facility’s first; a concurrent edit is a 409), and marks the encounters it applies to for re-analysis, which starts in the background. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion-rules:manage' },
  body: CompletionRuleSetUpdate,
  bodyLimitBytes: 256 * 1024,
  responses: {
    200: { description: 'The new version', schema: CompletionRuleSetVersion },
    409: { description: 'The rule set changed since it was read' },
  },
  handler: async ({ body, principal, services, info }) => {
    const p = principalOf(principal);
    const ruleSet = toRuleSet(body.ruleSet);
    const facility = body.facility ?? '';
    const result = await services.db.transaction().execute(async (tx) => {
      const version = await saveRuleSet(
        tx,
        p.orgId,
        facility,
        body.baseVersion,
        ruleSet,
        body.note,
        p.userId,
        info.now,
      );
      if (version === null) return null;
      await markAllEncounters(tx, p.orgId, facility === '' ? undefined : facility);
      await audit(tx, services, info, p, {
        action: 'completion.rules.update',
        recordType: 'completion-rule-set',
        recordId: `${facility}#${version}`,
        reason: body.note,
        detail: { facility, from: body.baseVersion, to: version, rules: ruleSet.rules.map((r) => r.id) },
      });
      return version;
    });
    // The records the new version applies to are analysed again in the background, not by whichever read comes next.
    if (result !== null) scheduleCompletionAnalysis(services, p.orgId);
    if (result === null) {
      return auditRefusal(
        services,
        info,
        p,
        'completion.rules.update',
        'completion-rule-set',
        String(body.baseVersion),
        null,
        new Conflict('The rule set was changed by someone else; reload it and edit again'),
      );
    }
    return {
      body: RuleSetResponse(
        {
          facility,
          version: result,
          createdAt: info.now,
          createdBy: p.userId,
          createdByName: p.displayName,
          note: body.note,
        },
        body.ruleSet,
      ),
    };
  },
});

const analyzeOrganisation = defineRoute({
  method: 'post',
  path: '/api/v1/completion/analyze',
  summary: 'Analyses every encounter of the organisation now (on demand). Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  responses: { 200: { description: 'Encounters analysed', schema: CompletionRunResult } },
  handler: async ({ principal, services, info }) => {
    const p = principalOf(principal);
    const version = await services.db.transaction().execute(async (tx) => {
      const current = await currentRuleSet(tx, p.orgId, info.now);
      await markAllEncounters(tx, p.orgId);
      return current.version;
    });
    // Chunks in their own transactions: an organisation's whole history is too much for one.
    const analyzed = await analyzeStaleEncounters(services.db, p.orgId, info.now);
    await audit(services.db, services, info, p, {
      action: 'completion.analyze',
      recordType: 'organization',
      recordId: p.orgId,
      detail: { analyzed, ruleSetVersion: version },
    });
    return { body: { analyzed, ruleSetVersion: version } };
  },
});

function encounterCompletionOf(
  encounterId: string,
  analyzed: { analysis: CompletionAnalysis; ruleSetVersion: number },
  rows: DeficiencyRow[],
  now: Date,
): EncounterCompletion {
  const a = analyzed.analysis;
  return {
    encounterId,
    analyzedAt: a.analyzedAt,
    ruleSetVersion: analyzed.ruleSetVersion,
    recordStatus: a.recordStatus,
    items: a.items.map((i) => ({ ...i, citation: { source: i.citation.source } })),
    findings: a.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      path: f.path,
      message: f.message,
      citation: { source: f.citation.source },
      ...(f.codes ? { codes: [...f.codes] } : {}),
      ...(f.data ? { data: { ...f.data } } : {}),
    })),
    deficiencies: rows.map((r) => toDeficiency(r, now)),
  };
}

const encounterCompletion = defineRoute({
  method: 'get',
  path: '/api/v1/encounters/:id/completion',
  summary:
    'Analyses one encounter now: every completion requirement (met, pending or owed), consistency findings and its deficiencies. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'The analysis', schema: EncounterCompletion }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principalOf(principal);
    const enc = await findEncounter(services.db, p, params.id);
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      enc.patientId,
      'completion:read',
      'completion.encounter.read',
    );
    const body = await services.db.transaction().execute(async (tx) => {
      const analyzed = (await analyzeEncounters(tx, p.orgId, [enc.id], info.now)).get(enc.id);
      if (!analyzed) throw new NotFound('No such encounter');
      const rows = await deficiencyQuery(tx, p).where('f.encounter_id', '=', enc.id).orderBy('f.created_at').execute();
      await audit(tx, services, info, p, {
        action: 'completion.encounter.read',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
      });
      return encounterCompletionOf(enc.id, analyzed, rows, info.now);
    });
    return { body };
  },
});

/** Discharged encounters of the caller's organisation the caller may see, with their open deficiencies rolled up. */
function queueBase(tx: Transaction<Database>, p: Principal, query: CompletionQueueQuery, now: Date) {
  const open = tx
    .selectFrom('deficiencies')
    .select((eb) => [
      'encounter_id',
      eb.fn.countAll<string>().as('open'),
      sql<string>`count(*) filter (where delinquent_at < ${now})`.as('delinquent'),
      eb.fn.min('due_at').as('oldest_due'),
    ])
    .where('org_id', '=', p.orgId)
    .where('status', '=', 'open')
    .groupBy('encounter_id')
    .as('d');
  let q = tx
    .selectFrom('encounters as e')
    .innerJoin('patients as pt', 'pt.id', 'e.patient_id')
    .leftJoin('completion_results as r', 'r.encounter_id', 'e.id')
    .leftJoin(open, 'd.encounter_id', 'e.id')
    .where('e.org_id', '=', p.orgId)
    .where('e.discharge_at', 'is not', null)
    .where('e.status', '<>', 'cancelled')
    .where(sql<boolean>`e.labels <@ ${sql.val(p.labelGrants)}::text[]`)
    .where(sql<boolean>`pt.labels <@ ${sql.val(p.labelGrants)}::text[]`);
  if (query.facility !== undefined) q = q.where('e.facility', '=', query.facility);
  if (query.encounterType !== undefined) q = q.where('e.type', '=', query.encounterType);
  if (query.service !== undefined) q = q.where('e.service', '=', query.service);
  return q;
}

const completionQueue = defineRoute({
  method: 'get',
  path: '/api/v1/completion/queue',
  summary:
    'The technicians’ analysis queue: discharged records to review (not yet marked reviewed), or those with open or delinquent deficiencies, or complete ones, with counts per view. Encounters changed since their last analysis are analysed first. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  phi: true,
  query: CompletionQueueQuery,
  responses: { 200: { description: 'The queue', schema: CompletionQueue } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      await analyzeChangedEncounters(tx, p.orgId, info.now);
      const base = queueBase(tx, p, query, info.now);
      const counts = await base
        .select([
          sql<string>`count(*) filter (where r.reviewed_at is null)`.as('to_review'),
          sql<string>`count(*) filter (where coalesce(d.open, 0) > 0)`.as('incomplete'),
          sql<string>`count(*) filter (where coalesce(d.delinquent, 0) > 0)`.as('delinquent'),
          sql<string>`count(*) filter (where coalesce(d.open, 0) = 0)`.as('complete'),
        ])
        .executeTakeFirstOrThrow();
      let q = base;
      if (query.view === 'to_review') q = q.where('r.reviewed_at', 'is', null);
      else if (query.view === 'incomplete') q = q.where(sql<boolean>`coalesce(d.open, 0) > 0`);
      else if (query.view === 'delinquent') q = q.where(sql<boolean>`coalesce(d.delinquent, 0) > 0`);
      else if (query.view === 'complete') q = q.where(sql<boolean>`coalesce(d.open, 0) = 0`);
      const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const order =
        query.sort === 'discharge_asc'
          ? sql`e.discharge_at asc, e.id`
          : query.sort === 'oldest_due'
            ? sql`d.oldest_due asc nulls last, e.discharge_at asc, e.id`
            : sql`e.discharge_at desc, e.id`;
      const rows = await q
        .leftJoin('practitioners as pr', 'pr.id', 'e.attending_id')
        .leftJoin('users as u', 'u.id', 'r.reviewed_by')
        .select([
          'e.id',
          'e.patient_id',
          'pt.family_name',
          'pt.given_name',
          'pt.mrn',
          'e.account_number',
          'e.type',
          'e.facility',
          'e.service',
          'e.admit_at',
          'e.discharge_at',
          'pr.family_name as pr_family',
          'pr.given_name as pr_given',
          'pr.credentials as pr_credentials',
          'r.record_status',
          'r.reviewed_at',
          'u.display_name as reviewer',
          'r.review_note',
          'd.open',
          'd.delinquent',
          'd.oldest_due',
        ])
        .orderBy(order)
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      await audit(tx, services, info, p, {
        action: 'completion.queue.read',
        recordType: 'encounter',
        detail: {
          view: query.view,
          returned: rows.length,
          patientIds: [...new Set(rows.map((r) => r.patient_id))],
        },
      });
      const result: CompletionQueue = {
        total: Number(total.n),
        counts: {
          toReview: Number(counts.to_review),
          incomplete: Number(counts.incomplete),
          delinquent: Number(counts.delinquent),
          complete: Number(counts.complete),
        },
        records: rows.map((r) => ({
          encounterId: r.id,
          patientId: r.patient_id,
          patientName: [r.given_name, r.family_name].filter(Boolean).join(' '),
          mrn: r.mrn,
          accountNumber: r.account_number,
          encounterType: r.type,
          facility: r.facility,
          service: r.service,
          admitAt: iso(r.admit_at),
          dischargeAt: iso(r.discharge_at),
          attendingName: practitionerName(r.pr_family, r.pr_given, r.pr_credentials),
          recordStatus: (r.record_status ?? null) as CompletionQueue['records'][number]['recordStatus'],
          openDeficiencies: Number(r.open ?? 0),
          delinquentDeficiencies: Number(r.delinquent ?? 0),
          oldestDueAt: iso(r.oldest_due as Date | string | null),
          reviewedAt: iso(r.reviewed_at),
          reviewedBy: r.reviewer ?? null,
          reviewNote: r.review_note ?? null,
        })),
      };
      return result;
    });
    return { body };
  },
});

const reviewRecord = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/completion/review',
  summary:
    'Marks a discharged record reviewed in the analysis queue (the technician has checked it and assigned its deficiencies), with an optional note; it leaves the to-review view. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  params: IdParams,
  body: CompletionReview,
  responses: {
    200: { description: 'The record’s analysis after the review', schema: EncounterCompletion },
    404: { description: 'No such encounter' },
    409: { description: 'The encounter is not discharged' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const enc = await findEncounter(services.db, p, params.id);
    await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      enc.patientId,
      'completion:manage',
      'completion.record.review',
    );
    const result = await services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('encounters')
        .select(['discharge_at', 'status'])
        .where('id', '=', enc.id)
        .executeTakeFirstOrThrow();
      if (row.discharge_at === null || row.status === 'cancelled') {
        throw new Conflict('Only a discharged record is reviewed in the analysis queue');
      }
      const analyzed = (await analyzeEncounters(tx, p.orgId, [enc.id], info.now)).get(enc.id);
      if (!analyzed) throw new NotFound('No such encounter');
      await tx
        .updateTable('completion_results')
        .set({ reviewed_at: info.now, reviewed_by: p.userId, review_note: body.note ?? null })
        .where('encounter_id', '=', enc.id)
        .execute();
      const rows = await deficiencyQuery(tx, p).where('f.encounter_id', '=', enc.id).orderBy('f.created_at').execute();
      await audit(tx, services, info, p, {
        action: 'completion.record.review',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        detail: { recordStatus: analyzed.analysis.recordStatus, open: rows.filter((r) => r.status === 'open').length },
      });
      return encounterCompletionOf(enc.id, analyzed, rows, info.now);
    });
    return { body: result };
  },
});

const listDeficiencies = defineRoute({
  method: 'get',
  path: '/api/v1/completion/deficiencies',
  summary:
    'Deficiencies of the organisation (open by default), filtered by timing, kind, rule, clinician or encounter, most urgent first. Encounters changed since their last analysis are analysed first. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  phi: true,
  query: DeficiencyQuery,
  responses: { 200: { description: 'Deficiencies', schema: DeficiencyList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      await analyzeChangedEncounters(tx, p.orgId, info.now);
      let q = deficiencyQuery(tx, p).where('f.status', '=', query.status);
      if (query.timing) q = q.where(timingFilter(query.timing, info.now));
      if (query.kind) q = q.where('f.kind', '=', query.kind);
      if (query.ruleId) q = q.where('f.rule_id', '=', query.ruleId);
      if (query.practitionerId) q = q.where('f.practitioner_id', '=', query.practitionerId);
      if (query.encounterId) q = q.where('f.encounter_id', '=', query.encounterId);
      const total = await q
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const rows = await q
        .orderBy(sql`f.due_at asc nulls last`)
        .orderBy('f.created_at')
        .orderBy('f.id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      await audit(tx, services, info, p, {
        action: 'completion.deficiency.list',
        recordType: 'deficiency',
        detail: { returned: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] },
      });
      return { deficiencies: rows.map((r) => toDeficiency(r, info.now)), total: Number(total.n) };
    });
    return { body };
  },
});

const myDeficiencies = defineRoute({
  method: 'get',
  path: '/api/v1/completion/my-deficiencies',
  summary:
    'The signed-in physician’s open deficiencies (through the practitioner records linked to the user), with age and due date, most urgent first. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'document:sign' },
  phi: true,
  query: MyDeficiencyQuery,
  responses: { 200: { description: 'Open deficiencies', schema: DeficiencyList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      await analyzeChangedEncounters(tx, p.orgId, info.now);
      const mine = await practitionersOfUser(tx, p.orgId, p.userId);
      let rows: DeficiencyRow[] = [];
      if (mine.length > 0) {
        let q = deficiencyQuery(tx, p).where('f.status', '=', 'open').where('f.practitioner_id', 'in', mine);
        if (query.timing) q = q.where(timingFilter(query.timing, info.now));
        rows = await q
          .orderBy(sql`f.due_at asc nulls last`)
          .orderBy('f.id')
          .limit(query.limit)
          .execute();
      }
      await audit(tx, services, info, p, {
        action: 'completion.deficiency.mine',
        recordType: 'deficiency',
        detail: { returned: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] },
      });
      return { deficiencies: rows.map((r) => toDeficiency(r, info.now)), total: rows.length };
    });
    return { body };
  },
});

async function practitionerInOrg(tx: Transaction<Database>, orgId: string, id: string): Promise<void> {
  const row = await tx
    .selectFrom('practitioners')
    .select('id')
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row)
    throw new ValidationError('No such practitioner', [
      { path: '/practitionerId', code: 'not_found', message: 'No such practitioner' },
    ]);
}

async function readDeficiency(tx: Transaction<Database>, p: Principal, id: string, now: Date): Promise<Deficiency> {
  const row = await deficiencyQuery(tx, p).where('f.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('No such deficiency');
  return toDeficiency(row, now);
}

const createDeficiency = defineRoute({
  method: 'post',
  path: '/api/v1/completion/deficiencies',
  summary: 'Adds a deficiency by hand (with a reason), assigned to a clinician with a due date. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  body: DeficiencyCreate,
  responses: { 201: { description: 'The deficiency', schema: Deficiency }, 404: { description: 'Not found' } },
  handler: async ({ body, principal, services, info }) => {
    const p = principalOf(principal);
    const enc = await findEncounter(services.db, p, body.encounterId);
    const created = await services.db.transaction().execute(async (tx) => {
      await practitionerInOrg(tx, p.orgId, body.practitionerId);
      if (body.documentId) {
        const doc = await tx
          .selectFrom('documents')
          .select('id')
          .where('id', '=', body.documentId)
          .where('encounter_id', '=', enc.id)
          .executeTakeFirst();
        if (!doc) {
          throw new ValidationError('The document is not on this encounter', [
            { path: '/documentId', code: 'not_found', message: 'No such document on the encounter' },
          ]);
        }
      }
      const id = randomUUID();
      await tx
        .insertInto('deficiencies')
        .values({
          id,
          org_id: p.orgId,
          encounter_id: enc.id,
          patient_id: enc.patientId,
          document_id: body.documentId ?? null,
          kind: body.kind,
          rule_id: null,
          rule_set_version: null,
          source: 'manual',
          analysis_key: null,
          title: body.title,
          practitioner_id: body.practitionerId,
          due_at: body.dueAt,
          delinquent_at: null,
          reason: body.reason,
          created_at: info.now,
          created_by: p.userId,
          assigned_at: info.now,
          assigned_by: p.userId,
          reassigned: true,
          updated_at: info.now,
        })
        .execute();
      await audit(tx, services, info, p, {
        action: 'completion.deficiency.create',
        patientId: enc.patientId,
        recordType: 'deficiency',
        recordId: id,
        reason: body.reason,
        detail: { encounterId: enc.id, kind: body.kind, practitionerId: body.practitionerId },
      });
      return readDeficiency(tx, p, id, info.now);
    });
    return { status: 201, body: created };
  },
});

async function changeDeficiency(
  services: Services,
  info: RequestInfo,
  p: Principal,
  id: string,
  action: 'completion.deficiency.reassign' | 'completion.deficiency.waive',
  reason: string,
  change: (tx: Transaction<Database>) => Promise<Record<string, unknown>>,
): Promise<Deficiency> {
  const head = await deficiencyQuery(services.db, p).where('f.id', '=', id).executeTakeFirst();
  if (!head) throw new NotFound('No such deficiency');
  if (head.status !== 'open') {
    return auditRefusal(
      services,
      info,
      p,
      action,
      'deficiency',
      id,
      head.patient_id,
      new Conflict(`The deficiency is ${head.status}`),
    );
  }
  return services.db.transaction().execute(async (tx) => {
    const detail = await change(tx);
    await audit(tx, services, info, p, {
      action,
      patientId: head.patient_id,
      recordType: 'deficiency',
      recordId: id,
      reason,
      detail,
    });
    return readDeficiency(tx, p, id, info.now);
  });
}

const reassignDeficiency = defineRoute({
  method: 'post',
  path: '/api/v1/completion/deficiencies/:id/reassign',
  summary: 'Reassigns an open deficiency to another clinician, with a reason; later analyses keep the choice. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  params: IdParams,
  body: DeficiencyReassign,
  responses: { 200: { description: 'The deficiency', schema: Deficiency }, 409: { description: 'Not open' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const result = await changeDeficiency(
      services,
      info,
      p,
      params.id,
      'completion.deficiency.reassign',
      body.reason,
      async (tx) => {
        await practitionerInOrg(tx, p.orgId, body.practitionerId);
        const before = await tx
          .selectFrom('deficiencies')
          .select('practitioner_id')
          .where('id', '=', params.id)
          .executeTakeFirstOrThrow();
        await tx
          .updateTable('deficiencies')
          .set({
            practitioner_id: body.practitionerId,
            reassigned: true,
            assigned_at: info.now,
            assigned_by: p.userId,
            updated_at: info.now,
          })
          .where('id', '=', params.id)
          .execute();
        return { from: before.practitioner_id, to: body.practitionerId };
      },
    );
    return { body: result };
  },
});

const waiveDeficiency = defineRoute({
  method: 'post',
  path: '/api/v1/completion/deficiencies/:id/waive',
  summary: 'Waives an open deficiency with a reason; later analyses leave it waived. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  params: IdParams,
  body: DeficiencyWaive,
  responses: { 200: { description: 'The deficiency', schema: Deficiency }, 409: { description: 'Not open' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const result = await changeDeficiency(
      services,
      info,
      p,
      params.id,
      'completion.deficiency.waive',
      body.reason,
      async (tx) => {
        await tx
          .updateTable('deficiencies')
          .set({
            status: 'waived',
            reason: body.reason,
            closed_at: info.now,
            closed_by: p.userId,
            updated_at: info.now,
          })
          .where('id', '=', params.id)
          .execute();
        return {};
      },
    );
    return { body: result };
  },
});

function toVersion(d: DocumentRow): DocumentVersion {
  return {
    id: d.id,
    encounterId: d.encounter_id,
    loincCode: d.loinc_code,
    typeLabel: d.type_label,
    status: d.status,
    authorId: d.author_id,
    authoredAt: iso(d.authored_at),
    authenticatedAt: iso(d.authenticated_at),
    authenticatedBy: d.authenticated_by,
    amendsDocumentId: d.amends_document_id ?? null,
    versionHash: documentVersionHash(d),
    text: d.text,
  };
}

/** A document of the caller's organisation the caller may see (labels on it and its encounter), or 404. */
async function visibleDocument(db: Kysely<Database>, p: Principal, id: string) {
  const head = await db
    .selectFrom('documents as d')
    .leftJoin('encounters as e', 'e.id', 'd.encounter_id')
    .select(['d.id', 'd.patient_id', 'd.labels', 'e.labels as encounter_labels'])
    .where('d.id', '=', id)
    .where('d.org_id', '=', p.orgId)
    .executeTakeFirst();
  const visible = (labels: readonly string[] | null) => (labels ?? []).every((l) => p.labelGrants.includes(l));
  if (!head || !visible(head.labels) || !visible(head.encounter_labels)) throw new NotFound('No such document');
  return head;
}

const readSignatures = defineRoute({
  method: 'get',
  path: '/api/v1/documents/:id/signatures',
  summary: 'A document’s current version (with its version hash), its signatures and its addenda. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'Signatures and addenda', schema: DocumentSignatures },
    404: { description: 'Not found' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principalOf(principal);
    const head = await visibleDocument(services.db, p, params.id);
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      head.patient_id,
      'patient:read',
      'document.signatures.read',
    );
    const body = await services.db.transaction().execute(async (tx) => {
      const d = await tx.selectFrom('documents').selectAll().where('id', '=', head.id).executeTakeFirstOrThrow();
      const signatures = await tx
        .selectFrom('document_signatures')
        .selectAll()
        .where('document_id', '=', d.id)
        .orderBy('signed_at')
        .execute();
      const addenda = await tx
        .selectFrom('documents')
        .selectAll()
        .where('amends_document_id', '=', d.id)
        .orderBy('authored_at')
        .execute();
      await audit(tx, services, info, p, {
        action: 'document.signatures.read',
        patientId: d.patient_id,
        recordType: 'document',
        recordId: d.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
      });
      const result: DocumentSignatures = {
        document: toVersion(d),
        signatures: signatures.map((s) => toSignature(s)),
        addenda: addenda.map(toVersion),
      };
      return result;
    });
    return { body };
  },
});

function toSignature(s: {
  id: string;
  document_id: string;
  version_hash: string;
  signer_practitioner_id: string;
  signer_user_id: string;
  attestation: string;
  signed_at: Date;
}): DocumentSignature {
  return {
    id: s.id,
    documentId: s.document_id,
    versionHash: s.version_hash,
    signerPractitionerId: s.signer_practitioner_id,
    signerUserId: s.signer_user_id,
    attestation: s.attestation,
    signedAt: iso(s.signed_at) as string,
  };
}

/**
 * Runs a physician's document write: record access for the action, then the change in one transaction with the
 * document locked; a refusal inside (signed, not the author, stale version) is audited outside it and rethrown.
 */
async function documentWrite<T>(
  services: Services,
  info: RequestInfo,
  p: Principal,
  documentId: string,
  action: 'document.text.write' | 'document.sign' | 'document.addendum.create',
  work: (tx: Transaction<Database>, d: DocumentRow, mine: string[]) => Promise<T>,
): Promise<T> {
  const head = await visibleDocument(services.db, p, documentId);
  await requirePatientAccess(services.db, services, info, p, head.patient_id, 'document:sign', action);
  try {
    return await services.db.transaction().execute(async (tx) => {
      const d = await tx
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', head.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const mine = await practitionersOfUser(tx, p.orgId, p.userId);
      if (mine.length === 0) throw new Forbidden('Your user is not linked to a practitioner record');
      return work(tx, d, mine);
    });
  } catch (error) {
    if (error instanceof Forbidden || error instanceof Conflict || error instanceof BusinessRule) {
      return auditRefusal(services, info, p, action, 'document', head.id, head.patient_id, error);
    }
    throw error;
  }
}

/** The facility of an encounter ('' without one), which picks its completion rule set. */
async function facilityOf(tx: Transaction<Database>, encounterId: string | null): Promise<string> {
  if (encounterId === null) return '';
  const row = await tx.selectFrom('encounters').select('facility').where('id', '=', encounterId).executeTakeFirst();
  return row?.facility ?? '';
}

async function afterDocumentChange(tx: Transaction<Database>, orgId: string, encounterId: string | null, now: Date) {
  if (encounterId) await analyzeEncounters(tx, orgId, [encounterId], now);
}

const writeText = defineRoute({
  method: 'put',
  path: '/api/v1/documents/:id/text',
  summary:
    'Writes an unsigned document’s text, by its author only. A signed document cannot change (409): add an addendum. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'document:sign' },
  phi: true,
  params: IdParams,
  body: DocumentTextWrite,
  bodyLimitBytes: 512 * 1024,
  responses: {
    200: { description: 'The new version', schema: DocumentVersion },
    403: { description: 'Not the author' },
    409: { description: 'Signed, or changed since read' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const result = await documentWrite(services, info, p, params.id, 'document.text.write', async (tx, d, mine) => {
      if (d.authenticated_at !== null) throw new Conflict('The document is signed and cannot change; add an addendum');
      if (d.status === 'entered-in-error') throw new Conflict('The document was entered in error');
      if (!d.author_id || !mine.includes(d.author_id)) throw new Forbidden('Only the author may write this document');
      if (body.expectedVersionHash && body.expectedVersionHash !== documentVersionHash(d)) {
        throw new Conflict('The document changed since it was read');
      }
      const updated = await tx
        .updateTable('documents')
        .set({ text: body.text, content_type: 'text/plain', updated_at: info.now })
        .where('id', '=', d.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await afterDocumentChange(tx, p.orgId, d.encounter_id, info.now);
      await audit(tx, services, info, p, {
        action: 'document.text.write',
        patientId: d.patient_id,
        recordType: 'document',
        recordId: d.id,
        detail: { from: documentVersionHash(d), to: documentVersionHash(updated) },
      });
      return toVersion(updated);
    });
    return { body: result };
  },
});

const createDocument = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/documents',
  summary:
    'Writes a new document for an encounter, authored by the signed-in physician (a clinician of the encounter, or the one a "missing" deficiency names): the type comes from the deficiency’s rule or from `loincCode`. The document starts unsigned; sign it to authenticate it. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'document:sign' },
  phi: true,
  params: IdParams,
  body: DocumentCreate,
  bodyLimitBytes: 512 * 1024,
  responses: {
    201: { description: 'The new document', schema: DocumentVersion },
    403: { description: 'Not a clinician of the encounter' },
    404: { description: 'No such encounter or deficiency' },
    409: { description: 'The deficiency is closed or does not ask for a document' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const enc = await findEncounter(services.db, p, params.id);
    await requirePatientAccess(services.db, services, info, p, enc.patientId, 'document:sign', 'document.create');
    try {
      const created = await services.db.transaction().execute(async (tx) => {
        let loincCode = body.loincCode;
        let preferred: string | null = null;
        if (body.deficiencyId !== undefined) {
          const def = await tx
            .selectFrom('deficiencies')
            .select(['id', 'encounter_id', 'kind', 'status', 'rule_id', 'practitioner_id'])
            .where('id', '=', body.deficiencyId)
            .where('org_id', '=', p.orgId)
            .forUpdate()
            .executeTakeFirst();
          if (!def || def.encounter_id !== enc.id) {
            throw new ValidationError('No such deficiency on the encounter', [
              { path: '/deficiencyId', code: 'not_found', message: 'No such deficiency on the encounter' },
            ]);
          }
          if (def.status !== 'open') throw new Conflict('The deficiency is already closed');
          if (def.kind !== 'missing') throw new Conflict('The deficiency is about an existing document: open that one');
          preferred = def.practitioner_id;
          if (loincCode === undefined) {
            const { ruleSet } = await currentRuleSet(tx, p.orgId, info.now, await facilityOf(tx, enc.id));
            const rule = ruleSet.rules.find((r) => r.id === def.rule_id);
            loincCode = rule?.documents.loincCodes.find((c) => WRITABLE_DOCUMENT_TYPES[c] !== undefined);
            if (loincCode === undefined) {
              throw new ValidationError('Name the document type', [
                {
                  path: '/loincCode',
                  code: 'required',
                  message: 'The deficiency’s rule names no document type Charta writes: give loincCode',
                },
              ]);
            }
          }
        }
        const typeLabel = loincCode === undefined ? undefined : WRITABLE_DOCUMENT_TYPES[loincCode];
        if (loincCode === undefined || typeLabel === undefined) {
          throw new ValidationError('Not a document type Charta writes', [
            {
              path: '/loincCode',
              code: 'invalid',
              message: `Not a document type Charta writes; expected one of ${Object.keys(WRITABLE_DOCUMENT_TYPES).join(', ')}`,
            },
          ]);
        }
        const mine = await practitionersOfUser(tx, p.orgId, p.userId);
        if (mine.length === 0) throw new Forbidden('Your user is not linked to a practitioner record');
        const author = await clinicianOfEncounter(tx, enc.id, mine, preferred);
        if (!author) throw new Forbidden('Only a clinician of the encounter may write its documents');
        const id = randomUUID();
        const row = await tx
          .insertInto('documents')
          .values({
            id,
            org_id: p.orgId,
            patient_id: enc.patientId,
            encounter_id: enc.id,
            loinc_code: loincCode,
            type_label: typeLabel,
            author_id: author,
            authored_at: info.now,
            status: 'preliminary',
            authenticated_at: null,
            authenticated_by: null,
            content_type: 'text/plain',
            text: body.text,
            attachment: null,
            labels: [...enc.labels],
            source: 'charta',
            source_key: `document:${id}`,
            updated_at: info.now,
            amends_document_id: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await afterDocumentChange(tx, p.orgId, enc.id, info.now);
        await audit(tx, services, info, p, {
          action: 'document.create',
          patientId: enc.patientId,
          recordType: 'document',
          recordId: id,
          detail: { encounterId: enc.id, loincCode, deficiencyId: body.deficiencyId ?? null },
        });
        return toVersion(row);
      });
      return { status: 201, body: created };
    } catch (error) {
      if (error instanceof Forbidden || error instanceof Conflict) {
        return auditRefusal(services, info, p, 'document.create', 'encounter', enc.id, enc.patientId, error);
      }
      throw error;
    }
  },
});

const signDocument = defineRoute({
  method: 'post',
  path: '/api/v1/documents/:id/sign',
  summary:
    'Authenticates (signs) a document with an attestation, by its author or the encounter’s attending or operating clinician: records who, when and the version hash signed; the document cannot change afterwards. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'document:sign' },
  phi: true,
  params: IdParams,
  body: DocumentSign,
  responses: {
    201: { description: 'The signature', schema: DocumentSignature },
    403: { description: 'Not the author or responsible clinician' },
    409: { description: 'Already signed, or changed since read' },
    422: { description: 'The document is empty or has an unwritten section' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const result = await documentWrite(services, info, p, params.id, 'document.sign', async (tx, d, mine) => {
      if (d.authenticated_at !== null) throw new Conflict('The document is already signed');
      if (d.status === 'entered-in-error') throw new Conflict('The document was entered in error');
      const signer = await mayAuthenticate(tx, d, mine);
      if (!signer) throw new Forbidden('Only the author or the responsible clinician may sign this document');
      const hash = documentVersionHash(d);
      if (body.versionHash && body.versionHash !== hash) throw new Conflict('The document changed since it was read');
      const { ruleSet } = await currentRuleSet(tx, p.orgId, info.now, await facilityOf(tx, d.encounter_id));
      const complete = isDocumentComplete(ruleSet, {
        id: d.id,
        loincCode: d.loinc_code,
        typeLabel: d.type_label,
        authorId: d.author_id,
        authoredAt: iso(d.authored_at),
        status: d.status,
        authenticatedAt: null,
        authenticatedBy: null,
        text: d.text,
        hasAttachment: d.attachment !== null,
        amendsDocumentId: d.amends_document_id ?? null,
      });
      if (!complete) {
        throw new BusinessRule('The document cannot be signed while it is empty or has an unwritten section', [
          {
            ruleId: 'COMPLETION.SIGN.INCOMPLETE',
            severity: 'error',
            path: '/text',
            message: 'Complete the document before signing it',
            citation: { source: '42 CFR 482.24(c)(1)' },
          },
        ]);
      }
      await tx
        .updateTable('documents')
        .set({
          authenticated_at: info.now,
          authenticated_by: signer,
          status: d.status === 'preliminary' ? 'final' : d.status,
          updated_at: info.now,
        })
        .where('id', '=', d.id)
        .where('authenticated_at', 'is', null)
        .execute();
      const signature = {
        id: randomUUID(),
        org_id: p.orgId,
        document_id: d.id,
        version_hash: hash,
        signer_practitioner_id: signer,
        signer_user_id: p.userId,
        attestation: body.attestation,
        signed_at: info.now,
      };
      await tx.insertInto('document_signatures').values(signature).execute();
      await afterDocumentChange(tx, p.orgId, d.encounter_id, info.now);
      await audit(tx, services, info, p, {
        action: 'document.sign',
        patientId: d.patient_id,
        recordType: 'document',
        recordId: d.id,
        detail: { versionHash: hash, signer, amends: d.amends_document_id ?? null },
      });
      return toSignature(signature);
    });
    return { status: 201, body: result };
  },
});

const addAddendum = defineRoute({
  method: 'post',
  path: '/api/v1/documents/:id/addenda',
  summary:
    'Adds an addendum to a signed document, authored by the signed-in physician (the original’s author or the encounter’s attending or operating clinician); the original is kept unchanged and the addendum must be signed in turn. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'document:sign' },
  phi: true,
  params: IdParams,
  body: AddendumCreate,
  bodyLimitBytes: 512 * 1024,
  responses: {
    201: { description: 'The addendum', schema: DocumentVersion },
    403: { description: 'Not the author or responsible clinician' },
    409: { description: 'The document is not signed (change it instead)' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principalOf(principal);
    const result = await documentWrite(
      services,
      info,
      p,
      params.id,
      'document.addendum.create',
      async (tx, d, mine) => {
        if (d.authenticated_at === null)
          throw new Conflict('The document is not signed: change it instead of amending it');
        if (d.amends_document_id) throw new Conflict('Amend the original document, not an addendum');
        const author = await mayAuthenticate(tx, d, mine);
        if (!author) throw new Forbidden('Only the author or the responsible clinician may amend this document');
        const id = randomUUID();
        const addendum = await tx
          .insertInto('documents')
          .values({
            id,
            org_id: d.org_id,
            patient_id: d.patient_id,
            encounter_id: d.encounter_id,
            loinc_code: d.loinc_code,
            type_label: `Addendum: ${d.type_label}`,
            author_id: author,
            authored_at: info.now,
            status: 'preliminary',
            authenticated_at: null,
            authenticated_by: null,
            content_type: 'text/plain',
            text: body.text,
            attachment: null,
            labels: d.labels,
            source: 'charta',
            source_key: `addendum:${id}`,
            updated_at: info.now,
            amends_document_id: d.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await afterDocumentChange(tx, p.orgId, d.encounter_id, info.now);
        await audit(tx, services, info, p, {
          action: 'document.addendum.create',
          patientId: d.patient_id,
          recordType: 'document',
          recordId: id,
          detail: { amends: d.id },
        });
        return toVersion(addendum);
      },
    );
    return { status: 201, body: result };
  },
});

const completionReport = defineRoute({
  method: 'get',
  path: '/api/v1/completion/report',
  summary:
    'The completion report (aggregates, clinician names only): open deficiencies per clinician, the delinquency rate against the average monthly discharges with its monthly trend, and discharge-summary timeliness over the discharges of a period (default: the three months before this one to today). Encounters changed since their last analysis are analysed first. JSON, or the per-clinician table as CSV with format=csv. Audited.',
  tag: 'Completion',
  access: { kind: 'permission', action: 'completion:read' },
  query: CompletionReportQuery,
  responses: {
    200: {
      description: 'The completion report; as text/csv, one row per clinician (columns in completion/report.ts)',
      schema: CompletionReport,
    },
  },
  handler: async ({ query, principal, services, info, c }) => {
    const p = principalOf(principal);
    const defaults = defaultReportPeriod(info.now);
    const period = { from: query.from ?? defaults.from, to: query.to ?? defaults.to };
    if (period.to < period.from) {
      throw new ValidationError('The period ends before it starts', [
        { path: '/to', code: 'invalid', message: 'The period ends before it starts' },
      ]);
    }
    const csv = query.format === 'csv';
    const report = await services.db.transaction().execute(async (tx) => {
      const result = await readCompletionReport(tx, p.orgId, period, info.now);
      await audit(tx, services, info, p, {
        action: csv ? 'completion.report.export' : 'completion.report.read',
        detail: {
          from: period.from,
          to: period.to,
          format: csv ? 'csv' : 'json',
          ...(csv ? { table: query.table ?? 'clinicians' } : {}),
          delinquentRecords: result.delinquency.delinquentRecords,
          discharges: result.timeliness.discharges,
        },
      });
      return result;
    });
    if (!csv) return { body: report };
    const byService = query.table === 'services';
    return c.body(byService ? completionServicesCsv(report) : completionReportCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="completion-${byService ? 'services' : 'report'}-${period.from}-${period.to}.csv"`,
    });
  },
});

export const completionRoutes = [
  readRules,
  ruleHistory,
  updateRules,
  analyzeOrganisation,
  encounterCompletion,
  completionQueue,
  reviewRecord,
  listDeficiencies,
  myDeficiencies,
  completionReport,
  createDeficiency,
  reassignDeficiency,
  waiveDeficiency,
  readSignatures,
  writeText,
  createDocument,
  signDocument,
  addAddendum,
];
