import { randomUUID } from 'node:crypto';
import {
  nextDeliveryAttempt,
  planEscalation,
  type EscalationDeficiency,
  type EscalationStepId,
  type OwedNotification,
} from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Insertable, type Transaction } from 'kysely';
import { analyzeChangedEncounters } from '../completion/analysis.js';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { errorFields } from '../platform/logger.js';
import { composeDigest, type DigestItem } from './messages.js';
import { laddersOf } from './settings.js';
import { DeliveryError, notificationTransport, notifyConfigOf, type NotificationTransport } from './transport.js';
import { practitionerName } from '../records/names.js';

/**
 * A notification run: for each organisation, one transaction analyses what changed, climbs the escalation ladder of
 * each open deficiency (core's `planEscalation`), writes one digest per recipient and rung (a row per channel: in-app
 * rows are delivered by being stored, e-mail rows are queued), records the rung each deficiency reached, and audits
 * the run. Then the queued and due e-mail is delivered; a failure keeps the row (failed, with its error and the next
 * attempt after an exponential backoff), so nothing is lost while the mail server is down.
 */

export interface NotificationRunSummary {
  readonly at: string;
  readonly digests: number;
  readonly inApp: number;
  readonly emailsQueued: number;
  readonly escalated: number;
  readonly delivered: number;
  readonly failed: number;
}

/** Who acts: a signed-in user (run now) or the scheduler. */
export interface RunActor {
  readonly info: RequestInfo;
  readonly principal: Principal | undefined;
}

/** Request information for the scheduler, which acts as the system at the clock's instant. */
export function schedulerInfo(now: Date): RequestInfo {
  return {
    traceId: randomUUID(),
    ip: null,
    userAgent: 'charta-notifications',
    now,
    method: 'TIMER',
    route: 'notifications:run',
  };
}

const DELIVERY_BATCH = 200;
/** A claimed e-mail is held this long; if the process dies while sending, it is tried again afterwards. */
const CLAIM_MS = 15 * 60_000;
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

interface OpenRow {
  id: string;
  practitioner_id: string | null;
  kind: string;
  due_at: Date | string | null;
  delinquent_at: Date | string | null;
  patient_id: string;
  facility: string | null;
  account_number: string | null;
  labels: string[];
  specialty: string | null;
  step: string | null;
  notified_at: Date | string | null;
  escalated_for: string | null;
}

interface Recipients {
  practitioners: Map<string, { name: string; userId: string | null; email: string | null }>;
}

async function loadRecipients(tx: Transaction<Database>, orgId: string, ids: readonly string[]): Promise<Recipients> {
  const practitioners = new Map<string, { name: string; userId: string | null; email: string | null }>();
  if (ids.length === 0) return { practitioners };
  const rows = await tx
    .selectFrom('practitioners as p')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'p.user_id').on('u.active', '=', true))
    .select(['p.id', 'p.family_name', 'p.given_name', 'p.credentials', 'u.id as user_id', 'u.email'])
    .where('p.org_id', '=', orgId)
    .where('p.id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    const name = practitionerName(r.family_name, r.given_name, r.credentials);
    practitioners.set(r.id, { name, userId: r.user_id ?? null, email: r.email ?? null });
  }
  return { practitioners };
}

interface Written {
  digests: number;
  inApp: number;
  emailsQueued: number;
  escalated: number;
  notificationIds: string[];
  patientIds: Set<string>;
}

/** Plans and writes one organisation's notifications inside the caller's transaction. */
export async function writeNotifications(tx: Transaction<Database>, orgId: string, now: Date): Promise<Written> {
  await analyzeChangedEncounters(tx, orgId, now);
  const rows: OpenRow[] = await tx
    .selectFrom('deficiencies as f')
    .innerJoin('encounters as e', 'e.id', 'f.encounter_id')
    .leftJoin('practitioners as p', 'p.id', 'f.practitioner_id')
    .leftJoin('deficiency_escalations as x', 'x.deficiency_id', 'f.id')
    .select([
      'f.id',
      'f.practitioner_id',
      'f.kind',
      'f.due_at',
      'f.delinquent_at',
      'f.patient_id',
      'e.facility',
      'e.account_number',
      'e.labels',
      'p.specialty',
      'x.step',
      'x.notified_at',
      'x.practitioner_id as escalated_for',
    ])
    .where('f.org_id', '=', orgId)
    .where('f.status', '=', 'open')
    .where('f.practitioner_id', 'is not', null)
    .execute();
  const out: Written = {
    digests: 0,
    inApp: 0,
    emailsQueued: 0,
    escalated: 0,
    notificationIds: [],
    patientIds: new Set(),
  };
  if (rows.length === 0) return out;
  const ladders = await laddersOf(tx, orgId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byFacility = new Map<string, OpenRow[]>();
  for (const r of rows) {
    const facility = r.facility !== null && ladders.has(r.facility) ? r.facility : '';
    byFacility.set(facility, [...(byFacility.get(facility) ?? []), r]);
  }
  const owed: { facility: string; n: OwedNotification }[] = [];
  const progress: { deficiencyId: string; step: EscalationStepId }[] = [];
  for (const [facility, list] of byFacility) {
    const ladder = ladders.get(facility) ?? ladders.get('');
    if (!ladder) continue;
    const input: EscalationDeficiency[] = list.map((r) => ({
      id: r.id,
      practitionerId: r.practitioner_id,
      specialty: r.specialty,
      dueAt: iso(r.due_at),
      delinquentAt: iso(r.delinquent_at),
      // A deficiency reassigned to another clinician starts again at the bottom of the ladder.
      reached:
        r.step !== null && r.notified_at !== null && r.escalated_for === r.practitioner_id
          ? { step: r.step as EscalationStepId, notifiedAt: iso(r.notified_at) as string }
          : null,
    }));
    const plan = planEscalation(ladder, input, now);
    for (const n of plan.notifications) owed.push({ facility, n });
    progress.push(...plan.progress);
  }

  const { practitioners } = await loadRecipients(tx, orgId, [
    ...new Set(rows.map((r) => r.practitioner_id).filter((p): p is string => p !== null)),
  ]);
  const names = new Map([...practitioners].map(([id, p]) => [id, p.name]));
  const runId = randomUUID();
  const values: Insertable<Database['notifications']>[] = [];
  for (const { facility, n } of owed) {
    const items: DigestItem[] = n.deficiencyIds.map((id) => {
      const r = byId.get(id) as OpenRow;
      return {
        kind: r.kind,
        practitionerId: r.practitioner_id,
        dueAt: iso(r.due_at),
        delinquentAt: iso(r.delinquent_at),
        accountNumber: r.labels.length === 0 ? r.account_number : null,
      };
    });
    for (const id of n.deficiencyIds) out.patientIds.add((byId.get(id) as OpenRow).patient_id);
    const text = composeDigest({
      step: n.step,
      recipient: n.recipient,
      repeat: n.repeat,
      items,
      suspensionAt: n.suspensionAt,
      now,
      clinicianNames: names,
    });
    const clinician = n.recipient.kind === 'clinician' ? practitioners.get(n.recipient.practitionerId) : undefined;
    const base = {
      facility,
      run_id: runId,
      step: n.step,
      repeat: n.repeat,
      recipient_kind: n.recipient.kind,
      recipient_practitioner_id: n.recipient.kind === 'clinician' ? n.recipient.practitionerId : null,
      recipient_user_id: clinician?.userId ?? null,
      deficiency_ids: [...n.deficiencyIds],
      deficiency_count: n.deficiencyIds.length,
      subject: text.subject,
      attempts: 0,
      last_error: null,
      created_at: now,
      sent_at: null,
      read_at: null,
    };
    out.digests++;
    for (const channel of n.channels) {
      const id = randomUUID();
      if (channel === 'in_app') {
        // In-app means a user to read it: a clinician without an active user is reached by e-mail only.
        if (!clinician?.userId) continue;
        values.push({
          ...base,
          id,
          org_id: orgId,
          channel,
          recipient_email: null,
          body: text.inApp,
          status: 'sent',
          attempts: 1,
          next_attempt_at: null,
          sent_at: now,
        });
        out.inApp++;
      } else {
        const address = n.recipient.kind === 'clinician' ? (clinician?.email ?? null) : n.recipient.email;
        values.push({
          ...base,
          id,
          org_id: orgId,
          channel,
          recipient_email: address,
          body: text.email,
          status: address ? 'queued' : 'failed',
          next_attempt_at: address ? now : null,
          last_error: address ? null : 'No e-mail address: give the clinician’s user an e-mail address, then retry',
        });
        out.emailsQueued++;
      }
      out.notificationIds.push(id);
    }
  }
  for (let i = 0; i < values.length; i += 500) {
    await tx
      .insertInto('notifications')
      .values(values.slice(i, i + 500))
      .execute();
  }
  for (const p of progress) {
    const r = byId.get(p.deficiencyId) as OpenRow;
    const moved = r.step !== p.step || r.escalated_for !== r.practitioner_id;
    await tx
      .insertInto('deficiency_escalations')
      .values({
        deficiency_id: p.deficiencyId,
        org_id: orgId,
        practitioner_id: r.practitioner_id,
        step: p.step,
        reached_at: now,
        notified_at: now,
      })
      .onConflict((oc) =>
        oc.column('deficiency_id').doUpdateSet({
          practitioner_id: r.practitioner_id,
          step: p.step,
          notified_at: now,
          ...(moved ? { reached_at: now } : {}),
        }),
      )
      .execute();
  }
  out.escalated = progress.length;
  return out;
}

/** Delivers one claimed e-mail row and records the outcome; returns whether it was sent. */
async function deliverRow(
  services: Services,
  transport: NotificationTransport,
  row: Pick<
    Database['notifications'],
    'id' | 'recipient_email' | 'subject' | 'body' | 'step' | 'deficiency_count' | 'recipient_user_id'
  > & { attempts: number },
  now: Date,
): Promise<boolean> {
  const attempts = row.attempts + 1;
  let failure: string | null = null;
  try {
    if (!row.recipient_email) throw new DeliveryError('No e-mail address for the recipient');
    await transport.send({
      to: row.recipient_email,
      subject: row.subject,
      text: row.body,
      step: row.step,
      count: row.deficiency_count,
      userId: row.recipient_user_id,
    });
  } catch (error) {
    failure = error instanceof DeliveryError ? error.message : 'Delivery failed';
    if (!(error instanceof DeliveryError)) services.logger.error('Notification delivery failed', errorFields(error));
  }
  // Automatic retries stop at the maximum; after that only a manual retry sends it.
  const next =
    failure === null ? null : nextDeliveryAttempt(attempts, now, { maxAttempts: notifyConfigOf(services).maxAttempts });
  await services.db
    .updateTable('notifications')
    .set(
      failure === null
        ? { status: 'sent', attempts, sent_at: now, next_attempt_at: null, last_error: null }
        : { status: 'failed', attempts, last_error: failure, next_attempt_at: next },
    )
    .where('id', '=', row.id)
    .execute();
  return failure === null;
}

/**
 * Sends the e-mail rows that are queued or failed and due for another attempt, claiming each batch first (so two runs
 * never send the same row), and audits each organisation's deliveries.
 */
export async function deliverDueNotifications(
  services: Services,
  now: Date,
  actor: RunActor,
  orgId?: string,
): Promise<{ delivered: number; failed: number }> {
  const transport = notificationTransport(services);
  let delivered = 0;
  let failed = 0;
  for (;;) {
    let q = services.db
      .selectFrom('notifications')
      .select('id')
      .where('channel', '=', 'email')
      .where('status', 'in', ['queued', 'failed'])
      .where('next_attempt_at', '<=', now);
    if (orgId) q = q.where('org_id', '=', orgId);
    const due = await q.orderBy('next_attempt_at').orderBy('id').limit(DELIVERY_BATCH).execute();
    if (due.length === 0) break;
    const claimed = await services.db
      .updateTable('notifications')
      .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .where('status', 'in', ['queued', 'failed'])
      .where('next_attempt_at', '<=', now)
      .returning([
        'id',
        'org_id',
        'recipient_email',
        'subject',
        'body',
        'step',
        'deficiency_count',
        'attempts',
        'recipient_user_id',
      ])
      .execute();
    const outcome = new Map<string, { sent: string[]; failed: string[] }>();
    for (const row of claimed) {
      const ok = await deliverRow(services, transport, row, now);
      const o = outcome.get(row.org_id) ?? { sent: [], failed: [] };
      (ok ? o.sent : o.failed).push(row.id);
      outcome.set(row.org_id, o);
      if (ok) delivered++;
      else failed++;
    }
    for (const [org, o] of outcome) {
      await audit(services.db, services, actor.info, actor.principal, {
        action: 'notification.deliver',
        outcome: o.failed.length > 0 ? 'failure' : 'success',
        recordType: 'organization',
        recordId: org,
        detail: { transport: transport.name, sent: o.sent, failed: o.failed },
      });
    }
    if (due.length < DELIVERY_BATCH) break;
  }
  return { delivered, failed };
}

/**
 * Sends one failed e-mail again now (a manual retry, whatever its attempts so far), re-reading a clinician's address
 * when the row has none. Returns whether it was sent, or null when the row is not a failed e-mail of the organisation.
 */
export async function retryNotification(
  services: Services,
  orgId: string,
  id: string,
  now: Date,
): Promise<boolean | null> {
  const row = await services.db
    .updateTable('notifications')
    .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('channel', '=', 'email')
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  let email = row.recipient_email;
  if (!email && row.recipient_practitioner_id) {
    const found = await services.db
      .selectFrom('practitioners as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['u.email', 'u.id'])
      .where('p.id', '=', row.recipient_practitioner_id)
      .where('u.active', '=', true)
      .executeTakeFirst();
    if (found?.email) {
      email = found.email;
      await services.db
        .updateTable('notifications')
        .set({ recipient_email: email, recipient_user_id: found.id })
        .where('id', '=', id)
        .execute();
    }
  }
  return deliverRow(services, notificationTransport(services), { ...row, recipient_email: email }, now);
}

const queues = new WeakMap<Services, Promise<unknown>>();

/** Runs one at a time per server: the timer and a run-now request never overlap. */
function serialize<T>(services: Services, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(services) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    services,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * One notification run at `now`: every organisation (or one), then delivery. Callable directly with an injected
 * instant; the scheduler and the run-now route both come here.
 */
export function runNotifications(
  services: Services,
  options: { readonly now: Date; readonly orgId?: string; readonly actor?: RunActor },
): Promise<NotificationRunSummary> {
  return serialize(services, async () => {
    const { now } = options;
    const actor = options.actor ?? { info: schedulerInfo(now), principal: undefined };
    const orgs = options.orgId
      ? [options.orgId]
      : (await services.db.selectFrom('organizations').select('id').orderBy('id').execute()).map((o) => o.id);
    const total = { digests: 0, inApp: 0, emailsQueued: 0, escalated: 0 };
    for (const orgId of orgs) {
      await services.db.transaction().execute(async (tx) => {
        const w = await writeNotifications(tx, orgId, now);
        total.digests += w.digests;
        total.inApp += w.inApp;
        total.emailsQueued += w.emailsQueued;
        total.escalated += w.escalated;
        await audit(tx, services, actor.info, actor.principal, {
          action: 'notification.run',
          recordType: 'organization',
          recordId: orgId,
          detail: {
            digests: w.digests,
            inApp: w.inApp,
            emailsQueued: w.emailsQueued,
            escalated: w.escalated,
            notificationIds: w.notificationIds,
            patientIds: [...w.patientIds],
          },
        });
      });
    }
    const delivery = await deliverDueNotifications(services, now, actor, options.orgId);
    return { at: now.toISOString(), ...total, ...delivery };
  });
}

/** Counts of e-mail rows per state, for the outbox. */
export async function outboxCounts(services: Services, orgId: string) {
  const rows = await services.db
    .selectFrom('notifications')
    .select(['status', sql<string>`count(*)`.as('n')])
    .where('org_id', '=', orgId)
    .where('channel', '=', 'email')
    .groupBy('status')
    .execute();
  const get = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { queued: get('queued'), sent: get('sent'), failed: get('failed') };
}
