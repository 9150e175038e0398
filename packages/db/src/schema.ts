import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  /** NFKC, case-folded: the unique key that stops look-alike duplicates (SEC-01). */
  username_key: string;
  display_name: string;
  email: string | null;
  role: string;
  active: boolean;
  password_hash: string;
  /** AES-256-GCM ciphertext of the TOTP seed (SEC-24). */
  totp_secret_enc: string | null;
  /** Pending seed during enrolment, encrypted. */
  totp_pending_enc: string | null;
  mfa_enrolled: boolean;
  /** Last accepted TOTP time step: a code is accepted once (SEC-04). */
  totp_last_step: number | null;
  failed_password_count: number;
  failed_totp_count: number;
  locked_until: Timestamp | null;
  emergency_access_designated: boolean;
  label_grants: string[];
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_hash: string;
  user_id: string;
  stage: string;
  created_at: Timestamp;
  last_activity_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  source_ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface SecurityPolicyTable {
  org_id: string;
  mfa_required_roles: string[];
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PatientsTable {
  id: string;
  org_id: string;
  mrn: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: string;
  address: string | null;
  phone: string | null;
  labels: string[];
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CareRelationshipsTable {
  patient_id: string;
  user_id: string;
  relationship: string;
  created_at: CreatedAt;
}

export interface EmergencyAccessGrantsTable {
  id: string;
  user_id: string;
  patient_id: string;
  reason: string;
  granted_at: Timestamp;
  expires_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  occurred_at: Timestamp;
  user_id: string | null;
  username: string | null;
  role: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  record_type: string | null;
  record_id: string | null;
  reason: string | null;
  emergency: boolean;
  source_ip: string | null;
  user_agent: string | null;
  trace_id: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
  prev_hash: string;
  hash: string;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  security_policy: SecurityPolicyTable;
  patients: PatientsTable;
  care_relationships: CareRelationshipsTable;
  emergency_access_grants: EmergencyAccessGrantsTable;
  audit_events: AuditEventsTable;
}
