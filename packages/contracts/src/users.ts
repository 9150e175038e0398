import { z } from 'zod';
import { plainText } from './common.js';
import { RoleSchema } from './auth.js';

export const Username = z
  .string()
  .trim()
  .min(3, 'At least 3 characters')
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'Letters, digits, dot, underscore and hyphen only');

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  emergencyAccessDesignated: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const CreateUserRequest = z.strictObject({
  username: Username,
  displayName: plainText(200).pipe(z.string().min(1, 'Enter a name')),
  email: z.email().max(254).optional(),
  role: RoleSchema,
  password: z.string().min(12, 'Use at least 12 characters').max(1024),
  emergencyAccessDesignated: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z
  .strictObject({
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    displayName: plainText(200).pipe(z.string().min(1)).optional(),
    emergencyAccessDesignated: z.boolean().optional(),
    /** Clears the user's MFA enrolment so they enrol again at next sign-in. */
    resetMfa: z.literal(true).optional(),
    /** Lifts a temporary lockout. */
    unlock: z.literal(true).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const UserList = z.object({ users: z.array(UserView) });

export const SecurityPolicy = z.object({
  mfaRequiredRoles: z.array(RoleSchema),
  idleTimeoutMinutes: z.number().int(),
  absoluteLifetimeHours: z.number().int(),
  emergencyAccessMinutes: z.number().int(),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const UpdateSecurityPolicyRequest = z.strictObject({
  mfaRequiredRoles: z.array(RoleSchema).max(20),
});
