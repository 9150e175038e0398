import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditOutcome } from '../audit/actions.js';
import { appendAudit } from '../audit/store.js';
import type { Principal, RequestInfo, Services } from './context.js';
import { Forbidden } from './errors.js';

export interface AuditDetail {
  readonly action: AuditAction;
  readonly outcome?: AuditOutcome;
  readonly patientId?: string | null;
  readonly recordType?: string | null;
  readonly recordId?: string | null;
  readonly reason?: string | null;
  readonly emergency?: boolean;
  readonly detail?: Record<string, unknown>;
  /** For events about a user who is not (yet) the principal: failed sign-ins, MFA steps. */
  readonly subject?: { readonly userId: string | null; readonly username: string | null; readonly role: string | null };
}

/** Writes one audit event for a request, with who, when and from where filled in from the request. */
export async function audit(
  db: Kysely<Database> | Transaction<Database>,
  services: Services,
  info: RequestInfo,
  principal: Principal | undefined,
  event: AuditDetail,
): Promise<void> {
  const who =
    event.subject ??
    (principal ? { userId: principal.userId, username: principal.username, role: principal.role } : undefined);
  const head = await appendAudit(db, services.secrets.auditKey, {
    action: event.action,
    outcome: event.outcome ?? 'success',
    occurredAt: info.now,
    userId: who?.userId ?? null,
    username: who?.username ?? null,
    role: who?.role ?? null,
    patientId: event.patientId ?? null,
    recordType: event.recordType ?? null,
    recordId: event.recordId ?? null,
    reason: event.reason ?? null,
    emergency: event.emergency ?? false,
    sourceIp: info.ip,
    userAgent: info.userAgent,
    traceId: info.traceId,
    detail: event.detail ?? null,
  });
  services.onAuditHead(head);
}

/** The signed-in principal of a route that requires one (its access rule already refused anyone else). */
export function principalOf(p: Principal | undefined): Principal {
  if (!p) throw new Forbidden('Sign-in required');
  return p;
}

/**
 * Audits a refused write outside the refused transaction, so that the refusal is kept although the transaction rolled
 * back, then rethrows the error: a 403 is recorded as denied, anything else as a failure.
 */
export async function auditRefusal(
  services: Services,
  info: RequestInfo,
  p: Principal,
  action: AuditAction,
  recordType: string,
  recordId: string,
  patientId: string | null,
  error: unknown,
): Promise<never> {
  await audit(services.db, services, info, p, {
    action,
    outcome: error instanceof Forbidden ? 'denied' : 'failure',
    patientId,
    recordType,
    recordId,
    detail: { refused: error instanceof Error ? error.message : 'error' },
  });
  throw error;
}
