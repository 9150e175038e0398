/**
 * HL7 v2 intake: every message received (MLLP, file or API) is kept in `hl7_messages` with its raw text, outcome and
 * the ACK sent. One transaction applies a message and records it; when applying fails, those writes roll back and the
 * message is kept with its error by a separate write, so nothing is dropped. Acknowledgement codes follow HL7 v2.5.1
 * chapter 2, section 2.9.2 (original mode): AA applied, AE application error, AR rejected (see core's README).
 * A message resent with the same sender (MSH-3, MSH-4) and control id (MSH-10) is not applied twice (section 2.10.1:
 * the control id identifies the message): it is answered with the ACK sent the first time.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type AckCode,
  acknowledgeAdt,
  type AdtEvent,
  buildAck,
  buildFallbackAck,
  getValue,
  Hl7ErrorCode,
  type Hl7Issue,
  type Hl7Location,
  type Hl7Message,
  hl7Issue,
  parseHl7,
} from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';
import { analyzeChangedEncounters } from '../completion/analysis.js';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { errorFields } from '../platform/logger.js';
import { applyAdtEvent, Hl7ApplyError } from './apply.js';
import { hl7Now } from './mllp-listener.js';

export type Hl7Channel = 'mllp' | 'file' | 'api';
export type Hl7MessageStatus = 'applied' | 'error' | 'rejected' | 'dismissed' | 'reprocessed';

/** Statuses after which a resend is answered with the original ACK rather than applied again. */
const SETTLED: readonly string[] = ['applied', 'reprocessed', 'dismissed'];

export interface ReceiveOptions {
  readonly orgId: string;
  readonly channel: Hl7Channel;
  /** Where the message came from and when; audit events are written as the system with this information. */
  readonly info: RequestInfo;
}

export interface ReceiveResult {
  readonly messageId: string;
  readonly controlId: string | null;
  readonly status: Hl7MessageStatus;
  readonly ackCode: AckCode;
  readonly ack: string;
  /** True when this was a resend of a message already settled: nothing was applied, the original ACK was returned. */
  readonly duplicate: boolean;
  readonly errors: readonly Hl7Issue[];
  readonly patientId: string | null;
  readonly encounterId: string | null;
}

/** The header items that identify a message, read as far as the text allows. */
interface Header {
  readonly parsed: Hl7Message | undefined;
  readonly sendingApplication: string | null;
  readonly sendingFacility: string | null;
  readonly controlId: string | null;
  readonly messageType: string | null;
  readonly trigger: string | null;
  readonly version: string | null;
}

function readHeader(text: string): Header {
  const whole = parseHl7(text);
  const header = whole.ok ? whole : parseHl7(text.replace(/^[\s\uFEFF\u0000]+/u, '').split(/\r|\n/u)[0] ?? '');
  const m = header.ok ? header.value : undefined;
  const v = (path: string): string | null => {
    const value = m ? getValue(m, path) : undefined;
    return value === undefined || value === '""' ? null : value.slice(0, 200);
  };
  return {
    parsed: m,
    sendingApplication: v('MSH-3'),
    sendingFacility: v('MSH-4'),
    controlId: v('MSH-10'),
    messageType: v('MSH-9.1'),
    trigger: v('MSH-9.2') ?? (m ? (getValue(m, 'EVN-1') ?? null) : null),
    version: v('MSH-12'),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** MSH-10 of our ACKs: at most 20 characters in v2.5.1. */
function newAckControlId(): string {
  return randomBytes(8).toString('hex');
}

function ackFor(header: Header, raw: string, code: AckCode, errors: readonly Hl7Issue[], now: Date): string {
  const options = { code, errors, controlId: newAckControlId(), timestamp: hl7Now(now) };
  return header.parsed ? buildAck(header.parsed, options) : buildFallbackAck(raw, options);
}

/** ERR-2 style text of a location, e.g. `PID^1^3`. */
export function formatLocation(l: Hl7Location): string {
  const parts = [l.segment, l.sequence, l.field, l.repetition, l.component, l.subcomponent].map((p) =>
    p === undefined ? '' : String(p),
  );
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

function errorColumns(errors: readonly Hl7Issue[]) {
  const first = errors[0];
  return {
    error_code: first?.hl7Code ?? null,
    error_location: first ? formatLocation(first.location) : null,
    error_message: first?.message ?? null,
    errors:
      errors.length === 0
        ? null
        : JSON.stringify(
            errors.map((e) => ({ code: e.hl7Code, location: formatLocation(e.location), message: e.message })),
          ),
  };
}

/** Serialises work on one sender + control id (PostgreSQL advisory lock, released at commit), so that two copies of a
 * message arriving at once are not both applied. */
async function lockMessageKey(tx: Transaction<Database>, orgId: string, header: Header): Promise<void> {
  const key = [orgId, header.sendingApplication ?? '', header.sendingFacility ?? '', header.controlId ?? ''].join('|');
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

interface PriorRow {
  readonly id: string;
  readonly status: string;
  readonly content_hash: string;
  readonly ack: string;
  readonly ack_code: string;
  readonly patient_id: string | null;
  readonly encounter_id: string | null;
}

/** Earlier messages from the same sender with the same control id. */
async function priorMessages(tx: Transaction<Database>, orgId: string, header: Header): Promise<PriorRow[]> {
  if (header.controlId === null) return [];
  return tx
    .selectFrom('hl7_messages')
    .select(['id', 'status', 'content_hash', 'ack', 'ack_code', 'patient_id', 'encounter_id'])
    .where('org_id', '=', orgId)
    .where('control_id', '=', header.controlId)
    .where((eb) =>
      header.sendingApplication === null
        ? eb('sending_application', 'is', null)
        : eb('sending_application', '=', header.sendingApplication),
    )
    .where((eb) =>
      header.sendingFacility === null
        ? eb('sending_facility', 'is', null)
        : eb('sending_facility', '=', header.sendingFacility),
    )
    .orderBy('received_at')
    .execute();
}

type Plan =
  | { readonly kind: 'duplicate'; readonly row: PriorRow }
  | { readonly kind: 'conflict'; readonly target: PriorRow | undefined }
  | { readonly kind: 'attempt'; readonly target: PriorRow | undefined };

/**
 * What to do with a message given earlier ones with the same key: the same text already settled is a duplicate; a
 * different text under a settled control id is a conflict (refused, never applied over the first); otherwise it is
 * (re)attempted, on the earlier row when the text is the same (a resend after an error).
 */
function planFor(prior: readonly PriorRow[], hash: string): Plan {
  const same = prior.find((r) => r.content_hash === hash);
  if (same && SETTLED.includes(same.status)) return { kind: 'duplicate', row: same };
  if (prior.some((r) => SETTLED.includes(r.status))) return { kind: 'conflict', target: same };
  return { kind: 'attempt', target: same };
}

interface StoreRow {
  readonly id: string;
  readonly existing: boolean;
  readonly orgId: string;
  readonly channel: Hl7Channel;
  readonly header: Header;
  readonly raw: string;
  readonly hash: string;
  readonly status: Hl7MessageStatus;
  readonly ackCode: AckCode;
  readonly ack: string;
  readonly errors: readonly Hl7Issue[];
  readonly patientId: string | null;
  readonly encounterId: string | null;
  readonly now: Date;
}

async function storeMessage(tx: Transaction<Database>, r: StoreRow): Promise<void> {
  const outcome = {
    status: r.status,
    ack_code: r.ackCode,
    ack: r.ack,
    ...errorColumns(r.errors),
    patient_id: r.patientId,
    encounter_id: r.encounterId,
    processed_at: r.now,
    last_received_at: r.now,
    updated_at: r.now,
  };
  if (r.existing) {
    await tx
      .updateTable('hl7_messages')
      .set({ ...outcome, attempts: sql`attempts + 1`, receive_count: sql`receive_count + 1` })
      .where('id', '=', r.id)
      .execute();
    return;
  }
  await tx
    .insertInto('hl7_messages')
    .values({
      id: r.id,
      org_id: r.orgId,
      channel: r.channel,
      sending_application: r.header.sendingApplication,
      sending_facility: r.header.sendingFacility,
      control_id: r.header.controlId,
      message_type: r.header.messageType,
      trigger_event: r.header.trigger,
      version: r.header.version,
      received_at: r.now,
      raw: r.raw,
      content_hash: r.hash,
      resolved_at: null,
      resolved_by: null,
      resolution_note: null,
      ...outcome,
    })
    .execute();
}

function result(
  id: string,
  header: Header,
  status: Hl7MessageStatus,
  ackCode: AckCode,
  ack: string,
  errors: readonly Hl7Issue[],
  patientId: string | null = null,
  encounterId: string | null = null,
  duplicate = false,
): ReceiveResult {
  return {
    messageId: id,
    controlId: header.controlId,
    status,
    ackCode,
    ack,
    duplicate,
    errors,
    patientId,
    encounterId,
  };
}

/** An unexpected failure while applying, kept as an application error (207) without its details (they may hold PHI). */
function internalIssue(): Hl7Issue {
  return hl7Issue(
    { segment: '' },
    Hl7ErrorCode.applicationInternalError,
    'The message could not be applied because of an internal error; it is kept for reprocessing',
  );
}

/**
 * Receives one message: parses, checks for a resend, applies it to the records and keeps it with its outcome.
 * Returns the ACK to send. Throws only when the database cannot be written at all (the listener then answers AE).
 */
export async function receiveHl7Message(
  services: Services,
  text: string,
  options: ReceiveOptions,
): Promise<ReceiveResult> {
  // PostgreSQL text cannot hold NUL; HL7 text has no use for it either, so it is kept as U+FFFD (visible, not lost).
  const raw = text.replaceAll('\u0000', '\uFFFD');
  const now = options.info.now;
  const header = readHeader(raw);
  const hash = sha256(raw);
  const validated = acknowledgeAdt(raw, { controlId: newAckControlId(), timestamp: hl7Now(now) });
  let messageId: string = randomUUID();
  let target: PriorRow | undefined;

  type Done =
    { readonly done: ReceiveResult } | { readonly failed: readonly Hl7Issue[]; readonly status: 'error' | 'rejected' };
  let outcome: Done;
  const deferred = deferAuditHead(services);
  try {
    outcome = await services.db.transaction().execute(async (tx): Promise<Done> => {
      await lockMessageKey(tx, options.orgId, header);
      const plan = planFor(await priorMessages(tx, options.orgId, header), hash);
      if (plan.kind === 'duplicate') {
        await tx
          .updateTable('hl7_messages')
          .set({ receive_count: sql`receive_count + 1`, last_received_at: now, updated_at: now })
          .where('id', '=', plan.row.id)
          .execute();
        const r = plan.row;
        return {
          done: result(
            r.id,
            header,
            r.status as Hl7MessageStatus,
            r.ack_code as AckCode,
            r.ack,
            [],
            r.patient_id,
            r.encounter_id,
            true,
          ),
        };
      }
      target = plan.target;
      if (target) messageId = target.id;
      if (plan.kind === 'conflict') {
        const errors = [
          hl7Issue(
            { segment: 'MSH', sequence: 1, field: 10 },
            Hl7ErrorCode.duplicateKeyIdentifier,
            'This control id was already used by this sender for a different message',
          ),
        ];
        return { failed: errors, status: 'rejected' };
      }
      if (!validated.result.ok) {
        const errors = validated.result.error;
        const code = ackCodeOf(validated.ack);
        await storeMessage(tx, {
          id: messageId,
          existing: target !== undefined,
          orgId: options.orgId,
          channel: options.channel,
          header,
          raw,
          hash,
          status: 'rejected',
          ackCode: code,
          ack: validated.ack,
          errors,
          patientId: null,
          encounterId: null,
          now,
        });
        await audit(tx, deferred.services, options.info, undefined, {
          action: 'hl7.receive',
          outcome: 'failure',
          recordType: 'hl7-message',
          recordId: messageId,
          detail: { messageId, channel: options.channel, status: 'rejected', ackCode: code },
        });
        return { done: result(messageId, header, 'rejected', code, validated.ack, errors) };
      }
      const applied = await applyEvent(tx, deferred.services, options, messageId, validated.result.value);
      const ack = validated.ack;
      await storeMessage(tx, {
        id: messageId,
        existing: target !== undefined,
        orgId: options.orgId,
        channel: options.channel,
        header,
        raw,
        hash,
        status: 'applied',
        ackCode: 'AA',
        ack,
        errors: [],
        patientId: applied.patientId ?? null,
        encounterId: applied.encounterId ?? null,
        now,
      });
      return {
        done: result(
          messageId,
          header,
          'applied',
          'AA',
          ack,
          [],
          applied.patientId ?? null,
          applied.encounterId ?? null,
        ),
      };
    });
  } catch (error) {
    if (error instanceof Hl7ApplyError) outcome = { failed: error.issues, status: 'error' };
    else {
      services.logger.error('HL7 message could not be applied', {
        event: 'hl7.apply-failed',
        traceId: options.info.traceId,
        ...errorFields(error),
      });
      outcome = { failed: [internalIssue()], status: 'error' };
    }
  }
  if ('done' in outcome) {
    deferred.commit();
    return outcome.done;
  }

  // The application writes rolled back; the message is kept with its error in a write of its own.
  const errors = outcome.failed;
  const status = outcome.status;
  const ack = ackFor(header, raw, 'AE', errors, now);
  const existing = target !== undefined;
  const id = messageId;
  await services.db.transaction().execute(async (tx) => {
    await storeMessage(tx, {
      id,
      existing,
      orgId: options.orgId,
      channel: options.channel,
      header,
      raw,
      hash,
      status,
      ackCode: 'AE',
      ack,
      errors,
      patientId: null,
      encounterId: null,
      now,
    });
    await audit(tx, services, options.info, undefined, {
      action: 'hl7.receive',
      outcome: 'failure',
      recordType: 'hl7-message',
      recordId: id,
      detail: { messageId: id, channel: options.channel, status, ackCode: 'AE', errorCode: errors[0]?.hl7Code },
    });
  });
  return result(id, header, status, 'AE', ack, errors);
}

function ackCodeOf(ack: string): AckCode {
  const parsed = parseHl7(ack);
  const code = parsed.ok ? getValue(parsed.value, 'MSA-1') : undefined;
  return code === 'AA' || code === 'AE' || code === 'AR' ? code : 'AR';
}

async function applyEvent(
  tx: Transaction<Database>,
  services: Services,
  options: ReceiveOptions,
  messageId: string,
  event: AdtEvent,
) {
  const applied = await applyAdtEvent({ tx, services, info: options.info, orgId: options.orgId, messageId }, event);
  // A discharge, a cancelled discharge or a moved encounter changes what the record must hold: analyse it now.
  await analyzeChangedEncounters(tx, options.orgId, options.info.now);
  await audit(tx, services, options.info, undefined, {
    action: 'hl7.apply',
    patientId: applied.patientId ?? null,
    recordType: 'hl7-message',
    recordId: messageId,
    detail: {
      messageId,
      channel: options.channel,
      trigger: event.trigger,
      encounterId: applied.encounterId ?? null,
      createdPatientIds: applied.createdPatientIds,
    },
  });
  return applied;
}

/**
 * Services whose audit chain head is reported only once the transaction has committed: the server copies the head to
 * its checkpoint file, and a head from a rolled-back transaction would name an event that never existed.
 */
function deferAuditHead(services: Services): { readonly services: Services; commit(): void } {
  let head: { seq: number; hash: string } | undefined;
  return {
    services: {
      ...services,
      onAuditHead: (h) => {
        if (!head || h.seq > head.seq) head = h;
      },
    },
    commit: () => {
      if (head) services.onAuditHead(head);
    },
  };
}

/** Why a reprocess or dismissal was refused: the message's status does not allow it. */
export class Hl7StateError extends Error {
  override readonly name = 'Hl7StateError';
}

export interface ReprocessResult {
  readonly status: Hl7MessageStatus;
  readonly errors: readonly Hl7Issue[];
  readonly patientId: string | null;
  readonly encounterId: string | null;
}

/**
 * Applies a message kept with an error again, once the underlying problem is fixed (a missing patient registered, an
 * encounter discharged...). On success the status becomes `reprocessed`; on failure the message keeps status `error`
 * with the new error. The ACK sent to the sender is not changed: that exchange is over.
 */
export async function reprocessHl7Message(
  services: Services,
  info: RequestInfo,
  principal: Principal | undefined,
  orgId: string,
  messageId: string,
): Promise<ReprocessResult | undefined> {
  let failed: readonly Hl7Issue[];
  const deferred = deferAuditHead(services);
  try {
    const done = await services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('hl7_messages')
        .select(['id', 'status', 'raw'])
        .where('id', '=', messageId)
        .where('org_id', '=', orgId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.status !== 'error') {
        throw new Hl7StateError(`Only a message with status error can be reprocessed (this one is ${row.status})`);
      }
      const validated = acknowledgeAdt(row.raw);
      if (!validated.result.ok) throw new Hl7ApplyError(validated.result.error);
      const applied = await applyEvent(
        tx,
        deferred.services,
        { orgId, channel: 'api', info },
        row.id,
        validated.result.value,
      );
      await tx
        .updateTable('hl7_messages')
        .set({
          status: 'reprocessed',
          ...errorColumns([]),
          patient_id: applied.patientId ?? null,
          encounter_id: applied.encounterId ?? null,
          attempts: sql`attempts + 1`,
          processed_at: info.now,
          resolved_at: info.now,
          resolved_by: principal?.userId ?? null,
          updated_at: info.now,
        })
        .where('id', '=', row.id)
        .execute();
      await audit(tx, deferred.services, info, principal, {
        action: 'hl7.message.reprocess',
        patientId: applied.patientId ?? null,
        recordType: 'hl7-message',
        recordId: row.id,
        detail: { messageId: row.id, status: 'reprocessed' },
      });
      const out: ReprocessResult = {
        status: 'reprocessed',
        errors: [],
        patientId: applied.patientId ?? null,
        encounterId: applied.encounterId ?? null,
      };
      return out;
    });
    deferred.commit();
    return done;
  } catch (error) {
    if (error instanceof Hl7ApplyError) failed = error.issues;
    else throw error;
  }
  await services.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('hl7_messages')
      .set({ ...errorColumns(failed), attempts: sql`attempts + 1`, processed_at: info.now, updated_at: info.now })
      .where('id', '=', messageId)
      .execute();
    await audit(tx, services, info, principal, {
      action: 'hl7.message.reprocess',
      outcome: 'failure',
      recordType: 'hl7-message',
      recordId: messageId,
      detail: { messageId, status: 'error', errorCode: failed[0]?.hl7Code },
    });
  });
  return { status: 'error', errors: failed, patientId: null, encounterId: null };
}

/** Closes a message kept with an error or rejected, with the reviewer's reason; it will not be applied. */
export async function dismissHl7Message(
  services: Services,
  info: RequestInfo,
  principal: Principal | undefined,
  orgId: string,
  messageId: string,
  reason: string,
): Promise<boolean> {
  return services.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('hl7_messages')
      .select(['id', 'status', 'patient_id'])
      .where('id', '=', messageId)
      .where('org_id', '=', orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return false;
    if (row.status !== 'error' && row.status !== 'rejected') {
      throw new Hl7StateError(
        `Only a message with status error or rejected can be dismissed (this one is ${row.status})`,
      );
    }
    await tx
      .updateTable('hl7_messages')
      .set({
        status: 'dismissed',
        resolved_at: info.now,
        resolved_by: principal?.userId ?? null,
        resolution_note: reason,
        updated_at: info.now,
      })
      .where('id', '=', row.id)
      .execute();
    await audit(tx, services, info, principal, {
      action: 'hl7.message.dismiss',
      recordType: 'hl7-message',
      recordId: row.id,
      reason,
      detail: { messageId: row.id, previousStatus: row.status },
    });
    return true;
  });
}
