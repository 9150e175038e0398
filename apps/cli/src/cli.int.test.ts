import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest, openDatabase } from '@charta/db';
import { chainHead, checkpointFile, loadOrCreateSecrets, seedDemo, startServer, writeCheckpoint } from '@charta/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function charta(dataDir: string, args: string[], input?: string): Promise<CliRun> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CHARTA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolveRun({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Prepares an embedded database on disk with the demo seed and a checkpoint, as a first server start would. */
async function prepare(dataDir: string): Promise<void> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await migrateToLatest(handle.db as never);
  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));
  await seedDemo(handle.db, secrets.auditKey, 'cli-test-password-123', new Date('2026-01-15T09:00:00Z'));
  const head = await chainHead(handle.db);
  if (head) writeCheckpoint(checkpointFile(dataDir), secrets.auditKey, head);
  await handle.close();
}

async function tamper(dataDir: string, statement: string): Promise<void> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await sql
    .raw(`alter table audit_events disable trigger user; ${statement}; alter table audit_events enable trigger user`)
    .execute(handle.db);
  await handle.close();
}

describe('charta command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-cli-'));
    await prepare(dir);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an intact chain with exit 0 and JSON output', async () => {
    const r = await charta(dir, ['audit', 'verify', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, firstBad: null });
  });

  it('creates, lists and deactivates users, refusing bad input with exit 2', async () => {
    const bad = await charta(dir, ['users', 'create', '--username', 'x', '--role', 'wizard', '--json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--role');
    const weak = await charta(
      dir,
      ['users', 'create', '--username', 'newcoder', '--role', 'coder', '--password-stdin'],
      'short',
    );
    expect(weak.status).toBe(2);
    const created = await charta(
      dir,
      ['users', 'create', '--username', 'newcoder', '--role', 'coder', '--password-stdin', '--json'],
      'a-sufficiently-long-passphrase',
    );
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'newcoder', role: 'coder' });
    const list = await charta(dir, ['users', 'list', '--json']);
    expect(JSON.parse(list.stdout).users.map((u: { username: string }) => u.username)).toContain('newcoder');
    const off = await charta(dir, ['users', 'deactivate', 'newcoder', '--json']);
    expect(JSON.parse(off.stdout)).toMatchObject({ changed: true });
    const missing = await charta(dir, ['users', 'deactivate', 'nobody']);
    expect(missing.status).toBe(2);
  });

  it('exports FHIR AuditEvent NDJSON', async () => {
    const r = await charta(dir, ['audit', 'export', '--action', 'user', '--from', '2026-01-01']);
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { resourceType: string });
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.resourceType === 'AuditEvent')).toBe(true);
    expect((await charta(dir, ['audit', 'export', '--from', '2026-13-45'])).status).toBe(2);
  });

  it('works through the running server when the server holds the embedded database', async () => {
    const { testConfig } = await import('../../server/src/test-support.js');
    const server = await startServer({
      config: testConfig(dir, { database: { kind: 'pglite', dir: join(dir, 'pglite') } }),
    });
    try {
      const r = await charta(dir, ['users', 'list', '--json']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).users.length).toBeGreaterThan(5);
      const v = await charta(dir, ['audit', 'verify', '--json']);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: true });
      const created = await charta(
        dir,
        ['users', 'create', '--username', 'bridgeuser', '--role', 'auditor', '--password-stdin', '--json'],
        'another-long-enough-passphrase',
      );
      expect(created.status).toBe(0);
    } finally {
      await server.stop();
    }
    expect(JSON.parse((await charta(dir, ['audit', 'verify', '--json'])).stdout)).toMatchObject({ ok: true });
  });

  it('names the first altered event and exits 3', async () => {
    await tamper(dir, `update audit_events set username = 'mallory' where seq = 4`);
    const r = await charta(dir, ['audit', 'verify', '--json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).firstBad.seq).toBe(4);
    const human = await charta(dir, ['audit', 'verify']);
    expect(human.stdout).toMatch(/BROKEN at event 4/u);
  });

  it('prints help and exits 0', () => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts', '--help'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('audit');
  });
});
