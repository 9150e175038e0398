import type { Kysely } from 'kysely';

/** Master patient index: candidate duplicates, review decisions, merges and unmerges. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by its module.
}
