import type { Kysely } from 'kysely';

/** Coding work queues, the coded record's history, coder activity. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by its module.
}
