import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, type DatabaseHandle } from '@charta/db';
import { openTestDatabase, type TestDatabase } from '@charta/testing';
import type { Role } from '@charta/core';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { totpAt } from './auth/totp.js';
import type { HonoEnv, Services } from './http/context.js';
import type { RouteSpec } from './http/route.js';
import { ManualClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { decrypt, loadOrCreateSecrets } from './platform/secrets.js';
import { seedDemo } from './seed.js';
import { ReferenceData } from './reference.js';

/** One reference-data holder for all test servers in a process: the tables are read-only. */
const sharedReference = new ReferenceData();

export const TEST_PASSWORD = 'correct-horse-battery-staple-7';

export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'pglite', dir: join(dataDir, 'pglite') },
    dataDir,
    tls: undefined,
    session: { idleMinutes: 15, absoluteHours: 12 },
    emergencyAccessMinutes: 60,
    logLevel: 'silent',
    demo: true,
    trustProxy: false,
    secretsFile: join(dataDir, 'secrets.json'),
    ...overrides,
  };
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** A browser-like client: keeps cookies, sends the CSRF header on writes, talks to the app in-process. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: Hono<HonoEnv>) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = { 'user-agent': 'charta-test', ...extraHeaders };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && method !== 'HEAD' && !('x-csrf-token' in extraHeaders)) {
      const csrf = this.cookies.get('charta_csrf');
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.request(path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) {
        const name = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        if (value === '' || /max-age=0/iu.test(cookie)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }
  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }
  patch(path: string, body?: unknown) {
    return this.request('PATCH', path, body);
  }
  put(path: string, body?: unknown) {
    return this.request('PUT', path, body);
  }
}

export interface TestServer {
  readonly app: Hono<HonoEnv>;
  readonly routes: readonly RouteSpec[];
  readonly services: Services;
  readonly clock: ManualClock;
  readonly handle: DatabaseHandle;
  readonly users: Readonly<Record<Role, { id: string; username: string }>>;
  readonly orgId: string;
  readonly logLines: string[];
  client(): TestClient;
  /** Signs in as a role through the real endpoints (password, MFA enrolment), returning a client with a live session. */
  signIn(role: Role): Promise<TestClient>;
  /** The current TOTP code for a user whose enrolment is complete. */
  totp(userId: string, at?: Date): Promise<string>;
  close(): Promise<void>;
}

/** A server on a fresh database of the given kind, seeded with one user per role, with a manual clock. */
export async function createTestServer(
  kind: TestDatabase,
  options: { extraRoutes?: readonly RouteSpec[]; config?: Partial<Config> } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charta-test-'));
  const opened = await openTestDatabase(kind);
  await migrateToLatest(opened.handle.db as never);
  const config = testConfig(dataDir, options.config);
  const secrets = loadOrCreateSecrets(config.secretsFile);
  const clock = new ManualClock('2026-01-15T09:00:00Z');
  const logLines: string[] = [];
  const services: Services = {
    db: opened.handle.db,
    config,
    clock,
    secrets,
    logger: createLogger('debug', (line) => logLines.push(line)),
    reference: sharedReference,
    onAuditHead: () => {},
  };
  const seeded = await seedDemo(opened.handle.db, secrets.auditKey, TEST_PASSWORD, clock.now());
  const { app, routes } = createApp({ services, extraRoutes: options.extraRoutes ?? [] });
  const users = Object.fromEntries(seeded.users.map((u) => [u.role, { id: u.id, username: u.username }])) as Record<
    Role,
    { id: string; username: string }
  >;

  const totp = async (userId: string, at?: Date) => {
    const row = await opened.handle.db
      .selectFrom('users')
      .select('totp_secret_enc')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!row.totp_secret_enc) throw new Error('user not enrolled');
    return totpAt(decrypt(secrets.encryptionKey, row.totp_secret_enc), at ?? clock.now());
  };

  const server: TestServer = {
    app,
    routes,
    services,
    clock,
    handle: opened.handle,
    users,
    orgId: seeded.orgId,
    logLines,
    client: () => new TestClient(app),
    async signIn(role) {
      const c = new TestClient(app);
      await c.get('/api/v1/session');
      const user = users[role];
      const login = await c.post('/api/v1/auth/login', { username: user.username, password: TEST_PASSWORD });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
      const stage = login.json<{ stage: string }>().stage;
      if (stage === 'mfa_enrol') {
        const start = await c.post('/api/v1/auth/mfa/enrol/start');
        const { secret } = start.json<{ secret: string }>();
        const confirm = await c.post('/api/v1/auth/mfa/enrol/confirm', { code: totpAt(secret, clock.now()) });
        if (confirm.status !== 200) throw new Error(`enrol failed: ${confirm.status} ${confirm.text}`);
      } else if (stage === 'mfa_challenge') {
        // Each code works once: step the clock past the last accepted step first.
        clock.advance(30_000);
        const verify = await c.post('/api/v1/auth/mfa/verify', { code: await totp(user.id) });
        if (verify.status !== 200) throw new Error(`verify failed: ${verify.status} ${verify.text}`);
      }
      return c;
    },
    totp,
    async close() {
      await opened.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
