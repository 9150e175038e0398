import { randomUUID } from 'node:crypto';
import {
  CodingHistory,
  CodingQueue,
  CodingSaveRequest,
  CodingSessionRequest,
  CodingSessionState,
  CodingState,
  DnfbQuery,
  DnfbReport,
  HoldRequest,
  ProductivityQuery,
  ProductivityReport,
  QueueCounts,
  QueueSettings,
  QueueSettingsUpdate,
  ReopenRequest,
  WorkItem,
  WorkItemUpdate,
  WorkQueueList,
  WorkQueueQuery,
  type ChargeLine,
  type CodedRecord,
  type WorkingDrg,
} from '@charta/contracts';
import { roleMay, type Action, type Finding, type Role } from '@charta/core';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { activeIncrement, CODING_IDLE_CAP_SECONDS } from '../coding-work/measures.js';
import { listWorkItems, queueCounts, readWorkItem } from '../coding-work/queue.js';
import { evaluationTables, findEncounter, iso, readCodingState, type EncounterContext } from '../coding-work/record.js';
import { readDnfb, readProductivity } from '../coding-work/reports.js';
import {
  assertExists,
  checkChargeIds,
  lockWorkItem,
  recordVersion,
  workingStatus,
  writeCoding,
} from '../coding-work/workbench.js';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { BusinessRule, Conflict, Forbidden, ValidationError } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import { requirePatientAccess, type PatientAccess } from './patients.js';

/**
 * Opens an encounter for a coding action: the caller's organisation and sensitivity labels (not found otherwise), then
 * the record-level access check on its patient. Runs outside any transaction, so that a refusal's audit is kept.
 */
async function openEncounter(
  services: Services,
  info: RequestInfo,
  principal: Principal,
  encounterId: string,
  action: Action,
  auditAction: string,
): Promise<{ enc: EncounterContext; access: PatientAccess }> {
  const enc = await findEncounter(services.db, principal, encounterId);
  const access = await requirePatientAccess(services.db, services, info, principal, enc.patientId, action, auditAction);
  return { enc, access };
}

function accessAudit(access: PatientAccess) {
  return { emergency: access.basis === 'emergency', ...(access.reason ? { reason: access.reason } : {}) };
}

// ----- Queue -----

const listQueue = defineRoute({
  method: 'get',
  path: '/api/v1/coding-queue',
  summary:
    'The coding work queue: filter by queue (encounter type), service, payer, status, assignee, age in days since discharge, due; sort by priority, age or due date; with counts per queue. The patients returned are audited.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:read' },
  phi: true,
  query: WorkQueueQuery,
  responses: { 200: { description: 'Work items', schema: WorkQueueList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    if (query.minAgeDays !== undefined && query.maxAgeDays !== undefined && query.minAgeDays > query.maxAgeDays)
      throw new ValidationError('minAgeDays is above maxAgeDays', [
        { path: '/query/minAgeDays', code: 'too_big', message: 'At most maxAgeDays' },
      ]);
    const { items, total } = await listWorkItems(services.db, p, query, info.now);
    const counts = await queueCounts(services.db, p, info.now);
    await audit(services.db, services, info, p, {
      action: 'coding-queue.list',
      detail: { returned: items.length, patientIds: [...new Set(items.map((i) => i.patientId))] },
    });
    return { body: { items, total, counts } };
  },
});

const countQueue = defineRoute({
  method: 'get',
  path: '/api/v1/coding-queue/counts',
  summary: 'Work items per queue: open, unassigned, assigned, in progress, on hold, overdue and final (no PHI).',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:read' },
  activity: false,
  responses: { 200: { description: 'Counts', schema: QueueCounts } },
  handler: async ({ principal, services, info }) => ({
    body: { counts: await queueCounts(services.db, principal as Principal, info.now) },
  }),
});

async function readSettings(services: Services, orgId: string): Promise<QueueSettings> {
  const types = CodingQueue.options;
  const defaults = await sql<{ type: string; days: number }>`
    select t as type, coding_default_due_days(t) as days from unnest(${sql.val(types)}::text[]) as t`.execute(
    services.db,
  );
  const set = await services.db
    .selectFrom('coding_queue_settings')
    .select(['encounter_type', 'due_days'])
    .where('org_id', '=', orgId)
    .execute();
  const dueDays: Record<string, number> = {};
  for (const d of defaults.rows) dueDays[d.type] = Number(d.days);
  for (const s of set) dueDays[s.encounter_type] = s.due_days;
  return { dueDays };
}

const getSettings = defineRoute({
  method: 'get',
  path: '/api/v1/coding-queue/settings',
  summary: 'Days from discharge (or completion) to the coding due date, per encounter type (site setting).',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:read' },
  responses: { 200: { description: 'Settings', schema: QueueSettings } },
  handler: async ({ principal, services }) => ({ body: await readSettings(services, (principal as Principal).orgId) }),
});

const putSettings = defineRoute({
  method: 'put',
  path: '/api/v1/coding-queue/settings',
  summary: 'Sets the coding due days per encounter type; items entering the queue from now on use them.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:manage' },
  body: QueueSettingsUpdate,
  responses: { 200: { description: 'Settings', schema: QueueSettings } },
  handler: async ({ body, principal, services, info }) => {
    const p = principal as Principal;
    await services.db.transaction().execute(async (tx) => {
      for (const [type, days] of Object.entries(body.dueDays)) {
        if (days === undefined) continue;
        await tx
          .insertInto('coding_queue_settings')
          .values({ org_id: p.orgId, encounter_type: type, due_days: days, updated_at: info.now, updated_by: p.userId })
          .onConflict((oc) =>
            oc.columns(['org_id', 'encounter_type']).doUpdateSet({
              due_days: days,
              updated_at: info.now,
              updated_by: p.userId,
            }),
          )
          .execute();
      }
      await audit(tx, services, info, p, { action: 'coding-queue.settings.update', detail: { dueDays: body.dueDays } });
    });
    return { body: await readSettings(services, p.orgId) };
  },
});

/** A queue item action: access, then a change to the locked work item and its audit event in one transaction. */
function itemAction<B>(spec: {
  path: string;
  summary: string;
  action: Action;
  auditAction: string;
  body?: ZodType<B>;
  apply: (args: {
    item: Awaited<ReturnType<typeof lockWorkItem>>;
    body: B;
    principal: Principal;
    canManage: boolean;
    now: Date;
  }) => Promise<Record<string, unknown>> | Record<string, unknown>;
  detail?: (body: B) => Record<string, unknown>;
}) {
  return defineRoute<B, undefined, { id: string }>({
    method: 'post',
    path: spec.path,
    summary: spec.summary,
    tag: 'Coding work',
    access: { kind: 'permission', action: spec.action },
    phi: true,
    params: IdParams,
    ...(spec.body ? { body: spec.body } : {}),
    responses: {
      200: { description: 'The work item', schema: WorkItem },
      404: { description: 'No such encounter' },
      409: { description: 'Not in the queue, or the item’s state does not allow it' },
    },
    handler: async ({ params, body, principal, services, info }) => {
      const p = principal as Principal;
      const { enc, access } = await openEncounter(services, info, p, params.id, 'coding:write', spec.auditAction);
      const canManage = roleMay(p.role, 'coding-queue:manage');
      await services.db.transaction().execute(async (tx) => {
        const item = await lockWorkItem(tx, enc.id);
        const changes = await spec.apply({ item, body, principal: p, canManage, now: info.now });
        await tx
          .updateTable('coding_work_items')
          .set({ ...changes, updated_at: info.now })
          .where('encounter_id', '=', enc.id)
          .execute();
        await audit(tx, services, info, p, {
          action: spec.auditAction,
          patientId: enc.patientId,
          recordType: 'encounter',
          recordId: enc.id,
          ...accessAudit(access),
          ...(spec.detail ? { detail: spec.detail(body) } : {}),
        });
      });
      return { body: assertExists(await readWorkItem(services.db, p, enc.id, info.now), 'work item') };
    },
  });
}

const take = itemAction({
  path: '/api/v1/coding-queue/:id/take',
  summary: 'Takes a work item (assigns it to the caller).',
  action: 'coding:write',
  auditAction: 'coding-queue.take',
  apply: ({ item, principal, now }) => {
    if (item.status === 'final') throw new Conflict('The coded record is final');
    if (item.assignee_id === principal.userId) return {};
    if (item.assignee_id) throw new Conflict('The work item is assigned to someone else');
    return {
      assignee_id: principal.userId,
      assigned_at: now,
      status: item.status === 'on_hold' ? 'on_hold' : item.revision > 0 ? 'in_progress' : 'assigned',
    };
  },
});

const release = itemAction({
  path: '/api/v1/coding-queue/:id/release',
  summary: 'Releases a work item back to the queue (its assignee, or a manager).',
  action: 'coding:write',
  auditAction: 'coding-queue.release',
  apply: ({ item, principal, canManage }) => {
    if (item.status === 'final') throw new Conflict('The coded record is final');
    if (!item.assignee_id) throw new Conflict('The work item is not assigned');
    if (item.assignee_id !== principal.userId && !canManage)
      throw new Forbidden('Only the assignee or a manager may release this work item');
    return { assignee_id: null, assigned_at: null, status: item.status === 'on_hold' ? 'on_hold' : 'unassigned' };
  },
});

const hold = itemAction({
  path: '/api/v1/coding-queue/:id/hold',
  summary: 'Puts a work item on hold: awaiting documentation, physician query or other, with a note.',
  action: 'coding:write',
  auditAction: 'coding-queue.hold',
  body: HoldRequest,
  detail: (b) => ({ reason: b.reason }),
  apply: ({ item, body, now }) => {
    if (item.status === 'final') throw new Conflict('The coded record is final');
    return { status: 'on_hold', hold_reason: body.reason, hold_note: body.note ?? null, held_at: now };
  },
});

const resume = itemAction({
  path: '/api/v1/coding-queue/:id/resume',
  summary: 'Takes a work item off hold.',
  action: 'coding:write',
  auditAction: 'coding-queue.resume',
  apply: ({ item }) => {
    if (item.status !== 'on_hold') throw new Conflict('The work item is not on hold');
    return { status: workingStatus(item), hold_reason: null, hold_note: null, held_at: null };
  },
});

const updateItem = defineRoute({
  method: 'patch',
  path: '/api/v1/coding-queue/:id',
  summary: 'Assigns a work item to a coder (or back to the queue) and/or sets its priority (0-9).',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:manage' },
  phi: true,
  params: IdParams,
  body: WorkItemUpdate,
  responses: { 200: { description: 'The work item', schema: WorkItem }, 404: { description: 'Not found' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(
      services,
      info,
      p,
      params.id,
      'coding-queue:manage',
      'coding-queue.update',
    );
    if (body.assigneeId) {
      const user = await services.db
        .selectFrom('users')
        .select(['id', 'role', 'active'])
        .where('id', '=', body.assigneeId)
        .where('org_id', '=', p.orgId)
        .executeTakeFirst();
      if (!user || !user.active || !roleMay(user.role as Role, 'coding:write'))
        throw new ValidationError('The assignee must be an active user who may code', [
          { path: '/assigneeId', code: 'invalid_assignee', message: 'Not an active coding user' },
        ]);
    }
    await services.db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, enc.id);
      const changes: Record<string, unknown> = {};
      if (body.priority !== undefined) changes['priority'] = body.priority;
      if (body.assigneeId !== undefined) {
        if (item.status === 'final') throw new Conflict('The coded record is final');
        changes['assignee_id'] = body.assigneeId;
        changes['assigned_at'] = body.assigneeId ? info.now : null;
        if (item.status !== 'on_hold')
          changes['status'] = workingStatus({ assignee_id: body.assigneeId, revision: item.revision });
      }
      await tx
        .updateTable('coding_work_items')
        .set({ ...changes, updated_at: info.now })
        .where('encounter_id', '=', enc.id)
        .execute();
      await audit(tx, services, info, p, {
        action: 'coding-queue.update',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
        detail: {
          ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
          ...(body.priority !== undefined ? { priority: body.priority } : {}),
        },
      });
    });
    return { body: assertExists(await readWorkItem(services.db, p, enc.id, info.now), 'work item') };
  },
});

// ----- Workbench -----

const readCoding = defineRoute({
  method: 'get',
  path: '/api/v1/encounters/:id/coding',
  summary: 'The coded record with its validation findings and, for inpatient stays, the working MS-DRG.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'Coding', schema: CodingState }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'patient:read', 'coding.read');
    const tables = await evaluationTables(services);
    const state = await services.db.transaction().execute(async (tx) => {
      const item = await tx
        .selectFrom('coding_work_items')
        .select(['status', 'revision', 'version', 'final_at', 'final_by'])
        .where('encounter_id', '=', enc.id)
        .executeTakeFirst();
      if (!item)
        throw new Conflict('The encounter is not in the coding queue: it has not been discharged or completed');
      const s = await readCodingState(tx, enc, item, tables, info.now);
      await audit(tx, services, info, p, {
        action: 'coding.read',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
      });
      return s;
    });
    return { body: state };
  },
});

const saveCoding = defineRoute({
  method: 'put',
  path: '/api/v1/encounters/:id/coding',
  summary:
    'Saves the coded record (diagnoses in sequence with POA, procedures, optionally the charge lines) and answers with the validation findings and, for inpatient stays, the working MS-DRG. A change to a final record needs a reason and re-opens it.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding:write' },
  phi: true,
  params: IdParams,
  body: CodingSaveRequest,
  bodyLimitBytes: 512 * 1024,
  responses: {
    200: { description: 'Saved; findings and DRG', schema: CodingState },
    404: { description: 'Not found' },
    409: { description: 'Not in the queue, a newer revision exists, or the record is final and no reason was given' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'coding:write', 'coding.save');
    const tables = await evaluationTables(services);
    const state = await services.db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, enc.id);
      if (body.revision !== undefined && body.revision !== item.revision)
        throw new Conflict(
          `The coded record changed since revision ${body.revision} (now ${item.revision}): reload it first`,
        );
      const reopening = item.status === 'final';
      if (reopening && !body.reason)
        throw new Conflict('The coded record is final: a change needs a reason, and re-opens it');
      const existing = await checkChargeIds(tx, enc.id, body);
      await writeCoding(tx, enc, body, existing, p.userId, info.now);
      const next = {
        status: item.status === 'on_hold' ? 'on_hold' : 'in_progress',
        assignee_id: item.assignee_id ?? p.userId,
        revision: item.revision + 1,
        version: item.version,
        final_at: reopening ? null : item.final_at,
        final_by: reopening ? null : item.final_by,
      };
      await tx
        .updateTable('coding_work_items')
        .set({
          status: next.status,
          assignee_id: next.assignee_id,
          ...(item.assignee_id ? {} : { assigned_at: info.now }),
          revision: next.revision,
          final_at: next.final_at,
          final_by: next.final_by,
          updated_at: info.now,
        })
        .where('encounter_id', '=', enc.id)
        .execute();
      const s = await readCodingState(tx, enc, next, tables, info.now);
      const common = {
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
      };
      if (reopening) {
        await recordVersion(tx, enc, {
          version: item.version,
          kind: 'reopen',
          userId: p.userId,
          reason: body.reason ?? null,
          drg: s.drg,
          now: info.now,
        });
        await audit(tx, services, info, p, { action: 'coding.reopen', ...common, reason: body.reason ?? null });
      }
      await audit(tx, services, info, p, {
        action: 'coding.save',
        ...common,
        ...(body.reason ? { reason: body.reason } : {}),
        detail: {
          revision: next.revision,
          diagnoses: body.diagnoses.length,
          procedures: body.procedures.length,
          ...(body.charges ? { charges: body.charges.length } : {}),
          errors: s.summary.errors,
        },
      });
      return s;
    });
    return { body: state };
  },
});

const finalize = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/coding/finalize',
  summary:
    'Finalises the coded record: refused (422, with the findings) while error findings remain; otherwise locks it and stores a version.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding:finalize' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'Final', schema: CodingState },
    404: { description: 'Not found' },
    409: { description: 'Not in the queue, already final, or on hold' },
    422: { description: 'Error findings remain' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'coding:finalize', 'coding.finalize');
    const tables = await evaluationTables(services);
    const common = { patientId: enc.patientId, recordType: 'encounter', recordId: enc.id, ...accessAudit(access) };
    const outcome = await services.db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, enc.id);
      if (item.status === 'final') throw new Conflict('The coded record is already final');
      if (item.status === 'on_hold') throw new Conflict('The work item is on hold: resume it first');
      const state = await readCodingState(tx, enc, item, tables, info.now);
      if (state.summary.errors > 0) return { refused: state } as const;
      const version = item.version + 1;
      const revision = item.revision + 1;
      await tx
        .updateTable('coding_work_items')
        .set({
          status: 'final',
          final_at: info.now,
          final_by: p.userId,
          assignee_id: item.assignee_id ?? p.userId,
          version,
          revision,
          hold_reason: null,
          hold_note: null,
          held_at: null,
          updated_at: info.now,
        })
        .where('encounter_id', '=', enc.id)
        .execute();
      await recordVersion(tx, enc, {
        version,
        kind: 'final',
        userId: p.userId,
        reason: null,
        drg: state.drg,
        now: info.now,
      });
      await audit(tx, services, info, p, {
        action: 'coding.finalize',
        ...common,
        detail: { version, drg: state.drg?.drg ?? null, warnings: state.summary.warnings },
      });
      return {
        final: {
          ...state,
          status: 'final' as const,
          version,
          revision,
          finalAt: info.now.toISOString(),
          finalBy: { id: p.userId, username: p.username, displayName: p.displayName },
        },
      } as const;
    });
    if ('refused' in outcome) {
      const errors = outcome.refused.findings.filter((f) => f.severity === 'error');
      // Kept outside the refused operation's transaction (there was nothing to roll back but the lock).
      await audit(services.db, services, info, p, {
        action: 'coding.finalize',
        outcome: 'failure',
        ...common,
        detail: { errors: errors.length, rules: [...new Set(errors.map((f) => f.ruleId))] },
      });
      throw new BusinessRule(
        `The coded record has ${errors.length} error finding${errors.length === 1 ? '' : 's'}: correct them before finalising`,
        errors as unknown as readonly Finding[],
      );
    }
    return { body: outcome.final };
  },
});

const reopen = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/coding/reopen',
  summary: 'Re-opens a final coded record for a change, with a reason; the history keeps who, when and why.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding:write' },
  phi: true,
  params: IdParams,
  body: ReopenRequest,
  responses: {
    200: { description: 'Re-opened', schema: CodingState },
    404: { description: 'Not found' },
    409: { description: 'Not final' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'coding:write', 'coding.reopen');
    const tables = await evaluationTables(services);
    const state = await services.db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, enc.id);
      if (item.status !== 'final') throw new Conflict('The coded record is not final');
      const next = {
        status: workingStatus({ assignee_id: item.assignee_id ?? p.userId, revision: item.revision }),
        revision: item.revision + 1,
        version: item.version,
        final_at: null,
        final_by: null,
      };
      await tx
        .updateTable('coding_work_items')
        .set({ ...next, assignee_id: item.assignee_id ?? p.userId, updated_at: info.now })
        .where('encounter_id', '=', enc.id)
        .execute();
      const s = await readCodingState(tx, enc, next, tables, info.now);
      await recordVersion(tx, enc, {
        version: item.version,
        kind: 'reopen',
        userId: p.userId,
        reason: body.reason,
        drg: s.drg,
        now: info.now,
      });
      await audit(tx, services, info, p, {
        action: 'coding.reopen',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
        reason: body.reason,
      });
      return s;
    });
    return { body: state };
  },
});

const history = defineRoute({
  method: 'get',
  path: '/api/v1/encounters/:id/coding/versions',
  summary: 'The coded record’s history: each final version (snapshot) and each re-opening, with who, when and why.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'Versions, oldest first', schema: CodingHistory } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'patient:read', 'coding.history');
    const versions = await services.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('coding_versions as v')
        .innerJoin('users as u', 'u.id', 'v.user_id')
        .select([
          'v.version',
          'v.kind',
          'v.at',
          'v.reason',
          'v.snapshot',
          'u.id as uid',
          'u.username',
          'u.display_name',
        ])
        .where('v.encounter_id', '=', enc.id)
        .orderBy('v.seq')
        .execute();
      await audit(tx, services, info, p, {
        action: 'coding.history',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
      });
      return rows;
    });
    return {
      body: {
        encounterId: enc.id,
        versions: versions.map((v) => {
          const snap = (typeof v.snapshot === 'string' ? JSON.parse(v.snapshot) : v.snapshot) as {
            coding: CodedRecord;
            charges: ChargeLine[];
            drg: WorkingDrg | null;
          };
          return {
            version: v.version,
            kind: v.kind as 'final' | 'reopen',
            at: iso(v.at)!,
            by: { id: v.uid, username: v.username, displayName: v.display_name },
            reason: v.reason,
            coding: snap.coding,
            charges: snap.charges,
            drg: snap.drg,
          };
        }),
      },
    };
  },
});

const billed = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/billed',
  summary: 'Marks a final coded encounter as final billed (it leaves the DNFB).',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding-queue:manage' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'The work item', schema: WorkItem },
    404: { description: 'Not found' },
    409: { description: 'Not final, or already billed' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'coding-queue:manage', 'coding.billed');
    await services.db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, enc.id);
      if (item.status !== 'final') throw new Conflict('Only a final coded record can be marked final billed');
      const e = await tx.selectFrom('encounters').select('billed_at').where('id', '=', enc.id).executeTakeFirst();
      if (e?.billed_at) throw new Conflict('The encounter is already marked final billed');
      await tx
        .updateTable('encounters')
        .set({ billed_at: info.now, updated_at: info.now })
        .where('id', '=', enc.id)
        .execute();
      await audit(tx, services, info, p, {
        action: 'coding.billed',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        ...accessAudit(access),
      });
    });
    return { body: assertExists(await readWorkItem(services.db, p, enc.id, info.now), 'work item') };
  },
});

const session = defineRoute({
  method: 'post',
  path: '/api/v1/encounters/:id/coding/session',
  summary:
    'Coding time: the workbench reports start when it opens an encounter, heartbeat while the coder works and stop when it closes; the time between reports counts, each gap capped at the idle cap.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'coding:write' },
  phi: true,
  params: IdParams,
  body: CodingSessionRequest,
  responses: {
    200: { description: 'The session', schema: CodingSessionState },
    409: { description: 'No open session (heartbeat or stop)' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const { enc, access } = await openEncounter(services, info, p, params.id, 'coding:write', 'coding.session');
    const row = await services.db.transaction().execute(async (tx) => {
      const open = await tx
        .selectFrom('coding_sessions')
        .selectAll()
        .where('user_id', '=', p.userId)
        .where('encounter_id', '=', enc.id)
        .where('ended_at', 'is', null)
        .orderBy('started_at', 'desc')
        .forUpdate()
        .execute();
      if (body.action === 'start') {
        // A session left open (a closed tab) ends at its last report.
        for (const o of open)
          await tx.updateTable('coding_sessions').set({ ended_at: o.last_event_at }).where('id', '=', o.id).execute();
        const id = randomUUID();
        await tx
          .insertInto('coding_sessions')
          .values({
            id,
            org_id: enc.orgId,
            user_id: p.userId,
            encounter_id: enc.id,
            encounter_type: enc.type,
            started_at: info.now,
            last_event_at: info.now,
            ended_at: null,
            active_seconds: 0,
          })
          .execute();
        await audit(tx, services, info, p, {
          action: 'coding.session',
          patientId: enc.patientId,
          recordType: 'encounter',
          recordId: enc.id,
          ...accessAudit(access),
          detail: { event: 'start' },
        });
        return tx.selectFrom('coding_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      }
      const current = open[0];
      if (!current) throw new Conflict('No open coding session on this encounter: start one');
      const add = activeIncrement(new Date(current.last_event_at), info.now);
      await tx
        .updateTable('coding_sessions')
        .set({
          active_seconds: Number(current.active_seconds) + add,
          last_event_at: info.now,
          ...(body.action === 'stop' ? { ended_at: info.now } : {}),
        })
        .where('id', '=', current.id)
        .execute();
      if (body.action === 'stop')
        await audit(tx, services, info, p, {
          action: 'coding.session',
          patientId: enc.patientId,
          recordType: 'encounter',
          recordId: enc.id,
          ...accessAudit(access),
          detail: { event: 'stop' },
        });
      return tx.selectFrom('coding_sessions').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow();
    });
    return {
      body: {
        sessionId: row.id,
        encounterId: row.encounter_id,
        startedAt: iso(row.started_at)!,
        lastEventAt: iso(row.last_event_at)!,
        endedAt: iso(row.ended_at),
        activeSeconds: Number(row.active_seconds),
        idleCapSeconds: CODING_IDLE_CAP_SECONDS,
      },
    };
  },
});

// ----- DNFB and productivity -----

const dnfb = defineRoute({
  method: 'get',
  path: '/api/v1/dnfb',
  summary:
    'Discharged, not final billed: encounters not final coded, and final coded but not billed, by age bucket (days since discharge), type and payer, with expected charges; holds by reason.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'dnfb:read' },
  query: DnfbQuery,
  responses: { 200: { description: 'DNFB', schema: DnfbReport } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    const report = await readDnfb(services.db, p.orgId, query, info.now);
    await audit(services.db, services, info, p, { action: 'dnfb.read' });
    return { body: report };
  },
});

const productivity = defineRoute({
  method: 'get',
  path: '/api/v1/coding-productivity',
  summary:
    'Coder productivity for a date range: records finalised per hour of coding time (workbench sessions, idle gaps capped), by coder and encounter type.',
  tag: 'Coding work',
  access: { kind: 'permission', action: 'dnfb:read' },
  query: ProductivityQuery,
  responses: { 200: { description: 'Productivity', schema: ProductivityReport } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    if (query.from > query.to)
      throw new ValidationError('from is after to', [
        { path: '/query/from', code: 'too_big', message: 'On or before "to"' },
      ]);
    const report = await readProductivity(services.db, p.orgId, query);
    await audit(services.db, services, info, p, {
      action: 'productivity.read',
      detail: { from: query.from, to: query.to },
    });
    return { body: report };
  },
});

export const codingWorkRoutes = [
  listQueue,
  countQueue,
  getSettings,
  putSettings,
  take,
  release,
  hold,
  resume,
  updateItem,
  readCoding,
  saveCoding,
  finalize,
  reopen,
  history,
  billed,
  session,
  dnfb,
  productivity,
];
