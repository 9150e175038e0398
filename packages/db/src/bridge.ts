import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CompiledQuery, type Kysely } from 'kysely';
import type { SqlExecutor } from './pglite-dialect.js';

/**
 * The embedded database is a single-process engine. While the server holds it, command-line tools reach it through
 * this bridge: a Unix socket in the data directory, readable only by its owner, that forwards one statement at a time
 * (and holds the connection for the length of a transaction). Without a running server the CLI opens the files itself.
 */

interface BridgeRequest {
  readonly id: number;
  readonly token?: string;
  readonly sql: string;
  readonly params: unknown[];
}

interface LockInfo {
  readonly pid: number;
  readonly socket: string;
  readonly token: string;
}

const LOCK_FILE = 'server.lock.json';

function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && '$date' in v && typeof (v as { $date: unknown }).$date === 'string') {
      return new Date((v as { $date: string }).$date);
    }
    return v;
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server's bridge for this data directory, if one is alive. */
export function findBridge(dataDir: string): LockInfo | undefined {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return processAlive(info.pid) && existsSync(info.socket) ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface BridgeServer {
  close(): Promise<void>;
}

/** Serves the embedded database to local tools. */
export async function startBridge(db: Kysely<unknown>, dataDir: string): Promise<BridgeServer> {
  const socketPath = join(dataDir, 'server.sock');
  rmSync(socketPath, { force: true });
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(token);
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let authenticated = false;
    // While a transaction is open, its statements run on one held connection.
    let tx: { run: (sql: string, params: unknown[]) => Promise<unknown>; end: () => void } | undefined;
    let chain = Promise.resolve();

    const send = (payload: unknown) => {
      if (!socket.destroyed) socket.write(encode(payload) + '\n');
    };

    const openTransaction = () =>
      new Promise<NonNullable<typeof tx>>((resolveTx) => {
        void db
          .connection()
          .execute(
            (conn) =>
              new Promise<void>((endTx) => {
                resolveTx({
                  run: (sql, params) => conn.executeQuery(CompiledQuery.raw(sql, params)),
                  end: endTx,
                });
              }),
          )
          .catch(() => {});
      });

    const handle = async (req: BridgeRequest) => {
      if (!authenticated) {
        const given = Buffer.from(String(req.token ?? ''));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          send({ id: req.id, error: { message: 'bridge authentication failed' } });
          socket.destroy();
          return;
        }
        authenticated = true;
      }
      const verb = req.sql.trim().split(/\s+/u)[0]?.toLowerCase() ?? '';
      try {
        if (verb === 'begin' || verb === 'start') {
          tx = await openTransaction();
          await tx.run(req.sql, []);
          send({ id: req.id, rows: [] });
          return;
        }
        const result = (
          tx ? await tx.run(req.sql, req.params) : await db.executeQuery(CompiledQuery.raw(req.sql, req.params))
        ) as {
          rows: unknown[];
          numAffectedRows?: bigint;
        };
        if ((verb === 'commit' || verb === 'rollback') && tx) {
          tx.end();
          tx = undefined;
        }
        send({
          id: req.id,
          rows: result.rows,
          affectedRows: result.numAffectedRows === undefined ? undefined : Number(result.numAffectedRows),
        });
      } catch (error) {
        const e = error as { message?: string; code?: string };
        send({ id: req.id, error: { message: e.message ?? String(error), code: e.code } });
      }
    };

    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      chain = chain.then(async () => {
        let req: BridgeRequest;
        try {
          req = decode(line) as BridgeRequest;
        } catch {
          socket.destroy();
          return;
        }
        await handle(req);
      });
    });
    socket.on('close', () => {
      sockets.delete(socket);
      // A tool that disconnects inside a transaction must not keep the database: roll it back.
      void chain.then(async () => {
        if (tx) {
          await tx.run('rollback', []).catch(() => {});
          tx.end();
          tx = undefined;
        }
      });
    });
    socket.on('error', () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  const lockPath = join(dataDir, LOCK_FILE);
  writeFileSync(lockPath, JSON.stringify({ pid: process.pid, socket: socketPath, token } satisfies LockInfo), {
    mode: 0o600,
  });

  return {
    async close() {
      rmSync(lockPath, { force: true });
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(socketPath, { force: true });
    },
  };
}

/** Connects to a running server's bridge. */
export async function connectBridge(info: {
  socket: string;
  token: string;
}): Promise<SqlExecutor & { close(): Promise<void> }> {
  const socket = createConnection(info.socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  let first = true;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const lines = createInterface({ input: socket });
  lines.on('line', (line) => {
    const msg = decode(line) as {
      id: number;
      rows?: unknown[];
      affectedRows?: number;
      error?: { message: string; code?: string };
    };
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) {
      const e = new Error(msg.error.message) as Error & { code?: string };
      if (msg.error.code) e.code = msg.error.code;
      waiter.reject(e);
    } else waiter.resolve(msg);
  });
  socket.on('close', () => {
    for (const w of pending.values()) w.reject(new Error('The server closed the database bridge'));
    pending.clear();
  });
  return {
    query<R>(sql: string, params: readonly unknown[]) {
      const id = nextId++;
      const req: BridgeRequest = first
        ? { id, token: info.token, sql, params: [...params] }
        : { id, sql, params: [...params] };
      first = false;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.write(encode(req) + '\n');
      }) as Promise<{ rows: R[]; affectedRows?: number }>;
    },
    async close() {
      socket.end();
    },
  };
}

const TOOL_LOCK = 'cli.lock.json';

/** The process id of a command-line tool holding the embedded database files directly, if one is alive. */
export function toolLockHolder(dataDir: string): number | undefined {
  const path = join(dataDir, TOOL_LOCK);
  if (!existsSync(path)) return undefined;
  try {
    const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
    return processAlive(pid) && pid !== process.pid ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Marks the embedded database as held by this tool process; returns the release function. */
export function takeToolLock(dataDir: string): () => void {
  const path = join(dataDir, TOOL_LOCK);
  writeFileSync(path, JSON.stringify({ pid: process.pid }), { mode: 0o600 });
  return () => rmSync(path, { force: true });
}
