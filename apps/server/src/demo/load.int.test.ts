import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFhir } from '../records/import.js';
import { createTestServer, type TestServer } from '../test-support.js';
import { generateDemoData } from './generate.js';
import { loadDemoRecords } from './load.js';

const PATIENTS = 12;

describe.each(testDatabases())('demo records through the FHIR importer ($name)', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer(kind);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  it('imports every generated resource, audited, and again without change', async () => {
    const now = s.clock.now();
    const generated = generateDemoData({ seed: 5, now, patients: PATIENTS });
    const expected = generated.stats;
    const preliminary = generated.bundles
      .flatMap((b) => b.entry)
      .filter((e) => e.resource['docStatus'] === 'preliminary').length;
    const options = { orgId: s.orgId, auditKey: s.services.secrets.auditKey, now, patients: PATIENTS, seed: 5 };
    const first = await loadDemoRecords(s.handle.db, options);
    expect(first.rejected).toBe(0);
    expect(first.imported).toBe(expected.resources);

    const db = s.handle.db;
    const count = async (table: 'encounters' | 'documents' | 'claims' | 'ehr_codes') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('encounters')).toBe(expected.resourcesByType['Encounter']);
    expect(await count('documents')).toBe(expected.resourcesByType['DocumentReference']);
    expect(await count('claims')).toBe(expected.resourcesByType['Claim']);
    const imports = await db
      .selectFrom('audit_events')
      .select(db.fn.countAll().as('n'))
      .where('action', '=', 'records.import')
      .executeTakeFirstOrThrow();
    // One audit event per transaction: bundles are written in groups of up to 50, each bundle all or nothing.
    expect(Number(imports.n)).toBe(Math.ceil(expected.patients / 50));
    // Work for the HIM queues: discharged encounters enter the coding queue, stays in house, unsigned notes.
    const items = await db.selectFrom('coding_work_items').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(items.n)).toBeGreaterThan(0);
    const unsigned = await db
      .selectFrom('documents')
      .select(db.fn.countAll().as('n'))
      .where('status', '=', 'preliminary')
      .executeTakeFirstOrThrow();
    expect(Number(unsigned.n)).toBe(preliminary);

    const again = await loadDemoRecords(s.handle.db, options);
    expect(again.rejected).toBe(0);
    expect(await count('encounters')).toBe(expected.resourcesByType['Encounter']);
  });

  it('puts the injected near-duplicate registrations in the master patient index review queue', async () => {
    const now = s.clock.now();
    const data = generateDemoData({ seed: 31, now, patients: 30, duplicateRate: 0.3 });
    expect(data.duplicates.length).toBeGreaterThan(0);
    const orgId = s.orgId;
    const result = await importFhir(
      s.handle.db,
      { orgId, now, auditKey: s.services.secrets.auditKey, actor: { userId: null, username: 'test', role: null } },
      data.bundles.map((content, i) => ({ kind: 'bundle' as const, name: `b${i}`, content })),
    );
    expect(result.totals.rejected).toBe(0);
    const db = s.handle.db;
    const ids = new Map(
      (
        await db
          .selectFrom('source_records')
          .select(['source_key', 'target_id'])
          .where('resource_type', '=', 'Patient')
          .execute()
      ).map((r) => [r.source_key, r.target_id]),
    );
    const pairs = new Set(
      (await db.selectFrom('mpi_candidates').select(['patient_a', 'patient_b']).execute()).map(
        (c) => `${c.patient_a}|${c.patient_b}`,
      ),
    );
    const found = data.duplicates.filter((d) => {
      const a = ids.get(`Patient/${d.originalPatientId}`) ?? '';
      const b = ids.get(`Patient/${d.duplicatePatientId}`) ?? '';
      return pairs.has(a < b ? `${a}|${b}` : `${b}|${a}`);
    });
    expect(found.map((d) => d.kind)).toEqual(data.duplicates.map((d) => d.kind));
  });
});
