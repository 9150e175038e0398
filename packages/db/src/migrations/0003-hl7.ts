import { sql, type Kysely } from 'kysely';

/**
 * HL7 v2 messages received (MLLP, file or API), each kept with its raw text, the outcome and the ACK sent. The raw
 * text is the kept source of what was applied; a message that failed is kept with its error, for review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hl7_messages (
      id uuid primary key,
      org_id uuid not null references organizations(id),
      -- mllp | file | api
      channel text not null,
      -- MSH-3.1 and MSH-4.1; with MSH-10 they identify a message, so that a resend is recognised
      sending_application text,
      sending_facility text,
      control_id text,
      -- MSH-9.1 and MSH-9.2 (or EVN-1)
      message_type text,
      trigger_event text,
      version text,
      received_at timestamptz not null,
      last_received_at timestamptz not null,
      -- how many times the sender sent this message (resends answered with the original ACK)
      receive_count integer not null default 1,
      -- how many times it was applied or attempted (first attempt, resends after an error, reprocessing)
      attempts integer not null default 1,
      raw text not null,
      content_hash text not null,
      -- applied | error | rejected | dismissed | reprocessed
      status text not null,
      -- AA | AE | AR, and the ACK text sent back
      ack_code text not null,
      ack text not null,
      -- the first problem (HL7 table 0357 code, ERR-2 style location, message) and every problem found
      error_code text,
      error_location text,
      error_message text,
      errors jsonb,
      patient_id uuid references patients(id),
      encounter_id uuid references encounters(id),
      processed_at timestamptz,
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      resolution_note text,
      updated_at timestamptz not null
    );
    create index hl7_messages_control on hl7_messages(org_id, control_id, sending_application, sending_facility);
    create index hl7_messages_status on hl7_messages(org_id, status, received_at);
    create index hl7_messages_patient on hl7_messages(patient_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The HL7 message store cannot be reverted: it holds the source of patient records.');
}
