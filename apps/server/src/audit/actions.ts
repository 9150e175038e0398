/**
 * Audited actions. Each maps to a FHIR AuditEvent action code (C create, R read, U update, D delete, E execute) and a
 * category, which the AuditEvent export uses.
 */
export const AUDIT_ACTIONS = {
  'auth.login': { fhir: 'E', category: 'security' },
  'auth.login.failed': { fhir: 'E', category: 'security' },
  'auth.locked': { fhir: 'E', category: 'security' },
  'auth.mfa.enrol.start': { fhir: 'E', category: 'security' },
  'auth.mfa.enrolled': { fhir: 'E', category: 'security' },
  'auth.mfa.verified': { fhir: 'E', category: 'security' },
  'auth.mfa.failed': { fhir: 'E', category: 'security' },
  'auth.mfa.recovery-used': { fhir: 'E', category: 'security' },
  'auth.logout': { fhir: 'E', category: 'security' },
  'auth.logout-all': { fhir: 'E', category: 'security' },
  'auth.session.expired': { fhir: 'E', category: 'security' },
  'auth.password.changed': { fhir: 'U', category: 'security' },
  'user.create': { fhir: 'C', category: 'security' },
  'user.update': { fhir: 'U', category: 'security' },
  'user.list': { fhir: 'R', category: 'security' },
  'policy.read': { fhir: 'R', category: 'security' },
  'policy.update': { fhir: 'U', category: 'security' },
  'access.denied': { fhir: 'E', category: 'security' },
  'audit.query': { fhir: 'R', category: 'audit' },
  'audit.export': { fhir: 'E', category: 'export' },
  'audit.verify': { fhir: 'E', category: 'audit' },
  'patient.search': { fhir: 'E', category: 'phi' },
  'patient.read': { fhir: 'R', category: 'phi' },
  'patient.create': { fhir: 'C', category: 'phi' },
  'patient.update': { fhir: 'U', category: 'phi' },
  'patient.access-report': { fhir: 'R', category: 'audit' },
  'emergency-access.grant': { fhir: 'E', category: 'phi' },
  'emergency-access.denied': { fhir: 'E', category: 'phi' },
  'emergency-access.list': { fhir: 'R', category: 'audit' },
  'emergency-access.review': { fhir: 'U', category: 'audit' },
} as const satisfies Record<string, { fhir: 'C' | 'R' | 'U' | 'D' | 'E'; category: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS | (string & { readonly __auditAction?: never });

export type AuditOutcome = 'success' | 'denied' | 'failure';
