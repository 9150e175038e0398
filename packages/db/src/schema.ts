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
  middle_name: string | null;
  name_suffix: string | null;
  previous_family_names: ColumnType<string[], string[] | undefined, string[]>;
  address_line: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  email: string | null;
  marital_status: string | null;
  language: string | null;
  deceased_at: Timestamp | null;
  multiple_birth: number | null;
  /** Where the record came from: manual | fhir | hl7v2 | demo. */
  source: ColumnType<string, string | undefined, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** Set when this record was merged into another (the survivor); the record itself is kept. */
  merged_into: string | null;
  /** When the MPI blocking keys were last computed (0004-mpi). */
  mpi_keyed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Numeric columns come back from PostgreSQL as strings, to keep their precision. */
type Numeric = ColumnType<string, string | number, string | number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface PatientIdentifiersTable {
  id: string;
  org_id: string;
  patient_id: string;
  system: string;
  value: string;
  /** MR (medical record number), SS, MB (member), PI (patient internal), AN (account), or the FHIR type code. */
  type: string;
  facility: string | null;
  created_at: CreatedAt;
}

export interface PractitionersTable {
  id: string;
  org_id: string;
  npi: string | null;
  family_name: string;
  given_name: string | null;
  credentials: string | null;
  specialty: string | null;
  user_id: string | null;
  source_key: string;
  created_at: CreatedAt;
}

export interface EncountersTable {
  id: string;
  org_id: string;
  patient_id: string;
  facility: string | null;
  account_number: string | null;
  /** inpatient | emergency | observation | outpatient | skilled_nursing | behavioral_health */
  type: string;
  /** planned | in_progress | discharged | completed | cancelled */
  status: string;
  admit_at: Timestamp | null;
  discharge_at: Timestamp | null;
  admit_source: string | null;
  admit_type: string | null;
  /** UB-04 patient discharge status, two digits. */
  discharge_disposition: string | null;
  attending_id: string | null;
  service: string | null;
  location: string | null;
  payer: string | null;
  financial_class: string | null;
  expected_charges: Numeric | null;
  billed_at: Timestamp | null;
  labels: Defaulted<string[]>;
  source: Defaulted<string>;
  source_key: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface EncounterCliniciansTable {
  encounter_id: string;
  practitioner_id: string;
  role: string;
}

export interface DocumentsTable {
  id: string;
  org_id: string;
  patient_id: string;
  encounter_id: string | null;
  loinc_code: string | null;
  type_label: string;
  author_id: string | null;
  authored_at: Timestamp | null;
  /** preliminary | final | amended | entered-in-error */
  status: string;
  authenticated_at: Timestamp | null;
  authenticated_by: string | null;
  content_type: string | null;
  text: string | null;
  attachment: Buffer | null;
  labels: Defaulted<string[]>;
  source: Defaulted<string>;
  source_key: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The document this one amends (an addendum); migration 0006. */
  amends_document_id: Defaulted<string | null>;
}

export interface EhrCodesTable {
  id: string;
  org_id: string;
  patient_id: string;
  encounter_id: string | null;
  /** condition | procedure */
  kind: string;
  system: string;
  code: string;
  display: string | null;
  clinical_status: string | null;
  onset_at: Timestamp | null;
  recorded_at: Timestamp | null;
  source_key: string;
}

export interface CodedDiagnosesTable {
  encounter_id: string;
  /** 1 = principal (inpatient) or first-listed (outpatient). */
  seq: number;
  code: string;
  poa: string | null;
  coder_id: string | null;
  updated_at: Timestamp;
}

export interface CodedProceduresTable {
  encounter_id: string;
  seq: number;
  /** ICD-10-PCS | CPT | HCPCS */
  system: string;
  code: string;
  modifiers: Defaulted<string[]>;
  performed_on: string | null;
  practitioner_id: string | null;
  coder_id: string | null;
  updated_at: Timestamp;
}

export interface ChargesTable {
  id: string;
  org_id: string;
  encounter_id: string;
  service_date: string | null;
  revenue_code: string | null;
  code_system: string | null;
  code: string | null;
  modifiers: Defaulted<string[]>;
  units: Numeric;
  amount: Numeric;
  description: string | null;
  source: Defaulted<string>;
  source_key: string;
  created_at: CreatedAt;
}

export interface CoveragesTable {
  id: string;
  org_id: string;
  patient_id: string;
  payer: string;
  plan: string | null;
  member_id: string | null;
  status: string | null;
  period_start: string | null;
  period_end: string | null;
  source_key: string;
}

export interface ClaimsTable {
  id: string;
  org_id: string;
  patient_id: string;
  encounter_id: string | null;
  /** claim | eob */
  kind: string;
  status: string | null;
  payer: string | null;
  billable_start: Timestamp | null;
  total: Numeric | null;
  payment: Numeric | null;
  source_key: string;
}

export interface SourceRecordsTable {
  id: string;
  org_id: string;
  /** fhir | hl7v2 */
  format: string;
  resource_type: string;
  source_key: string;
  content_hash: string;
  content: ColumnType<unknown, string | null, string | null>;
  raw: string | null;
  patient_id: string | null;
  target_type: string | null;
  target_id: string | null;
  received_at: ColumnType<Date, Date | string | undefined, Date | string>;
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

export interface MpiBlockingKeysTable {
  org_id: string;
  patient_id: string;
  key: string;
}

export interface MpiCandidatesTable {
  id: string;
  org_id: string;
  /** The smaller id of the pair. */
  patient_a: string;
  patient_b: string;
  score: number;
  /** match | review */
  verdict: string;
  reasons: ColumnType<unknown, string, string>;
  /** open | not-duplicate | merged */
  status: Defaulted<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MpiMergesTable {
  id: string;
  org_id: string;
  survivor_id: string;
  merged_id: string;
  /** review | hl7-a40 | api */
  source: string;
  reason: string;
  candidate_id: string | null;
  /** { table: [row ids] } of the rows that moved to the survivor. */
  moved: ColumnType<unknown, string, string>;
  merged_was_active: boolean;
  merged_by: string | null;
  merged_at: Timestamp;
  unmerged_by: string | null;
  unmerged_at: Timestamp | null;
  unmerge_reason: string | null;
}

export interface Hl7MessagesTable {
  id: string;
  org_id: string;
  /** mllp | file | api */
  channel: string;
  sending_application: string | null;
  sending_facility: string | null;
  control_id: string | null;
  message_type: string | null;
  trigger_event: string | null;
  version: string | null;
  received_at: Timestamp;
  last_received_at: Timestamp;
  receive_count: Defaulted<number>;
  attempts: Defaulted<number>;
  raw: string;
  content_hash: string;
  /** applied | error | rejected | dismissed | reprocessed */
  status: string;
  /** AA | AE | AR */
  ack_code: string;
  ack: string;
  error_code: string | null;
  error_location: string | null;
  error_message: string | null;
  errors: ColumnType<unknown, string | null, string | null>;
  patient_id: string | null;
  encounter_id: string | null;
  processed_at: Timestamp | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution_note: string | null;
  updated_at: Timestamp;
}

export interface CodingQueueSettingsTable {
  org_id: string;
  encounter_type: string;
  due_days: number;
  updated_at: Defaulted<Date | string>;
  updated_by: string | null;
}

/** One encounter's place in the coding queue; keyed by the encounter. status 'final' marks a final coded record. */
export interface CodingWorkItemsTable {
  encounter_id: string;
  org_id: string;
  queue: string;
  /** unassigned | assigned | in_progress | on_hold | final */
  status: Defaulted<string>;
  priority: Defaulted<number>;
  entered_at: Defaulted<Date>;
  due_at: Timestamp;
  assignee_id: string | null;
  assigned_at: Timestamp | null;
  /** awaiting_documentation | physician_query | other */
  hold_reason: string | null;
  hold_note: string | null;
  held_at: Timestamp | null;
  final_at: Timestamp | null;
  final_by: string | null;
  revision: Defaulted<number>;
  version: Defaulted<number>;
  updated_at: Defaulted<Date>;
}

export interface CodingVersionsTable {
  id: string;
  seq: Generated<string>;
  org_id: string;
  encounter_id: string;
  version: number;
  /** final | reopen */
  kind: string;
  at: Timestamp;
  user_id: string;
  reason: string | null;
  encounter_type: string;
  snapshot: ColumnType<unknown, string, never>;
}

export interface CodingSessionsTable {
  id: string;
  org_id: string;
  user_id: string;
  encounter_id: string;
  encounter_type: string;
  started_at: Timestamp;
  last_event_at: Timestamp;
  ended_at: Timestamp | null;
  active_seconds: Defaulted<number>;
}

export interface CompletionRuleSetsTable {
  id: string;
  org_id: string;
  /** The facility the set belongs to; '' for the organisation's default. */
  facility: Defaulted<string>;
  version: number;
  rules: ColumnType<unknown, string, never>;
  note: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface DeficienciesTable {
  id: string;
  org_id: string;
  encounter_id: string;
  patient_id: string;
  document_id: string | null;
  /** missing | incomplete | unauthenticated | other */
  kind: string;
  rule_id: string | null;
  rule_set_version: number | null;
  /** analysis | manual */
  source: string;
  analysis_key: string | null;
  title: string;
  practitioner_id: string | null;
  due_at: Timestamp | null;
  delinquent_at: Timestamp | null;
  /** open | closed | waived */
  status: Defaulted<string>;
  reason: string | null;
  created_at: Timestamp;
  created_by: string | null;
  assigned_at: Timestamp;
  assigned_by: string | null;
  reassigned: Defaulted<boolean>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  updated_at: Timestamp;
}

export interface CompletionResultsTable {
  encounter_id: string;
  org_id: string;
  stale: Defaulted<boolean>;
  marked_at: Defaulted<Date>;
  analyzed_at: Timestamp | null;
  rule_set_version: number | null;
  record_status: string | null;
  findings: ColumnType<unknown, string | undefined, string>;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface DocumentSignaturesTable {
  id: string;
  org_id: string;
  document_id: string;
  version_hash: string;
  signer_practitioner_id: string;
  signer_user_id: string;
  attestation: string;
  signed_at: Timestamp;
}

export interface NotificationSettingsTable {
  id: string;
  org_id: string;
  /** encounters.facility; '' is the organisation's default. */
  facility: string;
  version: number;
  ladder: ColumnType<unknown, string, never>;
  note: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface NotificationsTable {
  id: string;
  org_id: string;
  facility: string;
  run_id: string;
  /** reminder | second_notice | chair | suspension */
  step: string;
  repeat: Defaulted<boolean>;
  /** clinician | department_chair | medical_staff_office */
  recipient_kind: string;
  recipient_practitioner_id: string | null;
  recipient_user_id: string | null;
  recipient_email: string | null;
  /** in_app | email */
  channel: string;
  deficiency_ids: string[];
  deficiency_count: number;
  subject: string;
  body: string;
  /** queued | sent | failed | read */
  status: string;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  read_at: Timestamp | null;
}

export interface DeficiencyEscalationsTable {
  deficiency_id: string;
  org_id: string;
  practitioner_id: string | null;
  /** reminder | second_notice | chair | suspension */
  step: string;
  reached_at: Timestamp;
  notified_at: Timestamp;
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
  patient_identifiers: PatientIdentifiersTable;
  practitioners: PractitionersTable;
  encounters: EncountersTable;
  encounter_clinicians: EncounterCliniciansTable;
  documents: DocumentsTable;
  ehr_codes: EhrCodesTable;
  coded_diagnoses: CodedDiagnosesTable;
  coded_procedures: CodedProceduresTable;
  charges: ChargesTable;
  coverages: CoveragesTable;
  claims: ClaimsTable;
  source_records: SourceRecordsTable;
  coding_queue_settings: CodingQueueSettingsTable;
  coding_work_items: CodingWorkItemsTable;
  coding_versions: CodingVersionsTable;
  coding_sessions: CodingSessionsTable;
  hl7_messages: Hl7MessagesTable;
  mpi_blocking_keys: MpiBlockingKeysTable;
  mpi_candidates: MpiCandidatesTable;
  mpi_merges: MpiMergesTable;
  completion_rule_sets: CompletionRuleSetsTable;
  deficiencies: DeficienciesTable;
  completion_results: CompletionResultsTable;
  document_signatures: DocumentSignaturesTable;
  notification_settings: NotificationSettingsTable;
  notifications: NotificationsTable;
  deficiency_escalations: DeficiencyEscalationsTable;
}
