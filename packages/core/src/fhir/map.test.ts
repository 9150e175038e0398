import { describe, expect, it } from 'vitest';
import { parseReference } from './elements.js';
import {
  DOCUMENT_AUTHENTICATED_AT_EXTENSION,
  dischargeStatusOf,
  encounterStatusOf,
  encounterTypeOf,
  mapFhirResource,
} from './map.js';
import { canonicalJson, parseFhirBundle, parseFhirNdjsonLine } from './parse.js';
import type { FhirResource } from './types.js';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

describe('parseReference', () => {
  it.each([
    ['Patient/123', { kind: 'literal', type: 'Patient', id: '123' }],
    ['https://ehr.example/fhir/Encounter/e-1/_history/2', { kind: 'literal', type: 'Encounter', id: 'e-1' }],
    [
      'urn:uuid:4f0c1e7a-0000-4000-8000-000000000000',
      { kind: 'url', url: 'urn:uuid:4f0c1e7a-0000-4000-8000-000000000000' },
    ],
    [
      'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999974493',
      { kind: 'conditional', type: 'Practitioner', system: 'http://hl7.org/fhir/sid/us-npi', value: '9999974493' },
    ],
    ['#coverage', { kind: 'contained', id: 'coverage' }],
    ['not a reference', null],
  ])('reads %s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });
});

describe('encounter mapping', () => {
  it.each([
    ['IMP', '', 'inpatient'],
    ['EMER', '', 'emergency'],
    ['OBSENC', '', 'observation'],
    ['AMB', 'Encounter for check up', 'outpatient'],
    ['IMP', 'Admission to skilled nursing facility', 'skilled_nursing'],
    ['IMP', 'Psychiatric admission', 'behavioral_health'],
  ] as const)('class %s with type "%s" is %s', (cls, text, expected) => {
    expect(encounterTypeOf(cls, text)).toBe(expected);
  });

  it('calls a finished inpatient stay discharged and a finished visit completed', () => {
    expect(encounterStatusOf('finished', 'inpatient')).toBe('discharged');
    expect(encounterStatusOf('finished', 'outpatient')).toBe('completed');
    expect(encounterStatusOf('in-progress', 'emergency')).toBe('in_progress');
  });

  it.each([
    [{ coding: [{ system: 'http://www.nubc.org/patient-discharge', code: '1' }] }, '01'],
    [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'snf' }] }, '03'],
    [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'exp' }] }, '20'],
    [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'oth' }] }, null],
  ])('maps discharge disposition %j to UB-04 %s', (concept, expected) => {
    expect(dischargeStatusOf(concept)).toBe(expected);
  });

  it('takes the first primary performer as attending when no ATND is given', () => {
    const r = mapFhirResource(
      {
        resourceType: 'Encounter',
        id: 'e1',
        status: 'finished',
        class: { code: 'IMP' },
        subject: { reference: 'Patient/p1' },
        participant: [{ individual: { reference: 'Practitioner/a' } }, { individual: { reference: 'Practitioner/b' } }],
      },
      'Encounter',
    );
    expect(r.ok && r.value.kind === 'encounter' && r.value.value.clinicians.map((c) => c.role)).toEqual([
      'attending',
      'other',
    ]);
  });
});

describe('mapFhirResource', () => {
  it('maps a patient with MRN, SSN, labels and demographics', () => {
    const r = mapFhirResource(
      {
        resourceType: 'Patient',
        id: 'p1',
        meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: '42CFRPart2' }] },
        identifier: [
          { type: MR, system: 'urn:test:mrn', value: 'M-1', assigner: { display: 'North Campus' } },
          { system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-00-1234' },
        ],
        name: [
          { use: 'official', family: 'Rivera', given: ['Ana', 'Luz'] },
          { use: 'maiden', family: 'Soto' },
        ],
        gender: 'female',
        birthDate: '1950-01-02',
        address: [{ line: ['1 Main St'], city: 'Springfield', state: 'MA', postalCode: '01101' }],
        telecom: [{ system: 'phone', value: '555-0100' }],
        maritalStatus: { coding: [{ code: 'M' }] },
        deceasedDateTime: '2026-01-01T10:00:00Z',
      } as FhirResource,
      'Bundle.entry[0].resource',
    );
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'patient') return;
    expect(r.value.value).toMatchObject({
      mrn: 'M-1',
      familyName: 'Rivera',
      givenName: 'Ana',
      middleName: 'Luz',
      previousFamilyNames: ['Soto'],
      sex: 'F',
      city: 'Springfield',
      maritalStatus: 'M',
      labels: ['42CFRPart2'],
      deceasedAt: '2026-01-01T10:00:00.000Z',
    });
    expect(r.value.value.identifiers.map((i) => [i.type, i.facility])).toEqual([
      ['MR', 'North Campus'],
      ['SS', null],
    ]);
  });

  it('reports missing required elements with their FHIR path', () => {
    const r = mapFhirResource(
      { resourceType: 'Condition', id: 'c1', code: { text: 'no coding' } },
      'Bundle.entry[4].resource',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.path)).toEqual([
      'Bundle.entry[4].resource.subject.reference',
      'Bundle.entry[4].resource.code',
    ]);
  });

  it('decodes a text/plain attachment and keeps claim lines with a net amount as charges', () => {
    const doc = mapFhirResource(
      {
        resourceType: 'DocumentReference',
        id: 'd1',
        status: 'current',
        subject: { reference: 'Patient/p1' },
        type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
        content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: btoa('Synthetic progress note') } }],
      },
      'DocumentReference',
    );
    expect(doc.ok && doc.value.kind === 'document' && [doc.value.value.text, doc.value.value.loincCode]).toEqual([
      'Synthetic progress note',
      '11506-3',
    ]);
    const claim = mapFhirResource(
      {
        resourceType: 'Claim',
        id: 'cl1',
        patient: { reference: 'Patient/p1' },
        insurance: [{ coverage: { display: 'Example Health Plan' } }],
        item: [
          { sequence: 1, productOrService: { coding: [{ code: 'X' }] }, encounter: [{ reference: 'Encounter/e1' }] },
          {
            sequence: 2,
            productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '0001T' }] },
            net: { value: 120.5 },
          },
        ],
        total: { value: 120.5 },
      },
      'Claim',
    );
    expect(claim.ok).toBe(true);
    if (!claim.ok || claim.value.kind !== 'claim') return;
    expect(claim.value.value.payer).toBe('Example Health Plan');
    expect(claim.value.value.charges).toEqual([
      expect.objectContaining({ codeSystem: 'CPT', code: '0001T', amount: 120.5 }),
    ]);
  });
});

describe('bundle and NDJSON envelopes', () => {
  it('reports an unknown resource type and a duplicate entry with their paths', () => {
    const r = parseFhirBundle({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Unicorn', id: 'u' } },
        { resource: { resourceType: 'Patient', id: 'p' } },
        { resource: { resourceType: 'Patient', id: 'p' } },
      ],
    });
    expect(r.ok ? [] : r.error.map((i) => [i.path, i.code])).toEqual([
      ['Bundle.entry[0].resource.resourceType', 'unknown-type'],
      ['Bundle.entry[2].resource.id', 'duplicate'],
    ]);
  });

  it('takes the id of a transaction entry without one from its urn:uuid fullUrl', () => {
    const r = parseFhirBundle({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:0d0c0b0a-0000-4000-8000-000000000000', resource: { resourceType: 'Patient' } }],
    });
    expect(r.ok && r.value.entries[0]?.sourceKey).toBe('Patient/0d0c0b0a-0000-4000-8000-000000000000');
  });

  it('refuses malformed JSON lines', () => {
    expect(parseFhirNdjsonLine('{"resourceType":')).toMatchObject({ ok: false, error: [{ code: 'malformed-json' }] });
  });

  it('hashes the same content the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

describe('DocumentReference authentication time', () => {
  const base = {
    resourceType: 'DocumentReference',
    id: 'd2',
    status: 'current',
    date: '2026-01-10T08:00:00Z',
    subject: { reference: 'Patient/p1' },
    authenticator: { reference: 'Practitioner/pr1' },
    content: [{ attachment: { contentType: 'text/plain', data: btoa('Synthetic discharge summary') } }],
  };
  const signedAt = (resource: FhirResource) => {
    const r = mapFhirResource(resource, 'DocumentReference');
    return r.ok && r.value.kind === 'document' ? r.value.value.authenticatedAt : 'not mapped';
  };

  it('reads the signing time from the authenticated-at extension', () => {
    const resource = {
      ...base,
      extension: [{ url: DOCUMENT_AUTHENTICATED_AT_EXTENSION, valueDateTime: '2026-01-12T17:30:00Z' }],
    };
    expect(signedAt(resource)).toBe(new Date('2026-01-12T17:30:00Z').toISOString());
  });

  it('falls back to the document date when only the authenticator is given', () => {
    expect(signedAt(base)).toBe(new Date('2026-01-10T08:00:00Z').toISOString());
  });
});
