import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function runServer(env: Record<string, string>): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'charta-start-'));
  try {
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, CHARTA_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('server start-up', () => {
  it('refuses a bad setting with a message naming it and exit code 2', () => {
    const r = runServer({ PORT: 'eighty', SESSION_IDLE_MINUTES: '900' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('SESSION_IDLE_MINUTES');
  });

  it('refuses to run with certificate checks turned off', () => {
    const r = runServer({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NODE_TLS_REJECT_UNAUTHORIZED');
  });

  it('says clearly when the database is unreachable, and exits non-zero', () => {
    const r = runServer({ DATABASE_URL: 'postgres://charta@127.0.0.1:1/charta' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the PostgreSQL server/iu);
  });
});
