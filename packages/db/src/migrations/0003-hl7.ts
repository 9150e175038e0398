import type { Kysely } from 'kysely';

/** HL7 v2 messages received, with their outcome and error (filled in by the HL7 intake). */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by its module.
}
