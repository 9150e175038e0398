import type { Action, Role } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { Secrets } from '../platform/secrets.js';
import type { ReferenceData } from '../reference.js';

/** Where a request came from and when, fixed once at its start. */
export interface RequestInfo {
  readonly traceId: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly now: Date;
  readonly method: string;
  readonly route: string;
}

export type SessionStage = 'mfa_enrol' | 'mfa_challenge' | 'active';

/** The signed-in user behind a request, loaded from the server-side session. */
export interface Principal {
  readonly sessionId: string;
  /** SHA-256 of the CSRF token bound to this session, loaded with the session. */
  readonly csrfHash: string;
  readonly userId: string;
  readonly orgId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly stage: SessionStage;
  readonly mfaEnrolled: boolean;
  readonly emergencyAccessDesignated: boolean;
  readonly labelGrants: readonly string[];
  readonly idleExpiresAt: Date;
  readonly absoluteExpiresAt: Date;
}

/** Services every route may use; composed once in app.ts. */
export interface Services {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly clock: Clock;
  readonly secrets: Secrets;
  readonly logger: Logger;
  /** Code sets, validation reference, grouper and risk-model tables, loaded once and shared. */
  readonly reference: ReferenceData;
  /** Called after each audit append with the new chain head, to keep the off-database checkpoint current. */
  readonly onAuditHead: (head: { seq: number; hash: string }) => void;
}

export type HonoEnv = {
  Variables: {
    info: RequestInfo;
    principal: Principal | undefined;
    /** Set when the session cookie named a session that has just expired, so the sign-in page can say why. */
    sessionExpired: boolean;
  };
};

export type { Action };
