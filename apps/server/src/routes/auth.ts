import { randomBytes } from 'node:crypto';
import {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  MfaEnrolConfirmRequest,
  MfaEnrolConfirmResponse,
  MfaEnrolStartResponse,
  MfaVerifyRequest,
  SessionInfo,
} from '@charta/contracts';
import { ALL_ACTIONS, roleMay, type Role } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import QRCode from 'qrcode';
import {
  ACCOUNT_DISABLE_FAILURES,
  clearNameFailures,
  recordAddressFailure,
  recordNameFailure,
  throttleState,
  usernameKey,
} from '../auth/throttle.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../auth/password.js';
import { createSession, mfaRequiredFor, revokeAllSessions, revokeSession } from '../auth/sessions.js';
import { matchTotp, newTotpSecret, otpauthUri } from '../auth/totp.js';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services, SessionStage } from '../http/context.js';
import { clearSessionCookie, readCsrfCookie, setCsrfCookie, setSessionCookies } from '../http/cookies.js';
import { TooManyRequests, Unauthenticated, ValidationError } from '../http/errors.js';
import { defineRoute, type HandlerArgs } from '../http/route.js';
import { decrypt, encrypt, newToken, sha256Hex } from '../platform/secrets.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Failed one-time codes before the account is locked for a while (SEC-05, Charta default). */
export const TOTP_MAX_FAILURES = 10;
export const TOTP_LOCK_MINUTES = 15;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Far-future lock: set at 100 consecutive password failures; only an administrator lifts it. */
const LOCKED_FOR_REVIEW = new Date('9999-12-31T00:00:00Z');

const BAD_CREDENTIALS = 'The username or password is incorrect';
const THROTTLED = 'Too many failed sign-in attempts. Wait 15 minutes and try again, or ask an administrator.';

function sessionInfoBody(principal: Principal | undefined, csrfToken: string, idleMinutes: number) {
  if (!principal) return { authenticated: false, csrfToken } satisfies SessionInfo;
  return {
    authenticated: true,
    stage: principal.stage,
    user: {
      id: principal.userId,
      username: principal.username,
      displayName: principal.displayName,
      role: principal.role,
      mfaEnrolled: principal.mfaEnrolled,
    },
    permissions: principal.stage === 'active' ? ALL_ACTIONS.filter((a) => roleMay(principal.role, a)) : [],
    idleExpiresAt: principal.idleExpiresAt.toISOString(),
    absoluteExpiresAt: principal.absoluteExpiresAt.toISOString(),
    idleTimeoutSeconds: idleMinutes * 60,
    csrfToken,
  } satisfies SessionInfo;
}

/** The CSRF token for the response: the caller's own when it is still bound to its session, otherwise a new one. */
async function currentCsrf(args: HandlerArgs<unknown, unknown, unknown>): Promise<string> {
  const { c, services, principal } = args;
  const tls = services.config.tls !== undefined;
  const fromCookie = readCsrfCookie(c, tls);
  if (!principal) {
    if (fromCookie && /^[\w-]{43}$/u.test(fromCookie)) return fromCookie;
    const fresh = newToken();
    setCsrfCookie(c, tls, fresh);
    return fresh;
  }
  if (fromCookie && sha256Hex(fromCookie) === principal.csrfHash) return fromCookie;
  const fresh = newToken();
  await services.db
    .updateTable('sessions')
    .set({ csrf_hash: sha256Hex(fresh) })
    .where('id', '=', principal.sessionId)
    .execute();
  setCsrfCookie(c, tls, fresh);
  return fresh;
}

/** Replaces the caller's session with a new one at a new stage: a new token at every step up (SEC-09). */
async function advanceSession(
  tx: Db,
  services: Services,
  info: RequestInfo,
  userId: string,
  oldSessionId: string | undefined,
  stage: SessionStage,
) {
  if (oldSessionId) await revokeSession(tx, oldSessionId, info.now);
  return createSession(tx, userId, stage, info, services.config);
}

function recoveryCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += RECOVERY_ALPHABET[(bytes[i] ?? 0) % RECOVERY_ALPHABET.length];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}

async function lockAfterTotpFailures(tx: Db, userId: string, now: Date): Promise<boolean> {
  const row = await tx
    .updateTable('users')
    .set((eb) => ({ failed_totp_count: eb('failed_totp_count', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_totp_count')
    .executeTakeFirst();
  if ((row?.failed_totp_count ?? 0) >= TOTP_MAX_FAILURES) {
    await tx
      .updateTable('users')
      .set({ locked_until: new Date(now.getTime() + TOTP_LOCK_MINUTES * 60_000), failed_totp_count: 0 })
      .where('id', '=', userId)
      .execute();
    await revokeAllSessions(tx, userId, now);
    return true;
  }
  return false;
}

const getSession = defineRoute({
  method: 'get',
  path: '/api/v1/session',
  summary: 'The current session, if any, and a CSRF token. Polling it does not extend the session.',
  tag: 'Authentication',
  access: { kind: 'public' },
  activity: false,
  responses: { 200: { description: 'Session state', schema: SessionInfo } },
  handler: async (args) => {
    const csrf = await currentCsrf(args as HandlerArgs<unknown, unknown, unknown>);
    return { body: sessionInfoBody(args.principal, csrf, args.services.config.session.idleMinutes) };
  },
});

const login = defineRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'First sign-in step: username and password. Opens a session that can reach nothing but MFA.',
  tag: 'Authentication',
  access: { kind: 'public' },
  body: LoginRequest,
  responses: {
    200: { description: 'Password accepted; the next stage is MFA', schema: LoginResponse },
    401: { description: 'Wrong username or password (the same answer for unknown users)' },
    429: { description: 'Throttled or locked' },
  },
  handler: async ({ body, info, services, c, principal }) => {
    const { db } = services;
    const key = usernameKey(body.username);
    const now = info.now;
    const addressBlocked = info.ip ? (await throttleState(db, `ip:${info.ip}`, now)).blockedUntil : undefined;
    const nameBlocked = (await throttleState(db, `user:${key}`, now)).blockedUntil;
    const user = await db.selectFrom('users').selectAll().where('username_key', '=', key).executeTakeFirst();
    const accountLocked = user?.locked_until && new Date(user.locked_until).getTime() > now.getTime();
    if (addressBlocked || nameBlocked || accountLocked) {
      await db.transaction().execute((tx) =>
        audit(tx, services, info, undefined, {
          action: 'auth.login.failed',
          outcome: 'denied',
          reason: 'throttled',
          subject: { userId: user?.id ?? null, username: key, role: user?.role ?? null },
        }),
      );
      throw new TooManyRequests(THROTTLED, 15 * 60);
    }
    const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), body.password);
    if (!user || !user.active || !valid) {
      await db.transaction().execute(async (tx) => {
        const state = await recordNameFailure(tx, `user:${key}`, now);
        if (info.ip) await recordAddressFailure(tx, info.ip, now);
        if (user && state.failures >= ACCOUNT_DISABLE_FAILURES) {
          await tx.updateTable('users').set({ locked_until: LOCKED_FOR_REVIEW }).where('id', '=', user.id).execute();
          await audit(tx, services, info, undefined, {
            action: 'auth.locked',
            outcome: 'denied',
            reason: `${state.failures} consecutive failed sign-ins`,
            subject: { userId: user.id, username: user.username, role: user.role },
          });
        }
        await audit(tx, services, info, undefined, {
          action: 'auth.login.failed',
          outcome: 'denied',
          reason: 'bad credentials',
          subject: { userId: user?.id ?? null, username: key, role: user?.role ?? null },
        });
      });
      throw new Unauthenticated(BAD_CREDENTIALS);
    }
    const tls = services.config.tls !== undefined;
    const issued = await db.transaction().execute(async (tx) => {
      await clearNameFailures(tx, `user:${key}`);
      const required = await mfaRequiredFor(tx, user.org_id, user.role as Role);
      const stage: SessionStage = user.mfa_enrolled ? 'mfa_challenge' : required ? 'mfa_enrol' : 'active';
      const session = await advanceSession(tx, services, info, user.id, principal?.sessionId, stage);
      await tx
        .updateTable('users')
        .set({ failed_password_count: 0, ...(stage === 'active' ? { last_login_at: now } : {}) })
        .where('id', '=', user.id)
        .execute();
      await audit(tx, services, info, undefined, {
        action: 'auth.login',
        detail: { stage, step: 'password' },
        subject: { userId: user.id, username: user.username, role: user.role },
      });
      return { session, stage };
    });
    setSessionCookies(c, tls, issued.session.token, issued.session.csrfToken);
    return { body: { stage: issued.stage, csrfToken: issued.session.csrfToken } };
  },
});

const enrolStart = defineRoute({
  method: 'post',
  path: '/api/v1/auth/mfa/enrol/start',
  summary: 'Starts TOTP enrolment: a new secret, its otpauth URI and a QR code.',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['mfa_enrol', 'active'] },
  responses: { 200: { description: 'Enrolment secret', schema: MfaEnrolStartResponse } },
  handler: async ({ principal, services, info }) => {
    const p = principal as Principal;
    if (p.mfaEnrolled)
      throw new ValidationError('MFA is already set up for this account; an administrator can reset it');
    const secret = newTotpSecret();
    const uri = otpauthUri(secret, p.username);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    await services.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({ totp_pending_enc: encrypt(services.secrets.encryptionKey, secret) })
        .where('id', '=', p.userId)
        .execute();
      await audit(tx, services, info, p, { action: 'auth.mfa.enrol.start' });
    });
    return { body: { secret, otpauthUri: uri, qrSvg } };
  },
});

const enrolConfirm = defineRoute({
  method: 'post',
  path: '/api/v1/auth/mfa/enrol/confirm',
  summary: 'Completes TOTP enrolment with a first code; returns one-time recovery codes.',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['mfa_enrol', 'active'] },
  body: MfaEnrolConfirmRequest,
  responses: {
    200: { description: 'Enrolled; the session is now fully signed in', schema: MfaEnrolConfirmResponse },
    401: { description: 'Wrong code' },
  },
  handler: async ({ body, principal, services, info, c }) => {
    const p = principal as Principal;
    const { db } = services;
    const user = await db
      .selectFrom('users')
      .select(['totp_pending_enc', 'mfa_enrolled'])
      .where('id', '=', p.userId)
      .executeTakeFirstOrThrow();
    if (user.mfa_enrolled || !user.totp_pending_enc) throw new ValidationError('Start enrolment first');
    const secret = decrypt(services.secrets.encryptionKey, user.totp_pending_enc);
    const step = matchTotp(secret, body.code, info.now);
    if (step === undefined) {
      const locked = await db.transaction().execute(async (tx) => {
        const l = await lockAfterTotpFailures(tx, p.userId, info.now);
        await audit(tx, services, info, p, {
          action: 'auth.mfa.failed',
          outcome: 'denied',
          reason: 'wrong code at enrolment',
        });
        return l;
      });
      if (locked)
        throw new TooManyRequests('Too many wrong codes; the account is locked for 15 minutes', TOTP_LOCK_MINUTES * 60);
      throw new Unauthenticated('That code is not right. Check the time on your device and try the newest code.');
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    const result = await db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('users')
        .set({
          totp_secret_enc: user.totp_pending_enc,
          totp_pending_enc: null,
          mfa_enrolled: true,
          totp_last_step: step,
          failed_totp_count: 0,
          last_login_at: info.now,
          updated_at: info.now,
        })
        .where('id', '=', p.userId)
        .where('mfa_enrolled', '=', false)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new ValidationError('MFA is already set up for this account');
      await tx.deleteFrom('recovery_codes').where('user_id', '=', p.userId).execute();
      await tx
        .insertInto('recovery_codes')
        .values(codes.map((code) => ({ user_id: p.userId, code_hash: sha256Hex(code), used_at: null })))
        .execute();
      const session = await advanceSession(tx, services, info, p.userId, p.sessionId, 'active');
      await audit(tx, services, info, p, {
        action: 'auth.mfa.enrolled',
        detail: { method: 'totp', recoveryCodes: RECOVERY_CODE_COUNT },
      });
      return session;
    });
    setSessionCookies(c, services.config.tls !== undefined, result.token, result.csrfToken);
    return { body: { stage: 'active', csrfToken: result.csrfToken, recoveryCodes: codes } };
  },
});

const mfaVerify = defineRoute({
  method: 'post',
  path: '/api/v1/auth/mfa/verify',
  summary: 'Second sign-in step: a TOTP code (accepted once) or a one-time recovery code.',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['mfa_challenge'] },
  body: MfaVerifyRequest,
  responses: {
    200: { description: 'Signed in', schema: LoginResponse },
    401: { description: 'Wrong or reused code' },
    429: { description: 'Locked after too many wrong codes' },
  },
  handler: async ({ body, principal, services, info, c }) => {
    const p = principal as Principal;
    const { db } = services;
    const user = await db
      .selectFrom('users')
      .select(['totp_secret_enc', 'locked_until'])
      .where('id', '=', p.userId)
      .executeTakeFirstOrThrow();
    if (user.locked_until && new Date(user.locked_until).getTime() > info.now.getTime()) {
      throw new TooManyRequests('The account is locked for a while after too many wrong codes', TOTP_LOCK_MINUTES * 60);
    }
    const outcome = await db.transaction().execute(async (tx) => {
      let accepted = false;
      let method: 'totp' | 'recovery' = 'totp';
      if ('code' in body) {
        const secret = user.totp_secret_enc ? decrypt(services.secrets.encryptionKey, user.totp_secret_enc) : undefined;
        const step = secret ? matchTotp(secret, body.code, info.now) : undefined;
        if (step !== undefined) {
          // Accept a code once: the update succeeds only for a step newer than the last one accepted (SEC-04).
          const updated = await tx
            .updateTable('users')
            .set({ totp_last_step: step, failed_totp_count: 0 })
            .where('id', '=', p.userId)
            .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
            .executeTakeFirst();
          accepted = Number(updated.numUpdatedRows) === 1;
        }
      } else {
        method = 'recovery';
        const used = await tx
          .updateTable('recovery_codes')
          .set({ used_at: info.now })
          .where('user_id', '=', p.userId)
          .where('code_hash', '=', sha256Hex(body.recoveryCode))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        accepted = Number(used.numUpdatedRows) === 1;
        if (accepted) await tx.updateTable('users').set({ failed_totp_count: 0 }).where('id', '=', p.userId).execute();
      }
      if (!accepted) {
        const locked = await lockAfterTotpFailures(tx, p.userId, info.now);
        await audit(tx, services, info, p, {
          action: 'auth.mfa.failed',
          outcome: 'denied',
          reason: method === 'totp' ? 'wrong or reused code' : 'wrong or used recovery code',
        });
        return { accepted: false as const, locked };
      }
      const session = await advanceSession(tx, services, info, p.userId, p.sessionId, 'active');
      await tx.updateTable('users').set({ last_login_at: info.now }).where('id', '=', p.userId).execute();
      await audit(tx, services, info, p, {
        action: method === 'totp' ? 'auth.mfa.verified' : 'auth.mfa.recovery-used',
        detail: { method },
      });
      return { accepted: true as const, session };
    });
    if (!outcome.accepted) {
      if (outcome.locked)
        throw new TooManyRequests('Too many wrong codes; the account is locked for 15 minutes', TOTP_LOCK_MINUTES * 60);
      throw new Unauthenticated('That code is not right, or it was already used. Wait for the next code.');
    }
    setSessionCookies(c, services.config.tls !== undefined, outcome.session.token, outcome.session.csrfToken);
    return { body: { stage: 'active', csrfToken: outcome.session.csrfToken } };
  },
});

const logout = defineRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'Signs out this session.',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['mfa_enrol', 'mfa_challenge', 'active'] },
  responses: { 204: { description: 'Signed out' } },
  handler: async ({ principal, services, info, c }) => {
    const p = principal as Principal;
    await services.db.transaction().execute(async (tx) => {
      await revokeSession(tx, p.sessionId, info.now);
      await audit(tx, services, info, p, { action: 'auth.logout' });
    });
    clearSessionCookie(c, services.config.tls !== undefined);
    return { status: 204, headers: { 'Clear-Site-Data': '"cache", "storage"' } };
  },
});

const logoutAll = defineRoute({
  method: 'post',
  path: '/api/v1/auth/logout-all',
  summary: 'Signs out every session of this user, on every device.',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['mfa_enrol', 'mfa_challenge', 'active'] },
  responses: { 204: { description: 'Signed out everywhere' } },
  handler: async ({ principal, services, info, c }) => {
    const p = principal as Principal;
    await services.db.transaction().execute(async (tx) => {
      const count = await revokeAllSessions(tx, p.userId, info.now);
      await audit(tx, services, info, p, { action: 'auth.logout-all', detail: { sessions: count } });
    });
    clearSessionCookie(c, services.config.tls !== undefined);
    return { status: 204, headers: { 'Clear-Site-Data': '"cache", "storage"' } };
  },
});

const keepalive = defineRoute({
  method: 'post',
  path: '/api/v1/auth/keepalive',
  summary: 'Records user activity, restarting the idle timer (the absolute limit still holds).',
  tag: 'Authentication',
  access: { kind: 'session', stages: ['active'] },
  responses: { 200: { description: 'Session state', schema: SessionInfo } },
  handler: async (args) => {
    const csrf = await currentCsrf(args as HandlerArgs<unknown, unknown, unknown>);
    return { body: sessionInfoBody(args.principal, csrf, args.services.config.session.idleMinutes) };
  },
});

const changePassword = defineRoute({
  method: 'post',
  path: '/api/v1/auth/password',
  summary: 'Changes the signed-in user’s password; other sessions are signed out.',
  tag: 'Authentication',
  access: { kind: 'permission', action: 'self:manage' },
  body: ChangePasswordRequest,
  responses: { 204: { description: 'Changed' }, 400: { description: 'Refused' } },
  handler: async ({ body, principal, services, info }) => {
    const p = principal as Principal;
    const user = await services.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', p.userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
      throw new ValidationError('The current password is not right', [
        { path: '/currentPassword', code: 'mismatch', message: 'Not your current password' },
      ]);
    }
    const problem = passwordProblem(body.newPassword, p.username);
    if (problem)
      throw new ValidationError(problem, [{ path: '/newPassword', code: 'weak_password', message: problem }]);
    const hashed = await hashPassword(body.newPassword);
    await services.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({ password_hash: hashed, updated_at: info.now })
        .where('id', '=', p.userId)
        .execute();
      await tx
        .updateTable('sessions')
        .set({ revoked_at: info.now })
        .where('user_id', '=', p.userId)
        .where('id', '!=', p.sessionId)
        .where('revoked_at', 'is', null)
        .execute();
      await audit(tx, services, info, p, { action: 'auth.password.changed' });
    });
    return { status: 204 };
  },
});

export const authRoutes = [
  getSession,
  login,
  enrolStart,
  enrolConfirm,
  mfaVerify,
  logout,
  logoutAll,
  keepalive,
  changePassword,
];
