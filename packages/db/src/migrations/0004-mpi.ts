import { sql, type Kysely } from 'kysely';

/**
 * Master patient index: blocking keys per patient (so that intake finds its candidates with a few set-based
 * queries), candidate duplicate pairs with the review decision, and merges with exactly which rows moved, so that an
 * unmerge can move those rows back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Derived from the patients table and rewritten at every intake, so it carries no foreign keys: their per-row
    -- checks would cost more than the insert itself on a bulk import.
    create table mpi_blocking_keys (
      org_id uuid not null,
      patient_id uuid not null,
      key text not null,
      primary key (patient_id, key)
    );
    create index mpi_blocking_keys_key on mpi_blocking_keys(org_id, key);

    -- When the patient's blocking keys were last computed; unkeyed patients are picked up by the next intake or scan.
    alter table patients add column mpi_keyed_at timestamptz;
    create index patients_mpi_unkeyed on patients(org_id) where mpi_keyed_at is null;

    create table mpi_candidates (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      -- patient_a < patient_b, so that a pair has one row whichever record arrived first
      patient_a uuid not null references patients(id),
      patient_b uuid not null references patients(id),
      score double precision not null,
      -- match | review (Fellegi-Sunter decision at the thresholds in force when scored)
      verdict text not null,
      reasons jsonb not null,
      -- open | not-duplicate | merged
      status text not null default 'open',
      decided_by uuid references users(id),
      decided_at timestamptz,
      decision_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (org_id, patient_a, patient_b),
      check (patient_a < patient_b)
    );
    create index mpi_candidates_open on mpi_candidates(org_id, status, score desc);
    create index mpi_candidates_b on mpi_candidates(patient_b);

    create table mpi_merges (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      survivor_id uuid not null references patients(id),
      merged_id uuid not null references patients(id),
      -- review | hl7-a40 | api
      source text not null,
      reason text not null,
      candidate_id uuid references mpi_candidates(id),
      -- { table: [row ids] } of the rows that moved from the merged record to the survivor
      moved jsonb not null,
      -- the merged record's active flag before the merge, restored by an unmerge
      merged_was_active boolean not null,
      merged_by uuid references users(id),
      merged_at timestamptz not null,
      unmerged_by uuid references users(id),
      unmerged_at timestamptz,
      unmerge_reason text
    );
    create index mpi_merges_org on mpi_merges(org_id, merged_at desc);
    create index mpi_merges_merged on mpi_merges(merged_id);
    create index mpi_merges_survivor on mpi_merges(survivor_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The master patient index migration cannot be reverted: it holds merge history.');
}
