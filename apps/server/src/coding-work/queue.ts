import type { QueueCount, WorkItem, WorkItemStatus, WorkQueueQuery } from '@charta/contracts';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../http/context.js';
import { iso } from './record.js';
import { ageInDays } from './measures.js';

type Db = Kysely<Database> | Transaction<Database>;

const DAY_MS = 86_400_000;

/** The rows behind a queue: work items of the caller's organisation whose patient and encounter labels they may see. */
function base(db: Db, principal: Principal) {
  return db
    .selectFrom('coding_work_items as w')
    .innerJoin('encounters as e', 'e.id', 'w.encounter_id')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .where('w.org_id', '=', principal.orgId)
    .where(sql<boolean>`p.labels <@ ${sql.val(principal.labelGrants)}::text[]`)
    .where(sql<boolean>`e.labels <@ ${sql.val(principal.labelGrants)}::text[]`);
}

type Base = ReturnType<typeof base>;

/** The instant age is counted from: discharge (or completion), else entry into the queue. */
const since = sql<Date>`coalesce(e.discharge_at, w.entered_at)`;

function endOfDayUtc(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

function filtered(q: Base, query: WorkQueueQuery, principal: Principal, now: Date): Base {
  let r = q;
  if (query.queue) r = r.where('w.queue', 'in', query.queue);
  if (query.service) r = r.where(sql`lower(e.service)`, '=', query.service.toLowerCase());
  if (query.payer) r = r.where(sql`lower(e.payer)`, '=', query.payer.toLowerCase());
  r = query.status ? r.where('w.status', 'in', query.status) : r.where('w.status', '<>', 'final');
  if (query.assignee === 'me') r = r.where('w.assignee_id', '=', principal.userId);
  else if (query.assignee === 'none') r = r.where('w.assignee_id', 'is', null);
  else if (query.assignee) r = r.where('w.assignee_id', '=', query.assignee);
  // Age d means since <= now - d days and since > now - (d + 1) days.
  if (query.minAgeDays !== undefined) r = r.where(since, '<=', new Date(now.getTime() - query.minAgeDays * DAY_MS));
  if (query.maxAgeDays !== undefined)
    r = r.where(since, '>', new Date(now.getTime() - (query.maxAgeDays + 1) * DAY_MS));
  if (query.due === 'overdue') r = r.where('w.due_at', '<', now);
  else if (query.due === 'today') r = r.where('w.due_at', '<', endOfDayUtc(now));
  else if (query.due === 'later') r = r.where('w.due_at', '>=', endOfDayUtc(now));
  if (query.holdReason) r = r.where('w.hold_reason', '=', query.holdReason);
  return r;
}

function selected(q: Base) {
  return q
    .leftJoin('users as a', 'a.id', 'w.assignee_id')
    .leftJoin('users as f', 'f.id', 'w.final_by')
    .select([
      'w.encounter_id',
      'w.queue',
      'w.status',
      'w.priority',
      'w.entered_at',
      'w.due_at',
      'w.assignee_id',
      'w.hold_reason',
      'w.hold_note',
      'w.final_at',
      'w.final_by',
      'w.revision',
      'w.version',
      'e.patient_id',
      'e.type',
      'e.service',
      'e.payer',
      'e.account_number',
      'e.admit_at',
      'e.discharge_at',
      'e.billed_at',
      'p.family_name',
      'p.given_name',
      'p.mrn',
      'a.username as assignee_username',
      'a.display_name as assignee_display_name',
      'f.username as final_username',
      'f.display_name as final_display_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selected>['execute']>>[number];

function toWorkItem(r: Row, now: Date): WorkItem {
  const from = new Date(r.discharge_at ?? r.entered_at);
  return {
    encounterId: r.encounter_id,
    patientId: r.patient_id,
    familyName: r.family_name,
    givenName: r.given_name,
    mrn: r.mrn,
    accountNumber: r.account_number,
    queue: r.queue,
    encounterType: r.type,
    service: r.service,
    payer: r.payer,
    admitAt: iso(r.admit_at),
    dischargeAt: iso(r.discharge_at),
    enteredAt: iso(r.entered_at)!,
    dueAt: iso(r.due_at)!,
    ageDays: ageInDays(from, now),
    overdue: r.status !== 'final' && new Date(r.due_at).getTime() < now.getTime(),
    priority: r.priority,
    status: r.status as WorkItemStatus,
    assignee:
      r.assignee_id && r.assignee_username
        ? { id: r.assignee_id, username: r.assignee_username, displayName: r.assignee_display_name ?? '' }
        : null,
    holdReason: r.hold_reason as WorkItem['holdReason'],
    holdNote: r.hold_note,
    finalAt: iso(r.final_at),
    finalBy:
      r.final_by && r.final_username
        ? { id: r.final_by, username: r.final_username, displayName: r.final_display_name ?? '' }
        : null,
    billedAt: iso(r.billed_at),
    revision: r.revision,
    version: r.version,
  };
}

export async function listWorkItems(
  db: Db,
  principal: Principal,
  query: WorkQueueQuery,
  now: Date,
): Promise<{ items: WorkItem[]; total: number }> {
  const where = filtered(base(db, principal), query, principal, now);
  let q = selected(where);
  const desc = query.order === 'desc';
  const asc = query.order === 'asc';
  if (query.sort === 'priority') {
    q = q.orderBy('w.priority', asc ? 'asc' : 'desc').orderBy('w.due_at', 'asc');
  } else if (query.sort === 'age') {
    // Oldest first by default.
    q = q.orderBy(since, desc ? 'desc' : 'asc');
  } else {
    q = q.orderBy('w.due_at', desc ? 'desc' : 'asc');
  }
  q = q.orderBy('w.encounter_id');
  const [rows, count] = await Promise.all([
    q.limit(query.limit).offset(query.offset).execute(),
    where.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map((r) => toWorkItem(r, now)), total: Number(count?.n ?? 0) };
}

/** One work item as a queue row, or undefined when there is none (or the caller may not see it). */
export async function readWorkItem(
  db: Db,
  principal: Principal,
  encounterId: string,
  now: Date,
): Promise<WorkItem | undefined> {
  const row = await selected(base(db, principal).where('w.encounter_id', '=', encounterId)).executeTakeFirst();
  return row ? toWorkItem(row, now) : undefined;
}

/** Counts per queue (all statuses), on the caller's visible items. */
export async function queueCounts(db: Db, principal: Principal, now: Date): Promise<QueueCount[]> {
  const rows = await base(db, principal)
    .select(['w.queue', 'w.status'])
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      sql<string>`count(*) filter (where w.due_at < ${now})`.as('overdue'),
    ])
    .groupBy(['w.queue', 'w.status'])
    .execute();
  const byQueue = new Map<string, QueueCount>();
  for (const r of rows) {
    const c = byQueue.get(r.queue) ?? {
      queue: r.queue,
      open: 0,
      unassigned: 0,
      assigned: 0,
      inProgress: 0,
      onHold: 0,
      overdue: 0,
      final: 0,
    };
    const n = Number(r.n);
    if (r.status === 'final') c.final += n;
    else {
      c.open += n;
      c.overdue += Number(r.overdue);
      if (r.status === 'unassigned') c.unassigned += n;
      else if (r.status === 'assigned') c.assigned += n;
      else if (r.status === 'in_progress') c.inProgress += n;
      else if (r.status === 'on_hold') c.onHold += n;
    }
    byQueue.set(r.queue, c);
  }
  return [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}
