import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-foundation.js';
import * as m0002 from './migrations/0002-records.js';
import * as m0003 from './migrations/0003-hl7.js';
import * as m0004 from './migrations/0004-mpi.js';
import * as m0005 from './migrations/0005-coding-work.js';
import * as m0006 from './migrations/0006-completion.js';
import * as m0007 from './migrations/0007-notifications.js';
import * as m0008 from './migrations/0008-completion-facilities.js';

/** Migrations in order. Each is code in this package, so the same migrations run on PGlite and PostgreSQL. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-records': m0002,
  '0003-hl7': m0003,
  '0004-mpi': m0004,
  '0005-coding-work': m0005,
  '0006-completion': m0006,
  '0007-notifications': m0007,
  '0008-completion-facilities': m0008,
};

/** Modules that add migrations register them here before the database is migrated. */
export function registerMigration(name: string, migration: Migration): void {
  if (MIGRATIONS[name]) throw new Error(`Migration ${name} is already registered`);
  MIGRATIONS[name] = migration;
}

class CodeMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...MIGRATIONS };
  }
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Brings the schema to the newest version; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider() });
  const before = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return { applied: (result.results ?? []).map((r) => r.migrationName), alreadyApplied: before };
}
