import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A minimal interface for something that runs one SQL statement with parameters: a PGlite instance, or the bridge
 * client that forwards statements to the PGlite instance held by a running server.
 */
export interface SqlExecutor {
  query<R>(sql: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows?: number | undefined }>;
}

/** A FIFO mutex: PGlite is a single connection, so Kysely connections take turns on it. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /**
   * Waits for the connection. A wait longer than the timeout means a caller asked for a second connection while
   * holding the first (a query on the pool inside a transaction): fail loudly instead of hanging.
   */
  async lock(timeoutMs = 60_000): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Timed out waiting for the embedded database connection')), timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([previous, timeout]);
    } catch (error) {
      // Give up our place in line without blocking those behind us.
      void previous.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return release;
  }
}

class ExecutorConnection implements DatabaseConnection {
  constructor(private readonly executor: SqlExecutor) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.executor.query<R>(compiled.sql, compiled.parameters);
    const kind = compiled.query.kind;
    const isWrite = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return isWrite && result.affectedRows !== undefined
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database');
  }
}

class ExecutorDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();

  constructor(
    private readonly executor: SqlExecutor,
    private readonly onDestroy: () => Promise<void>,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    const connection = new ExecutorConnection(this.executor);
    this.#releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.();
    this.#releases.delete(connection);
  }

  async destroy(): Promise<void> {
    await this.onDestroy();
  }
}

/** Kysely dialect over a single-connection SQL executor (embedded PGlite, or the bridge to it). */
export class ExecutorDialect implements Dialect {
  constructor(
    private readonly executor: SqlExecutor,
    private readonly onDestroy: () => Promise<void> = async () => {},
  ) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new ExecutorDriver(this.executor, this.onDestroy);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** Adapts a PGlite instance to SqlExecutor. */
export function pgliteExecutor(pg: PGlite): SqlExecutor {
  return {
    async query<R>(sql: string, params: readonly unknown[]) {
      if (params.length === 0) {
        // The simple protocol, as node-postgres uses without parameters: allows several statements (migrations).
        const results = await pg.exec(sql);
        const last = results.at(-1);
        return { rows: (last?.rows ?? []) as R[], affectedRows: last?.affectedRows };
      }
      const result = await pg.query<R>(sql, params as unknown[]);
      return { rows: result.rows, affectedRows: result.affectedRows };
    },
  };
}
