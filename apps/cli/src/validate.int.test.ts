import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../server/src/test-support.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** A deterministic pseudo-random generator, so the batch is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// A mix of valid codes, headers, codes with Excludes1 partners, manifestation codes, maternity/newborn codes,
// external causes, malformed codes and procedure codes, so that every kind of finding occurs.
const DX = [
  'I5023',
  'J9601',
  'E119',
  'E11',
  'J441',
  'N390',
  'I4891',
  'I10',
  'F458',
  'G4763',
  'O80',
  'P0735',
  'G20',
  'F0280',
  'V4352XA',
  'S72001A',
  'S7200',
  'Z3800',
  'K219',
  'N179',
  'XYZ12',
  'A419',
  'R6520',
  'E875',
  'D649',
];
const PX = ['0DTJ4ZZ', '02703ZZ', '0SR9019', '5A1955Z', '0FT44ZZ', 'ZZZZZZZ', '3E033VJ'];
const POA = ['Y', 'N', 'U', 'W', '1', undefined];

function encounters(count: number): Record<string, unknown>[] {
  const r = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const inpatient = r() < 0.7;
    const day = Math.floor(r() * 500);
    const admit = new Date(Date.UTC(2025, 6, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const discharge = new Date(Date.UTC(2025, 6, 1) + (day + 1 + Math.floor(r() * 6)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const dx = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
      const poa = pick(POA);
      return inpatient && poa ? { code: pick(DX), poa } : { code: pick(DX) };
    });
    out.push({
      id: `SYN-${i}`,
      ageYears: Math.floor(r() * 95),
      sex: pick(['M', 'F', 'U']),
      encounterType: inpatient ? 'inpatient' : pick(['outpatient', 'emergency', 'observation']),
      admitDate: admit,
      ...(inpatient ? { dischargeDate: discharge, dischargeStatus: pick(['01', '06', '20', '03']) } : {}),
      diagnoses: dx,
      procedures: inpatient ? Array.from({ length: Math.floor(r() * 3) }, () => ({ code: pick(PX), date: admit })) : [],
    });
  }
  return out;
}

function charta(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('charta validate and the API agree', () => {
  let dir: string;
  let s: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charta-validate-'));
    s = await createTestServer(testDatabases()[0]!);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces the same findings for 10,000 synthetic encounters, and reports a bad row while the rest complete', async () => {
    const batch = encounters(10_000);
    const lines = batch.map((e) => JSON.stringify(e));
    lines.splice(5000, 0, '{"id": "broken", "ageYears": "old"');
    const file = join(dir, 'batch.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const cli = await charta(['validate', file, '--json']);
    expect([0, 3]).toContain(cli.status);
    const out = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = out.pop() as { summary: { encounters: number; rejectedRows: number } };
    expect(summary.summary).toMatchObject({ encounters: 10_000, rejectedRows: 1 });
    const rejected = out.filter((o) => o['rejected']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.['line']).toBe(5001);
    const cliById = new Map(out.filter((o) => !o['rejected']).map((o) => [o['id'] as string, o['findings']]));

    const coder = await s.signIn('coder');
    let compared = 0;
    for (let i = 0; i < batch.length; i += 1000) {
      const res = await coder.post('/api/v1/codes/validate', { encounters: batch.slice(i, i + 1000) });
      expect(res.status).toBe(200);
      const results = res.json<{ results: { id: string; findings: unknown }[] }>().results;
      for (const r of results) {
        expect(cliById.get(r.id), r.id).toEqual(r.findings);
        compared++;
      }
    }
    expect(compared).toBe(10_000);
    const kinds = new Set([...cliById.values()].flatMap((f) => (f as { ruleId: string }[]).map((x) => x.ruleId)));
    expect(kinds.size).toBeGreaterThan(10);
  });
});
