import { describe, expect, it } from 'vitest';
import type { ChargeLine, CodingState } from '@charta/contracts';
import {
  adoptChargeIds,
  draftFromState,
  draftSignature,
  flaggedRows,
  placeOf,
  splitModifiers,
  toSaveRequest,
  type CodingDraft,
  type DraftCharge,
} from './coding-draft.js';

const charge = (id: string, amount = '100.00'): ChargeLine => ({
  id,
  serviceDate: '2026-01-11',
  revenueCode: '0450',
  codeSystem: 'CPT',
  code: '99999',
  modifiers: ['25'],
  units: '1',
  amount,
  description: null,
  source: 'fhir',
});

const C1 = '6f1c2a52-3c55-4c4e-9a43-6f0d7c1e0001';
const C2 = '6f1c2a52-3c55-4c4e-9a43-6f0d7c1e0002';
const blankCharge: DraftCharge = {
  key: 'new',
  codeSystem: '',
  code: '',
  modifiers: '',
  units: '1',
  revenueCode: '',
  amount: '',
  serviceDate: '',
  description: '',
};

const state: CodingState = {
  encounterId: 'e1',
  status: 'in_progress',
  revision: 3,
  version: 0,
  coding: {
    encounterId: 'e1',
    diagnoses: [
      { seq: 2, code: 'J9601', poa: 'Y' },
      { seq: 1, code: 'J441', poa: null },
    ],
    procedures: [{ seq: 1, system: 'ICD-10-PCS', code: '0BH17EZ', modifiers: [], date: '2026-01-11' }],
  },
  charges: [charge(C1)],
  findings: [],
  summary: { errors: 0, warnings: 0, infos: 0 },
  drg: null,
  drgIssues: [],
  finalAt: null,
  finalBy: null,
  billedAt: null,
};

describe('draftFromState', () => {
  it('puts diagnoses in sequence and turns a missing POA into a blank', () => {
    const draft = draftFromState(state);
    expect(draft.diagnoses.map((d) => [d.code, d.poa])).toEqual([
      ['J441', ''],
      ['J9601', 'Y'],
    ]);
    expect(draft.procedures[0]?.date).toBe('2026-01-11');
    expect(draft.chargesEdited).toBe(false);
  });
});

describe('toSaveRequest', () => {
  it('leaves the charges out until they are edited', () => {
    const result = toSaveRequest(draftFromState(state), 3);
    expect(result.ok && result.value.charges).toBe(undefined);
    expect(result.ok && result.value.diagnoses).toEqual([{ code: 'J441' }, { code: 'J9601', poa: 'Y' }]);
  });

  it('sends edited charges whole, with the units as a number and codes without dots', () => {
    const draft = draftFromState(state);
    const edited: CodingDraft = {
      ...draft,
      chargesEdited: true,
      charges: [...draft.charges, { ...blankCharge, code: '99999', units: '2', amount: '100' }],
    };
    const result = toSaveRequest(edited, 3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.charges).toHaveLength(2);
    expect(result.value.charges?.[1]).toMatchObject({ units: 2, amount: 100, modifiers: [] });
    expect(result.value.charges?.[0]).toMatchObject({ id: C1, modifiers: ['25'] });
  });

  it('reports a bad amount at the field the form shows', () => {
    const draft = draftFromState(state);
    const bad: CodingDraft = { ...draft, chargesEdited: true, charges: [{ ...draft.charges[0]!, amount: '12.345' }] };
    const result = toSaveRequest(bad, 3);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('/charges/0/amount');
  });
});

describe('draftSignature', () => {
  it('changes when the sequence changes', () => {
    const draft = draftFromState(state);
    const swapped = { ...draft, diagnoses: [...draft.diagnoses].reverse() };
    expect(draftSignature(swapped)).not.toBe(draftSignature(draft));
  });
});

describe('adoptChargeIds', () => {
  it('gives new lines the ids the server assigned, in order', () => {
    const draft = draftFromState(state);
    const withNew: CodingDraft = {
      ...draft,
      charges: [...draft.charges, { ...blankCharge, revenueCode: '0250', amount: '5' }],
    };
    const adopted = adoptChargeIds(withNew, [charge(C1), charge(C2, '5.00')]);
    expect(adopted.charges.map((c) => c.id)).toEqual([C1, C2]);
  });
});

describe('placeOf and flaggedRows', () => {
  it.each([
    ['/diagnoses/0/poa', 'Principal diagnosis, POA'],
    ['/diagnoses/2/code', 'Diagnosis 3'],
    ['/procedures/1', 'Procedure 2'],
    ['/charges/0/units', 'Charge 1, units'],
    ['', 'Encounter'],
  ])('names %s as "%s"', (path, expected) => {
    expect(placeOf(path)).toBe(expected);
  });

  it('keeps the most severe finding per row', () => {
    const rows = flaggedRows(
      [
        { path: '/diagnoses/1/poa', severity: 'warning' },
        { path: '/diagnoses/1', severity: 'error' },
        { path: '/procedures/0', severity: 'error' },
      ],
      'diagnoses',
    );
    expect([...rows]).toEqual([[1, 'error']]);
  });
});

describe('splitModifiers', () => {
  it('accepts commas and spaces', () => {
    expect(splitModifiers(' 25, 59 lt')).toEqual(['25', '59', 'LT']);
  });
});
