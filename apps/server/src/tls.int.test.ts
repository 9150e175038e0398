import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';
import { testConfig } from './test-support.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!hasOpenssl)('TLS', () => {
  let dir: string;
  let server: RunningServer;
  let cert: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-tls-'));
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    expect(made.status).toBe(0);
    cert = readFileSync(join(dir, 'cert.pem'));
    server = await startServer({
      config: testConfig(dir, {
        tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
        database: { kind: 'pglite', dir: join(dir, 'pglite') },
      }),
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks HTTPS with HSTS and Secure __Host- cookies', async () => {
    const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        const req = httpsRequest(
          { host: '127.0.0.1', port: server.port, path: '/api/v1/session', ca: cert, servername: 'localhost' },
          (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(res.status).toBe(200);
    expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d+/u);
    expect(String(res.headers['set-cookie'])).toMatch(/__Host-charta_csrf=.*Secure/u);
  });

  it('does not answer plain HTTP', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/v1/session', timeout: 5000 }, (r) => {
        r.resume();
        resolve(`status ${r.statusCode}`);
      });
      req.on('error', () => resolve('refused'));
      req.on('timeout', () => {
        req.destroy();
        resolve('refused');
      });
      req.end();
    });
    expect(outcome).toBe('refused');
  });

  it('refuses TLS 1.1', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/',
          ca: cert,
          servername: 'localhost',
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
        },
        () => resolve('connected'),
      );
      req.on('error', () => resolve('refused'));
      req.end();
    });
    expect(outcome).toBe('refused');
  });
});
