import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ExecutorDialect, pgliteExecutor, type SqlExecutor } from './pglite-dialect.js';
import type { Database } from './schema.js';

const INT8_OID = 20;
const DATE_OID = 1082;

// bigint counters fit in a JS number here; dates stay 'YYYY-MM-DD' strings (never shifted by a time zone).
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
pg.types.setTypeParser(DATE_OID, (v: string) => v);

export type DatabaseKind = 'pglite' | 'postgres' | 'bridge';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The embedded instance, when this process holds it (the server shares it with the CLI through the bridge). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'pglite'; readonly dataDir: string | 'memory' }
  | { readonly kind: 'bridge'; readonly executor: SqlExecutor; readonly close: () => Promise<void> };

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** Opens the database and checks that it answers; throws DatabaseUnavailableError with a readable message if not. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  switch (target.kind) {
    case 'postgres': {
      const pool = new pg.Pool({
        connectionString: target.url,
        max: target.poolSize ?? 10,
        connectionTimeoutMillis: 5000,
      });
      pool.on('error', () => {
        // An idle client lost its connection; the pool replaces it. Nothing to report per client.
      });
      try {
        const client = await pool.connect();
        client.release();
      } catch (error) {
        await pool.end().catch(() => {});
        throw new DatabaseUnavailableError(`Cannot reach the PostgreSQL server: ${describe(error)}`);
      }
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      return { db, kind: 'postgres', close: () => db.destroy() };
    }
    case 'pglite': {
      let pgl: PGlite;
      try {
        if (target.dataDir !== 'memory') mkdirSync(target.dataDir, { recursive: true });
        pgl = await PGlite.create({
          ...(target.dataDir === 'memory' ? {} : { dataDir: target.dataDir }),
          parsers: { [INT8_OID]: (v: string) => Number(v), [DATE_OID]: (v: string) => v },
        });
        await pgl.query('select 1');
      } catch (error) {
        throw new DatabaseUnavailableError(
          `Cannot open the embedded database at ${target.dataDir}: ${describe(error)}`,
        );
      }
      const db = new Kysely<Database>({
        dialect: new ExecutorDialect(pgliteExecutor(pgl), async () => {
          await pgl.close();
        }),
      });
      return { db, kind: 'pglite', pglite: pgl, close: () => db.destroy() };
    }
    case 'bridge': {
      const db = new Kysely<Database>({ dialect: new ExecutorDialect(target.executor, target.close) });
      return { db, kind: 'bridge', close: () => db.destroy() };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && error.message.length === 0 ? code : error.message || String(code);
  }
  return String(error);
}
