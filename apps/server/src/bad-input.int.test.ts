import { roleMay, ALL_ROLES } from '@charta/core';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from './http/route.js';
import { sampleRequest } from './route-samples.js';
import { createTestServer, type TestClient, type TestResponse, type TestServer } from './test-support.js';

const INJECTIONS = [
  "'; drop table users; --",
  "1' or '1'='1",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '\u0000',
  'a'.repeat(20_000),
  '\ud800',
];

function expectProblem(res: TestResponse, what: string): void {
  expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
  expect(res.headers.get('content-type'), what).toContain('application/problem+json');
  const body = res.json<{ type: string; title: string; status: number; traceId: string }>();
  expect(body.status).toBe(res.status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.traceId).toBe('string');
  expect(res.text).not.toMatch(/\n\s+at /u);
}

/** Replaces the string at each path of a sample body in turn. */
function* stringPaths(value: unknown, path: string[] = []): Generator<string[]> {
  if (typeof value === 'string') yield path;
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* stringPaths(v, [...path, k]);
}
function withValue(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
  const [head, ...rest] = path;
  (copy as Record<string, unknown>)[head!] = withValue((value as Record<string, unknown>)[head!], rest, replacement);
  return copy;
}

describe.each(testDatabases())('bad input on every route on $name', (kind) => {
  let s: TestServer;
  let admin: TestClient;
  let challenge: TestClient;
  const byRole = new Map<string, TestClient>();
  let patientId: string;

  beforeAll(async () => {
    s = await createTestServer(kind);
    admin = await s.signIn('administrator');
    for (const role of ALL_ROLES) byRole.set(role, role === 'administrator' ? admin : await s.signIn(role));
    s.clock.advance(30_000);
    challenge = s.client();
    await challenge.get('/api/v1/session');
    await challenge.post('/api/v1/auth/login', { username: 'admin', password: 'correct-horse-battery-staple-7' });
    const rel = await s.handle.db
      .selectFrom('care_relationships')
      .select('patient_id')
      .where('user_id', '=', s.users.physician.id)
      .executeTakeFirstOrThrow();
    patientId = rel.patient_id;
  });
  afterAll(async () => {
    await s?.close();
  });

  function clientFor(route: RouteSpec): TestClient {
    if (route.access.kind === 'public') return s.client();
    if (route.access.kind === 'session') return route.access.stages.includes('active') ? admin : challenge;
    const action = route.access.action;
    const role = ALL_ROLES.find((r) => roleMay(r, action))!;
    return byRole.get(role)!;
  }

  async function counts(): Promise<Record<string, number>> {
    const tables = ['users', 'patients', 'emergency_access_grants', 'security_policy', 'recovery_codes'] as const;
    const out: Record<string, number> = {};
    for (const t of tables) {
      const r = await s.handle.db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  }

  it('answers malformed JSON, a wrong content type, an oversized or too-deep body and unknown fields with problem details', async () => {
    for (const route of s.routes.filter((r) => r.body)) {
      const c = clientFor(route);
      if (route.access.kind === 'public') await c.get('/api/v1/session');
      const sample =
        route.path.includes('/auth/') && !sampleOf(route, s, patientId)
          ? { path: route.path, body: {} }
          : sampleOf(route, s, patientId)!;
      const name = `${route.method} ${route.path}`;
      const method = route.method.toUpperCase();
      expectProblem(await c.request(method, sample.path, '{"unterminated": '), `${name} malformed`);
      expectProblem(
        await c.request(method, sample.path, JSON.stringify(sample.body), { 'content-type': 'text/plain' }),
        `${name} content type`,
      );
      expect(
        (await c.request(method, sample.path, JSON.stringify(sample.body), { 'content-type': 'text/plain' })).status,
      ).toBe(415);
      const big = await c.request(
        method,
        sample.path,
        JSON.stringify({ pad: 'x'.repeat((route.bodyLimitBytes ?? 1024 * 1024) + 100_000) }),
      );
      expectProblem(big, `${name} oversized`);
      expect(big.status).toBe(413);
      expectProblem(await c.request(method, sample.path, '['.repeat(5000) + ']'.repeat(5000)), `${name} deep`);
      expectProblem(await c.request(method, sample.path, ''), `${name} empty`);
      const unknown = await c.request(method, sample.path, { ...(sample.body as object), zzUnknown: 1 });
      expectProblem(unknown, `${name} unknown field`);
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('zzUnknown');
    }
  });

  it('never fails with a 5xx on injection attempts in any field, parameter or query value, and stores nothing from them', async () => {
    const before = await counts();
    for (const route of s.routes) {
      const c = clientFor(route);
      if (route.access.kind === 'public') await c.get('/api/v1/session');
      const sample = sampleOf(route, s, patientId);
      if (!sample) continue;
      const method = route.method.toUpperCase();
      const name = `${route.method} ${route.path}`;
      for (const inj of INJECTIONS) {
        if (/[0-9a-f]{8}-[0-9a-f]{4}-/u.test(sample.path)) {
          const badPath = sample.path.replace(/[0-9a-f-]{36}/u, safeEncode(inj));
          expectProblem(await c.request(method, badPath, sample.body), `${name} id=${inj.slice(0, 20)}`);
        }
        if (sample.path.includes('?')) {
          const url = new URL(sample.path, 'http://x');
          for (const key of [...url.searchParams.keys()]) {
            const u = new URL(url);
            u.searchParams.set(key, inj);
            const res = await c.request(method, u.pathname + u.search, sample.body);
            expect(res.status, `${name} ?${key}`).toBeLessThan(500);
          }
        }
        if (sample.body) {
          for (const path of stringPaths(sample.body)) {
            const res = await c.request(method, sample.path, withValue(sample.body, path, inj));
            expect(
              res.status,
              `${name} /${path.join('/')}=${inj.slice(0, 20)}: ${res.text.slice(0, 160)}`,
            ).toBeLessThan(500);
            if (res.status >= 400) expectProblem(res, name);
          }
        }
      }
    }
    const after = await counts();
    // A well-formed create-user sample may add users; injected values must not.
    const created = await s.handle.db
      .selectFrom('users')
      .select('display_name')
      .where('display_name', 'like', '%<%')
      .execute();
    expect(created).toEqual([]);
    expect(after['patients']).toBe(before['patients']);
    expect(after['security_policy']).toBe(before['security_policy']);
  });

  it('answers an unknown API path or method with problem details', async () => {
    expectProblem(await admin.get('/api/v1/no-such-thing'), 'unknown path');
    const wrongMethod = await admin.request('DELETE', '/api/v1/users');
    expectProblem(wrongMethod, 'wrong method');
    expect(wrongMethod.status).toBe(405);
  });
});

function sampleOf(route: RouteSpec, s: TestServer, patientId: string): { path: string; body?: unknown } | undefined {
  try {
    return sampleRequest(route, s, patientId);
  } catch {
    return route.method === 'get' ? { path: route.path } : route.body ? undefined : { path: route.path };
  }
}

/** encodeURIComponent, with a lone surrogate sent as its raw (invalid) UTF-8 bytes instead of throwing. */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}
