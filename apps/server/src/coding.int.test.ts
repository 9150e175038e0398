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

describe('reimbursement API', () => {
  let s: TestServer;
  let coder: TestClient;
  beforeAll(async () => {
    s = await createTestServer(kind);
    coder = await s.signIn('coder');
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  it('groups heart failure with an MCC to DRG 291 and explains it', async () => {
    const res = await coder.post('/api/v1/drg/group', {
      ageYears: 67,
      sex: 'F',
      encounterType: 'inpatient',
      admitDate: '2026-01-10',
      dischargeDate: '2026-01-15',
      dischargeStatus: '01',
      diagnoses: [
        { code: 'I50.23', poa: 'Y' },
        { code: 'J96.01', poa: 'Y' },
      ],
      procedures: [],
      impact: true,
    });
    expect(res.status).toBe(200);
    const body = res.json<{
      result: { drg: string; mdc: string; explanation: { text: string } };
      impact: { codes: { code: string; drgWithout: string }[] };
    }>();
    expect(body.result).toMatchObject({ drg: '291', mdc: '05' });
    expect(body.result.explanation.text).toMatch(/J9601.*MCC/u);
    expect(body.impact.codes.find((c) => c.code === 'J9601')?.drgWithout).toBe('293');
    const alias = await coder.post('/api/drg/group', {
      encounters: [
        {
          ageYears: 67,
          sex: 'F',
          encounterType: 'inpatient',
          admitDate: '2026-01-10',
          dischargeDate: '2026-01-15',
          dischargeStatus: '01',
          diagnoses: [{ code: 'I50.23', poa: 'Y' }],
          procedures: [],
        },
      ],
    });
    expect(alias.json<{ results: { result: { drg: string } }[] }>().results[0]?.result.drg).toBe('293');
  });

  it('scores a CMS-HCC V28 person and lists the factors', async () => {
    const res = await coder.post('/api/v1/hcc/score', {
      settings: { paymentYear: 2026, normalizationFactor: 1, codingIntensityAdjustment: 0 },
      persons: [
        {
          id: 'SYN-001',
          sex: 'F',
          dateOfBirth: '1953-06-15',
          medicaidDual: 'non',
          segment: 'community',
          diagnoses: ['E11.9', 'E11.40', { code: 'I50.22', date: '2025-03-02' }, 'I10'],
        },
      ],
    });
    expect(res.status).toBe(200);
    // Worked example of the HCC README: 0.395 + 0.166 + 0.360 + 0.112 = 1.033.
    expect(res.json<{ results: { score: { rawScore: number } }[] }>().results[0]?.score.rawScore).toBe(1.033);
  });
});
