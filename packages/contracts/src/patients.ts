import { z } from 'zod';
import { plainText } from './common.js';

export const PatientSearchQuery = z.strictObject({
  q: plainText(200).pipe(z.string().min(1, 'Enter a name, MRN or birth date')),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const PatientSummary = z.object({
  id: z.string(),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const PatientDetail = PatientSummary.extend({
  address: z.string().nullable(),
  phone: z.string().nullable(),
  access: z.enum(['normal', 'emergency']),
  emergencyExpiresAt: z.string().nullable(),
});
export type PatientDetail = z.infer<typeof PatientDetail>;

export const PatientSearchResult = z.object({ patients: z.array(PatientSummary) });

export const EmergencyAccessRequest = z.strictObject({
  reason: plainText(1000).pipe(z.string().min(10, 'Give the reason in at least 10 characters')),
});

export const EmergencyAccessGrant = z.object({
  id: z.string(),
  patientId: z.string(),
  userId: z.string(),
  username: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
});
export type EmergencyAccessGrant = z.infer<typeof EmergencyAccessGrant>;

export const EmergencyAccessList = z.object({ grants: z.array(EmergencyAccessGrant) });

export const ReviewEmergencyAccessRequest = z.strictObject({
  note: plainText(1000).pipe(z.string().min(1, 'Add a review note')),
});

export const AccessReportEntry = z.object({
  occurredAt: z.string(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  emergency: z.boolean(),
  reason: z.string().nullable(),
});
export const AccessReport = z.object({ patientId: z.string(), entries: z.array(AccessReportEntry) });
