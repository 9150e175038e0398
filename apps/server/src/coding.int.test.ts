import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from './test-support.js';

// The coding routes read reference data only; one database kind is enough.
const kind = testDatabases()[0]!;

describe('coding API', () => {
  let s: TestServer;
  let coder: TestClient;
  beforeAll(async () => {
    s = await createTestServer(kind);
    coder = await s.signIn('coder');
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  it('finds J44.1 first for "copd exacerbation" and shows its Tabular notes', async () => {
    const res = await coder.get('/api/v1/codes/search?q=copd%20exacerbation&date=2026-01-15&limit=10');
    expect(res.status).toBe(200);
    const hits = res.json<{ hits: { code: string; billable: boolean }[] }>().hits;
    expect(hits.slice(0, 3).map((h) => h.code)).toContain('J441');
    const detail = await coder.get('/api/v1/codes/ICD-10-CM/J44.1?date=2026-01-15');
    expect(detail.status).toBe(200);
    expect(detail.text).toMatch(/J44/u);
  });

  it('validates an encounter and reports a finding with its rule and path', async () => {
    const res = await coder.post('/api/v1/codes/validate', {
      ageYears: 40,
      sex: 'M',
      encounterType: 'inpatient',
      admitDate: '2026-01-10',
      dischargeDate: '2026-01-15',
      dischargeStatus: '01',
      diagnoses: [{ code: 'E11', poa: 'Y' }],
      procedures: [],
    });
    expect(res.status).toBe(200);
    const findings = res.json<{ results: { findings: { ruleId: string; path: string }[] }[] }>().results[0]!.findings;
    expect(findings.some((f) => f.ruleId === 'CM.HEADER_CODE' && f.path === '/diagnoses/0/code')).toBe(true);
  });

  it('answers a malformed code with a 400 naming the field', async () => {
    const res = await coder.post('/api/v1/codes/validate', {
      ageYears: 40,
      sex: 'X',
      encounterType: 'inpatient',
      admitDate: '2026-01-10',
      diagnoses: [],
      procedures: [],
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('/sex');
    expect((await coder.get('/api/v1/codes/ICD-10-CM/ZZZ9999')).status).toBe(404);
  });

  it('offers only valid next characters in the PCS builder', async () => {
    const res = await coder.get('/api/v1/codes/pcs-builder?prefix=0DT');
    expect(res.status).toBe(200);
    expect(res.text).toContain('J');
  });
});
