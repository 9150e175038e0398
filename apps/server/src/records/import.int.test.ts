import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataFile, testDatabases } from '@charta/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';
import { fhirFileSources, listFhirFiles } from './files.js';
import { importFhir, type ImportContext, type ImportSource } from './import.js';

const bundlesDir = sharedDataFile('samples', 'synthea-bundles');
const ndjsonDir = sharedDataFile('samples', 'synthea-bulk-ndjson');

/** Resources per type in the sample files, counted without the importer. */
function countInFiles(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.gz') || name.startsWith('log.')) continue;
    const text = gunzipSync(readFileSync(join(dir, name))).toString('utf8');
    const resources: { resourceType: string }[] = name.includes('.ndjson')
      ? text
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as { resourceType: string })
      : (JSON.parse(text) as { entry: { resource: { resourceType: string } }[] }).entry.map((e) => e.resource);
    for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  }
  return counts;
}

const synthetic = (entries: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: entries });
const patient = (id: string, mrn: string) => ({
  fullUrl: `urn:uuid:${id}`,
  resource: {
    resourceType: 'Patient',
    id,
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        system: 'urn:test:mrn',
        value: mrn,
      },
    ],
    name: [{ family: 'Testperson', given: ['Ada'] }],
    gender: 'female',
    birthDate: '1970-02-03',
  },
});

describe.each(testDatabases())('FHIR import on $name', (kind) => {
  let s: TestServer;
  let ctx: ImportContext;
  beforeAll(async () => {
    s = await createTestServer(kind);
    ctx = {
      orgId: s.orgId,
      now: s.clock.now(),
      auditKey: s.services.secrets.auditKey,
      actor: { userId: null, username: 'test', role: null },
    };
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(!bundlesDir)(
    'imports the Synthea transaction bundles with counts matching the files, then nothing again',
    async () => {
      const dir = bundlesDir as string;
      const expected = countInFiles(dir);
      const first = await importFhir(s.handle.db, ctx, fhirFileSources(listFhirFiles([dir]).files));
      expect(first.rejections).toEqual([]);
      for (const [type, n] of Object.entries(expected)) {
        const c = first.counts[type];
        expect(c, type).toBeDefined();
        expect((c?.imported ?? 0) + (c?.updated ?? 0) + (c?.unchanged ?? 0), type).toBe(n);
      }
      expect(first.counts['Patient']?.imported).toBe(expected['Patient']);
      const encounters = await s.handle.db
        .selectFrom('encounters')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('source', '=', 'fhir')
        .executeTakeFirstOrThrow();
      expect(encounters.n).toBe(expected['Encounter']);
      const charged = await s.handle.db
        .selectFrom('encounters')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('expected_charges', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(charged.n).toBeGreaterThan(0);

      const again = await importFhir(s.handle.db, ctx, fhirFileSources(listFhirFiles([dir]).files));
      expect(again.totals.imported).toBe(0);
      expect(again.totals.updated).toBe(0);
      expect(again.totals.rejected).toBe(0);
      expect(again.totals.unchanged).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    },
  );

  it.skipIf(!ndjsonDir)('imports bulk NDJSON across files in dependency order, then nothing again', async () => {
    const dir = ndjsonDir as string;
    const expected = countInFiles(dir);
    const first = await importFhir(s.handle.db, ctx, fhirFileSources(listFhirFiles([dir]).files));
    expect(first.rejections).toEqual([]);
    for (const [type, n] of Object.entries(expected)) expect(first.counts[type]?.imported, type).toBe(n);
    const again = await importFhir(s.handle.db, ctx, fhirFileSources(listFhirFiles([dir]).files));
    expect(again.totals.unchanged).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(again.totals.imported + again.totals.updated + again.totals.rejected).toBe(0);
  });

  it('leaves nothing of a bundle with one broken resource, reporting its path', async () => {
    const bundle = synthetic([
      patient('b0000000-0000-4000-8000-000000000001', 'T-1001'),
      {
        fullUrl: 'urn:uuid:b0000000-0000-4000-8000-000000000002',
        resource: {
          resourceType: 'Encounter',
          id: 'b0000000-0000-4000-8000-000000000002',
          status: 'finished',
          class: { code: 'IMP' },
          subject: { reference: 'urn:uuid:b0000000-0000-4000-8000-000000000001' },
        },
      },
      {
        resource: {
          resourceType: 'Condition',
          id: 'broken-condition',
          code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] },
          subject: { reference: 'Patient/does-not-exist' },
        },
      },
    ]);
    const good = synthetic([patient('b0000000-0000-4000-8000-000000000009', 'T-1009')]);
    const result = await importFhir(s.handle.db, ctx, [
      { kind: 'bundle', name: 'broken.json', content: JSON.stringify(bundle) },
      { kind: 'bundle', name: 'good.json', content: good },
    ]);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        source: 'broken.json',
        path: 'Bundle.entry[2].resource.subject.reference',
        code: 'unresolved-reference',
      }),
    ]);
    expect(result.counts['Patient']).toMatchObject({ imported: 1, rejected: 1 });
    expect(result.counts['Encounter']).toMatchObject({ rejected: 1, imported: 0 });
    const left = await s.handle.db
      .selectFrom('source_records')
      .select('source_key')
      .where('source_key', 'in', [
        'Patient/b0000000-0000-4000-8000-000000000001',
        'Encounter/b0000000-0000-4000-8000-000000000002',
      ])
      .execute();
    expect(left).toEqual([]);
    const mrn = await s.handle.db.selectFrom('patients').select('id').where('mrn', '=', 'T-1001').execute();
    expect(mrn).toEqual([]);
  });

  it('reports unknown resource types, missing required elements and malformed JSON', async () => {
    const sources: ImportSource[] = [
      { kind: 'bundle', name: 'bad.json', content: '{"resourceType": "Bundle", "type": ' },
      {
        kind: 'ndjson',
        name: 'mixed.ndjson',
        lines: [
          '{"resourceType":"Unicorn","id":"u1"}',
          'not json at all',
          '{"resourceType":"Patient","id":"p-no-birth","name":[{"family":"X","given":["Y"]}]}',
          JSON.stringify(patient('c0000000-0000-4000-8000-000000000001', 'T-2001').resource),
        ],
      },
    ];
    const result = await importFhir(s.handle.db, ctx, sources);
    const paths = result.rejections.map((r) => [r.source, r.line, r.path, r.code]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['bad.json', null, 'Bundle', 'malformed-json'],
        ['mixed.ndjson', 1, 'Unicorn.resourceType', 'unknown-type'],
        ['mixed.ndjson', 2, '', 'malformed-json'],
        ['mixed.ndjson', 3, 'Patient.birthDate', 'required'],
      ]),
    );
    expect(result.counts['Patient']).toMatchObject({ imported: 1, rejected: 1 });
  });

  it('refuses an MRN already held by another patient', async () => {
    await importFhir(s.handle.db, ctx, [
      {
        kind: 'bundle',
        name: 'one.json',
        content: synthetic([patient('d0000000-0000-4000-8000-000000000001', 'T-3001')]),
      },
    ]);
    const result = await importFhir(s.handle.db, ctx, [
      {
        kind: 'bundle',
        name: 'two.json',
        content: synthetic([patient('d0000000-0000-4000-8000-000000000002', 'T-3001')]),
      },
    ]);
    expect(result.rejections[0]).toMatchObject({
      path: 'Bundle.entry[0].resource.identifier[0].value',
      code: 'conflict',
    });
  });

  it('updates a record whose content changed, and audits each unit', async () => {
    const p = patient('e0000000-0000-4000-8000-000000000001', 'T-4001');
    await importFhir(s.handle.db, ctx, [{ kind: 'bundle', name: 'v1.json', content: synthetic([p]) }]);
    const changed = { ...p, resource: { ...p.resource, birthDate: '1971-02-03' } };
    const result = await importFhir(s.handle.db, ctx, [
      { kind: 'bundle', name: 'v2.json', content: synthetic([changed]) },
    ]);
    expect(result.counts['Patient']).toMatchObject({ updated: 1 });
    const row = await s.handle.db
      .selectFrom('patients')
      .select('birth_date')
      .where('mrn', '=', 'T-4001')
      .executeTakeFirstOrThrow();
    expect(String(row.birth_date)).toContain('1971');
    const events = await s.handle.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'records.import')
      .execute();
    expect(events.length).toBeGreaterThan(2);
  });
});
