import { z } from 'zod';
import { isoDate, plainText } from './common.js';

export const AuditOutcome = z.enum(['success', 'denied', 'failure']);

export const AuditEventView = z.object({
  seq: z.number().int(),
  id: z.string(),
  occurredAt: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  outcome: AuditOutcome,
  patientId: z.string().nullable(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  reason: z.string().nullable(),
  emergency: z.boolean(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  traceId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditQuery = z.strictObject({
  user: plainText(128).optional(),
  patient: plainText(128).optional(),
  action: plainText(128).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  emergency: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Return events with seq below this (newest first paging). */
  before: z.coerce.number().int().min(1).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  events: z.array(AuditEventView),
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), id: z.string().nullable(), problem: z.string() }).nullable(),
  head: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
