import { randomUUID } from 'node:crypto';
import { CaseMixReport } from '@charta/contracts';
import { loadMsDrgTables } from '@charta/data';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';
import { CASE_MIX_CSV_COLUMNS } from './case-mix-csv.js';
import { readMsDrgGolden, storeSyntheticStay, type SyntheticStay } from './case-mix-fixtures.js';
import { computeCaseMix, hasCodingWorkItems } from './case-mix-query.js';

/**
 * Synthetic discharges built from MS-DRG golden cases (CMS 43.1 verdicts), so each one's DRG, type, severity and
 * HAC outcome is known without running the grouper. The expected figures are computed here from those verdicts and
 * the Table 5 weights, not by the aggregation under test.
 */
interface Placed {
  readonly golden: string;
  readonly discharge: string;
  readonly service: string;
  readonly attending: 'A' | 'B' | null;
}

// DRG 393 MCC, 644 CC, 645 without CC/MCC, 935 (not split), 918 CC in a "without MCC" member, 175 "with MCC or Acute
// Cor Pulmonale" reached with a CC only, surgical 496 CC and 219 MCC, and 949 with a HAC (POA N).
const PLACED: readonly Placed[] = [
  { golden: 'val-001', discharge: '2025-12-12', service: 'Medicine', attending: 'A' },
  { golden: 'val-003', discharge: '2026-01-05', service: 'Medicine', attending: 'A' },
  { golden: 'val-005', discharge: '2026-01-20', service: '', attending: null },
  { golden: 'val-010', discharge: '2026-01-31', service: 'Burn', attending: 'B' },
  { golden: 'val-029', discharge: '2026-02-02', service: 'Medicine', attending: 'B' },
  { golden: 'val-077', discharge: '2026-02-10', service: 'Medicine', attending: 'A' },
  { golden: 'val-136', discharge: '2026-02-11', service: 'Surgery', attending: 'B' },
  { golden: 'val-139', discharge: '2026-02-27', service: 'Surgery', attending: 'B' },
  { golden: 'val-199', discharge: '2026-02-28', service: 'Medicine', attending: 'A' },
];

describe.each(testDatabases())('case-mix analytics ($name)', (kind) => {
  let s: TestServer;
  let manager: TestClient;
  const tables = loadMsDrgTables();
  const golden = readMsDrgGolden();
  const ids = new Map<string, string>();
  let finalOnly = false;

  const store = (stay: Omit<SyntheticStay, 'orgId'> & { orgId?: string }) =>
    storeSyntheticStay(s.handle.db, { orgId: s.orgId, ...stay });

  beforeAll(async () => {
    s = await createTestServer(kind);
    manager = await s.signIn('him_manager');
    finalOnly = await hasCodingWorkItems(s.handle.db);
    const db = s.handle.db;
    for (const [key, family] of [
      ['A', 'Okafor'],
      ['B', 'Lindqvist'],
    ] as const) {
      const id = randomUUID();
      ids.set(key, id);
      await db
        .insertInto('practitioners')
        .values({ id, org_id: s.orgId, family_name: family, given_name: 'Test', credentials: 'MD', source_key: id })
        .execute();
    }
    for (const p of PLACED) {
      await store({
        encounter: golden.encounters.get(p.golden)!,
        discharge: p.discharge,
        service: p.service === '' ? null : p.service,
        attendingId: p.attending ? ids.get(p.attending)! : null,
      });
    }
    // Out of scope: an outpatient visit, a stay still in progress, a discharge after the period, a stay without
    // coded diagnoses, another organisation's stay, and (once work items exist) a stay not yet final-coded.
    const any = golden.encounters.get('val-001')!;
    await store({ encounter: any, type: 'outpatient', discharge: '2026-01-10', service: 'Medicine' });
    await store({ encounter: any, status: 'in_progress', discharge: null, service: 'Medicine' });
    await store({ encounter: any, discharge: '2026-03-01', service: 'Medicine' });
    await store({ encounter: { ...any, diagnoses: [] }, discharge: '2026-01-10', service: 'Medicine' });
    const otherOrg = randomUUID();
    await db.insertInto('organizations').values({ id: otherOrg, name: 'Elsewhere (synthetic)' }).execute();
    await store({ encounter: any, discharge: '2026-01-10', service: 'Medicine', orgId: otherOrg });
    if (finalOnly) await store({ encounter: any, discharge: '2026-01-11', service: 'Medicine', final: false });
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  /** The figures of a set of placed cases, computed from the golden verdicts and Table 5. */
  function expectedFigures(cases: readonly Placed[]) {
    const weightOf = (drg: string) => tables.drgs.find((d) => d.drg === drg)!.weight!;
    const verdicts = cases.map((c) => golden.verdicts.get(c.golden)!.drg);
    const total = verdicts.reduce((sum, v) => sum + weightOf(v.drg), 0);
    // Split families and member kinds, straight from the titles of Table 5 (own reading, not the code under test).
    const member = (drg: string): 'mcc' | 'cc' | 'without' | undefined => {
      const row = tables.drgs.find((d) => d.drg === drg)!;
      const family = tables.drgs.filter((d) => d.baseDrg === row.baseDrg).map((d) => d.title);
      const hasWith = family.some((t) => / with (MCC|CC)/u.test(t));
      const hasWithout = family.some((t) => / without (MCC|CC)/u.test(t));
      if (!hasWith || !hasWithout) return undefined;
      const first = / (with|without) (CC\/MCC|MCC|CC)\b/u.exec(row.title);
      if (!first) return undefined;
      return first[1] === 'without' ? 'without' : first[2] === 'MCC' ? 'mcc' : 'cc';
    };
    let eligible = 0;
    let captured = 0;
    let capturedMcc = 0;
    for (const v of verdicts) {
      const m = member(v.drg);
      if (m === undefined) continue;
      eligible++;
      const ok = (m === 'mcc' && v.severity === 'MCC') || (m === 'cc' && v.severity !== 'NON_CC');
      if (ok) captured++;
      if (ok && v.severity === 'MCC') capturedMcc++;
    }
    return {
      cases: cases.length,
      cmi: total / cases.length,
      totalWeight: total,
      medical: verdicts.filter((v) => v.med_surg === 'MEDICAL').length,
      surgical: verdicts.filter((v) => v.med_surg === 'SURGICAL').length,
      eligible,
      captured,
      capturedMcc,
      hacCases: verdicts.filter((v) => v.hac_categories > 0).length,
    };
  }

  it('computes CMI, DRG distribution, CC/MCC capture, mix and HAC counts for the period', async () => {
    const res = await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28&by=month');
    expect(res.status).toBe(200);
    // What goes out matches the published contract.
    const report = CaseMixReport.parse(res.json());
    const want = expectedFigures(PLACED);
    expect(report.scope).toBe(finalOnly ? 'final-coded' : 'discharged-coded');
    expect(report.total.cases).toBe(want.cases);
    expect(report.total.grouped).toBe(want.cases);
    expect(report.total.ungrouped).toBe(0);
    expect(report.total.cmi).toBeCloseTo(want.cmi, 4);
    expect(report.total.totalWeight).toBeCloseTo(want.totalWeight, 4);
    expect([report.total.medical, report.total.surgical]).toEqual([want.medical, want.surgical]);
    expect(report.total.capture).toMatchObject({
      eligible: want.eligible,
      captured: want.captured,
      capturedMcc: want.capturedMcc,
    });
    // Not captured: 645 (without CC/MCC), 918 (a CC in a "without MCC" member) and 175 (reached without an MCC).
    expect(want.eligible - want.captured).toBe(3);
    expect(report.total.capture.rate).toBeCloseTo(want.captured / want.eligible, 4);
    expect(report.total.hacCases).toBe(want.hacCases);
    expect(report.hacCategories.reduce((n, h) => n + h.cases, 0)).toBe(want.hacCases);

    const distribution = new Map<string, number>();
    for (const p of PLACED) {
      const drg = golden.verdicts.get(p.golden)!.drg.drg;
      distribution.set(drg, (distribution.get(drg) ?? 0) + 1);
    }
    expect(new Map(report.drgs.map((d) => [d.drg, d.cases]))).toEqual(distribution);
    expect(report.distinctDrgs).toBe(distribution.size);
    expect(report.grouperVersions).toEqual([{ version: '43.0', cases: PLACED.length }]);

    expect(report.groups.map((g) => g.key)).toEqual(['2025-12', '2026-01', '2026-02']);
    for (const g of report.groups) {
      const m = expectedFigures(PLACED.filter((p) => p.discharge.startsWith(g.key)));
      expect(g.cases).toBe(m.cases);
      expect(g.cmi).toBeCloseTo(m.cmi, 4);
    }
  });

  it('groups by service line (MDC when the service is empty) and by attending physician', async () => {
    const byService = (
      await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28&by=service')
    ).json<CaseMixReport>();
    const counts = Object.fromEntries(byService.groups.map((g) => [g.key, g.cases]));
    const mdc = golden.verdicts.get('val-005')!.drg;
    expect(counts).toEqual({
      Medicine: 5,
      Surgery: 2,
      Burn: 1,
      [`MDC ${tables.drgs.find((d) => d.drg === mdc.drg)!.table5Mdc}`]: 1,
    });
    const surgery = byService.groups.find((g) => g.key === 'Surgery')!;
    expect(surgery.cmi).toBeCloseTo(expectedFigures(PLACED.filter((p) => p.service === 'Surgery')).cmi, 4);

    const byAttending = (
      await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28&by=attending')
    ).json<CaseMixReport>();
    const a = byAttending.groups.find((g) => g.key === ids.get('A'))!;
    expect(a.label).toBe('Okafor, Test, MD');
    expect(a.cases).toBe(4);
    expect(a.cmi).toBeCloseTo(expectedFigures(PLACED.filter((p) => p.attending === 'A')).cmi, 4);
    expect(byAttending.groups.find((g) => g.key === 'none')?.cases).toBe(1);
  });

  it('answers the same figures as CSV, by Accept header or format=csv, and audits both', async () => {
    const json = (await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28')).json<CaseMixReport>();
    const res = await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28', { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/u);
    expect(res.headers.get('content-disposition')).toContain('case-mix-by-month-2025-12-01-to-2026-02-28.csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CASE_MIX_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + json.groups.length + 1);
    const total = lines[lines.length - 1]!.split(',');
    const col = (name: (typeof CASE_MIX_CSV_COLUMNS)[number]) => total[CASE_MIX_CSV_COLUMNS.indexOf(name)];
    expect(col('dimension')).toBe('total');
    expect(Number(col('cases'))).toBe(PLACED.length);
    expect(Number(col('cmi'))).toBe(json.total.cmi);
    expect(lines.slice(1, -1).map((l) => l.split(',')[1])).toEqual(['2025-12', '2026-01', '2026-02']);

    const viaFormat = await manager.get('/api/v1/analytics/case-mix?from=2025-12-01&to=2026-02-28&format=csv');
    expect(viaFormat.text).toBe(res.text);

    const events = await s.handle.db
      .selectFrom('audit_events')
      .select(['action', 'patient_id'])
      .where('action', 'like', 'analytics.case-mix.%')
      .execute();
    expect(events.some((e) => e.action === 'analytics.case-mix.export')).toBe(true);
    expect(events.some((e) => e.action === 'analytics.case-mix.query')).toBe(true);
    expect(events.every((e) => e.patient_id === null)).toBe(true);
  });

  it('refuses bad parameters with problem+json naming the field', async () => {
    const bad = await manager.get('/api/v1/analytics/case-mix?from=2026-02-30&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/u);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/query/from');
    const reversed = await manager.get('/api/v1/analytics/case-mix?from=2026-03-01&to=2026-02-01');
    expect(reversed.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/query/to');
    const by = await manager.get('/api/v1/analytics/case-mix?from=2026-01-01&to=2026-02-01&by=payer');
    expect(by.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/query/by');
    const missing = await manager.get('/api/v1/analytics/case-mix?to=2026-02-01');
    expect(missing.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/query/from');
  });

  it('refuses roles without analytics:read', async () => {
    const coder = await s.signIn('coder');
    expect((await coder.get('/api/v1/analytics/case-mix?from=2026-01-01&to=2026-01-31')).status).toBe(403);
    expect((await s.client().get('/api/v1/analytics/case-mix?from=2026-01-01&to=2026-01-31')).status).toBe(401);
  });

  it('gives the same figures whatever the batch size', async () => {
    const args = { orgId: s.orgId, from: '2025-12-01', to: '2026-02-28', by: 'service' as const, top: 20 };
    const whole = await computeCaseMix(s.handle.db, tables, args);
    const batched = await computeCaseMix(s.handle.db, tables, { ...args, batchSize: 2 });
    expect(batched).toEqual(whole);
  });
});
