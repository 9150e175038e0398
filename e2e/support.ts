import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '@charta/server';
import { testConfig } from '../apps/server/src/test-support.js';

export const repoRoot = resolve(import.meta.dirname, '..');

/** Chromium from CHROMIUM_PATH or the usual system locations; browser tests skip when there is none. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}

export const chromiumPath = findChromium();
if (!chromiumPath) {
  process.stderr.write(
    '\nBrowser tests SKIPPED: no Chromium found (set CHROMIUM_PATH, or install Debian package chromium).\n\n',
  );
}

/** Builds the web app once if it has not been built. */
export function ensureWebBuilt(): string {
  const dist = join(repoRoot, 'apps', 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    const r = spawnSync('npm', ['run', 'build', '-w', '@charta/web'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('Building the web app failed');
  }
  return dist;
}

export interface E2eEnvironment {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly password: string;
  close(): Promise<void>;
}

/** The real server (HTTP on a free port, embedded database on disk, demo seed) and a headless Chromium. */
export async function startE2e(): Promise<E2eEnvironment> {
  const webDir = ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'charta-e2e-'));
  const server = await startServer({
    config: testConfig(dir, { database: { kind: 'pglite', dir: join(dir, 'pglite') } }),
    webDir,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    browser,
    password: server.demo?.password ?? '',
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
