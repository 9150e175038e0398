import { z } from 'zod';
import { ALL_ROLES } from '@charta/core';
import { plainText } from './common.js';

export const RoleSchema = z.enum(ALL_ROLES as [string, ...string[]]).describe('Staff role');

/** Where a sign-in stands: a password alone never opens a session that can reach PHI. */
export const SessionStage = z.enum(['mfa_enrol', 'mfa_challenge', 'active']);
export type SessionStage = z.infer<typeof SessionStage>;

export const LoginRequest = z.strictObject({
  username: plainText(128).pipe(z.string().min(1, 'Enter your username')),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  mfaEnrolled: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({
  authenticated: z.boolean(),
  stage: SessionStage.optional(),
  user: SessionUser.optional(),
  /** Permissions (actions) the user holds, for showing navigation; the server checks every request regardless. */
  permissions: z.array(z.string()).optional(),
  idleExpiresAt: z.string().optional(),
  absoluteExpiresAt: z.string().optional(),
  idleTimeoutSeconds: z.number().int().optional(),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LoginResponse = z.object({ stage: SessionStage, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MfaEnrolStartResponse = z.object({
  /** Base32 secret for manual entry. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** SVG markup of the otpauth URI as a QR code. */
  qrSvg: z.string(),
});
export type MfaEnrolStartResponse = z.infer<typeof MfaEnrolStartResponse>;

export const TotpCode = z.string().regex(/^\d{6}$/u, 'Enter the 6-digit code from your authenticator app');

export const MfaEnrolConfirmRequest = z.strictObject({ code: TotpCode });
export const MfaEnrolConfirmResponse = z.object({
  stage: SessionStage,
  csrfToken: z.string(),
  /** Shown once; each works once. */
  recoveryCodes: z.array(z.string()),
});
export type MfaEnrolConfirmResponse = z.infer<typeof MfaEnrolConfirmResponse>;

export const MfaVerifyRequest = z.union([
  z.strictObject({ code: TotpCode }),
  z.strictObject({
    recoveryCode: z.string().regex(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/u, 'Recovery codes look like ABCD-EFGH-JKLM'),
  }),
]);
export type MfaVerifyRequest = z.infer<typeof MfaVerifyRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, 'Use at least 12 characters').max(1024),
});
