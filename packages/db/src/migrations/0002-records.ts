import { sql, type Kysely } from 'kysely';

/**
 * The record model: patients with identifiers per facility, practitioners, encounters, clinical documents, the codes
 * the EHR sent (kept apart from HIM's coded record), HIM's coded diagnoses and procedures, charges, coverage and
 * claims, and the source of everything imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table patients
      add column middle_name text,
      add column name_suffix text,
      add column previous_family_names text[] not null default '{}',
      add column address_line text,
      add column city text,
      add column state text,
      add column postal_code text,
      add column email text,
      add column marital_status text,
      add column language text,
      add column deceased_at timestamptz,
      add column multiple_birth integer,
      add column source text not null default 'manual',
      add column active boolean not null default true,
      add column merged_into uuid references patients(id);
    create index patients_birth_date on patients(org_id, birth_date);
    create index patients_family_prefix on patients(org_id, lower(family_name) text_pattern_ops);
    create index patients_given_prefix on patients(org_id, lower(given_name) text_pattern_ops);
    create index patients_phone on patients(org_id, phone) where phone is not null;

    -- Identifiers per facility and system (MRN at each facility, SSN, payer member ids, the EHR's resource id).
    create table patient_identifiers (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      system text not null,
      value text not null,
      type text not null,
      facility text,
      created_at timestamptz not null default now(),
      unique (org_id, system, value)
    );
    create index patient_identifiers_patient on patient_identifiers(patient_id);

    create table practitioners (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      npi text,
      family_name text not null,
      given_name text,
      credentials text,
      specialty text,
      user_id uuid references users(id),
      source_key text not null,
      created_at timestamptz not null default now(),
      unique (org_id, source_key)
    );
    create index practitioners_npi on practitioners(org_id, npi);

    create table encounters (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      facility text,
      account_number text,
      -- inpatient | emergency | observation | outpatient | skilled_nursing | behavioral_health
      type text not null,
      -- planned | in_progress | discharged | completed | cancelled
      status text not null,
      admit_at timestamptz,
      discharge_at timestamptz,
      admit_source text,
      admit_type text,
      -- UB-04 patient discharge status (two digits)
      discharge_disposition text,
      attending_id uuid references practitioners(id),
      service text,
      location text,
      payer text,
      financial_class text,
      expected_charges numeric(14, 2),
      billed_at timestamptz,
      labels text[] not null default '{}',
      source text not null default 'manual',
      source_key text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (org_id, source_key)
    );
    create index encounters_patient on encounters(patient_id, admit_at);
    create index encounters_discharge on encounters(org_id, status, discharge_at);
    create index encounters_account on encounters(org_id, account_number);

    create table encounter_clinicians (
      encounter_id uuid not null references encounters(id),
      practitioner_id uuid not null references practitioners(id),
      -- attending | admitting | consulting | referring | operating | other
      role text not null,
      primary key (encounter_id, practitioner_id, role)
    );

    create table documents (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      encounter_id uuid references encounters(id),
      -- LOINC document type code (34117-2 history and physical, 11506-3 progress note, 11504-8 operative report,
      -- 18842-5 discharge summary, 34111-5 emergency department note, 11488-4 consultation note, ...)
      loinc_code text,
      type_label text not null,
      author_id uuid references practitioners(id),
      authored_at timestamptz,
      -- preliminary | final | amended | entered-in-error
      status text not null,
      authenticated_at timestamptz,
      authenticated_by uuid references practitioners(id),
      content_type text,
      text text,
      attachment bytea,
      labels text[] not null default '{}',
      source text not null default 'manual',
      source_key text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (org_id, source_key)
    );
    create index documents_encounter on documents(encounter_id);
    create index documents_patient on documents(patient_id, authored_at);

    -- Codes as the EHR sent them (problem list, encounter diagnoses, procedures): never HIM's coded record.
    create table ehr_codes (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      encounter_id uuid references encounters(id),
      -- condition | procedure
      kind text not null,
      system text not null,
      code text not null,
      display text,
      clinical_status text,
      onset_at timestamptz,
      recorded_at timestamptz,
      source_key text not null,
      unique (org_id, source_key)
    );
    create index ehr_codes_encounter on ehr_codes(encounter_id);
    create index ehr_codes_patient on ehr_codes(patient_id);

    -- HIM's coded record: diagnoses in sequence (1 = principal or first-listed) with POA, procedures with dates.
    create table coded_diagnoses (
      encounter_id uuid not null references encounters(id),
      seq integer not null,
      code text not null,
      poa text,
      coder_id uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (encounter_id, seq)
    );

    create table coded_procedures (
      encounter_id uuid not null references encounters(id),
      seq integer not null,
      -- ICD-10-PCS | CPT | HCPCS
      system text not null,
      code text not null,
      modifiers text[] not null default '{}',
      performed_on date,
      practitioner_id uuid references practitioners(id),
      coder_id uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (encounter_id, seq)
    );

    create table charges (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      encounter_id uuid not null references encounters(id),
      service_date date,
      revenue_code text,
      -- HCPCS | CPT
      code_system text,
      code text,
      modifiers text[] not null default '{}',
      units numeric(10, 2) not null default 1,
      amount numeric(14, 2) not null,
      description text,
      source text not null default 'manual',
      source_key text not null,
      created_at timestamptz not null default now(),
      unique (org_id, source_key)
    );
    create index charges_encounter on charges(encounter_id);

    create table coverages (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      payer text not null,
      plan text,
      member_id text,
      status text,
      period_start date,
      period_end date,
      source_key text not null,
      unique (org_id, source_key)
    );
    create index coverages_patient on coverages(patient_id);

    -- Claims and explanations of benefit received from elsewhere (FHIR Claim, ExplanationOfBenefit).
    create table claims (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      patient_id uuid not null references patients(id),
      encounter_id uuid references encounters(id),
      -- claim | eob
      kind text not null,
      status text,
      payer text,
      billable_start timestamptz,
      total numeric(14, 2),
      payment numeric(14, 2),
      source_key text not null,
      unique (org_id, source_key)
    );
    create index claims_encounter on claims(encounter_id);

    -- The source of everything imported, as received: a FHIR resource or an HL7 v2 message.
    create table source_records (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      -- fhir | hl7v2
      format text not null,
      resource_type text not null,
      source_key text not null,
      content_hash text not null,
      content jsonb,
      raw text,
      patient_id uuid references patients(id),
      target_type text,
      target_id uuid,
      received_at timestamptz not null default now(),
      unique (org_id, format, resource_type, source_key)
    );
    create index source_records_patient on source_records(patient_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The record model migration cannot be reverted: it holds patient records.');
}
