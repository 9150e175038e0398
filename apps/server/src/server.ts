import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import {
  findBridge,
  toolLockHolder,
  migrateToLatest,
  openDatabase,
  startBridge,
  type BridgeServer,
  type DatabaseHandle,
} from '@charta/db';
import { createApp } from './app.js';
import type { MllpListener } from './hl7/mllp-listener.js';
import { Hl7OrgError, resolveHl7Org, startHl7Listener } from './hl7/service.js';
import { startNotificationScheduler, type NotificationScheduler } from './notifications/scheduler.js';
import { chainHead, writeCheckpoint } from './audit/store.js';
import type { Services } from './http/context.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createLogger, errorFields, type Logger } from './platform/logger.js';
import { ReferenceData } from './reference.js';
import { loadOrCreateSecrets } from './platform/secrets.js';
import { checkpointFile } from './routes/audit.js';
import { generateDemoPassword, isSeeded, seedDemo } from './seed.js';

export interface StartOptions {
  readonly config: Config;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly webDir?: string;
  /** Load code sets and grouper tables in the background at start (default true). */
  readonly warmReference?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The HL7 MLLP listener's port, when it runs. */
  readonly mllpPort?: number;
  readonly services: Services;
  readonly database: DatabaseHandle;
  /** Demo credentials when the demo organisation exists and its file is present. */
  readonly demo: { readonly password: string; readonly created: boolean } | undefined;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const DEMO_FILE = 'demo-credentials.txt';

/** Opens the database, migrates, seeds the demo on first run, and listens. Stop it with stop(). */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);

  if (config.database.kind === 'pglite') {
    const other = findBridge(config.dataDir);
    if (other)
      throw new StartupError(
        `Another Charta server (process ${other.pid}) is using the data directory ${config.dataDir}`,
      );
    const tool = toolLockHolder(config.dataDir);
    if (tool)
      throw new StartupError(
        `A charta command (process ${tool}) is using the embedded database; start the server when it has finished`,
      );
  }
  const database = await openDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url }
      : { kind: 'pglite', dataDir: config.database.dir },
  );
  let bridge: BridgeServer | undefined;
  let mllp: MllpListener | undefined;
  let httpServer: ServerType | undefined;
  let notifications: NotificationScheduler | undefined;
  try {
    const secrets = loadOrCreateSecrets(config.secretsFile);
    await migrateToLatest(database.db as never);

    let demo: { password: string; created: boolean } | undefined;
    const demoFile = join(config.dataDir, DEMO_FILE);
    if (config.demo && !(await isSeeded(database.db))) {
      const password = generateDemoPassword();
      await seedDemo(database.db, secrets.auditKey, password, clock.now());
      writeFileSync(demoFile, `${password}\n`, { mode: 0o600 });
      demo = { password, created: true };
    } else if (existsSync(demoFile)) {
      demo = { password: readFileSync(demoFile, 'utf8').trim(), created: false };
    }

    // The chain head is copied to a file outside the database, so a truncated tail is detectable (SEC-19).
    const cpFile = checkpointFile(config.dataDir);
    let pendingHead = await chainHead(database.db);
    let written: string | undefined;
    const flush = async () => {
      const head = pendingHead;
      if (!head || head.hash === written) return;
      // An event appended inside a transaction that then rolled back never existed: the checkpoint names only a head
      // the database holds, or `audit verify` would report a truncation that did not happen.
      const stored = await database.db
        .selectFrom('audit_events')
        .select('hash')
        .where('seq', '=', head.seq)
        .executeTakeFirst();
      const confirmed = stored?.hash === head.hash ? head : await chainHead(database.db);
      if (pendingHead === head) pendingHead = confirmed;
      if (confirmed && confirmed.hash !== written) {
        writeCheckpoint(cpFile, secrets.auditKey, confirmed);
        written = confirmed.hash;
      }
    };
    await flush();
    const timer = setInterval(() => {
      flush().catch((error: unknown) => logger.error('Audit checkpoint failed', errorFields(error)));
    }, 1000);
    timer.unref();

    const reference = new ReferenceData({ codeSetDataDir: config.dataDir });
    if (options.warmReference !== false)
      reference.warm((error) => logger.error('Reference data failed to load', errorFields(error)));
    const services: Services = {
      db: database.db,
      config,
      clock,
      secrets,
      logger,
      reference,
      onAuditHead: (head) => {
        if (!pendingHead || head.seq > pendingHead.seq) pendingHead = head;
      },
    };
    const { app } = createApp({ services, webDir: options.webDir });

    if (database.pglite) bridge = await startBridge(database.db as never, config.dataDir);

    const server: ServerType = await new Promise((resolve, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: config.port,
          hostname: config.host,
          ...(config.tls
            ? {
                createServer: createHttpsServer,
                serverOptions: {
                  cert: readFileSync(config.tls.certFile),
                  key: readFileSync(config.tls.keyFile),
                  minVersion: 'TLSv1.2' as const,
                },
              }
            : {}),
        },
        () => resolve(s),
      );
      s.once('error', reject);
    });
    httpServer = server;
    const port = (server.address() as AddressInfo).port;
    const scheme = config.tls ? 'https' : 'http';
    const host =
      config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    logger.info('Charta server listening', { port, database: database.kind });

    // The HL7 v2 MLLP listener runs only when a port is configured; it stops before the HTTP server, symmetrically.
    const hl7 = config.hl7;
    if (hl7?.mllpPort !== undefined) {
      let orgId: string;
      try {
        orgId = await resolveHl7Org(database.db, hl7.orgId);
      } catch (error) {
        if (error instanceof Hl7OrgError) throw new StartupError(error.message);
        throw error;
      }
      try {
        mllp = await startHl7Listener(services, { port: hl7.mllpPort, host: hl7.mllpHost, orgId });
      } catch (error) {
        throw new StartupError(
          `The HL7 MLLP listener cannot listen on port ${hl7.mllpPort}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }

    // Deficiency notifications run on a timer; they stop after the listeners and before the database.
    notifications = startNotificationScheduler(services);

    let stopped = false;
    return {
      url: `${scheme}://${host}:${port}`,
      port,
      ...(mllp ? { mllpPort: mllp.port } : {}),
      services,
      database,
      demo,
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        await mllp?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await notifications?.stop();
        await flush();
        await bridge?.close();
        await database.close();
      },
    };
  } catch (error) {
    await notifications?.stop().catch(() => {});
    await mllp?.close().catch(() => {});
    const started = httpServer;
    if (started) await new Promise<void>((resolve) => started.close(() => resolve()));
    await bridge?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
