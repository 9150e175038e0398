import { describe, expect, it } from 'vitest';
import { ADT_TRIGGERS, type AdtEvent, mapAdtEvent } from './adt.js';
import { parseHl7 } from './parse.js';
import {
  EVN,
  hl7,
  MRG,
  msh,
  PID,
  PID_FIELDS,
  PV1,
  PV1_DISCHARGED,
  PV1_FIELDS,
  segment,
  VALID_ADT,
} from './synthetic-messages.js';
import type { Hl7Issue } from './types.js';

function map(text: string): ReturnType<typeof mapAdtEvent> {
  const parsed = parseHl7(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return mapAdtEvent(parsed.value);
}

function event(text: string): AdtEvent {
  const r = map(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function issues(text: string): Hl7Issue[] {
  const r = map(text);
  if (r.ok) throw new Error('expected issues');
  return r.error;
}

describe('mapAdtEvent', () => {
  it.each(Object.entries(ADT_TRIGGERS))('maps %s to a %s event', (trigger, kind) => {
    const e = event(VALID_ADT[trigger] ?? '');
    expect(e.kind).toBe(kind);
    expect(e.trigger).toBe(trigger);
    expect(e.messageControlId).toBe(`CTL-${trigger}`);
    expect(e.patient.identifiers[0]).toEqual({ id: 'MRN000123', assigningAuthority: 'NWG', typeCode: 'MR' });
  });

  it('maps every item of an admission', () => {
    expect(event(VALID_ADT['A01'] ?? '')).toEqual({
      kind: 'admit',
      trigger: 'A01',
      messageControlId: 'CTL-A01',
      sentAt: '2026-01-05T14:30:00',
      sendingApplication: 'SYNTHADT',
      sendingFacility: 'NORTHWIND GEN',
      receivingApplication: 'CHARTA',
      receivingFacility: 'HIM',
      processingId: 'P',
      version: '2.5.1',
      eventOccurredAt: '2026-01-05T14:25:00',
      patient: {
        identifiers: [
          { id: 'MRN000123', assigningAuthority: 'NWG', typeCode: 'MR' },
          { id: 'ACC778', assigningAuthority: 'NWG', typeCode: 'AN' },
        ],
        family: 'TESTPATIENT',
        given: 'ALPHA',
        middle: 'QUINN',
        suffix: 'JR',
        prefix: 'MX',
        birthDate: '1980-02-29',
        sex: 'F',
        address: {
          street: '12 Example Way',
          otherDesignation: 'Apt 4',
          city: 'Springfield',
          state: 'IL',
          postalCode: '62701',
          country: 'USA',
          type: 'H',
        },
        phone: '2175550100',
        accountNumber: 'ACCT9001',
      },
      visit: {
        visitNumber: 'VN55501',
        patientClass: 'I',
        assignedLocation: { pointOfCare: '4W', room: '401', bed: 'B', facility: 'NWG' },
        attending: { id: '1234', family: 'DOCTOR', given: 'PRIMA' },
        hospitalService: 'MED',
        admitSource: '7',
        admitDateTime: '2026-01-05T14:25:00',
      },
    });
  });

  it('maps a transfer with its prior location', () => {
    const visit = event(VALID_ADT['A02'] ?? '').visit;
    expect(visit?.assignedLocation).toEqual({ pointOfCare: '5E', room: '510', bed: 'A', facility: 'NWG' });
    expect(visit?.priorLocation).toEqual({ pointOfCare: '4W', room: '401', bed: 'B', facility: 'NWG' });
  });

  it('maps a discharge with its disposition and date/time', () => {
    const visit = event(VALID_ADT['A03'] ?? '').visit;
    expect(visit?.dischargeDisposition).toBe('01');
    expect(visit?.dischargeDateTime).toBe('2026-01-09T10:15:00');
  });

  it('maps a merge with the prior identifiers, and no visit', () => {
    const e = event(VALID_ADT['A40'] ?? '');
    expect(e.merge).toEqual({
      priorIdentifiers: [{ id: 'MRN000999', assigningAuthority: 'NWG', typeCode: 'MR' }],
      priorAccountNumber: 'ACCT0001',
      priorVisitNumber: 'VN00001',
    });
    expect(e.visit).toBeUndefined();
  });

  it('maps admission type, patient type, financial class, an NPI attending and the IN1 segments', () => {
    const pv1 = segment('PV1', {
      ...PV1_FIELDS,
      4: 'U',
      7: '1234567893^DOCTOR^PRIMA^^^^MD^^NPI^^^^NPI',
      18: 'OBS',
      20: 'MC^20260105',
    });
    const in1 = segment('IN1', {
      1: '1',
      2: 'PLAN7',
      3: 'PAYER9',
      4: 'SYNTHETIC MUTUAL',
      8: 'GRP1',
      15: 'HMO',
      36: 'POL42',
    });
    const e = event(hl7(msh('A01'), EVN, PID, pv1, in1, segment('IN1', { 1: '2' })));
    expect(e.visit).toMatchObject({
      admissionType: 'U',
      patientType: 'OBS',
      financialClass: 'MC',
      attending: {
        id: '1234567893',
        family: 'DOCTOR',
        given: 'PRIMA',
        assigningAuthority: 'NPI',
        identifierType: 'NPI',
      },
    });
    expect(e.insurance).toEqual([
      {
        setId: '1',
        planId: 'PLAN7',
        companyId: 'PAYER9',
        companyName: 'SYNTHETIC MUTUAL',
        groupNumber: 'GRP1',
        planType: 'HMO',
        policyNumber: 'POL42',
      },
      { setId: '2' },
    ]);
  });

  it('takes the trigger from EVN-1 when MSH-9 has none', () => {
    const text = hl7(msh('A01').replace('ADT^A01^ADT_A01', 'ADT'), segment('EVN', { 1: 'A04' }), PID, PV1);
    expect(event(text).kind).toBe('register');
  });

  it('reads a message written with other delimiters', () => {
    const text = [
      'MSH#$*!@#SYNTHADT#NWG#CHARTA#HIM#20260105143000##ADT$A08#C9#P#2.5.1',
      'PID#1##MRN7$$$NWG$MR##O!S!HARA$ROWAN',
      'PV1#1#O',
    ].join('\n');
    const e = event(text);
    expect(e.kind).toBe('update');
    expect(e.patient.family).toBe('O$HARA');
    expect(e.patient.identifiers).toEqual([{ id: 'MRN7', assigningAuthority: 'NWG', typeCode: 'MR' }]);
  });

  it.each([
    ['A03 without a discharge date/time', hl7(msh('A03'), EVN, PID, PV1), 'PV1', 45, '101'],
    [
      'A01 without an assigned location',
      hl7(msh('A01'), PID, segment('PV1', { ...PV1_FIELDS, 3: '' })),
      'PV1',
      3,
      '101',
    ],
    ['A02 without a new location', hl7(msh('A02'), PID, segment('PV1', { 1: '1', 2: 'I' })), 'PV1', 3, '101'],
    ['A40 without MRG', hl7(msh('A40'), EVN, PID), 'MRG', undefined, '100'],
    ['A40 with an empty MRG-1', hl7(msh('A40'), PID, segment('MRG', { 3: 'X' })), 'MRG', 1, '101'],
    ['A01 without PV1', hl7(msh('A01'), EVN, PID), 'PV1', undefined, '100'],
    ['no PID', hl7(msh('A08'), EVN, PV1), 'PID', undefined, '100'],
    ['no patient identifier', hl7(msh('A08'), segment('PID', { ...PID_FIELDS, 3: '' }), PV1), 'PID', 3, '101'],
    ['no family name', hl7(msh('A08'), segment('PID', { ...PID_FIELDS, 5: '^ALPHA' }), PV1), 'PID', 5, '101'],
    ['no patient class', hl7(msh('A08'), PID, segment('PV1', { ...PV1_FIELDS, 2: '' })), 'PV1', 2, '101'],
    [
      'a patient class outside table 0004',
      hl7(msh('A08'), PID, segment('PV1', { ...PV1_FIELDS, 2: 'Z' })),
      'PV1',
      2,
      '103',
    ],
    ['a sex outside table 0001', hl7(msh('A08'), segment('PID', { ...PID_FIELDS, 8: 'X' }), PV1), 'PID', 8, '103'],
    ['an invalid birth date', hl7(msh('A08'), segment('PID', { ...PID_FIELDS, 7: '19801332' }), PV1), 'PID', 7, '102'],
    [
      'an invalid discharge date',
      hl7(msh('A03'), PID, segment('PV1', { ...PV1_FIELDS, 45: 'soon' })),
      'PV1',
      45,
      '102',
    ],
    ['an invalid message date', hl7(msh('A08').replace('20260105143000', '2026-01-05'), PID, PV1), 'MSH', 7, '102'],
    ['no message date', hl7(msh('A08').replace('20260105143000', ''), PID, PV1), 'MSH', 7, '101'],
    ['no control id', hl7(msh('A08', ''), PID, PV1), 'MSH', 10, '101'],
    ['an unsupported trigger', hl7(msh('A28'), PID, PV1), 'MSH', 9, '201'],
    ['a non-ADT message', hl7(msh('O01', 'C1', 'ORM'), PID, PV1), 'MSH', 9, '200'],
    ['an ACK', hl7(msh('A01', 'C1', 'ACK'), PID, PV1), 'MSH', 9, '200'],
    ['a truncated header', 'MSH|^~\\&|SYNTHADT|NWG', 'MSH', 9, '101'],
    ['an unknown processing id', hl7(msh('A08').replace('|P|', '|X|'), PID, PV1), 'MSH', 11, '202'],
    ['a version that is not 2.x', hl7(msh('A08').replace('2.5.1', '3.0'), PID, PV1), 'MSH', 12, '203'],
  ])('refuses %s with a located error', (_name, text, seg, field, code) => {
    const found = issues(text);
    expect(found).toContainEqual(
      expect.objectContaining({
        hl7Code: code,
        severity: 'E',
        location: expect.objectContaining({ segment: seg, ...(field === undefined ? {} : { field }) }) as unknown,
      }),
    );
  });

  it('reports every problem, not only the first, with JSON Pointer paths', () => {
    const text = hl7(msh('A03', ''), segment('PID', { 1: '1' }), segment('PV1', { 1: '1', 2: 'I' }));
    const found = issues(text);
    expect(found.map((i) => `${i.location.segment}-${i.location.field ?? ''}:${i.hl7Code}`)).toEqual([
      'MSH-10:101',
      'PID-3:101',
      'PID-5:101',
      'PV1-45:101',
    ]);
    expect(found[1]?.path).toBe('/segments/1/fields/3');
  });

  it('reads the HL7 explicit null "" as absent', () => {
    const e = event(hl7(msh('A08'), segment('PID', { ...PID_FIELDS, 8: '""', 13: '""' }), PV1));
    expect(e.patient.sex).toBeUndefined();
    expect(e.patient.phone).toBeUndefined();
  });

  it('ignores segments it does not use', () => {
    const text = hl7(
      msh('A01'),
      EVN,
      PID,
      'NK1|1|TESTKIN^BETA|SPO',
      PV1,
      'ZXY|custom|data',
      'DG1|1||R07.9^CHEST PAIN^I10',
    );
    expect(event(text).kind).toBe('admit');
  });

  it('keeps the discharged PV1 for a cancel-discharge', () => {
    expect(event(hl7(msh('A13'), PID, PV1_DISCHARGED)).visit?.dischargeDateTime).toBe('2026-01-09T10:15:00');
  });

  it('accepts a merge that also carries a PV1', () => {
    expect(event(hl7(msh('A40'), EVN, PID, PV1, MRG)).visit?.visitNumber).toBe('VN55501');
  });
});
