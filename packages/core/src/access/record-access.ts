import { roleMay, type Action } from './permissions.js';
import type { Role } from './roles.js';

/**
 * Sensitivity labels a patient record can carry (HL7 DS4P confidentiality and sensitivity codes). The label itself is
 * sensitive: it is never shown to a user who may not see the record.
 */
export const SensitivityLabel = {
  /** Substance-use-disorder records from a 42 CFR Part 2 program. */
  part2: '42CFRPart2',
  behavioralHealth: 'PSY',
  hiv: 'HIV',
  minor: 'MINOR',
} as const;
export type SensitivityLabel = (typeof SensitivityLabel)[keyof typeof SensitivityLabel];

/** Roles whose normal access to a patient's record requires a care relationship (treating clinicians). */
const RELATIONSHIP_ROLES: ReadonlySet<Role> = new Set<Role>(['physician']);

export interface EmergencyGrant {
  readonly patientId: string;
  /** ISO instant */
  readonly expiresAt: string;
}

/** A patient's consent directive that restricts who may see the record; empty when none is on file. */
export interface ConsentRestriction {
  /** Roles the patient has asked to be kept out, or every role but those with a care relationship. */
  readonly deniedRoles: ReadonlySet<Role>;
}

export interface RecordAccessRequest {
  readonly role: Role;
  readonly action: Action;
  readonly patientId: string;
  readonly patientLabels: readonly SensitivityLabel[];
  /** Labels this user has been explicitly granted (for instance a Part 2 program's staff). */
  readonly userLabelGrants: ReadonlySet<SensitivityLabel>;
  readonly hasCareRelationship: boolean;
  readonly consent?: ConsentRestriction | undefined;
  readonly emergencyGrants: readonly EmergencyGrant[];
  /** ISO instant, from the request's clock. */
  readonly now: string;
}

export type AccessDecision =
  | { readonly allowed: true; readonly basis: 'normal' }
  | { readonly allowed: true; readonly basis: 'emergency'; readonly expiresAt: string }
  | {
      readonly allowed: false;
      readonly reason: 'role' | 'relationship' | 'label' | 'consent';
      /** Whether an emergency ("break-glass") access could open it. */
      readonly emergencyPossible: boolean;
    };

/**
 * Decides whether one user may perform one action on one patient's record. Deny by default: the role must permit the
 * action, and then care relationship, sensitivity labels and consent may each restrict it. An unexpired emergency
 * grant for this patient overrides the record-level restrictions (never the role check) and is flagged as such.
 */
export function decideRecordAccess(req: RecordAccessRequest): AccessDecision {
  if (!roleMay(req.role, req.action)) return { allowed: false, reason: 'role', emergencyPossible: false };

  let refusal: 'relationship' | 'label' | 'consent' | undefined;
  if (RELATIONSHIP_ROLES.has(req.role) && !req.hasCareRelationship) refusal = 'relationship';
  else if (req.patientLabels.some((label) => !req.userLabelGrants.has(label))) refusal = 'label';
  else if (req.consent?.deniedRoles.has(req.role)) refusal = 'consent';
  if (refusal === undefined) return { allowed: true, basis: 'normal' };

  const now = Date.parse(req.now);
  const grant = req.emergencyGrants.find((g) => g.patientId === req.patientId && Date.parse(g.expiresAt) > now);
  if (grant) return { allowed: true, basis: 'emergency', expiresAt: grant.expiresAt };
  const emergencyPossible = roleMay(req.role, 'emergency-access:use');
  return { allowed: false, reason: refusal, emergencyPossible };
}
