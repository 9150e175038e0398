import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodedEncounter } from '../encounter.js';
import { NO_FINDINGS } from './rule-kit.js';
import { VALIDATION_RULES, validateEncounter } from './engine.js';
import { createMemoryReference } from './memory-reference.js';
import type { ValidationRule } from './types.js';

const reference = createMemoryReference({
  release: { version: 'FY2026', from: '2025-10-01', to: '2026-09-30' },
  diagnoses: {
    K3580: {},
    I10: {},
    F458: { excludes1: [{ from: 'G4763', to: 'G4763' }] },
    G4763: {},
    E119: { useAdditional: [{ text: 'insulin (Z79.4)', targets: [{ from: 'Z794', to: 'Z794' }] }] },
    Z794: { poaExempt: true },
    F0280: { manifestation: true, codeFirst: [{ from: 'G30', to: 'G30' }] },
    G309: {},
    S52001: { status: 'header' },
    S52001A: {},
  },
  seventh: { S52: 'ABC' },
  procedures: ['0DTJ4ZZ'],
});
const ctx = { reference };

const stay = (over: Partial<CodedEncounter> = {}): CodedEncounter => ({
  ageYears: 50,
  sex: 'F',
  encounterType: 'inpatient',
  admitDate: '2026-01-10',
  dischargeDate: '2026-01-15',
  dischargeStatus: '01',
  diagnoses: [{ code: 'K3580', poa: 'Y' }],
  procedures: [],
  ...over,
});

const ids = (e: CodedEncounter): string[] =>
  validateEncounter(e, ctx).map((f) => `${f.ruleId} ${f.path} ${f.severity}`);

describe('validateEncounter', () => {
  it('finds nothing wrong with a clean stay, except that no MCE tables are loaded (unknown, not a pass)', () => {
    expect(ids(stay())).toEqual(['MCE.UNAVAILABLE /dischargeDate info']);
  });

  it.each([
    [
      'an Excludes1 pair',
      stay({
        diagnoses: [
          { code: 'F458', poa: 'Y' },
          { code: 'G4763', poa: 'Y' },
        ],
      }),
      'CM.EXCLUDES1 /diagnoses/1/code error',
    ],
    ['a header code', stay({ diagnoses: [{ code: 'S52001', poa: 'Y' }] }), 'CM.SEVENTH_CHAR /diagnoses/0/code error'],
    [
      'a manifestation as principal',
      stay({
        diagnoses: [
          { code: 'F0280', poa: 'Y' },
          { code: 'G309', poa: 'Y' },
        ],
      }),
      'CM.MANIFESTATION_PRINCIPAL /diagnoses/0/code error',
    ],
    [
      'a missing use-additional code',
      stay({ diagnoses: [{ code: 'E119', poa: 'Y' }] }),
      'CM.USE_ADDITIONAL /diagnoses/0/code warning',
    ],
    ['a missing POA indicator', stay({ diagnoses: [{ code: 'K3580' }] }), 'POA.MISSING /diagnoses/0/poa error'],
    ['an unknown procedure', stay({ procedures: [{ code: '0DTJ4ZX' }] }), 'PCS.INVALID_CODE /procedures/0/code error'],
  ])('reports %s', (_name, encounter, expected) => {
    expect(ids(encounter)).toContain(expected);
  });

  it.each([
    ['a date outside every release', stay({ dischargeDate: '2030-01-01' }), 'INPUT.RELEASE_DATE /dischargeDate error'],
    ['a malformed date', stay({ dischargeDate: '15/01/2026' }), 'INPUT.RELEASE_DATE /dischargeDate error'],
    ['an impossible age', stay({ ageYears: Number.NaN }), 'MCE.INVALID_AGE /ageYears error'],
    [
      'a diagnosis list that is not a list',
      { ...stay(), diagnoses: 'K3580' } as unknown as CodedEncounter,
      'INPUT.NO_DIAGNOSIS /diagnoses error',
    ],
    [
      'a code that is not a string',
      stay({ diagnoses: [{ code: 42 as unknown as string, poa: 'Y' }] }),
      'CM.INVALID_CODE /diagnoses/0/code error',
    ],
    [
      'a procedure code of no system',
      stay({ procedures: [{ code: '0DT' }] }),
      'PX.INVALID_FORMAT /procedures/0/code error',
    ],
  ])('turns %s into a finding naming the field', (_name, encounter, expected) => {
    expect(ids(encounter)).toContain(expected);
  });

  it('checks an outpatient line on its own date of service, an inpatient procedure on the discharge date', () => {
    const visit = stay({ encounterType: 'outpatient', dischargeDate: undefined, diagnoses: [{ code: 'K3580' }] });
    expect(ids({ ...visit, procedures: [{ code: 'J1100', date: '2030-01-02' }] })).toContain(
      'HCPCS.INVALID_CODE /procedures/0/code info',
    );
    expect(ids(stay({ procedures: [{ code: '0DTJ4ZZ', date: '2030-01-02' }] }))).not.toContain(
      'PCS.INVALID_CODE /procedures/0/code info',
    );
    expect(ids(stay({ procedures: [{ code: '0DTJ4ZZ', date: '2030-01-02' }] }))).toEqual([
      'MCE.UNAVAILABLE /dischargeDate info',
    ]);
  });

  it('never throws, whatever the input', () => {
    const anyEncounter = fc.record(
      {
        ageYears: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.constant(undefined)),
        sex: fc.oneof(fc.constantFrom('M', 'F', 'U'), fc.string()),
        encounterType: fc.oneof(fc.constantFrom('inpatient', 'outpatient'), fc.string()),
        admitDate: fc.oneof(fc.constantFrom('2026-01-10', '2025-02-30'), fc.string()),
        dischargeDate: fc.oneof(fc.constantFrom('2026-01-15', ''), fc.string(), fc.constant(undefined)),
        dischargeStatus: fc.oneof(fc.constantFrom('01', '1A'), fc.string()),
        admitDiagnosis: fc.oneof(fc.constant(undefined), fc.string()),
        diagnoses: fc.oneof(
          fc.array(
            fc.record({
              code: fc.oneof(
                fc.constantFrom('K3580', 'F458', 'G4763', 'S52001', 'S5200Z', 'T3601A', 'e11.9'),
                fc.string(),
              ),
              poa: fc.oneof(fc.constantFrom('Y', 'N', '1'), fc.string(), fc.constant(undefined)),
            }),
          ),
          fc.anything(),
        ),
        procedures: fc.oneof(
          fc.array(fc.record({ code: fc.oneof(fc.constantFrom('0DTJ4ZZ', 'J1100', '1234Z'), fc.string()) })),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(anyEncounter, (e) => {
        const findings = validateEncounter(e as unknown as CodedEncounter, ctx);
        return (
          Array.isArray(findings) &&
          findings.every((f) => typeof f.ruleId === 'string' && f.path.startsWith('/') && f.citation.source.length > 0)
        );
      }),
      { numRuns: 300 },
    );
  });

  it('selects rules by their effective dates and setting only', () => {
    const calls: string[] = [];
    const rule = (
      id: string,
      effective: ValidationRule['effective'],
      appliesTo?: ValidationRule['appliesTo'],
    ): ValidationRule => ({
      id,
      title: id,
      citation: { source: 'test' },
      effective,
      ...(appliesTo ? { appliesTo } : {}),
      evaluate: () => {
        calls.push(id);
        return NO_FINDINGS;
      },
    });
    const rules = [
      rule('same-id', { from: '2015-10-01', to: '2024-09-30' }),
      rule('same-id', { from: '2024-10-01' }),
      rule('outpatient-only', { from: '2015-10-01' }, ['outpatient']),
    ];
    validateEncounter(stay(), ctx, rules);
    expect(calls).toEqual(['same-id']);
    calls.length = 0;
    validateEncounter(stay({ encounterType: 'outpatient', dischargeDate: undefined }), ctx, rules);
    expect(calls).toEqual(['same-id', 'outpatient-only']);
  });
});

describe('VALIDATION_RULES', () => {
  it('have unique stable ids, a title, a citation and an effective start', () => {
    const ids = VALIDATION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of VALIDATION_RULES) {
      expect(r.id).toMatch(/^[A-Z]+(\.[A-Z0-9_]+)+$/);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.citation.source.length).toBeGreaterThan(10);
      expect(r.effective.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('ICD-10-CM form check', () => {
  it('agrees with the code-set format check on every kind of string', async () => {
    const { isWellFormedCode } = await import('../codesets/format.js');
    const ref = createMemoryReference({
      release: { version: 'FY2026', from: '2025-10-01', to: '2026-09-30' },
      diagnoses: {},
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 9 }), fc.stringMatching(/^[A-Z0-9a-z.]{0,8}$/)), (code) => {
        const found = validateEncounter(stay({ diagnoses: [{ code, poa: 'Y' }] }), { reference: ref });
        const malformed = found.some(
          (f) =>
            f.ruleId === 'CM.INVALID_CODE' &&
            (f.message.includes('not a well-formed') || f.message.includes('looks like a procedure code')),
        );
        const unknown = found.some(
          (f) => f.ruleId === 'CM.INVALID_CODE' && f.message.includes('is not an ICD-10-CM code in'),
        );
        return isWellFormedCode('ICD-10-CM', code) ? unknown && !malformed : !unknown;
      }),
      { numRuns: 500 },
    );
  });
});
