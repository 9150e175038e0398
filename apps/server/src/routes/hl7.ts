import {
  Hl7DismissRequest,
  Hl7ImportRequest,
  Hl7ImportResult,
  Hl7MessageDetail,
  Hl7MessageList,
  Hl7MessageListQuery,
  Hl7ReprocessResult,
  type Hl7ImportOutcome,
  type Hl7MessageError,
  type Hl7MessageSummary,
} from '@charta/contracts';
import { HL7_ERROR_TEXT, type Hl7ErrorCode, type Hl7Issue, splitHl7Batch } from '@charta/core';
import type { Database } from '@charta/db';
import type { Selectable } from 'kysely';
import { audit } from '../http/audit.js';
import { readBodyBytes } from '../http/body.js';
import type { Principal } from '../http/context.js';
import { Conflict, NotFound, UnsupportedMediaType, ValidationError, zodFieldErrors } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import {
  dismissHl7Message,
  formatLocation,
  Hl7StateError,
  receiveHl7Message,
  reprocessHl7Message,
} from '../hl7/intake.js';

/** A batch file may be large; each message is still applied in its own transaction. */
const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_MESSAGES = 10_000;
/** Media types for HL7 v2 ER7 text (the registered one and those senders use in practice). */
const HL7_TYPES = new Set(['application/hl7-v2', 'x-application/hl7-v2+er7', 'application/x-hl7', 'text/plain']);

async function readBody(req: Request): Promise<{ type: string; text: string }> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const json = type === 'application/json';
  if (!json && !HL7_TYPES.has(type)) {
    throw new UnsupportedMediaType('Send HL7 v2 text as application/hl7-v2 or text/plain, or JSON { "text": ... }');
  }
  const text = new TextDecoder('utf-8').decode(await readBodyBytes(req, IMPORT_LIMIT_BYTES));
  if (!json) return { type, text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON', [
      { path: '', code: 'invalid_json', message: 'Malformed JSON' },
    ]);
  }
  const parsed = Hl7ImportRequest.safeParse(value);
  if (!parsed.success) throw new ValidationError('The request body is not valid', zodFieldErrors(parsed.error, ''));
  return { type, text: parsed.data.text };
}

function issueView(i: Hl7Issue): Hl7MessageError {
  return { code: i.hl7Code, location: formatLocation(i.location), message: i.message };
}

function storedErrors(value: unknown): Hl7MessageError[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as Hl7MessageError[]) : [];
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type Row = Selectable<Database['hl7_messages']>;

function summaryOf(r: Row): Hl7MessageSummary {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at).toISOString(),
    channel: r.channel,
    sendingApplication: r.sending_application,
    sendingFacility: r.sending_facility,
    controlId: r.control_id,
    messageType: r.message_type,
    triggerEvent: r.trigger_event,
    status: r.status as Hl7MessageSummary['status'],
    ackCode: r.ack_code as Hl7MessageSummary['ackCode'],
    receiveCount: r.receive_count,
    attempts: r.attempts,
    // The standard text of the code, not the message itself, which may quote a value from the message.
    error:
      r.error_code === null
        ? null
        : {
            code: r.error_code,
            text: HL7_ERROR_TEXT[r.error_code as Hl7ErrorCode] ?? 'Error',
            location: r.error_location,
          },
  };
}

const importMessages = defineRoute({
  method: 'post',
  path: '/api/v1/hl7/messages',
  summary:
    'Receives HL7 v2 ADT messages (application/hl7-v2 or text/plain; one message, several, or a FHS/BHS batch file; or JSON { "text" }). Each is applied and kept, and answered with its own ACK; with Accept: application/hl7-v2 the ACKs are returned as HL7 text.',
  tag: 'HL7 v2',
  access: { kind: 'permission', action: 'records:import' },
  phi: true,
  responses: {
    200: { description: 'One outcome and ACK per message, in order', schema: Hl7ImportResult },
    400: { description: 'No message in the body' },
    413: { description: 'Body too large' },
    415: { description: 'Unsupported content type' },
  },
  handler: async ({ principal, services, info, c }) => {
    const p = principal as Principal;
    const { text } = await readBody(c.req.raw);
    const parts = splitHl7Batch(text);
    if (parts.length === 0) {
      throw new ValidationError('The body holds no HL7 message', [
        { path: '', code: 'required', message: 'Send at least one message starting with MSH' },
      ]);
    }
    if (parts.length > MAX_MESSAGES) {
      throw new ValidationError('Too many messages in one request', [
        { path: '', code: 'too_many', message: `At most ${MAX_MESSAGES} messages per request` },
      ]);
    }
    const outcomes: Hl7ImportOutcome[] = [];
    for (const part of parts) {
      const r = await receiveHl7Message(services, part.text, { orgId: p.orgId, channel: 'api', info });
      outcomes.push({
        messageId: r.messageId,
        controlId: r.controlId,
        status: r.status,
        ackCode: r.ackCode,
        duplicate: r.duplicate,
        ack: r.ack,
        errors: r.errors.map(issueView),
      });
    }
    const counts = {
      received: outcomes.length,
      applied: outcomes.filter((o) => !o.duplicate && (o.status === 'applied' || o.status === 'reprocessed')).length,
      duplicate: outcomes.filter((o) => o.duplicate).length,
      error: outcomes.filter((o) => !o.duplicate && o.status === 'error').length,
      rejected: outcomes.filter((o) => !o.duplicate && o.status === 'rejected').length,
    };
    await audit(services.db, services, info, p, {
      action: 'hl7.import',
      recordType: 'hl7-message',
      detail: { channel: 'api', messageIds: outcomes.map((o) => o.messageId), counts },
    });
    const accept = (c.req.header('accept') ?? '').toLowerCase();
    if (accept.includes('application/hl7-v2') && !accept.includes('json')) {
      // One ACK per message, each ending in CR, separated by a blank line so that a person can read them too.
      return new Response(outcomes.map((o) => o.ack).join('\n'), {
        status: 200,
        headers: { 'content-type': 'application/hl7-v2; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    return { body: { messages: outcomes, counts } };
  },
});

const listMessages = defineRoute({
  method: 'get',
  path: '/api/v1/hl7/messages',
  summary:
    'Lists received HL7 v2 messages for review, newest first (e.g. ?status=error): header items and error codes only; open a message to see its content.',
  tag: 'HL7 v2',
  access: { kind: 'permission', action: 'records:import' },
  query: Hl7MessageListQuery,
  responses: { 200: { description: 'Messages', schema: Hl7MessageList } },
  handler: async ({ query, principal, services }) => {
    const p = principal as Principal;
    let q = services.db.selectFrom('hl7_messages').selectAll().where('org_id', '=', p.orgId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.before) q = q.where('received_at', '<', new Date(query.before));
    const rows = await q.orderBy('received_at', 'desc').orderBy('id').limit(query.limit).execute();
    return { body: { messages: rows.map(summaryOf) } };
  },
});

const readMessage = defineRoute({
  method: 'get',
  path: '/api/v1/hl7/messages/:id',
  summary: 'Opens one received HL7 v2 message, with its raw text, ACK and errors. Audited.',
  tag: 'HL7 v2',
  access: { kind: 'permission', action: 'records:import' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'The message', schema: Hl7MessageDetail }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    return services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('hl7_messages')
        .selectAll()
        .where('id', '=', params.id)
        .where('org_id', '=', p.orgId)
        .executeTakeFirst();
      if (!row) throw new NotFound('No such message');
      if (row.patient_id !== null) {
        // A message about a labelled record does not exist for a user without the grant, as the record does not.
        const patient = await tx
          .selectFrom('patients')
          .select('labels')
          .where('id', '=', row.patient_id)
          .executeTakeFirst();
        if (patient && !patient.labels.every((l) => p.labelGrants.includes(l))) throw new NotFound('No such message');
      }
      await audit(tx, services, info, p, {
        action: 'hl7.message.read',
        patientId: row.patient_id,
        recordType: 'hl7-message',
        recordId: row.id,
      });
      const detail = {
        ...summaryOf(row),
        version: row.version,
        raw: row.raw,
        ack: row.ack,
        errors: storedErrors(row.errors),
        patientId: row.patient_id,
        encounterId: row.encounter_id,
        processedAt: iso(row.processed_at),
        resolvedAt: iso(row.resolved_at),
        resolvedBy: row.resolved_by,
        resolutionNote: row.resolution_note,
      };
      return { body: detail };
    });
  },
});

const reprocessMessage = defineRoute({
  method: 'post',
  path: '/api/v1/hl7/messages/:id/reprocess',
  summary: 'Applies a message kept with an error again, after the underlying problem is fixed.',
  tag: 'HL7 v2',
  access: { kind: 'permission', action: 'records:import' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'The new outcome (reprocessed, or error with the new error)', schema: Hl7ReprocessResult },
    404: { description: 'Not found' },
    409: { description: 'The message is not in error' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    let outcome;
    try {
      outcome = await reprocessHl7Message(services, info, p, p.orgId, params.id);
    } catch (error) {
      if (error instanceof Hl7StateError) {
        throw new Conflict(error.message, [{ path: '/params/id', code: 'status', message: error.message }]);
      }
      throw error;
    }
    if (!outcome) throw new NotFound('No such message');
    return {
      body: {
        id: params.id,
        status: outcome.status,
        errors: outcome.errors.map(issueView),
        patientId: outcome.patientId,
        encounterId: outcome.encounterId,
      },
    };
  },
});

const dismissMessage = defineRoute({
  method: 'post',
  path: '/api/v1/hl7/messages/:id/dismiss',
  summary: 'Closes a message kept with an error (or rejected) without applying it, with a reason.',
  tag: 'HL7 v2',
  access: { kind: 'permission', action: 'records:import' },
  params: IdParams,
  body: Hl7DismissRequest,
  responses: { 204: { description: 'Dismissed' }, 404: { description: 'Not found' }, 409: { description: 'Settled' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    let found: boolean;
    try {
      found = await dismissHl7Message(services, info, p, p.orgId, params.id, body.reason);
    } catch (error) {
      if (error instanceof Hl7StateError) {
        throw new Conflict(error.message, [{ path: '/params/id', code: 'status', message: error.message }]);
      }
      throw error;
    }
    if (!found) throw new NotFound('No such message');
    return { status: 204 };
  },
});

export const hl7Routes = [importMessages, listMessages, readMessage, reprocessMessage, dismissMessage];
