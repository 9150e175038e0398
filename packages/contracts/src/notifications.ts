import { z } from 'zod';
import { plainText } from './common.js';

/**
 * Deficiency notifications: each facility's escalation ladder (versioned), the signed-in user's in-app notifications,
 * the e-mail outbox with its failures, a notification run, and the suspension list.
 */

export const EscalationStepIdSchema = z.enum(['reminder', 'second_notice', 'chair', 'suspension']);
export const NotificationChannelSchema = z.enum(['in_app', 'email']);
export const EscalationRecipientSchema = z.enum(['clinician', 'department_chair', 'medical_staff_office']);
const email = z.email({ message: 'Expected an e-mail address' }).max(254);
/** encounters.facility as the feed sent it; '' is the organisation's default. */
export const FacilityName = plainText(100);

export const EscalationStepSchema = z.strictObject({
  id: EscalationStepIdSchema,
  anchor: z.enum(['due', 'delinquent']),
  afterDays: z.number().int('Days must be a whole number').min(0, 'Days cannot be negative').max(366),
  channels: z.array(NotificationChannelSchema).max(2),
  recipients: z.array(EscalationRecipientSchema).max(3),
});

/** The ladder's shape; contradictions between its parts are core's `validateEscalationLadder`. */
export const EscalationLadderSchema = z.strictObject({
  steps: z.array(EscalationStepSchema).max(4),
  repeatEveryDays: z.number().int().min(1).max(366).nullable(),
  contacts: z.strictObject({
    departmentChairs: z
      .array(z.strictObject({ specialty: plainText(100).pipe(z.string().min(1)).nullable(), email }))
      .max(100),
    medicalStaffOffice: email.nullable(),
  }),
});
export type EscalationLadderSchema = z.infer<typeof EscalationLadderSchema>;

export const NotificationSettingsQuery = z.strictObject({ facility: FacilityName.default('') });

export const NotificationSettings = z.object({
  facility: z.string(),
  /** Where the ladder comes from: the facility's own, the organisation's default, or Charta's defaults. */
  source: z.enum(['facility', 'organisation', 'default']),
  /** The facility's own version (0 while it has none; an edit names it as its base). */
  version: z.number().int(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  note: z.string().nullable(),
  ladder: EscalationLadderSchema,
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** An edit of one facility's ladder: the version it was made from (0: the first), a note, the whole ladder. */
export const NotificationSettingsUpdate = z.strictObject({
  facility: FacilityName,
  baseVersion: z.number().int().min(0),
  note: plainText(500).pipe(z.string().min(1)),
  ladder: EscalationLadderSchema,
});
export type NotificationSettingsUpdate = z.infer<typeof NotificationSettingsUpdate>;

export const InAppNotification = z.object({
  id: z.string(),
  step: EscalationStepIdSchema,
  repeat: z.boolean(),
  subject: z.string(),
  body: z.string(),
  deficiencyCount: z.number().int(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InAppNotification = z.infer<typeof InAppNotification>;

export const NotificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationList = z.object({
  notifications: z.array(InAppNotification),
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationStatusSchema = z.enum(['queued', 'sent', 'failed', 'read']);

export const OutboxQuery = z.strictObject({
  status: z.enum(['queued', 'sent', 'failed', 'all']).default('failed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An e-mail notification as the outbox shows it: without its body. */
export const OutboxNotification = z.object({
  id: z.string(),
  facility: z.string(),
  step: EscalationStepIdSchema,
  recipientKind: EscalationRecipientSchema,
  recipientEmail: z.string().nullable(),
  recipientUserId: z.string().nullable(),
  subject: z.string(),
  deficiencyCount: z.number().int(),
  status: NotificationStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxNotification = z.infer<typeof OutboxNotification>;

export const OutboxList = z.object({
  notifications: z.array(OutboxNotification),
  counts: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});
export type OutboxList = z.infer<typeof OutboxList>;

export const NotificationRunResult = z.object({
  at: z.string(),
  /** Digests written (one per recipient and rung), and their rows per channel. */
  digests: z.number().int(),
  inApp: z.number().int(),
  emailsQueued: z.number().int(),
  /** Deficiencies that moved up a rung or were notified again. */
  escalated: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
});
export type NotificationRunResult = z.infer<typeof NotificationRunResult>;

export const SuspensionList = z.object({
  clinicians: z.array(
    z.object({
      practitionerId: z.string(),
      name: z.string(),
      specialty: z.string().nullable(),
      since: z.string(),
      deficiencies: z.array(
        z.object({
          id: z.string(),
          encounterId: z.string(),
          accountNumber: z.string().nullable(),
          facility: z.string().nullable(),
          title: z.string(),
          dueAt: z.string().nullable(),
          delinquentAt: z.string().nullable(),
          reachedAt: z.string(),
        }),
      ),
    }),
  ),
});
export type SuspensionList = z.infer<typeof SuspensionList>;
