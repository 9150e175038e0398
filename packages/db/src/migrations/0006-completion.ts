import { sql, type Kysely } from 'kysely';

/**
 * Record completion: each facility's completion rule sets (versioned: an edit adds a version), deficiencies against
 * encounters (found by the analysis or added by hand; open, closed or waived), each encounter's latest analysis,
 * signatures on documents, and addenda (documents that amend another).
 *
 * A signed document cannot change: a trigger refuses an UPDATE of its content, type, author, dates or signature once
 * `authenticated_at` is set (the signing itself, which sets it, is allowed), and refuses deleting it. Triggers also
 * mark an encounter for re-analysis whenever its documents, status, dates or coded procedures change, so that every
 * intake path feeds the analysis.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table documents add column amends_document_id uuid references documents(id);
    create index documents_amends on documents(amends_document_id) where amends_document_id is not null;

    create table completion_rule_sets (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      version integer not null check (version > 0),
      -- { delinquencyDays, placeholders, surgicalProcedures, documentTypes, rules: [...] }
      rules jsonb not null,
      note text,
      created_at timestamptz not null,
      created_by uuid references users(id),
      unique (org_id, version)
    );

    create table deficiencies (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      encounter_id uuid not null references encounters(id),
      patient_id uuid not null references patients(id),
      document_id uuid references documents(id),
      -- missing | incomplete | unauthenticated | other
      kind text not null check (kind in ('missing', 'incomplete', 'unauthenticated', 'other')),
      -- the completion rule, null for one added by hand
      rule_id text,
      rule_set_version integer,
      -- analysis | manual
      source text not null check (source in ('analysis', 'manual')),
      -- identifies an analysis requirement across runs (rule, kind, document or anchor)
      analysis_key text,
      title text not null,
      practitioner_id uuid references practitioners(id),
      due_at timestamptz,
      delinquent_at timestamptz,
      status text not null default 'open' check (status in ('open', 'closed', 'waived')),
      reason text,
      created_at timestamptz not null,
      created_by uuid references users(id),
      assigned_at timestamptz not null,
      assigned_by uuid references users(id),
      -- reassigned by hand: the analysis keeps the clinician a person chose
      reassigned boolean not null default false,
      closed_at timestamptz,
      closed_by uuid references users(id),
      updated_at timestamptz not null,
      check (status <> 'waived' or (reason is not null and closed_at is not null))
    );
    create unique index deficiencies_analysis_key on deficiencies(encounter_id, analysis_key)
      where source = 'analysis';
    create index deficiencies_open on deficiencies(org_id, status, due_at);
    create index deficiencies_practitioner on deficiencies(practitioner_id, status);
    create index deficiencies_encounter on deficiencies(encounter_id);

    -- The latest analysis of each encounter (consistency findings and record status); stale = to be analysed again.
    create table completion_results (
      encounter_id uuid primary key references encounters(id),
      org_id uuid not null references organizations(id),
      stale boolean not null default true,
      marked_at timestamptz not null default now(),
      analyzed_at timestamptz,
      rule_set_version integer,
      record_status text,
      findings jsonb not null default '[]'
    );
    create index completion_results_stale on completion_results(org_id) where stale;

    create table document_signatures (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      document_id uuid not null references documents(id),
      -- SHA-256 of the signed content (type, author, dates, text, attachment)
      version_hash text not null,
      signer_practitioner_id uuid not null references practitioners(id),
      signer_user_id uuid not null references users(id),
      attestation text not null,
      signed_at timestamptz not null
    );
    create index document_signatures_document on document_signatures(document_id);

    create function documents_refuse_signed_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'document % is signed and cannot be deleted', old.id using errcode = 'CH001';
      end if;
      if (old.text, old.attachment, old.status, old.loinc_code, old.type_label, old.author_id, old.authored_at,
          old.authenticated_at, old.authenticated_by, old.content_type, old.amends_document_id)
         is distinct from
         (new.text, new.attachment, new.status, new.loinc_code, new.type_label, new.author_id, new.authored_at,
          new.authenticated_at, new.authenticated_by, new.content_type, new.amends_document_id) then
        raise exception 'document % is signed and cannot be changed; add an addendum', old.id using errcode = 'CH001';
      end if;
      return new;
    end $$;

    create trigger documents_signed_immutable before update or delete on documents
      for each row when (old.authenticated_at is not null)
      execute function documents_refuse_signed_change();

    -- Mark encounters for re-analysis (set-based, for bulk imports).
    create function completion_mark_documents() returns trigger language plpgsql as $$
    begin
      insert into completion_results (encounter_id, org_id)
      select distinct d.encounter_id, d.org_id from completion_changed_documents d where d.encounter_id is not null
      on conflict (encounter_id) do update set stale = true, marked_at = now();
      return null;
    end $$;
    create trigger documents_completion_insert after insert on documents
      referencing new table as completion_changed_documents
      for each statement execute function completion_mark_documents();
    create trigger documents_completion_update after update on documents
      referencing new table as completion_changed_documents
      for each statement execute function completion_mark_documents();

    create function completion_mark_encounters() returns trigger language plpgsql as $$
    begin
      insert into completion_results (encounter_id, org_id)
      select e.id, e.org_id from completion_changed_encounters e
      on conflict (encounter_id) do update set stale = true, marked_at = now();
      return null;
    end $$;
    create trigger encounters_completion_insert after insert on encounters
      referencing new table as completion_changed_encounters
      for each statement execute function completion_mark_encounters();
    create trigger encounters_completion_update after update on encounters
      referencing new table as completion_changed_encounters
      for each statement execute function completion_mark_encounters();

    create function completion_mark_procedures() returns trigger language plpgsql as $$
    begin
      insert into completion_results (encounter_id, org_id)
      select distinct p.encounter_id, e.org_id from completion_changed_procedures p
        join encounters e on e.id = p.encounter_id
      on conflict (encounter_id) do update set stale = true, marked_at = now();
      return null;
    end $$;
    create trigger coded_procedures_completion_insert after insert on coded_procedures
      referencing new table as completion_changed_procedures
      for each statement execute function completion_mark_procedures();

    -- Encounters from before this migration are analysed when first asked for.
    insert into completion_results (encounter_id, org_id) select id, org_id from encounters;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The record completion migration cannot be reverted: it holds signatures and deficiencies.');
}
