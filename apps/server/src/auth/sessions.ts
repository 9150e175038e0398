import { randomUUID } from 'node:crypto';
import { isRole, type Role } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../platform/config.js';
import { newToken, sha256Hex } from '../platform/secrets.js';
import type { Principal, RequestInfo, SessionStage } from '../http/context.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A session that has not finished MFA lives this long at most. */
export const PENDING_SESSION_MINUTES = 10;

export interface IssuedSession {
  readonly sessionId: string;
  readonly token: string;
  readonly csrfToken: string;
  readonly absoluteExpiresAt: Date;
}

/**
 * Opens a server-side session. The cookie carries a 256-bit random token; the database keeps only its SHA-256, so a
 * copy of the database holds no usable token (SEC-06). The CSRF token is bound to the session the same way.
 */
export async function createSession(
  db: Db,
  userId: string,
  stage: SessionStage,
  info: RequestInfo,
  config: Config,
  absoluteExpiresAt?: Date,
): Promise<IssuedSession> {
  const token = newToken();
  const csrfToken = newToken();
  const sessionId = randomUUID();
  const limitMs = stage === 'active' ? config.session.absoluteHours * 3_600_000 : PENDING_SESSION_MINUTES * 60_000;
  const absolute = absoluteExpiresAt ?? new Date(info.now.getTime() + limitMs);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: sha256Hex(token),
      csrf_hash: sha256Hex(csrfToken),
      user_id: userId,
      stage,
      created_at: info.now,
      last_activity_at: info.now,
      absolute_expires_at: absolute,
      revoked_at: null,
      source_ip: info.ip,
      user_agent: info.userAgent?.slice(0, 512) ?? null,
    })
    .execute();
  return { sessionId, token, csrfToken, absoluteExpiresAt: absolute };
}

/** How long a session may stay unused: the idle timeout once signed in, a short limit while MFA is pending. */
export function idleLimitMs(stage: SessionStage, config: Config): number {
  return (stage === 'active' ? config.session.idleMinutes : PENDING_SESSION_MINUTES) * 60_000;
}

export type SessionLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'expired'; readonly userId: string; readonly sessionId: string; readonly why: 'idle' | 'absolute' }
  | { readonly kind: 'ok'; readonly principal: Principal };

/** Resolves a session token at a given instant, enforcing idle and absolute limits on the server (SEC-08). */
export async function lookupSession(db: Db, token: string, now: Date, config: Config): Promise<SessionLookup> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.stage',
      'sessions.last_activity_at',
      'sessions.absolute_expires_at',
      'sessions.revoked_at',
      'sessions.csrf_hash',
      'users.id as user_id',
      'users.org_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
      'users.mfa_enrolled',
      'users.emergency_access_designated',
      'users.label_grants',
    ])
    .where('sessions.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || !row.active || !isRole(row.role)) return { kind: 'none' };
  const idleExpiresAt = new Date(
    new Date(row.last_activity_at).getTime() + idleLimitMs(row.stage as SessionStage, config),
  );
  const absoluteExpiresAt = new Date(row.absolute_expires_at);
  if (now.getTime() >= absoluteExpiresAt.getTime()) {
    return { kind: 'expired', userId: row.user_id, sessionId: row.session_id, why: 'absolute' };
  }
  if (now.getTime() >= idleExpiresAt.getTime()) {
    return { kind: 'expired', userId: row.user_id, sessionId: row.session_id, why: 'idle' };
  }
  return {
    kind: 'ok',
    principal: {
      sessionId: row.session_id,
      csrfHash: row.csrf_hash,
      userId: row.user_id,
      orgId: row.org_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      stage: row.stage as SessionStage,
      mfaEnrolled: row.mfa_enrolled,
      emergencyAccessDesignated: row.emergency_access_designated,
      labelGrants: row.label_grants,
      idleExpiresAt,
      absoluteExpiresAt,
    },
  };
}

/** Records user activity, which restarts the idle timer. */
export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_activity_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a user: sign-out everywhere, deactivation, role change, MFA reset (SEC-07). */
export async function revokeAllSessions(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether the organisation's policy requires MFA for a role (on for every role unless an administrator turns it off). */
export async function mfaRequiredFor(db: Db, orgId: string, role: Role): Promise<boolean> {
  const policy = await db
    .selectFrom('security_policy')
    .select('mfa_required_roles')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return policy ? policy.mfa_required_roles.includes(role) : true;
}
