import { sql, type Kysely } from 'kysely';

/**
 * Record completion per facility, and the technicians' review mark.
 *
 * A completion rule set now belongs to a facility of the organisation (`facility`, the encounter's facility name) or
 * to the whole organisation (`facility = ''`, the default a facility without its own set follows); versions count per
 * facility. Each encounter's completion result carries who marked the record reviewed in the analysis queue, when,
 * and with what note.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table completion_rule_sets add column facility text not null default '';
    alter table completion_rule_sets drop constraint completion_rule_sets_org_id_version_key;
    alter table completion_rule_sets add constraint completion_rule_sets_facility_version
      unique (org_id, facility, version);

    alter table completion_results add column reviewed_at timestamptz;
    alter table completion_results add column reviewed_by uuid references users(id);
    alter table completion_results add column review_note text;
    create index completion_results_review on completion_results(org_id, reviewed_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index completion_results_review;
    alter table completion_results drop column review_note;
    alter table completion_results drop column reviewed_by;
    alter table completion_results drop column reviewed_at;
    delete from completion_rule_sets where facility <> '';
    alter table completion_rule_sets drop constraint completion_rule_sets_facility_version;
    alter table completion_rule_sets add constraint completion_rule_sets_org_id_version_key unique (org_id, version);
    alter table completion_rule_sets drop column facility;
  `.execute(db);
}
