import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataFile, testDatabases } from '@charta/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirImportResult } from '@charta/contracts';
import { randomUUID } from 'node:crypto';
import { generateDemoData } from '../demo/generate.js';
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

const practitioner = (id: string, family: string) => ({
  fullUrl: `urn:uuid:${id}`,
  resource: {
    resourceType: 'Practitioner',
    id,
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: `99${id.slice(-8)}` }],
    name: [{ family, given: ['Sam'] }],
  },
});
const encounter = (id: string, patientId: string, practitionerId: string) => ({
  fullUrl: `urn:uuid:${id}`,
  resource: {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { code: 'IMP' },
    subject: { reference: `urn:uuid:${patientId}` },
    participant: [{ individual: { reference: `urn:uuid:${practitionerId}` } }],
    period: { start: '2026-01-02T10:00:00Z', end: '2026-01-05T14:00:00Z' },
  },
});

/** The counts of importing the sources one at a time (each bundle in an import of its own), summed. */
async function oneByOne(
  run: (sources: ImportSource[]) => Promise<FhirImportResult>,
  sources: readonly ImportSource[],
): Promise<Pick<FhirImportResult, 'counts' | 'totals'>> {
  const counts: FhirImportResult['counts'] = {};
  const totals = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const source of sources) {
    const r = await run([source]);
    for (const [type, c] of Object.entries(r.counts)) {
      const into = (counts[type] ??= { imported: 0, updated: 0, unchanged: 0, rejected: 0 });
      for (const k of ['imported', 'updated', 'unchanged', 'rejected'] as const) {
        into[k] += c[k];
        totals[k] += c[k];
      }
    }
  }
  return { counts, totals };
}

/** Rows per record table of one organisation. */
async function rowCounts(db: TestServer['handle']['db'], orgId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'patients',
    'patient_identifiers',
    'practitioners',
    'encounters',
    'ehr_codes',
    'documents',
    'coverages',
    'claims',
    'charges',
    'source_records',
    'mpi_candidates',
  ] as const) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    out[table] = row.n;
  }
  return out;
}

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

  const newOrg = async () => {
    const id = randomUUID();
    await s.handle.db.insertInto('organizations').values({ id, name: 'Second organisation' }).execute();
    return id;
  };

  it('writes a group of bundles but the broken one, which leaves nothing and reports its path', async () => {
    const orgId = await newOrg();
    const c = { ...ctx, orgId };
    const ok1 = synthetic([patient('a1000000-0000-4000-8000-000000000001', 'G-1')]);
    const broken = synthetic([
      patient('a1000000-0000-4000-8000-000000000002', 'G-2'),
      {
        resource: {
          resourceType: 'Condition',
          id: 'a1000000-0000-4000-8000-000000000003',
          code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] },
          subject: { reference: 'Patient/does-not-exist' },
        },
      },
    ]);
    const ok2 = synthetic([patient('a1000000-0000-4000-8000-000000000004', 'G-4')]);
    const before = await s.handle.db
      .selectFrom('audit_events')
      .select(sql<number>`max(seq)::int`.as('seq'))
      .executeTakeFirstOrThrow();
    const progress: string[] = [];
    const result = await importFhir(s.handle.db, { ...c, onProgress: (p) => progress.push(p.source) }, [
      { kind: 'bundle', name: 'ok1.json', content: ok1 },
      { kind: 'bundle', name: 'broken.json', content: broken },
      { kind: 'bundle', name: 'ok2.json', content: ok2 },
    ]);
    expect(progress).toEqual(['ok1.json', 'broken.json', 'ok2.json']);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        source: 'broken.json',
        path: 'Bundle.entry[1].resource.subject.reference',
        code: 'unresolved-reference',
      }),
    ]);
    expect(result.counts['Patient']).toEqual({ imported: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.counts['Condition']).toEqual({ imported: 0, updated: 0, unchanged: 0, rejected: 1 });
    const mrns = await s.handle.db.selectFrom('patients').select('mrn').where('org_id', '=', orgId).execute();
    expect(mrns.map((r) => r.mrn).sort()).toEqual(['G-1', 'G-4']);
    const keys = await s.handle.db
      .selectFrom('source_records')
      .select('source_key')
      .where('org_id', '=', orgId)
      .execute();
    expect(keys).toHaveLength(2);
    const events = await s.handle.db
      .selectFrom('audit_events')
      .select(['outcome', 'detail'])
      .where('action', '=', 'records.import')
      .where('seq', '>', before.seq)
      .orderBy('seq')
      .execute();
    const details = events.map((e) => ({
      outcome: e.outcome,
      detail: (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as Record<string, unknown>,
    }));
    expect(details).toEqual([
      {
        outcome: 'success',
        detail: expect.objectContaining({ format: 'fhir', bundles: 2, imported: { Patient: 2 }, rejected: {} }),
      },
      { outcome: 'failure', detail: expect.objectContaining({ format: 'fhir', rejected: 2, patientIds: [] }) },
    ]);
    expect((details[0]?.detail['patientIds'] as string[]).length).toBe(2);
  });

  it('imports a Practitioner carried by two bundles of a group once, then finds it unchanged or updated', async () => {
    const orgId = await newOrg();
    const c = { ...ctx, orgId };
    const doc = 'a2000000-0000-4000-8000-00000000d0c1';
    const bundle = (n: number, family: string) =>
      synthetic([
        patient(`a2000000-0000-4000-8000-00000000000${n}`, `P-${n}`),
        practitioner(doc, family),
        encounter(`a2000000-0000-4000-8000-00000000e00${n}`, `a2000000-0000-4000-8000-00000000000${n}`, doc),
      ]);
    const sources: ImportSource[] = [
      { kind: 'bundle', name: 'one.json', content: bundle(1, 'Docname') },
      { kind: 'bundle', name: 'two.json', content: bundle(2, 'Docname') },
      { kind: 'bundle', name: 'three.json', content: bundle(3, 'Renamed') },
    ];
    const result = await importFhir(s.handle.db, c, sources);
    expect(result.rejections).toEqual([]);
    expect(result.counts['Practitioner']).toEqual({ imported: 1, updated: 1, unchanged: 1, rejected: 0 });
    expect(result.counts['Encounter']).toEqual({ imported: 3, updated: 0, unchanged: 0, rejected: 0 });
    const docs = await s.handle.db
      .selectFrom('practitioners')
      .select(['id', 'family_name'])
      .where('org_id', '=', orgId)
      .execute();
    expect(docs).toEqual([{ id: expect.any(String), family_name: 'Renamed' }]);
    const attending = await s.handle.db
      .selectFrom('encounters')
      .select('attending_id')
      .where('org_id', '=', orgId)
      .execute();
    expect(attending.map((e) => e.attending_id)).toEqual([docs[0]?.id, docs[0]?.id, docs[0]?.id]);
    const stored = await s.handle.db
      .selectFrom('source_records')
      .select(['content_hash', 'target_id'])
      .where('org_id', '=', orgId)
      .where('source_key', '=', `Practitioner/${doc}`)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.target_id).toBe(docs[0]?.id);

    // The same as one at a time, in an organisation of its own.
    const other = { ...c, orgId: await newOrg() };
    const single = await oneByOne((src) => importFhir(s.handle.db, other, src), sources);
    expect(single.counts).toEqual(result.counts);
  });

  it('refuses, within one group, an MRN an earlier bundle of the group took', async () => {
    const c = { ...ctx, orgId: await newOrg() };
    const result = await importFhir(s.handle.db, c, [
      {
        kind: 'bundle',
        name: 'first.json',
        content: synthetic([patient('a3000000-0000-4000-8000-000000000001', 'M-1')]),
      },
      {
        kind: 'bundle',
        name: 'second.json',
        content: synthetic([patient('a3000000-0000-4000-8000-000000000002', 'M-1')]),
      },
    ]);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        source: 'second.json',
        path: 'Bundle.entry[0].resource.identifier[0].value',
        code: 'conflict',
      }),
    ]);
    expect(result.counts['Patient']).toEqual({ imported: 1, updated: 0, unchanged: 0, rejected: 1 });
  });

  it('falls back to one transaction per bundle when the database refuses the group', async () => {
    const c = { ...ctx, orgId: await newOrg() };
    // A constraint the importer's checks do not know of: only the database catches it.
    await sql`alter table patients add constraint test_refused_mrn check (mrn <> 'REFUSED') not valid`.execute(
      s.handle.db,
    );
    try {
      const result = await importFhir(s.handle.db, c, [
        {
          kind: 'bundle',
          name: 'a.json',
          content: synthetic([patient('a4000000-0000-4000-8000-000000000001', 'R-1')]),
        },
        {
          kind: 'bundle',
          name: 'bad.json',
          content: synthetic([
            patient('a4000000-0000-4000-8000-000000000002', 'REFUSED'),
            practitioner('a4000000-0000-4000-8000-00000000d0c1', 'Docname'),
          ]),
        },
        {
          kind: 'bundle',
          name: 'b.json',
          content: synthetic([patient('a4000000-0000-4000-8000-000000000003', 'R-3')]),
        },
      ]);
      expect(result.rejections).toEqual([
        expect.objectContaining({ source: 'bad.json', path: 'Bundle', code: 'refused', resourceType: 'Bundle' }),
      ]);
      expect(result.counts['Patient']).toEqual({ imported: 2, updated: 0, unchanged: 0, rejected: 1 });
      expect(result.counts['Practitioner']).toEqual({ imported: 0, updated: 0, unchanged: 0, rejected: 1 });
      const mrns = await s.handle.db.selectFrom('patients').select('mrn').where('org_id', '=', c.orgId).execute();
      expect(mrns.map((r) => r.mrn).sort()).toEqual(['R-1', 'R-3']);
      const docs = await s.handle.db.selectFrom('practitioners').select('id').where('org_id', '=', c.orgId).execute();
      expect(docs).toEqual([]);
    } finally {
      await sql`alter table patients drop constraint test_refused_mrn`.execute(s.handle.db);
    }
  });

  it.skipIf(!bundlesDir)('counts the Synthea bundles in groups as it does one at a time', async () => {
    const sources = [...fhirFileSources(listFhirFiles([bundlesDir as string]).files)];
    const grouped = { ...ctx, orgId: await newOrg() };
    const single = { ...ctx, orgId: await newOrg() };
    const together = await importFhir(s.handle.db, grouped, sources);
    const apart = await oneByOne((src) => importFhir(s.handle.db, single, src), sources);
    expect(together.counts).toEqual(apart.counts);
    expect(together.totals).toEqual(apart.totals);
    expect(await rowCounts(s.handle.db, grouped.orgId)).toEqual(await rowCounts(s.handle.db, single.orgId));
  });

  it('counts generated demo bundles in groups as it does one at a time', async () => {
    const data = generateDemoData({ seed: 7, now: ctx.now, patients: 30 });
    const sources: ImportSource[] = data.bundles.map((b, i) => ({ kind: 'bundle', name: `demo-${i}`, content: b }));
    const grouped = { ...ctx, orgId: await newOrg() };
    const single = { ...ctx, orgId: await newOrg() };
    const together = await importFhir(s.handle.db, grouped, sources);
    const apart = await oneByOne((src) => importFhir(s.handle.db, single, src), sources);
    expect(together.rejections).toEqual([]);
    expect(together.counts['Practitioner']?.unchanged).toBeGreaterThan(0);
    expect(together.counts).toEqual(apart.counts);
    expect(await rowCounts(s.handle.db, grouped.orgId)).toEqual(await rowCounts(s.handle.db, single.orgId));
    // Again: everything unchanged, in both.
    const again = await importFhir(s.handle.db, grouped, sources);
    expect(again.totals.unchanged).toBe(together.totals.imported + together.totals.updated + together.totals.unchanged);
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

  it('refuses a re-import that would change a signed document, and keeps the signed text', async () => {
    const [pid, prid, eid, did] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const note = (text: string) => ({
      fullUrl: `urn:uuid:${did}`,
      resource: {
        resourceType: 'DocumentReference',
        id: did,
        status: 'current',
        docStatus: 'final',
        date: '2026-01-05T12:00:00Z',
        type: { coding: [{ system: 'http://loinc.org', code: '18842-5' }] },
        subject: { reference: `urn:uuid:${pid}` },
        author: [{ reference: `urn:uuid:${prid}` }],
        authenticator: { reference: `urn:uuid:${prid}` },
        context: { encounter: [{ reference: `urn:uuid:${eid}` }] },
        content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(text).toString('base64') } }],
      },
    });
    const bundle = (text: string) =>
      synthetic([
        patient(pid, `SIGNED-${pid.slice(0, 8)}`),
        practitioner(prid, 'Signer'),
        encounter(eid, pid, prid),
        note(text),
      ]);
    const first = await importFhir(s.handle.db, ctx, [
      { kind: 'bundle', name: 'signed', content: bundle('Discharge summary: stable, home.') },
    ]);
    expect(first.totals.rejected).toBe(0);
    const again = await importFhir(s.handle.db, ctx, [
      { kind: 'bundle', name: 'changed', content: bundle('Discharge summary: rewritten after signing.') },
    ]);
    expect(again.totals.rejected).toBeGreaterThan(0);
    expect(again.rejections[0]).toMatchObject({ source: 'changed', code: 'refused' });
    const stored = await s.handle.db
      .selectFrom('documents')
      .select('text')
      .where('source_key', '=', `DocumentReference/${did}`)
      .executeTakeFirstOrThrow();
    expect(stored.text).toBe('Discharge summary: stable, home.');
  });
});
