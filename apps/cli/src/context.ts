import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connectBridge,
  DatabaseUnavailableError,
  findBridge,
  openDatabase,
  takeToolLock,
  toolLockHolder,
  type DatabaseHandle,
} from '@charta/db';
import { ConfigError, loadConfig, loadOrCreateSecrets, type Config, type Secrets } from '@charta/server';
import { CliError, ExitCode } from './errors.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..', '..');

export function cliConfig(): Config {
  try {
    return loadConfig(process.env, REPO_ROOT);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, ExitCode.badInput);
    throw error;
  }
}

export interface CliDatabase {
  readonly handle: DatabaseHandle;
  readonly config: Config;
  readonly secrets: Secrets;
  /** How the database was reached: a PostgreSQL server, the running server's bridge, or the embedded files directly. */
  readonly via: 'postgres' | 'server' | 'embedded';
  close(): Promise<void>;
}

/**
 * Opens the configured database. With the embedded database, a running server is asked through its bridge, so the
 * CLI works whether or not the server runs; without one, the CLI opens the files itself and marks them as held.
 */
export async function openCliDatabase(config: Config = cliConfig()): Promise<CliDatabase> {
  const secrets = loadOrCreateSecrets(config.secretsFile);
  try {
    if (config.database.kind === 'postgres') {
      const handle = await openDatabase({ kind: 'postgres', url: config.database.url, poolSize: 2 });
      return { handle, config, secrets, via: 'postgres', close: () => handle.close() };
    }
    const bridge = findBridge(config.dataDir);
    if (bridge) {
      const client = await connectBridge(bridge);
      const handle = await openDatabase({ kind: 'bridge', executor: client, close: () => client.close() });
      return { handle, config, secrets, via: 'server', close: () => handle.close() };
    }
    const other = toolLockHolder(config.dataDir);
    if (other)
      throw new CliError(
        `Another charta command (process ${other}) is using the embedded database; wait for it to finish`,
        ExitCode.unexpected,
      );
    mkdirSync(config.dataDir, { recursive: true });
    const release = takeToolLock(config.dataDir);
    try {
      const handle = await openDatabase({ kind: 'pglite', dataDir: config.database.dir });
      return {
        handle,
        config,
        secrets,
        via: 'embedded',
        close: async () => {
          await handle.close();
          release();
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw new CliError(error.message, ExitCode.unexpected);
    throw error;
  }
}

/** Runs a body with the database open, closing it however the body ends. */
export async function withDatabase<T>(body: (db: CliDatabase) => Promise<T>): Promise<T> {
  const db = await openCliDatabase();
  try {
    return await body(db);
  } finally {
    await db.close();
  }
}

/** Writes machine-readable output (one JSON document) or human text. */
export function output(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : text() + '\n');
}
