import { randomUUID } from 'node:crypto';
import {
  CreateUserRequest,
  SecurityPolicy,
  UpdateSecurityPolicyRequest,
  UpdateUserRequest,
  UserList,
  UserView,
} from '@charta/contracts';
import { ALL_ROLES, type Role } from '@charta/core';
import type { Selectable } from 'kysely';
import type { UsersTable } from '@charta/db';
import { hashPassword, passwordProblem } from '../auth/password.js';
import { revokeAllSessions } from '../auth/sessions.js';
import { newUserRow } from '../auth/users.js';
import { usernameKey } from '../auth/throttle.js';
import { audit } from '../http/audit.js';
import type { Principal } from '../http/context.js';
import { Conflict, NotFound, ValidationError } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';

export function toUserView(row: Selectable<UsersTable>): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    active: row.active,
    mfaEnrolled: row.mfa_enrolled,
    emergencyAccessDesignated: row.emergency_access_designated,
    lockedUntil: row.locked_until ? new Date(row.locked_until).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
  };
}

const listUsers = defineRoute({
  method: 'get',
  path: '/api/v1/users',
  summary: 'Lists the organisation’s users.',
  tag: 'Users',
  access: { kind: 'permission', action: 'users:read' },
  responses: { 200: { description: 'Users', schema: UserList } },
  handler: async ({ principal, services, info }) => {
    const p = principal as Principal;
    const rows = await services.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', p.orgId)
      .orderBy('username')
      .execute();
    await audit(services.db, services, info, p, { action: 'user.list', detail: { count: rows.length } });
    return { body: { users: rows.map(toUserView) } };
  },
});

const createUser = defineRoute({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Creates a user (administrators).',
  tag: 'Users',
  access: { kind: 'permission', action: 'users:manage' },
  body: CreateUserRequest,
  responses: { 201: { description: 'Created', schema: UserView }, 409: { description: 'Username taken' } },
  handler: async ({ body, principal, services, info }) => {
    const p = principal as Principal;
    const problem = passwordProblem(body.password, body.username);
    if (problem) throw new ValidationError(problem, [{ path: '/password', code: 'weak_password', message: problem }]);
    const key = usernameKey(body.username);
    const hashed = await hashPassword(body.password);
    const row = await services.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('users').select('id').where('username_key', '=', key).executeTakeFirst();
      if (existing)
        throw new Conflict('That username is taken (usernames are compared ignoring case and look-alike characters)');
      const id = randomUUID();
      const created = await tx
        .insertInto('users')
        .values(
          newUserRow({
            id,
            orgId: p.orgId,
            username: body.username,
            displayName: body.displayName,
            email: body.email,
            role: body.role as Role,
            passwordHash: hashed,
            emergencyAccessDesignated: body.emergencyAccessDesignated,
            now: info.now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, services, info, p, {
        action: 'user.create',
        recordType: 'user',
        recordId: id,
        detail: {
          username: created.username,
          role: body.role,
          emergencyAccessDesignated: created.emergency_access_designated,
        },
      });
      return created;
    });
    return { status: 201, body: toUserView(row) };
  },
});

const updateUser = defineRoute({
  method: 'patch',
  path: '/api/v1/users/:id',
  summary: 'Changes a user’s role, activation, MFA, lockout or emergency-access designation (administrators).',
  tag: 'Users',
  access: { kind: 'permission', action: 'users:manage' },
  params: IdParams,
  body: UpdateUserRequest,
  responses: { 200: { description: 'Updated', schema: UserView }, 404: { description: 'No such user' } },
  handler: async ({ body, params, principal, services, info }) => {
    const p = principal as Principal;
    const row = await services.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', params.id)
        .where('org_id', '=', p.orgId)
        .executeTakeFirst();
      if (!before) throw new NotFound('No such user');
      if (before.id === p.userId && (body.active === false || (body.role !== undefined && body.role !== before.role))) {
        throw new ValidationError('You cannot deactivate yourself or change your own role; ask another administrator', [
          {
            path: body.active === false ? '/active' : '/role',
            code: 'self_change',
            message: 'Not allowed on your own account',
          },
        ]);
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set: Partial<Record<keyof UsersTable, unknown>> = { updated_at: info.now };
      if (body.role !== undefined && body.role !== before.role) {
        changes['role'] = { from: before.role, to: body.role };
        set.role = body.role;
      }
      if (body.active !== undefined && body.active !== before.active) {
        changes['active'] = { from: before.active, to: body.active };
        set.active = body.active;
      }
      if (body.displayName !== undefined && body.displayName !== before.display_name) {
        changes['displayName'] = { from: before.display_name, to: body.displayName };
        set.display_name = body.displayName;
      }
      if (
        body.emergencyAccessDesignated !== undefined &&
        body.emergencyAccessDesignated !== before.emergency_access_designated
      ) {
        changes['emergencyAccessDesignated'] = {
          from: before.emergency_access_designated,
          to: body.emergencyAccessDesignated,
        };
        set.emergency_access_designated = body.emergencyAccessDesignated;
      }
      if (body.resetMfa) {
        changes['mfa'] = { from: before.mfa_enrolled ? 'enrolled' : 'not enrolled', to: 'reset' };
        Object.assign(set, {
          mfa_enrolled: false,
          totp_secret_enc: null,
          totp_pending_enc: null,
          totp_last_step: null,
        });
        await tx.deleteFrom('recovery_codes').where('user_id', '=', before.id).execute();
      }
      if (body.unlock) {
        changes['lock'] = { from: before.locked_until ? new Date(before.locked_until).toISOString() : null, to: null };
        Object.assign(set, { locked_until: null, failed_totp_count: 0, failed_password_count: 0 });
        await tx.deleteFrom('login_throttle').where('key', '=', `user:${before.username_key}`).execute();
      }
      const updated = await tx
        .updateTable('users')
        .set(set as never)
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A role change, deactivation or MFA reset takes effect at the user's next request (SEC-07).
      if (changes['role'] || changes['active'] || changes['mfa']) await revokeAllSessions(tx, before.id, info.now);
      await audit(tx, services, info, p, {
        action: 'user.update',
        recordType: 'user',
        recordId: before.id,
        detail: { username: before.username, changes },
      });
      return updated;
    });
    return { body: toUserView(row) };
  },
});

const getPolicy = defineRoute({
  method: 'get',
  path: '/api/v1/security/policy',
  summary: 'The organisation’s security policy.',
  tag: 'Security',
  access: { kind: 'permission', action: 'security-policy:manage' },
  responses: { 200: { description: 'Policy', schema: SecurityPolicy } },
  handler: async ({ principal, services }) => {
    const p = principal as Principal;
    const row = await services.db
      .selectFrom('security_policy')
      .selectAll()
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    return {
      body: {
        mfaRequiredRoles: row ? row.mfa_required_roles : [...ALL_ROLES],
        idleTimeoutMinutes: services.config.session.idleMinutes,
        absoluteLifetimeHours: services.config.session.absoluteHours,
        emergencyAccessMinutes: services.config.emergencyAccessMinutes,
      },
    };
  },
});

const putPolicy = defineRoute({
  method: 'put',
  path: '/api/v1/security/policy',
  summary: 'Sets which roles must use MFA (administrators). Old and new values are audited.',
  tag: 'Security',
  access: { kind: 'permission', action: 'security-policy:manage' },
  body: UpdateSecurityPolicyRequest,
  responses: { 200: { description: 'Policy', schema: SecurityPolicy } },
  handler: async ({ body, principal, services, info }) => {
    const p = principal as Principal;
    const roles = [...new Set(body.mfaRequiredRoles)] as Role[];
    await services.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('security_policy')
        .select('mfa_required_roles')
        .where('org_id', '=', p.orgId)
        .executeTakeFirst();
      await tx
        .insertInto('security_policy')
        .values({ org_id: p.orgId, mfa_required_roles: roles, updated_at: info.now, updated_by: p.userId })
        .onConflict((oc) =>
          oc.column('org_id').doUpdateSet({ mfa_required_roles: roles, updated_at: info.now, updated_by: p.userId }),
        )
        .execute();
      await audit(tx, services, info, p, {
        action: 'policy.update',
        detail: { mfaRequiredRoles: { from: before?.mfa_required_roles ?? [...ALL_ROLES], to: roles } },
      });
    });
    return {
      body: {
        mfaRequiredRoles: roles,
        idleTimeoutMinutes: services.config.session.idleMinutes,
        absoluteLifetimeHours: services.config.session.absoluteHours,
        emergencyAccessMinutes: services.config.emergencyAccessMinutes,
      },
    };
  },
});

export const userRoutes = [listUsers, createUser, updateUser, getPolicy, putPolicy];
