import { sql, type Kysely } from 'kysely';

/** Organisations, users, sessions, sign-in throttling, security policy, patients, emergency access, audit trail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organizations (
      id uuid primary key,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      username text not null,
      username_key text not null unique,
      display_name text not null,
      email text,
      role text not null,
      active boolean not null default true,
      password_hash text not null,
      totp_secret_enc text,
      totp_pending_enc text,
      mfa_enrolled boolean not null default false,
      totp_last_step bigint,
      failed_password_count integer not null default 0,
      failed_totp_count integer not null default 0,
      locked_until timestamptz,
      emergency_access_designated boolean not null default false,
      label_grants text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_login_at timestamptz
    );

    create table recovery_codes (
      id bigint generated always as identity primary key,
      user_id uuid not null references users(id),
      code_hash text not null,
      used_at timestamptz
    );
    create index recovery_codes_user on recovery_codes(user_id);

    create table sessions (
      id uuid primary key,
      token_hash text not null unique,
      csrf_hash text not null,
      user_id uuid not null references users(id),
      stage text not null,
      created_at timestamptz not null,
      last_activity_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      revoked_at timestamptz,
      source_ip text,
      user_agent text
    );
    create index sessions_user on sessions(user_id);

    create table login_throttle (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      blocked_until timestamptz
    );

    create table security_policy (
      org_id uuid primary key references organizations(id),
      mfa_required_roles text[] not null,
      updated_at timestamptz not null,
      updated_by uuid
    );

    create table patients (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      mrn text not null,
      family_name text not null,
      given_name text not null,
      birth_date date not null,
      sex text not null,
      address text,
      phone text,
      labels text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (org_id, mrn)
    );
    create index patients_name on patients(org_id, lower(family_name), lower(given_name));

    create table care_relationships (
      patient_id uuid not null references patients(id),
      user_id uuid not null references users(id),
      relationship text not null,
      created_at timestamptz not null default now(),
      primary key (patient_id, user_id)
    );

    create table emergency_access_grants (
      id uuid primary key,
      user_id uuid not null references users(id),
      patient_id uuid not null references patients(id),
      reason text not null,
      granted_at timestamptz not null,
      expires_at timestamptz not null,
      reviewed_at timestamptz,
      reviewed_by uuid references users(id),
      review_note text
    );
    create index emergency_access_user_patient on emergency_access_grants(user_id, patient_id, expires_at);

    create table audit_events (
      seq bigint primary key,
      id uuid not null unique,
      occurred_at timestamptz not null,
      user_id uuid,
      username text,
      role text,
      action text not null,
      outcome text not null,
      patient_id uuid,
      record_type text,
      record_id text,
      reason text,
      emergency boolean not null default false,
      source_ip text,
      user_agent text,
      trace_id text,
      detail jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_events_time on audit_events(occurred_at);
    create index audit_events_user on audit_events(user_id, seq);
    create index audit_events_patient on audit_events(patient_id, seq);
    create index audit_events_action on audit_events(action, seq);

    -- The audit trail is append-only (45 CFR 164.312(b); ONC 170.315(d)(2)): the database itself refuses changes.
    create function audit_events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_refuse_change();
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_refuse_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted: it holds the audit trail.');
}
