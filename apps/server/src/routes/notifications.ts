import {
  InAppNotification,
  NotificationList,
  NotificationListQuery,
  NotificationRunResult,
  NotificationSettings,
  NotificationSettingsQuery,
  NotificationSettingsUpdate,
  OutboxList,
  OutboxNotification,
  OutboxQuery,
  SuspensionList,
} from '@charta/contracts';
import { validateEscalationLadder } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Selectable } from 'kysely';
import { audit, auditRefusal, principalOf } from '../http/audit.js';
import { Conflict, NotFound, ValidationError } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import { outboxCounts, retryNotification, runNotifications } from '../notifications/run.js';
import { effectiveLadder, saveLadder, toLadder, type EffectiveLadder } from '../notifications/settings.js';
import { practitionerName } from '../records/names.js';

const iso = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString();

const settingsBody = (e: EffectiveLadder): NotificationSettings => ({
  facility: e.facility,
  source: e.source,
  version: e.version,
  createdAt: iso(e.createdAt),
  createdBy: e.createdBy,
  note: e.note,
  ladder: {
    steps: e.ladder.steps.map((s) => ({ ...s, channels: [...s.channels], recipients: [...s.recipients] })),
    repeatEveryDays: e.ladder.repeatEveryDays,
    contacts: {
      departmentChairs: e.ladder.contacts.departmentChairs.map((c) => ({ ...c })),
      medicalStaffOffice: e.ladder.contacts.medicalStaffOffice,
    },
  },
});

const readSettings = defineRoute({
  method: 'get',
  path: '/api/v1/notifications/settings',
  summary:
    'The escalation ladder that applies to a facility (facility omitted or empty: the organisation’s default): its own latest version, else the organisation’s, else Charta’s defaults. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion:read' },
  query: NotificationSettingsQuery,
  responses: { 200: { description: 'The ladder in force', schema: NotificationSettings } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      const current = await effectiveLadder(tx, p.orgId, query.facility);
      await audit(tx, services, info, p, {
        action: 'notification.settings.read',
        recordType: 'notification-settings',
        recordId: query.facility,
        detail: { version: current.version, source: current.source },
      });
      return settingsBody(current);
    });
    return { body };
  },
});

const updateSettings = defineRoute({
  method: 'put',
  path: '/api/v1/notifications/settings',
  summary:
    'Saves a new version of a facility’s escalation ladder (facility "" for the organisation’s default) from the version it was edited from (0 for the first; a concurrent edit is a 409). A ladder that contradicts itself (steps out of order, a step repeated, a chair step without a chair address) is refused with the path of each contradiction, and the old version stays in force. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion-rules:manage' },
  body: NotificationSettingsUpdate,
  bodyLimitBytes: 64 * 1024,
  responses: {
    200: { description: 'The new version', schema: NotificationSettings },
    400: { description: 'The ladder contradicts itself (errors name each path)' },
    409: { description: 'The ladder changed since it was read' },
  },
  handler: async ({ body, principal, services, info }) => {
    const p = principalOf(principal);
    const checked = validateEscalationLadder(toLadder(body.ladder));
    if (!checked.ok) {
      throw new ValidationError(
        'The escalation ladder contradicts itself',
        checked.error.map((i) => ({ path: `/ladder${i.path}`, code: i.code, message: i.message })),
      );
    }
    const saved = await services.db.transaction().execute(async (tx) => {
      const version = await saveLadder(
        tx,
        p.orgId,
        body.facility,
        body.baseVersion,
        checked.value,
        body.note,
        p.userId,
        info.now,
      );
      if (version === null) return null;
      await audit(tx, services, info, p, {
        action: 'notification.settings.update',
        recordType: 'notification-settings',
        recordId: body.facility,
        reason: body.note,
        detail: { from: body.baseVersion, to: version, steps: checked.value.steps.map((s) => s.id) },
      });
      return effectiveLadder(tx, p.orgId, body.facility);
    });
    if (saved === null) {
      return auditRefusal(
        services,
        info,
        p,
        'notification.settings.update',
        'notification-settings',
        body.facility,
        null,
        new Conflict('The escalation ladder was changed by someone else; reload it and edit again'),
      );
    }
    return { body: settingsBody(saved) };
  },
});

type NotificationRow = Selectable<Database['notifications']>;

const toInApp = (r: NotificationRow): InAppNotification => ({
  id: r.id,
  step: r.step as InAppNotification['step'],
  repeat: r.repeat,
  subject: r.subject,
  body: r.body,
  deficiencyCount: r.deficiency_count,
  createdAt: iso(r.created_at) as string,
  readAt: iso(r.read_at),
});

const toOutbox = (r: NotificationRow): OutboxNotification => ({
  id: r.id,
  facility: r.facility,
  step: r.step as OutboxNotification['step'],
  recipientKind: r.recipient_kind as OutboxNotification['recipientKind'],
  recipientEmail: r.recipient_email,
  recipientUserId: r.recipient_user_id,
  subject: r.subject,
  deficiencyCount: r.deficiency_count,
  status: r.status as OutboxNotification['status'],
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  lastError: r.last_error,
  createdAt: iso(r.created_at) as string,
  sentAt: iso(r.sent_at),
});

const myNotifications = defineRoute({
  method: 'get',
  path: '/api/v1/notifications',
  summary:
    'The signed-in user’s in-app notifications (deficiency reminders and notices), newest first, with the number unread. Polling it does not extend the session. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'self:manage' },
  activity: false,
  phi: true,
  query: NotificationListQuery,
  responses: { 200: { description: 'Notifications', schema: NotificationList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      const mine = tx
        .selectFrom('notifications')
        .where('org_id', '=', p.orgId)
        .where('recipient_user_id', '=', p.userId)
        .where('channel', '=', 'in_app');
      let q = mine.selectAll();
      if (query.unread === 'true') q = q.where('status', '=', 'sent');
      if (query.unread === 'false') q = q.where('status', '=', 'read');
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute();
      const unread = await mine
        .select(sql<string>`count(*)`.as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      await audit(tx, services, info, p, {
        action: 'notification.list',
        recordType: 'notification',
        detail: { returned: rows.length, ids: rows.map((r) => r.id) },
      });
      return { notifications: rows.map(toInApp), unread: Number(unread.n) };
    });
    return { body };
  },
});

const markRead = defineRoute({
  method: 'post',
  path: '/api/v1/notifications/:id/read',
  summary: 'Marks one of the signed-in user’s in-app notifications read (again: no change). Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'self:manage' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'The notification', schema: InAppNotification },
    404: { description: 'Not one of your notifications' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', params.id)
        .where('org_id', '=', p.orgId)
        .where('recipient_user_id', '=', p.userId)
        .where('channel', '=', 'in_app')
        .executeTakeFirst();
      if (!row) throw new NotFound('No such notification');
      if (row.status === 'read') return toInApp(row);
      const updated = await tx
        .updateTable('notifications')
        .set({ status: 'read', read_at: info.now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, services, info, p, {
        action: 'notification.read',
        recordType: 'notification',
        recordId: row.id,
      });
      return toInApp(updated);
    });
    return { body };
  },
});

const outbox = defineRoute({
  method: 'get',
  path: '/api/v1/notifications/outbox',
  summary:
    'The organisation’s notification e-mail (failed by default; or queued, sent, all), without bodies: recipient, attempts, next attempt and last error, with counts per state. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion:manage' },
  query: OutboxQuery,
  responses: { 200: { description: 'The outbox', schema: OutboxList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principalOf(principal);
    const counts = await outboxCounts(services, p.orgId);
    const body = await services.db.transaction().execute(async (tx) => {
      let q = tx.selectFrom('notifications').selectAll().where('org_id', '=', p.orgId).where('channel', '=', 'email');
      if (query.status !== 'all') q = q.where('status', '=', query.status);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute();
      await audit(tx, services, info, p, {
        action: 'notification.outbox.read',
        recordType: 'notification',
        detail: { status: query.status, returned: rows.length },
      });
      return { notifications: rows.map(toOutbox), counts };
    });
    return { body };
  },
});

const retry = defineRoute({
  method: 'post',
  path: '/api/v1/notifications/:id/retry',
  summary:
    'Sends a failed notification e-mail again now, whatever its attempts so far (a clinician’s address is read again if it had none); the outcome is kept on the notification. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion:manage' },
  params: IdParams,
  responses: {
    200: { description: 'The notification after the attempt', schema: OutboxNotification },
    404: { description: 'No such notification e-mail' },
    409: { description: 'Not failed' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principalOf(principal);
    const sent = await retryNotification(services, p.orgId, params.id, info.now);
    if (sent === null) {
      const row = await services.db
        .selectFrom('notifications')
        .select('status')
        .where('id', '=', params.id)
        .where('org_id', '=', p.orgId)
        .where('channel', '=', 'email')
        .executeTakeFirst();
      if (!row) throw new NotFound('No such notification e-mail');
      return auditRefusal(
        services,
        info,
        p,
        'notification.retry',
        'notification',
        params.id,
        null,
        new Conflict(`The notification is ${row.status}, not failed`),
      );
    }
    const body = await services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', params.id)
        .executeTakeFirstOrThrow();
      await audit(tx, services, info, p, {
        action: 'notification.retry',
        outcome: sent ? 'success' : 'failure',
        recordType: 'notification',
        recordId: params.id,
        detail: { attempts: row.attempts, status: row.status },
      });
      return toOutbox(row);
    });
    return { body };
  },
});

const runNow = defineRoute({
  method: 'post',
  path: '/api/v1/notifications/run',
  summary:
    'Runs the deficiency notifications of the organisation now (as the timer does): climbs each open deficiency’s escalation ladder, writes the digests owed, and delivers the e-mail due. Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion:manage' },
  phi: true,
  responses: { 200: { description: 'What was written and delivered', schema: NotificationRunResult } },
  handler: async ({ principal, services, info }) => {
    const p = principalOf(principal);
    const body = await runNotifications(services, { now: info.now, orgId: p.orgId, actor: { info, principal: p } });
    return { body };
  },
});

const suspensionList = defineRoute({
  method: 'get',
  path: '/api/v1/notifications/suspension-list',
  summary:
    'Clinicians on the suspension list: those with open deficiencies that reached the suspension step of their facility’s ladder, with those deficiencies (records with labels the caller may not see are left out). Audited.',
  tag: 'Notifications',
  access: { kind: 'permission', action: 'completion:read' },
  phi: true,
  responses: { 200: { description: 'The suspension list', schema: SuspensionList } },
  handler: async ({ principal, services, info }) => {
    const p = principalOf(principal);
    const body = await services.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('deficiency_escalations as x')
        .innerJoin('deficiencies as f', 'f.id', 'x.deficiency_id')
        .innerJoin('encounters as e', 'e.id', 'f.encounter_id')
        .innerJoin('practitioners as pr', 'pr.id', 'f.practitioner_id')
        .select([
          'f.id',
          'f.encounter_id',
          'f.patient_id',
          'f.title',
          'f.due_at',
          'f.delinquent_at',
          'e.account_number',
          'e.facility',
          'x.reached_at',
          'pr.id as practitioner_id',
          'pr.family_name',
          'pr.given_name',
          'pr.credentials',
          'pr.specialty',
        ])
        .where('x.org_id', '=', p.orgId)
        .where('x.step', '=', 'suspension')
        .whereRef('x.practitioner_id', '=', 'f.practitioner_id')
        .where('f.status', '=', 'open')
        .where(sql<boolean>`e.labels <@ ${sql.val(p.labelGrants)}::text[]`)
        .orderBy('pr.family_name')
        .orderBy('pr.id')
        .orderBy('x.reached_at')
        .execute();
      const clinicians = new Map<string, SuspensionList['clinicians'][number]>();
      for (const r of rows) {
        const c = clinicians.get(r.practitioner_id) ?? {
          practitionerId: r.practitioner_id,
          name: practitionerName(r.family_name, r.given_name, r.credentials),
          specialty: r.specialty,
          since: iso(r.reached_at) as string,
          deficiencies: [],
        };
        c.deficiencies.push({
          id: r.id,
          encounterId: r.encounter_id,
          accountNumber: r.account_number,
          facility: r.facility,
          title: r.title,
          dueAt: iso(r.due_at),
          delinquentAt: iso(r.delinquent_at),
          reachedAt: iso(r.reached_at) as string,
        });
        if ((iso(r.reached_at) as string) < c.since) c.since = iso(r.reached_at) as string;
        clinicians.set(r.practitioner_id, c);
      }
      await audit(tx, services, info, p, {
        action: 'notification.suspension-list.read',
        recordType: 'deficiency',
        detail: { clinicians: clinicians.size, patientIds: [...new Set(rows.map((r) => r.patient_id))] },
      });
      return { clinicians: [...clinicians.values()] };
    });
    return { body };
  },
});

export const notificationRoutes = [
  readSettings,
  updateSettings,
  myNotifications,
  markRead,
  outbox,
  retry,
  runNow,
  suspensionList,
];
