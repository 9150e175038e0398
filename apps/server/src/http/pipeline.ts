import { roleMay } from '@charta/core';
import type { Hono } from 'hono';
import type { ZodType } from 'zod';
import { idleLimitMs, touchSession } from '../auth/sessions.js';
import { audit } from './audit.js';
import { readBodyBytes } from './body.js';
import type { HonoEnv, Services } from './context.js';
import {
  Forbidden,
  PayloadTooLarge,
  Unauthenticated,
  UnsupportedMediaType,
  ValidationError,
  zodFieldErrors,
} from './errors.js';
import type { RouteSpec } from './route.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const MAX_JSON_DEPTH = 64;

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, root: string, what: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The ${what} is not valid`, zodFieldErrors(result.error, root));
  return result.data;
}

function jsonDepth(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH) return depth;
  if (value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const v of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, jsonDepth(v, depth + 1));
    if (max > MAX_JSON_DEPTH) break;
  }
  return max;
}

/** Reads a JSON body with a size limit that holds even when Content-Length is absent or wrong. */
async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/u.test(type)) {
    throw new UnsupportedMediaType('Send the request body as application/json');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLarge(`The body may be at most ${limit} bytes`);
  if (!req.body)
    throw new ValidationError('The request body is empty', [
      { path: '', code: 'required', message: 'A JSON body is required' },
    ]);
  const bytes = await readBodyBytes(req, limit);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.trim().length === 0) {
    throw new ValidationError('The request body is empty', [
      { path: '', code: 'required', message: 'A JSON body is required' },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON', [
      { path: '', code: 'invalid_json', message: 'Malformed JSON' },
    ]);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new ValidationError('The request body is nested too deeply', [
      { path: '', code: 'too_deep', message: `At most ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  return value;
}

function queryObject(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in out)
      throw new ValidationError('A query parameter is repeated', [
        { path: `/query/${key}`, code: 'duplicate', message: `Give ${key} once` },
      ]);
    out[key] = value;
  }
  return out;
}

/**
 * Mounts routes. For each request, in order: access (deny by default), params, query, body, handler. A signed-in
 * user refused by the permission matrix gets 403 and, on PHI routes and every other, an audit event (SEC-17).
 */
export function mountRoutes(app: Hono<HonoEnv>, routes: readonly RouteSpec[], services: Services): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const info = c.get('info');
      const principal = c.get('principal');
      const access = route.access;
      if (access.kind !== 'public') {
        if (!principal) {
          throw new Unauthenticated(
            c.get('sessionExpired') ? 'Your session has expired; sign in again' : 'Sign in to continue',
          );
        }
        if (access.kind === 'session') {
          if (!access.stages.includes(principal.stage)) {
            throw new Unauthenticated('Complete multi-factor authentication to continue');
          }
        } else {
          if (principal.stage !== 'active')
            throw new Unauthenticated('Complete multi-factor authentication to continue');
          if (!roleMay(principal.role, access.action)) {
            await audit(services.db, services, info, principal, {
              action: 'access.denied',
              outcome: 'denied',
              detail: { route: route.path, method: route.method, permission: access.action },
            });
            throw new Forbidden('Your role does not allow this');
          }
        }
      }
      let current = principal;
      if (principal && route.activity !== false) {
        // Real requests are user activity and restart the idle timer; polling routes opt out (SEC-08).
        await touchSession(services.db, principal.sessionId, info.now);
        current = {
          ...principal,
          idleExpiresAt: new Date(info.now.getTime() + idleLimitMs(principal.stage, services.config)),
        };
        c.set('principal', current);
      }
      const params = parseWith(route.params, c.req.param(), '/params', 'path');
      const query = parseWith(route.query, queryObject(c.req.url), '/query', 'query string');
      const rawBody = route.body
        ? await readJsonBody(c.req.raw, route.bodyLimitBytes ?? DEFAULT_BODY_LIMIT)
        : undefined;
      const body = parseWith(route.body, rawBody, '', 'request body');
      const result = await route.handler({ body, query, params, info, principal: current, services, c });
      if (result instanceof Response) return result;
      const status = result.status ?? 200;
      for (const [k, v] of Object.entries(result.headers ?? {})) c.header(k, v);
      if (status === 204 || result.body === undefined) return c.body(null, status as 204);
      return c.json(result.body as object, status as 200);
    });
  }
}
