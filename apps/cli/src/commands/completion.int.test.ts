import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CompletionReport } from '@charta/contracts';
import { migrateToLatest, openDatabase } from '@charta/db';
import { loadDemoRecords, loadOrCreateSecrets, seedDemo } from '@charta/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

function charta(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CHARTA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end('');
  });
}

describe('charta completion report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-completion-cli-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    await migrateToLatest(handle.db as never);
    const secrets = loadOrCreateSecrets(join(dir, 'secrets.json'));
    const at = new Date('2026-03-31T12:00:00Z');
    await seedDemo(handle.db, secrets.auditKey, 'cli-test-password-123', at);
    const org = await handle.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    const loaded = await loadDemoRecords(handle.db, {
      orgId: org.id,
      auditKey: secrets.auditKey,
      now: at,
      patients: 20,
    });
    expect(loaded.rejected).toBe(0);
    await handle.close();
  }, 300_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the report as JSON: clinicians, delinquency rate and timeliness', async () => {
    const r = await charta(dir, ['completion', 'report', '--from', '2026-02-01', '--to', '2026-03-31', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CompletionReport;
    expect(report.from).toBe('2026-02-01');
    expect(report.to).toBe('2026-03-31');
    expect(report.threshold).toBe(0.5);
    expect(report.timeliness.discharges).toBeGreaterThan(0);
    expect(report.timeliness.windowHours).toBe(14 * 24);
    expect(report.delinquency.months).toHaveLength(3);

    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    try {
      const open = await handle.db
        .selectFrom('deficiencies')
        .select(handle.db.fn.countAll<string>().as('n'))
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
      expect(report.clinicians.reduce((n, c) => n + c.open, 0)).toBe(Number(open.n));
      const audited = await handle.db
        .selectFrom('audit_events')
        .select('detail')
        .where('action', '=', 'completion.report.read')
        .execute();
      expect(audited).toHaveLength(1);
    } finally {
      await handle.close();
    }

    const text = await charta(dir, ['completion', 'report', '--from', '2026-02-01', '--to', '2026-03-31']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Delinquency rate: /u);
    expect(text.stdout).toMatch(/Discharge summaries authenticated within 14 days: /u);
  });

  it('exits 2 on bad arguments', async () => {
    expect((await charta(dir, ['completion', 'report', '--from', '2026-02-30'])).status).toBe(2);
    expect((await charta(dir, ['completion', 'report', '--from', '2026-03-01', '--to', '2026-02-01'])).status).toBe(2);
    expect((await charta(dir, ['completion', 'report', '--bogus'])).status).toBe(2);
  });
});
