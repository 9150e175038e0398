import type { Role } from '@charta/core';
import type { UsersTable } from '@charta/db';
import type { Insertable } from 'kysely';
import { usernameKey } from './throttle.js';

export interface NewUser {
  readonly id: string;
  readonly orgId: string;
  readonly username: string;
  readonly displayName: string;
  readonly email?: string | null | undefined;
  readonly role: Role;
  /** Argon2id hash (hashPassword). */
  readonly passwordHash: string;
  readonly emergencyAccessDesignated?: boolean | undefined;
  readonly now: Date;
}

/**
 * The row of a new user: active, not yet enrolled in MFA (enrolment happens at first sign-in), no failures, no
 * label grants. The one place that knows every column's starting value; the API, the CLI and the demo seed use it.
 */
export function newUserRow(u: NewUser): Insertable<UsersTable> {
  return {
    id: u.id,
    org_id: u.orgId,
    username: u.username.normalize('NFKC'),
    username_key: usernameKey(u.username),
    display_name: u.displayName,
    email: u.email ?? null,
    role: u.role,
    active: true,
    password_hash: u.passwordHash,
    totp_secret_enc: null,
    totp_pending_enc: null,
    mfa_enrolled: false,
    totp_last_step: null,
    failed_password_count: 0,
    failed_totp_count: 0,
    locked_until: null,
    emergency_access_designated: u.emergencyAccessDesignated ?? false,
    label_grants: [],
    updated_at: u.now,
    last_login_at: null,
  };
}
