import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';

const bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:f0000000-0000-4000-8000-000000000001',
      resource: {
        resourceType: 'Patient',
        id: 'f0000000-0000-4000-8000-000000000001',
        identifier: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
            system: 'urn:test:mrn',
            value: 'API-0001',
          },
        ],
        name: [{ family: 'Apiperson', given: ['Robin'] }],
        gender: 'female',
        birthDate: '1966-07-08',
      },
    },
    {
      fullUrl: 'urn:uuid:f0000000-0000-4000-8000-000000000002',
      resource: {
        resourceType: 'Practitioner',
        id: 'f0000000-0000-4000-8000-000000000002',
        identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '9999999991' }],
        name: [{ family: 'Docname', given: ['Sam'] }],
      },
    },
    {
      fullUrl: 'urn:uuid:f0000000-0000-4000-8000-000000000003',
      resource: {
        resourceType: 'Encounter',
        id: 'f0000000-0000-4000-8000-000000000003',
        status: 'finished',
        class: { code: 'IMP' },
        subject: { reference: 'urn:uuid:f0000000-0000-4000-8000-000000000001' },
        participant: [{ individual: { reference: 'urn:uuid:f0000000-0000-4000-8000-000000000002' } }],
        period: { start: '2026-01-02T10:00:00Z', end: '2026-01-05T14:00:00Z' },
        hospitalization: { dischargeDisposition: { coding: [{ code: 'snf' }] } },
      },
    },
    {
      resource: {
        resourceType: 'Condition',
        id: 'f0000000-0000-4000-8000-000000000004',
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'J44.1' }] },
        subject: { reference: 'Patient/f0000000-0000-4000-8000-000000000001' },
        encounter: { reference: 'Encounter/f0000000-0000-4000-8000-000000000003' },
      },
    },
    {
      resource: {
        resourceType: 'DocumentReference',
        id: 'f0000000-0000-4000-8000-000000000005',
        status: 'current',
        docStatus: 'final',
        type: { coding: [{ system: 'http://loinc.org', code: '18842-5' }], text: 'Discharge summary' },
        subject: { reference: 'Patient/f0000000-0000-4000-8000-000000000001' },
        author: [{ reference: 'Practitioner/f0000000-0000-4000-8000-000000000002' }],
        content: [
          { attachment: { contentType: 'text/plain', data: Buffer.from('Synthetic note.').toString('base64') } },
        ],
        context: { encounter: [{ reference: 'Encounter/f0000000-0000-4000-8000-000000000003' }] },
      },
    },
  ],
};

describe.each(testDatabases())('FHIR routes on $name', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer(kind);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports a bundle over the API, refuses a broken one with paths, and exports $everything', async () => {
    const admin = await s.signIn('him_manager');
    const res = await admin.post('/api/v1/fhir/import', bundle, { 'content-type': 'application/fhir+json' });
    expect(res.status, res.text).toBe(200);
    expect(res.json<{ totals: { imported: number } }>().totals.imported).toBe(5);

    const broken = {
      ...bundle,
      entry: [
        ...bundle.entry.slice(0, 1),
        { resource: { resourceType: 'Encounter', id: 'x1', status: 'finished', class: { code: 'AMB' } } },
      ],
    };
    const bad = await admin.post('/api/v1/fhir/import', broken, { 'content-type': 'application/fhir+json' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe(
      'Bundle.entry[1].resource.subject.reference',
    );

    const ndjson = await admin.request('POST', '/api/v1/fhir/import', '{"resourceType":"Patient"\n', {
      'content-type': 'application/fhir+ndjson',
    });
    expect(ndjson.status).toBe(200);
    expect(ndjson.json<{ rejections: { line: number }[] }>().rejections[0]?.line).toBe(1);

    const patient = await s.handle.db
      .selectFrom('patients')
      .select('id')
      .where('mrn', '=', 'API-0001')
      .executeTakeFirstOrThrow();
    const stay = await s.handle.db
      .selectFrom('encounters')
      .select('id')
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    await s.handle.db
      .insertInto('coded_diagnoses')
      .values({ encounter_id: stay.id, seq: 1, code: 'J441', poa: 'Y', coder_id: null, updated_at: new Date() })
      .execute();
    const exp = await admin.get(`/api/v1/fhir/Patient/${patient.id}/$everything`);
    expect(exp.status, exp.text).toBe(200);
    const b = exp.json<{ resourceType: string; entry: { fullUrl: string; resource: Record<string, unknown> }[] }>();
    expect(b.resourceType).toBe('Bundle');
    const urls = new Set(b.entry.map((e) => e.fullUrl));
    const types = b.entry.map((e) => e.resource['resourceType']);
    expect(types).toEqual(
      expect.arrayContaining(['Patient', 'Practitioner', 'Encounter', 'Condition', 'DocumentReference']),
    );
    for (const e of b.entry) {
      expect(typeof e.resource['id']).toBe('string');
      expect(e.fullUrl).toBe(`urn:uuid:${String(e.resource['id'])}`);
      // Every reference in the bundle resolves inside it.
      JSON.stringify(e.resource, (k, v: unknown) => {
        if (k === 'reference') expect(urls.has(v as string), v as string).toBe(true);
        return v;
      });
    }
    const coded = b.entry.find((e) => e.resource['id'] === `${stay.id}.dx1`)?.resource;
    expect(coded).toMatchObject({
      category: [{ coding: [{ code: 'encounter-diagnosis' }] }],
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'J44.1' }] },
    });
    const enc = b.entry.find((e) => e.resource['resourceType'] === 'Encounter')?.resource as {
      hospitalization: { dischargeDisposition: { coding: { code: string }[] } };
    };
    expect(enc.hospitalization.dischargeDisposition.coding[0]?.code).toBe('03');

    const bulk = await admin.get('/api/v1/fhir/$export?_type=Encounter');
    expect(bulk.status).toBe(200);
    expect(bulk.headers.get('content-type')).toContain('application/fhir+ndjson');
    expect(bulk.text).toContain(stay.id);

    // A record with a label the caller holds no grant for is left out of bulk export.
    await s.handle.db
      .updateTable('patients')
      .set({ labels: ['42CFRPart2'] })
      .where('id', '=', patient.id)
      .execute();
    const hidden = await admin.get('/api/v1/fhir/$export?_type=Patient');
    expect(hidden.status).toBe(200);
    expect(hidden.text).not.toContain(patient.id);
    expect((await admin.get('/api/v1/fhir/$export?_type=Encounter')).text).not.toContain(stay.id);
    const badType = await admin.get('/api/v1/fhir/$export?_type=Observation');
    expect(badType.status).toBe(400);
    const audited = await s.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'records.%')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['records.import', 'records.export']));
  });
});
