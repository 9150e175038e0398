import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditOutcome } from '../audit/actions.js';
import { appendAudit } from '../audit/store.js';
import type { Principal, RequestInfo, Services } from './context.js';

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
