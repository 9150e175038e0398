import { createHmac } from 'node:crypto';

/**
 * The audit trail is a hash chain: each event's hash is HMAC-SHA-256(key, previous hash + canonical form of the
 * event). Changing, deleting, inserting or reordering an event breaks the chain from that event on; the key lives
 * outside the database, so whoever can write the database still cannot forge a consistent chain (SEC-19).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  id: string;
  occurredAt: Date;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  outcome: string;
  patientId: string | null;
  recordType: string | null;
  recordId: string | null;
  reason: string | null;
  emergency: boolean;
  sourceIp: string | null;
  userAgent: string | null;
  traceId: string | null;
  detail: Record<string, unknown> | null;
}

/** JSON with object keys sorted at every level, so the form does not depend on how the database stores jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

export function canonicalEvent(e: ChainedFields): string {
  return canonicalJson([
    e.seq,
    e.id,
    e.occurredAt.toISOString(),
    e.userId,
    e.username,
    e.role,
    e.action,
    e.outcome,
    e.patientId,
    e.recordType,
    e.recordId,
    e.reason,
    e.emergency,
    e.sourceIp,
    e.userAgent,
    e.traceId,
    e.detail,
  ]);
}

export function chainHash(key: Buffer, prevHash: string, event: ChainedFields): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonicalEvent(event)).digest('hex');
}

export function checkpointMac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`checkpoint\n${seq}\n${hash}`).digest('hex');
}
