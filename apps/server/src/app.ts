import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PROBLEM_MEDIA_TYPE } from '@charta/contracts';
import { lookupSession, revokeSession } from './auth/sessions.js';
import { audit } from './http/audit.js';
import type { HonoEnv, Services } from './http/context.js';
import { readCsrfCookie, readSessionCookie } from './http/cookies.js';
import {
  AppError,
  Forbidden,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  problemOf,
  PROBLEM_TYPE_BASE,
  TooManyRequests,
} from './http/errors.js';
import { buildOpenApi, renderApiReference } from './http/openapi.js';
import { mountRoutes } from './http/pipeline.js';
import type { RouteSpec } from './http/route.js';
import { loadStaticFiles } from './http/static.js';
import { errorFields } from './platform/logger.js';
import { sha256Hex } from './platform/secrets.js';
import { allRoutes } from './routes/index.js';

export const API_VERSION = '1.0.0';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface AppOptions {
  readonly services: Services;
  /** The built web app (apps/web/dist); absent in API-only tests. */
  readonly webDir?: string | undefined;
  /** Extra routes (tests, later modules). */
  readonly extraRoutes?: readonly RouteSpec[];
}

/**
 * Composes the server, in this order: request context, security headers, session, CSRF, API routes, the OpenAPI
 * document, the web app, and the one error handler.
 */
export function createApp(options: AppOptions): { app: Hono<HonoEnv>; routes: readonly RouteSpec[] } {
  const { services } = options;
  const { config, clock, logger } = services;
  const tls = config.tls !== undefined;
  const routes = [...allRoutes, ...(options.extraRoutes ?? [])];
  const app = new Hono<HonoEnv>();

  // 1. Request context: trace id, source address, user agent and the request's instant, fixed once.
  app.use('*', async (c, next) => {
    const started = performance.now();
    let ip: string | null;
    try {
      ip = getConnInfo(c).remote.address ?? null;
    } catch {
      ip = null;
    }
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) ip = forwarded;
    }
    c.set('info', {
      traceId: randomUUID(),
      ip,
      userAgent: c.req.header('user-agent') ?? null,
      now: clock.now(),
      method: c.req.method,
      route: c.req.routePath,
    });
    c.set('principal', undefined);
    c.set('sessionExpired', false);
    await next();
    const info = c.get('info');
    const who = c.get('principal');
    logger.info('request', {
      traceId: info.traceId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(who ? { userId: who.userId } : {}),
    });
  });

  // 2. Security headers on every response.
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    c.header('X-Trace-Id', c.get('info').traceId);
    if (tls) c.header('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  });

  // 3. Session: the cookie's token is looked up on the server; expiry is decided here, on the request's clock.
  app.use('/api/*', async (c, next) => {
    const token = readSessionCookie(c, tls);
    if (token && token.length <= 128) {
      const info = c.get('info');
      const found = await lookupSession(services.db, token, info.now, config);
      if (found.kind === 'ok') c.set('principal', found.principal);
      else if (found.kind === 'expired') {
        c.set('sessionExpired', true);
        await services.db.transaction().execute(async (tx) => {
          await revokeSession(tx, found.sessionId, info.now);
          const user = await tx
            .selectFrom('users')
            .select(['username', 'role'])
            .where('id', '=', found.userId)
            .executeTakeFirst();
          await audit(tx, services, info, undefined, {
            action: 'auth.session.expired',
            reason:
              found.why === 'idle'
                ? `idle for ${config.session.idleMinutes} minutes`
                : `absolute lifetime of ${config.session.absoluteHours} hours reached`,
            subject: { userId: found.userId, username: user?.username ?? null, role: user?.role ?? null },
          });
        });
      }
    }
    await next();
  });

  // 4. CSRF: every state-changing API request carries the CSRF token in a header, equal to the cookie and, with a
  //    session, bound to that session; a cross-site Origin is refused outright.
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      if (origin && host && new URL(origin).host !== host) throw new Forbidden('Cross-site request refused', 'csrf');
      const header = c.req.header('x-csrf-token');
      const cookie = readCsrfCookie(c, tls);
      if (!header || !cookie || header !== cookie)
        throw new Forbidden('Missing or wrong CSRF token; reload the page', 'csrf');
      const principal = c.get('principal');
      if (principal && principal.csrfHash !== sha256Hex(header)) {
        throw new Forbidden('The CSRF token does not belong to this session; reload the page', 'csrf');
      }
    }
    await next();
  });

  // 5. The API.
  mountRoutes(app, routes, services);
  const openApi = buildOpenApi(routes, API_VERSION);
  app.get('/api/openapi.json', (c) => c.json(openApi));
  app.get('/api/docs', (c) => c.html(renderApiReference(openApi)));
  app.all('/api/*', (c) => {
    const known = routes.some((r) => new RegExp('^' + r.path.replace(/:[^/]+/gu, '[^/]+') + '$', 'u').test(c.req.path));
    if (known) throw new MethodNotAllowed(`${c.req.method} is not supported here`);
    throw new NotFound('No such API endpoint');
  });

  // 6. The web app: exact files from the build, and index.html for the app's own paths.
  const files = loadStaticFiles(options.webDir ?? '');
  app.get('*', (c) => {
    const file = files.get(c.req.path) ?? (extnameless(c.req.path) ? files.get('/index.html') : undefined);
    if (!file) {
      if (files.size === 0) return c.text('The web app is not built. Run npm run build.', 404);
      return c.text('Not found', 404);
    }
    c.header('Content-Type', file.type);
    c.header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-store');
    return c.body(new Uint8Array(file.body));
  });

  // 7. The one error handler: known errors as problem details; anything else a 500 with a trace id only.
  app.onError((error, c) => {
    const info = c.get('info');
    const traceId = info?.traceId ?? randomUUID();
    let appError: AppError | undefined = error instanceof AppError ? error : undefined;
    if (!appError && error instanceof HTTPException) {
      if (error.status === 413) appError = new PayloadTooLarge('The request body is too large');
      else if (error.status === 404) appError = new NotFound('Not found');
    }
    if (!appError && isBadInputFromDatabase(error)) {
      appError = new NotFound('Not found');
    }
    if (appError) {
      if (appError instanceof TooManyRequests) c.header('Retry-After', String(appError.retryAfterSeconds));
      return c.body(JSON.stringify(problemOf(appError, traceId, c.req.path)), appError.status as 400, {
        'Content-Type': PROBLEM_MEDIA_TYPE,
      });
    }
    logger.error('Unexpected error', { traceId, route: c.req.routePath, method: c.req.method, ...errorFields(error) });
    const status = isDatabaseDown(error) ? 503 : 500;
    const body = {
      type: PROBLEM_TYPE_BASE + (status === 503 ? 'service-unavailable' : 'internal'),
      title: status === 503 ? 'Service unavailable' : 'Unexpected error',
      status,
      detail: `Something went wrong on our side. Quote trace id ${traceId} when reporting it.`,
      traceId,
    };
    return c.body(JSON.stringify(body), status, { 'Content-Type': PROBLEM_MEDIA_TYPE });
  });

  app.notFound((c) => c.text('Not found', 404));
  return { app, routes };
}

function extnameless(path: string): boolean {
  const last = path.split('/').pop() ?? '';
  return !last.includes('.');
}

/** Input the database refused as malformed (e.g. a value out of range) is a client error, not a crash. */
function isBadInputFromDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code === '22P02' || code === '22008' || code === '22003');
}

function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    (code === 'ECONNREFUSED' || code === '57P01' || code === '08006' || code === '08001' || code === '42501')
  );
}
