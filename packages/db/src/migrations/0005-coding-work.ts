import { sql, type Kysely } from 'kysely';

/**
 * Coding work queues, the coded record's history, coder activity.
 *
 * An encounter enters the coding queue when it ends: discharged (inpatient, skilled nursing, behavioral health) or
 * completed (emergency, observation, outpatient). Either status enqueues any type, because the intake paths (FHIR,
 * HL7 v2, demo data, the API) do not all draw the line in the same place. Triggers on `encounters` do it, so that
 * every path feeds the queue: a set-based insert per statement for new encounters (bulk imports write thousands per
 * second), and a row trigger, filtered by its WHEN clause before any function call, for status changes. An encounter
 * cancelled, or whose discharge is cancelled (HL7 A13 sets it back in progress), leaves the queue unless final.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Days from discharge (or completion) to the coding due date, per encounter type, when the site sets none.
    create function coding_default_due_days(encounter_type text) returns integer
      language sql immutable as $$
        select case encounter_type
          when 'inpatient' then 3
          when 'skilled_nursing' then 5
          when 'behavioral_health' then 3
          else 2
        end
      $$;

    create table coding_queue_settings (
      org_id uuid not null references organizations(id),
      encounter_type text not null,
      due_days integer not null check (due_days between 0 and 365),
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id),
      primary key (org_id, encounter_type)
    );

    create table coding_work_items (
      encounter_id uuid primary key references encounters(id) on delete cascade,
      org_id uuid not null references organizations(id),
      -- the encounter type
      queue text not null,
      status text not null default 'unassigned'
        check (status in ('unassigned', 'assigned', 'in_progress', 'on_hold', 'final')),
      priority integer not null default 0,
      entered_at timestamptz not null default now(),
      due_at timestamptz not null,
      assignee_id uuid references users(id),
      assigned_at timestamptz,
      hold_reason text check (hold_reason in ('awaiting_documentation', 'physician_query', 'other')),
      hold_note text,
      held_at timestamptz,
      final_at timestamptz,
      final_by uuid references users(id),
      -- every save, finalisation and re-opening increments it (optimistic concurrency)
      revision integer not null default 0,
      -- the number of final versions
      version integer not null default 0,
      updated_at timestamptz not null default now()
    );
    create index coding_work_items_queue on coding_work_items(org_id, status, queue);
    create index coding_work_items_due on coding_work_items(org_id, due_at) where status <> 'final';
    create index coding_work_items_assignee on coding_work_items(assignee_id) where assignee_id is not null;

    -- Each finalisation (a snapshot of the coded record, charges and DRG) and each re-opening (who, when, why).
    create table coding_versions (
      id uuid primary key,
      -- the order of events (several may share an instant)
      seq bigint generated always as identity,
      org_id uuid not null references organizations(id),
      encounter_id uuid not null references encounters(id),
      version integer not null,
      -- final | reopen
      kind text not null check (kind in ('final', 'reopen')),
      at timestamptz not null,
      user_id uuid not null references users(id),
      reason text,
      -- the encounter type at the time, for productivity by type
      encounter_type text not null,
      snapshot jsonb not null
    );
    create index coding_versions_encounter on coding_versions(encounter_id, at);
    create index coding_versions_finalised on coding_versions(org_id, kind, at);

    -- Time a coder spent on an encounter in the workbench: start, heartbeats, stop; each gap is capped.
    create table coding_sessions (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      user_id uuid not null references users(id),
      encounter_id uuid not null references encounters(id),
      encounter_type text not null,
      started_at timestamptz not null,
      last_event_at timestamptz not null,
      ended_at timestamptz,
      active_seconds double precision not null default 0
    );
    create index coding_sessions_open on coding_sessions(user_id, encounter_id) where ended_at is null;
    create index coding_sessions_started on coding_sessions(org_id, started_at);

    create function coding_work_enter_inserted() returns trigger language plpgsql as $$
    begin
      insert into coding_work_items (encounter_id, org_id, queue, due_at)
      select n.id, n.org_id, n.type,
             coalesce(n.discharge_at, now()) + make_interval(days => coalesce(s.due_days, coding_default_due_days(n.type)))
        from coding_new_encounters n
        left join coding_queue_settings s on s.org_id = n.org_id and s.encounter_type = n.type
       where n.status in ('discharged', 'completed')
      on conflict (encounter_id) do nothing;
      return null;
    end $$;

    create function coding_work_on_status() returns trigger language plpgsql as $$
    declare
      days integer;
    begin
      if new.status in ('discharged', 'completed') then
        select due_days into days from coding_queue_settings
         where org_id = new.org_id and encounter_type = new.type;
        insert into coding_work_items (encounter_id, org_id, queue, due_at)
        values (new.id, new.org_id, new.type,
                coalesce(new.discharge_at, now()) + make_interval(days => coalesce(days, coding_default_due_days(new.type))))
        on conflict (encounter_id) do update
           set queue = excluded.queue, due_at = excluded.due_at, updated_at = now()
         where coding_work_items.status <> 'final'
           and (coding_work_items.queue, coding_work_items.due_at) is distinct from (excluded.queue, excluded.due_at);
      else
        -- Cancelled, or back in progress (discharge cancelled): out of the queue, unless already final.
        delete from coding_work_items where encounter_id = new.id and status <> 'final';
      end if;
      return null;
    end $$;

    create trigger encounters_coding_queue_insert after insert on encounters
      referencing new table as coding_new_encounters
      for each statement execute function coding_work_enter_inserted();

    create trigger encounters_coding_queue_update after update of status, discharge_at, type on encounters
      for each row
      when (old.status is distinct from new.status
            or (new.status in ('discharged', 'completed')
                and (old.discharge_at is distinct from new.discharge_at or old.type is distinct from new.type)))
      execute function coding_work_on_status();

    -- Encounters that ended before this migration.
    insert into coding_work_items (encounter_id, org_id, queue, due_at)
    select id, org_id, type, coalesce(discharge_at, now()) + make_interval(days => coding_default_due_days(type))
      from encounters where status in ('discharged', 'completed');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The coding work migration cannot be reverted: it holds the coded record’s history.');
}
