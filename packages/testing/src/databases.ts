import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '@charta/db';
import pg from 'pg';

/**
 * The databases integration tests run on: embedded PGlite always, and a PostgreSQL server too when
 * TEST_DATABASE_URL is set (each test database is created fresh on that server and dropped afterwards).
 */
export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  /** Creates a fresh, empty database and returns its target and a function that disposes of it. */
  create(): Promise<{ target: DatabaseTarget; url?: string; dispose: () => Promise<void> }>;
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'pglite',
      create: async () => ({ target: { kind: 'pglite', dataDir: 'memory' }, dispose: async () => {} }),
    },
  ];
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (serverUrl && serverUrl.length > 0) {
    list.push({
      name: 'postgres',
      create: async () => {
        const dbName = `charta_t_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`create database ${dbName}`);
        await admin.end();
        const url = new URL(serverUrl);
        url.pathname = `/${dbName}`;
        return {
          target: { kind: 'postgres', url: url.toString(), poolSize: 5 },
          url: url.toString(),
          dispose: async () => {
            const c = new pg.Client({ connectionString: serverUrl });
            await c.connect();
            await c.query(`drop database if exists ${dbName} with (force)`);
            await c.end();
          },
        };
      },
    });
  }
  return list;
}

/** Opens a fresh test database of the given kind. */
export async function openTestDatabase(
  kind: TestDatabase,
): Promise<{ handle: DatabaseHandle; url?: string; dispose: () => Promise<void> }> {
  const created = await kind.create();
  const handle = await openDatabase(created.target);
  return {
    handle,
    ...(created.url ? { url: created.url } : {}),
    dispose: async () => {
      await handle.close();
      await created.dispose();
    },
  };
}
