import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest, openDatabase } from '@charta/db';
import { loadOrCreateSecrets, seedDemo } from '@charta/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

function charta(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CHARTA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '', HL7_ORG_ID: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

// Synthetic messages: every name, identifier and facility is made up.
const msh = (trigger: string, id: string) =>
  `MSH|^~\\&|SYNTHADT|NORTHWIND GEN|CHARTA|HIM|20260105143000||ADT^${trigger}^ADT_${trigger}|${id}|P|2.5.1`;
const BATCH = [
  'FHS|^~\\&|SYNTHADT|NORTHWIND GEN',
  msh('A01', 'CLI-1'),
  'PID|1||MRN990001^^^NWG^MR||TESTPATIENT^CLI||19750505|F',
  'PV1|1|I|4W^401^B^NWG||||||||||||||||VN990001',
  msh('A08', 'CLI-2'),
  'PID|1||MRN990404^^^NWG^MR||TESTPATIENT^NOBODY||19750505|F',
  'PV1|1|I',
  'FTS|1',
].join('\r');

interface Report {
  messages: { controlId: string; ackCode: string; status: string; duplicate: boolean }[];
  counts: { received: number; applied: number; duplicate: number; refused: number };
}

describe('charta hl7 import', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-cli-hl7-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    await migrateToLatest(handle.db as never);
    const secrets = loadOrCreateSecrets(join(dir, 'secrets.json'));
    await seedDemo(handle.db, secrets.auditKey, 'cli-test-password-123', new Date('2026-01-15T09:00:00Z'));
    await handle.close();
    writeFileSync(join(dir, 'adt.hl7'), BATCH);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies what it can, reports each message, exits 2 when one was refused, and does not apply a file twice', async () => {
    const first = await charta(dir, ['hl7', 'import', '--json', join(dir, 'adt.hl7')]);
    expect(first.status).toBe(2);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.messages.map((m) => [m.controlId, m.ackCode, m.status])).toEqual([
      ['CLI-1', 'AA', 'applied'],
      ['CLI-2', 'AE', 'error'],
    ]);
    const again = JSON.parse((await charta(dir, ['hl7', 'import', '--json', join(dir, 'adt.hl7')])).stdout) as Report;
    expect(again.counts).toEqual({ received: 2, applied: 0, duplicate: 1, refused: 1 });
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    try {
      const rows = await handle.db
        .selectFrom('hl7_messages')
        .select(['control_id', 'channel', 'receive_count'])
        .execute();
      expect(rows.sort((a, b) => String(a.control_id).localeCompare(String(b.control_id)))).toEqual([
        { control_id: 'CLI-1', channel: 'file', receive_count: 2 },
        { control_id: 'CLI-2', channel: 'file', receive_count: 2 },
      ]);
    } finally {
      await handle.close();
    }
  });

  it('refuses a missing file with exit 2 before applying anything', async () => {
    const r = await charta(dir, ['hl7', 'import', join(dir, 'adt.hl7'), join(dir, 'missing.hl7')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});
