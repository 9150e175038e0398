import { z } from 'zod';
import { plainText } from './common.js';

/** Outcome of a kept HL7 v2 message. */
export const Hl7MessageStatus = z.enum(['applied', 'error', 'rejected', 'dismissed', 'reprocessed']);
export type Hl7MessageStatus = z.infer<typeof Hl7MessageStatus>;

/** HL7 table 0008 acknowledgement codes (original mode). */
export const Hl7AckCode = z.enum(['AA', 'AE', 'AR']);

/** One problem found in or with a message: HL7 table 0357 code, ERR-2 style location (`PID^1^3`), text. */
export const Hl7MessageError = z.object({
  code: z.string(),
  location: z.string(),
  message: z.string(),
});
export type Hl7MessageError = z.infer<typeof Hl7MessageError>;

/** The body of `POST /api/v1/hl7/messages` when sent as JSON rather than as HL7 text. */
export const Hl7ImportRequest = z.strictObject({
  text: z
    .string()
    .min(1, 'Give the HL7 v2 text')
    .max(10 * 1024 * 1024),
});

/** One message of an import and the ACK it was answered with. */
export const Hl7ImportOutcome = z.object({
  messageId: z.string(),
  controlId: z.string().nullable(),
  status: Hl7MessageStatus,
  ackCode: Hl7AckCode,
  /** True when the message had already been received and settled: nothing was applied again. */
  duplicate: z.boolean(),
  /** The ACK text (HL7 v2, segments separated by CR). */
  ack: z.string(),
  errors: z.array(Hl7MessageError),
});
export type Hl7ImportOutcome = z.infer<typeof Hl7ImportOutcome>;

export const Hl7ImportResult = z.object({
  messages: z.array(Hl7ImportOutcome),
  counts: z.object({
    received: z.number().int(),
    applied: z.number().int(),
    duplicate: z.number().int(),
    error: z.number().int(),
    rejected: z.number().int(),
  }),
});
export type Hl7ImportResult = z.infer<typeof Hl7ImportResult>;

export const Hl7MessageListQuery = z.strictObject({
  status: Hl7MessageStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Messages received before this instant (paging backwards). */
  before: z.iso.datetime({ offset: true }).optional(),
});

/** A message in the review list: header items and the error's code and place, no patient data. */
export const Hl7MessageSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  channel: z.string(),
  sendingApplication: z.string().nullable(),
  sendingFacility: z.string().nullable(),
  controlId: z.string().nullable(),
  messageType: z.string().nullable(),
  triggerEvent: z.string().nullable(),
  status: Hl7MessageStatus,
  ackCode: Hl7AckCode,
  receiveCount: z.number().int(),
  attempts: z.number().int(),
  /** Code (table 0357), its standard text and the location; the full message is shown when the message is opened. */
  error: z.object({ code: z.string(), text: z.string(), location: z.string().nullable() }).nullable(),
});
export type Hl7MessageSummary = z.infer<typeof Hl7MessageSummary>;

export const Hl7MessageList = z.object({ messages: z.array(Hl7MessageSummary) });
export type Hl7MessageList = z.infer<typeof Hl7MessageList>;

/** An opened message: everything kept, including the raw text (PHI; the read is audited). */
export const Hl7MessageDetail = Hl7MessageSummary.extend({
  version: z.string().nullable(),
  raw: z.string(),
  ack: z.string(),
  errors: z.array(Hl7MessageError),
  patientId: z.string().nullable(),
  encounterId: z.string().nullable(),
  processedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type Hl7MessageDetail = z.infer<typeof Hl7MessageDetail>;

export const Hl7DismissRequest = z.strictObject({
  reason: plainText(1000).pipe(z.string().min(3, 'Give the reason for dismissing the message')),
});

export const Hl7ReprocessResult = z.object({
  id: z.string(),
  status: Hl7MessageStatus,
  errors: z.array(Hl7MessageError),
  patientId: z.string().nullable(),
  encounterId: z.string().nullable(),
});
export type Hl7ReprocessResult = z.infer<typeof Hl7ReprocessResult>;
