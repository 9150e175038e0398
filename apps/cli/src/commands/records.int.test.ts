import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { migrateToLatest, openDatabase } from '@charta/db';
import { loadOrCreateSecrets, seedDemo } from '@charta/server';
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

const patient = {
  resourceType: 'Patient',
  id: 'cli-patient-1',
  identifier: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      system: 'urn:test:mrn',
      value: 'CLI-0001',
    },
  ],
  name: [{ family: 'Commandline', given: ['Casey'] }],
  gender: 'male',
  birthDate: '1980-05-06',
};
const encounter = {
  resourceType: 'Encounter',
  id: 'cli-encounter-1',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
  subject: { reference: 'Patient/cli-patient-1' },
  period: { start: '2026-01-02T10:00:00Z', end: '2026-01-02T14:00:00Z' },
};

describe('charta import and export', () => {
  let dir: string;
  let files: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-fhir-cli-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    await migrateToLatest(handle.db as never);
    const secrets = loadOrCreateSecrets(join(dir, 'secrets.json'));
    await seedDemo(handle.db, secrets.auditKey, 'cli-test-password-123', new Date('2026-01-15T09:00:00Z'));
    await handle.close();
    files = join(dir, 'in');
    mkdirSync(files);
    writeFileSync(join(files, 'Patient.000.ndjson.gz'), gzipSync(JSON.stringify(patient) + '\n'));
    writeFileSync(join(files, 'Encounter.000.ndjson'), JSON.stringify(encounter) + '\n');
    const broken = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Condition',
            id: 'cli-condition-1',
            code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] },
            subject: { reference: 'Patient/nobody' },
          },
        },
      ],
    };
    writeFileSync(join(files, 'broken.json'), JSON.stringify(broken));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints counts per type with --json and exits 2 naming the rejected resource’s file and path', async () => {
    const r = await charta(dir, ['import', files, '--json']);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as {
      counts: Record<string, { imported: number; rejected: number }>;
      rejections: { source: string; path: string }[];
    };
    expect(out.counts['Patient']).toMatchObject({ imported: 1, rejected: 0 });
    expect(out.counts['Encounter']).toMatchObject({ imported: 1 });
    expect(out.counts['Condition']).toMatchObject({ rejected: 1 });
    expect(out.rejections).toEqual([
      expect.objectContaining({ source: 'broken.json', path: 'Bundle.entry[0].resource.subject.reference' }),
    ]);
    const again = await charta(dir, ['import', join(files, 'Patient.000.ndjson.gz'), '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ totals: { imported: 0, unchanged: 1, rejected: 0 } });
  });

  it('exports <Type>.ndjson files whose references resolve', async () => {
    const out = join(dir, 'out');
    const r = await charta(dir, ['export', '--out', out, '--json']);
    expect(r.status).toBe(0);
    const patients = readFileSync(join(out, 'Patient.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    const encounters = readFileSync(join(out, 'Encounter.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { subject: { reference: string } });
    const ids = new Set(patients.map((p) => `Patient/${p.id}`));
    expect(encounters.length).toBeGreaterThan(0);
    for (const e of encounters) expect(ids.has(e.subject.reference)).toBe(true);
  });
});
