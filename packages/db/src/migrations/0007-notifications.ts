import { sql, type Kysely } from 'kysely';

/**
 * Deficiency notifications: each facility's escalation ladder (versioned: an edit adds a version; facility '' is the
 * organisation's default), the notifications written for clinicians, department chairs and the medical staff office
 * (one row per channel, with its delivery state so that a failed e-mail is kept and retried), and the rung of the
 * ladder each deficiency has reached (the suspension list reads it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification_settings (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      -- encounters.facility; '' is the organisation's default
      facility text not null,
      version integer not null check (version > 0),
      -- { steps: [...], repeatEveryDays, contacts: { departmentChairs, medicalStaffOffice } }
      ladder jsonb not null,
      note text not null,
      created_at timestamptz not null,
      created_by uuid references users(id),
      unique (org_id, facility, version)
    );

    create table notifications (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      facility text not null,
      -- the run that wrote it (one transaction)
      run_id uuid not null,
      step text not null check (step in ('reminder', 'second_notice', 'chair', 'suspension')),
      repeat boolean not null default false,
      recipient_kind text not null check (recipient_kind in ('clinician', 'department_chair', 'medical_staff_office')),
      recipient_practitioner_id uuid references practitioners(id),
      recipient_user_id uuid references users(id),
      recipient_email text,
      channel text not null check (channel in ('in_app', 'email')),
      deficiency_ids uuid[] not null,
      deficiency_count integer not null,
      -- counts, dates and account numbers only: no names of patients, no diagnoses
      subject text not null,
      body text not null,
      status text not null check (status in ('queued', 'sent', 'failed', 'read')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz,
      read_at timestamptz,
      check (channel = 'email' or recipient_user_id is not null)
    );
    create index notifications_outbox on notifications(org_id, status, next_attempt_at) where channel = 'email';
    create index notifications_inbox on notifications(recipient_user_id, created_at) where channel = 'in_app';

    -- The rung each deficiency last reached, and when it was last notified there.
    create table deficiency_escalations (
      deficiency_id uuid primary key references deficiencies(id),
      org_id uuid not null references organizations(id),
      -- the clinician it was escalated for: a reassigned deficiency starts again at the bottom
      practitioner_id uuid references practitioners(id),
      step text not null check (step in ('reminder', 'second_notice', 'chair', 'suspension')),
      reached_at timestamptz not null,
      notified_at timestamptz not null
    );
    create index deficiency_escalations_step on deficiency_escalations(org_id, step);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table deficiency_escalations;
    drop table notifications;
    drop table notification_settings;
  `.execute(db);
}
