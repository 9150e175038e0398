import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AuditEventView, AuditQuery, AuditVerifyResult } from '@charta/contracts';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditEventsTable } from '@charta/db';
import { AUDIT_ACTIONS, type AuditAction, type AuditOutcome } from './actions.js';
import { chainHash, checkpointMac, GENESIS_HASH, type ChainedFields } from './chain.js';

export interface AuditInput {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly occurredAt: Date;
  readonly userId?: string | null;
  readonly username?: string | null;
  readonly role?: string | null;
  readonly patientId?: string | null;
  readonly recordType?: string | null;
  readonly recordId?: string | null;
  readonly reason?: string | null;
  readonly emergency?: boolean;
  readonly sourceIp?: string | null;
  readonly userAgent?: string | null;
  readonly traceId?: string | null;
  readonly detail?: Record<string, unknown> | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Serialises appends across connections so that every event links to the one before it. */
const AUDIT_LOCK_ID = 7_420_001;

/**
 * Appends one event to the chain. Call it inside the transaction of the operation it records, so that a failed
 * audit write fails the operation (SEC-20).
 */
export async function appendAudit(db: Db, key: Buffer, input: AuditInput): Promise<{ seq: number; hash: string }> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_ID})`.execute(db);
  const last = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    id: randomUUID(),
    occurredAt: new Date(Math.floor(input.occurredAt.getTime())),
    userId: input.userId ?? null,
    username: input.username ?? null,
    role: input.role ?? null,
    action: input.action,
    outcome: input.outcome,
    patientId: input.patientId ?? null,
    recordType: input.recordType ?? null,
    recordId: input.recordId ?? null,
    reason: input.reason ?? null,
    emergency: input.emergency ?? false,
    sourceIp: input.sourceIp ?? null,
    userAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
    traceId: input.traceId ?? null,
    detail: input.detail ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(key, prevHash, fields);
  await db
    .insertInto('audit_events')
    .values({
      seq: fields.seq,
      id: fields.id,
      occurred_at: fields.occurredAt,
      user_id: fields.userId,
      username: fields.username,
      role: fields.role,
      action: fields.action,
      outcome: fields.outcome,
      patient_id: fields.patientId,
      record_type: fields.recordType,
      record_id: fields.recordId,
      reason: fields.reason,
      emergency: fields.emergency,
      source_ip: fields.sourceIp,
      user_agent: fields.userAgent,
      trace_id: fields.traceId,
      detail: fields.detail === null ? null : JSON.stringify(fields.detail),
      prev_hash: prevHash,
      hash,
    } as never)
    .execute();
  return { seq: fields.seq, hash };
}

function fieldsOf(row: Selectable<AuditEventsTable>): ChainedFields {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    userId: row.user_id,
    username: row.username,
    role: row.role,
    action: row.action,
    outcome: row.outcome,
    patientId: row.patient_id,
    recordType: row.record_type,
    recordId: row.record_id,
    reason: row.reason,
    emergency: row.emergency,
    sourceIp: row.source_ip,
    userAgent: row.user_agent,
    traceId: row.trace_id,
    detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : row.detail,
  };
}

export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly mac: string;
}

/** Writes the chain head to a file outside the database, so that a truncated tail is caught (SEC-19). */
export function writeCheckpoint(file: string, key: Buffer, head: { seq: number; hash: string }): void {
  const checkpoint: AuditCheckpoint = { ...head, mac: checkpointMac(key, head.seq, head.hash) };
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(checkpoint), { mode: 0o600 });
  renameSync(tmp, file);
}

export function readCheckpoint(file: string): AuditCheckpoint | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as AuditCheckpoint;
}

export async function chainHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/**
 * Walks the whole chain in order and names the first event that does not fit: an altered event (its hash no longer
 * matches), a deleted one (a gap in the sequence or a broken link), an inserted or reordered one (a link or hash
 * mismatch), or a truncated tail (the checkpoint names an event the database no longer has).
 */
export async function verifyAuditChain(db: Db, key: Buffer, checkpoint?: AuditCheckpoint): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let checkpointSeen = false;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      const fields = fieldsOf(row);
      const bad = (problem: string): AuditVerifyResult => ({
        ok: false,
        checked,
        firstBad: { seq: fields.seq, id: fields.id, problem },
        head: prevHash,
      });
      if (fields.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          firstBad: {
            seq: expectedSeq,
            id: null,
            problem: `event ${expectedSeq} is missing (next present is ${fields.seq})`,
          },
          head: prevHash,
        };
      }
      if (row.prev_hash !== prevHash)
        return bad('its link to the previous event is broken (deleted, inserted or reordered)');
      if (chainHash(key, prevHash, fields) !== row.hash)
        return bad('its content no longer matches its hash (altered or forged)');
      if (checkpoint && checkpoint.seq === fields.seq) {
        checkpointSeen = true;
        if (checkpoint.hash !== row.hash) return bad('it differs from the recorded checkpoint');
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batch) break;
  }
  if (checkpoint) {
    if (checkpointMac(key, checkpoint.seq, checkpoint.hash) !== checkpoint.mac) {
      return {
        ok: false,
        checked,
        firstBad: { seq: checkpoint.seq, id: null, problem: 'the checkpoint file was altered' },
        head: prevHash,
      };
    }
    if (!checkpointSeen && checkpoint.seq >= expectedSeq) {
      return {
        ok: false,
        checked,
        firstBad: {
          seq: expectedSeq,
          id: null,
          problem: `events ${expectedSeq} to ${checkpoint.seq} are missing: the chain ends before the recorded checkpoint (tail truncated)`,
        },
        head: prevHash,
      };
    }
  }
  return { ok: true, checked, firstBad: null, head: checked > 0 ? prevHash : null };
}

export function toAuditView(row: Selectable<AuditEventsTable>): AuditEventView {
  const f = fieldsOf(row);
  return {
    seq: f.seq,
    id: f.id,
    occurredAt: f.occurredAt.toISOString(),
    userId: f.userId,
    username: f.username,
    role: f.role,
    action: f.action,
    outcome: f.outcome as AuditEventView['outcome'],
    patientId: f.patientId,
    recordType: f.recordType,
    recordId: f.recordId,
    reason: f.reason,
    emergency: f.emergency,
    sourceIp: f.sourceIp,
    userAgent: f.userAgent,
    traceId: f.traceId,
    detail: f.detail,
  };
}

/** Filters the trail (newest first). Every filter is a bound parameter. */
export async function queryAudit(
  db: Db,
  q: AuditQuery,
): Promise<{ rows: Selectable<AuditEventsTable>[]; nextBefore: number | null }> {
  let query = db.selectFrom('audit_events').selectAll();
  if (q.user)
    query = query.where((eb) => eb.or([eb('username', '=', q.user ?? ''), eb(sql`user_id::text`, '=', q.user ?? '')]));
  if (q.patient) query = query.where(sql`patient_id::text`, '=', q.patient);
  if (q.action)
    query = query.where((eb) =>
      eb.or([
        eb('action', '=', q.action ?? ''),
        eb('action', 'like', `${(q.action ?? '').replace(/[%_\\]/gu, '\\$&')}.%`),
      ]),
    );
  if (q.from) query = query.where('occurred_at', '>=', new Date(`${q.from}T00:00:00Z`));
  if (q.to) query = query.where('occurred_at', '<', new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
  if (q.emergency) query = query.where('emergency', '=', q.emergency === 'true');
  if (q.before) query = query.where('seq', '<', q.before);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { rows: page, nextBefore: more ? Number(page[page.length - 1]?.seq ?? 0) : null };
}

const OUTCOME_CODES: Record<string, string> = { success: '0', denied: '4', failure: '8' };

/** One audit event as a FHIR R4 AuditEvent resource. */
export function toFhirAuditEvent(view: AuditEventView): Record<string, unknown> {
  const meta = (AUDIT_ACTIONS as Record<string, { fhir: string; category: string } | undefined>)[view.action];
  const entity: Record<string, unknown>[] = [];
  if (view.patientId) {
    entity.push({
      what: { reference: `Patient/${view.patientId}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  if (view.recordType && view.recordId) {
    entity.push({
      what: { identifier: { system: `urn:charta:${view.recordType}`, value: view.recordId } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
    });
  }
  return {
    resourceType: 'AuditEvent',
    id: view.id,
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: 'urn:charta:audit-action', code: view.action }],
    action: meta?.fhir ?? 'E',
    recorded: view.occurredAt,
    outcome: OUTCOME_CODES[view.outcome] ?? '8',
    ...(view.reason ? { outcomeDesc: view.reason } : {}),
    ...(view.emergency
      ? {
          purposeOfEvent: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
                  code: 'ETREAT',
                  display: 'Emergency Treatment',
                },
              ],
            },
          ],
        }
      : {}),
    agent: [
      {
        ...(view.role ? { role: [{ coding: [{ system: 'urn:charta:role', code: view.role }] }] } : {}),
        who: view.userId
          ? { identifier: { system: 'urn:charta:user', value: view.userId }, display: view.username ?? undefined }
          : { display: view.username ?? 'anonymous' },
        requestor: true,
        ...(view.sourceIp ? { network: { address: view.sourceIp, type: '2' } } : {}),
      },
    ],
    source: {
      site: 'Charta',
      observer: { display: 'Charta server' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    ...(entity.length > 0 ? { entity } : {}),
    extension: [
      { url: 'urn:charta:audit-seq', valueInteger: view.seq },
      ...(view.traceId ? [{ url: 'urn:charta:trace-id', valueString: view.traceId }] : []),
    ],
  };
}
