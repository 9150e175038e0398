/**
 * The code search over HTTP against the real server (loopback, embedded database on disk, demo seed): time from
 * start to the first answered search, and p50/p99 latency of the labelled query mix through the full stack (session,
 * CSRF-free GET, routing, validation, search, JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEARCH_QUERIES } from './search-queries.js';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A minimal cookie-keeping client for the bench (fetch does not keep cookies). */
class Client {
  readonly jar = new Map<string, string>();
  constructor(private readonly base: string) {}
  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size > 0) headers['cookie'] = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.jar.get('charta_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }
}

export async function benchSearchHttp(rounds = 5): Promise<Record<string, unknown>> {
  const { startServer, loadConfig, totpAt } = await import('@charta/server');
  const dir = mkdtempSync(join(tmpdir(), 'charta-bench-'));
  const t0 = performance.now();
  const config = { ...loadConfig({ CHARTA_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' }, dir) };
  const server = await startServer({ config });
  const listeningMs = performance.now() - t0;
  try {
    const c = new Client(`http://127.0.0.1:${server.port}`);
    await c.call('GET', '/api/v1/session');
    await c.call('POST', '/api/v1/auth/login', { username: 'coder', password: server.demo?.password });
    const start = (await (await c.call('POST', '/api/v1/auth/mfa/enrol/start')).json()) as { secret: string };
    await c.call('POST', '/api/v1/auth/mfa/enrol/confirm', { code: totpAt(start.secret, new Date()) });
    const first = await c.call('GET', '/api/v1/codes/search?q=copd%20exacerbation&date=2026-01-15&limit=10');
    if (first.status !== 200) throw new Error(`search answered ${first.status}`);
    await first.text();
    const firstSearchMs = performance.now() - t0;
    const latencies: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of SEARCH_QUERIES) {
        const t = performance.now();
        const res = await c.call(
          'GET',
          `/api/v1/codes/search?q=${encodeURIComponent(q.query)}&date=2026-01-15&limit=10`,
        );
        await res.text();
        latencies.push((performance.now() - t) * 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      server_listening_ms: Math.round(listeningMs),
      start_to_first_search_ms: Math.round(firstSearchMs),
      http_queries: latencies.length,
      http_p50_us: Math.round(percentile(latencies, 50)),
      http_p99_us: Math.round(percentile(latencies, 99)),
      note: 'start includes creating the embedded database, migrating and seeding the demo (first run)',
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
