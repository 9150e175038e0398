import { describe, expect, it, vi } from 'vitest';
import { SessionInfo, type ProblemDetails } from '@charta/contracts';
import { buildQuery, createApiClient, type ApiClientOptions } from './client.js';
import { ApiError } from './problem.js';

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

function fakeServer(respond: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchFn = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return Promise.resolve(respond(call));
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

function headerOf(call: Call | undefined, name: string): string | null {
  return new Headers(call?.init.headers).get(name);
}

const signedOut = { authenticated: false, csrfToken: 'tok-1' };
const problem401: ProblemDetails = { type: 'about:blank', title: 'Unauthorized', status: 401, traceId: 't-401' };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

function client(server: ReturnType<typeof fakeServer>, extra: Partial<ApiClientOptions> = {}, cookie = () => '') {
  return createApiClient({ fetch: server.fetch, cookies: cookie, ...extra });
}

describe('createApiClient', () => {
  it('sends the CSRF cookie value on writes, read afresh before each one', async () => {
    const server = fakeServer(() => new Response(null, { status: 204 }));
    let cookie = 'charta_csrf=first';
    const api = client(server, {}, () => cookie);
    await api.empty('/api/v1/auth/logout', { method: 'POST' });
    cookie = 'charta_csrf=rotated';
    await api.empty('/api/v1/auth/logout', { method: 'POST' });
    expect(server.calls.map((c) => headerOf(c, 'X-CSRF-Token'))).toEqual(['first', 'rotated']);
  });

  it('sends no CSRF header on reads', async () => {
    const server = fakeServer(() => json(signedOut));
    await client(server, {}, () => 'charta_csrf=abc').json('/api/v1/session', SessionInfo);
    expect(headerOf(server.calls[0], 'X-CSRF-Token')).toBeNull();
  });

  it('falls back to the remembered token only when the cookie is missing', async () => {
    const server = fakeServer(() => new Response(null, { status: 204 }));
    const api = client(server);
    api.rememberCsrfToken('from-response');
    await api.empty('/api/v1/auth/logout', { method: 'POST' });
    expect(headerOf(server.calls[0], 'X-CSRF-Token')).toBe('from-response');
  });

  it('asks the browser not to cache responses and sends JSON bodies', async () => {
    const server = fakeServer(() => json({ stage: 'mfa_challenge', csrfToken: 'x' }));
    await client(server).json('/api/v1/auth/login', SessionInfo.pick({ csrfToken: true }), {
      method: 'POST',
      body: { username: 'u', password: 'p' },
    });
    const call = server.calls[0];
    expect(call?.init.cache).toBe('no-store');
    expect(call?.init.credentials).toBe('same-origin');
    expect(call?.init.body).toBe('{"username":"u","password":"p"}');
    expect(headerOf(call, 'Content-Type')).toBe('application/json');
  });

  it('reports an unexpected 401 as the end of the session', async () => {
    const server = fakeServer(() => json(problem401, 401));
    const onUnauthorized = vi.fn();
    const api = client(server, { onUnauthorized });
    await expect(api.json('/api/v1/users', SessionInfo)).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledWith(problem401);
  });

  it('leaves a 401 to the sign-in form when the call expects one', async () => {
    const server = fakeServer(() => json({ ...problem401, detail: 'Incorrect username or password' }, 401));
    const onUnauthorized = vi.fn();
    const api = client(server, { onUnauthorized });
    const error: unknown = await api
      .json('/api/v1/auth/login', SessionInfo, { method: 'POST', body: {}, allowUnauthorized: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.detail).toBe('Incorrect username or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns a failed connection into a problem with status 0', async () => {
    const api = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), cookies: () => '' });
    await expect(api.json('/api/v1/session', SessionInfo)).rejects.toMatchObject({ problem: { status: 0 } });
  });

  it('rejects a success body that does not match the contract', async () => {
    const server = fakeServer(() => json({ authenticated: 'yes' }));
    await expect(client(server).json('/api/v1/session', SessionInfo)).rejects.toMatchObject({
      problem: { title: 'Unexpected response from the server' },
    });
  });

  it("passes the server's Date header on for clock-offset estimation", async () => {
    const server = fakeServer(() => json(signedOut, 200, { Date: 'Mon, 30 Nov 2026 10:00:00 GMT' }));
    const onServerDate = vi.fn();
    await client(server, { onServerDate, now: () => 42 }).json('/api/v1/session', SessionInfo);
    expect(onServerDate).toHaveBeenCalledWith(Date.parse('2026-11-30T10:00:00Z'), 42);
  });
});

describe('buildQuery', () => {
  it.each([
    [{}, ''],
    [{ user: 'coder1', action: '', patient: undefined }, '?user=coder1'],
    [{ emergency: true, limit: 100, before: 5 }, '?emergency=true&limit=100&before=5'],
    [{ q: 'Doe & Co' }, '?q=Doe+%26+Co'],
  ])('encodes %j as %j', (query, expected) => {
    expect(buildQuery(query)).toBe(expected);
  });
});
