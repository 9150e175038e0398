/**
 * One or more cases for each step of the MS-DRG v43.1 grouping procedure (tables README, "How a claim groups"),
 * on the shipped tables. Each case says in its name why it groups as it does. Codes are real ICD-10-CM/PCS codes;
 * the encounters are synthetic.
 */
import {
  drgImpact,
  groupMsDrg,
  type CodedEncounter,
  type MsDrgGroupOptions,
  type MsDrgResult,
  type PoaIndicator,
} from '@charta/core';
import { describe, expect, it } from 'vitest';
import { loadMsDrgTables } from './load.js';

const tables = loadMsDrgTables();

interface Case {
  readonly pdx: string;
  readonly sdx?: readonly (readonly [string, PoaIndicator | undefined])[];
  readonly procs?: readonly string[];
  readonly sex?: 'M' | 'F' | 'U';
  readonly status?: string;
  readonly date?: string;
  readonly age?: number;
}

function encounter(c: Case): CodedEncounter {
  return {
    ageYears: c.age ?? 60,
    sex: c.sex ?? 'F',
    encounterType: 'inpatient',
    admitDate: '2026-01-10',
    dischargeDate: c.date ?? '2026-01-15',
    dischargeStatus: c.status ?? '01',
    diagnoses: [{ code: c.pdx, poa: 'Y' }, ...(c.sdx ?? []).map(([code, poa]) => ({ code, poa }))],
    procedures: (c.procs ?? []).map((code) => ({ code })),
  };
}

function group(c: Case, options?: MsDrgGroupOptions): MsDrgResult {
  const r = groupMsDrg(encounter(c), tables, options);
  if (!r.ok) throw new Error(r.error.map((i) => i.message).join('; '));
  return r.value;
}

type Row = readonly [name: string, input: Case, drg: string, mdc: string];

describe('step 1: principal diagnosis gives the MDC', () => {
  it.each<Row>([
    ['heart failure I5023 groups in MDC 05 (DRG 293 without CC/MCC)', { pdx: 'I5023' }, '293', '05'],
    ['A5400 (gonococcal infection) is MDC 12 for a male patient', { pdx: 'A5400', sex: 'M' }, '728', '12'],
    ['A5400 is MDC 13 for a female patient', { pdx: 'A5400', sex: 'F' }, '759', '13'],
  ])('%s', (_n, input, drg, mdc) => {
    const r = group(input);
    expect([r.drg, r.mdc, r.returnCode]).toEqual([drg, mdc, 'OK']);
  });

  it('a sex-dependent principal with sex U is DRG 999 INVALID_SEX', () => {
    const r = group({ pdx: 'A5400', sex: 'U' });
    expect([r.drg, r.mdc, r.returnCode]).toEqual(['999', '00', 'INVALID_SEX']);
  });

  it.each([
    ['an unknown principal diagnosis is INVALID_PRINCIPAL_DIAGNOSIS', 'ZZZ999', 'INVALID_PRINCIPAL_DIAGNOSIS'],
    ['an external-cause principal (V0001XA) is DX_CANNOT_BE_PDX', 'V0001XA', 'DX_CANNOT_BE_PDX'],
  ])('%s', (_n, pdx, code) => {
    const r = group({ pdx });
    expect([r.drg, r.returnCode]).toEqual(['999', code]);
  });

  it('a missing principal diagnosis is DRG 999 with an issue naming the field, not a throw', () => {
    const r = groupMsDrg({ ...encounter({ pdx: 'I5023' }), diagnoses: [] }, tables);
    expect(r.ok && [r.value.drg, r.value.returnCode]).toEqual(['999', 'INVALID_PRINCIPAL_DIAGNOSIS']);
    expect(r.ok && r.value.issues.map((i) => i.path)).toContain('/diagnoses/0');
  });
});

describe('step 2: procedure clusters', () => {
  it('0JH73MZ with 00HE3MZ forms cluster Z@7151, whose O.R. status keeps the claim in MDC 08 (DRG 517)', () => {
    const r = group({ pdx: 'S52611G', sex: 'M', procs: ['0JH73MZ', '00HE3MZ'] });
    expect(r.clusters).toEqual(['Z@7151']);
    expect(r.drg).toBe('517');
    expect(r.procedures.map((p) => p.clusters)).toEqual([['Z@7151'], ['Z@7151']]);
  });

  it('0JH73MZ alone forms no cluster and is an unrelated extensive O.R. procedure (DRG 983)', () => {
    const r = group({ pdx: 'S52611G', sex: 'M', procs: ['0JH73MZ'] });
    expect(r.clusters).toEqual([]);
    expect(r.drg).toBe('983');
  });

  it('pacemaker lead 02HM3JZ (new 2026-04-01) forms cluster Z@7573 in v43.1 only', () => {
    const v430 = group({ pdx: 'I442', procs: ['02HM3JZ', '0JH606Z'], date: '2026-03-31' });
    const v431 = group({ pdx: 'I442', procs: ['02HM3JZ', '0JH606Z'], date: '2026-04-01' });
    expect([v430.version, v430.drg, v430.clusters]).toEqual(['43.0', '259', []]);
    expect(v430.issues.map((i) => i.path)).toEqual(['/procedures/0/code']);
    expect([v431.version, v431.drg, v431.clusters]).toEqual(['43.1', '244', ['Z@7573']]);
  });
});

describe('step 3: derived operands', () => {
  it.each<Row>([
    ['one hip replacement (0SR9019) is DRG 470', { pdx: 'M1611', procs: ['0SR9019'] }, '470', '08'],
    [
      'right and left hip replacements are BILATERAL: DRG 462',
      { pdx: 'M1611', procs: ['0SR9019', '0SRB019'] },
      '462',
      '08',
    ],
    [
      'hip and knee replacements are multiple major joints: DRG 462',
      { pdx: 'M1611', procs: ['0SR9019', '0SRC069'] },
      '462',
      '08',
    ],
    ['one drug-eluting stent in one artery (0270346) is DRG 322', { pdx: 'I2510', procs: ['0270346'] }, '322', '05'],
    ['four drug-eluting stents (0270376) make FOUR_STENTS: DRG 321', { pdx: 'I2510', procs: ['0270376'] }, '321', '05'],
    ['four arteries (0273346) make FOUR_VESSELS: DRG 321', { pdx: 'I2510', procs: ['0273346'] }, '321', '05'],
    ['1 + 2 vessels, 2 stents stay below four: DRG 322', { pdx: 'I2510', procs: ['0270346', '0271346'] }, '322', '05'],
    [
      'one anterior and one posterior single-level fusion: DRG 402',
      { pdx: 'M4316', procs: ['0RG6070', '0RG6071'] },
      '402',
      '08',
    ],
    [
      'three single-level fusions trip SINGLEFUSIONCTR: DRG 428',
      { pdx: 'M4316', procs: ['0RG6070', '0RG6071', '0RG60J1'] },
      '428',
      '08',
    ],
    [
      'head injury S062X3A with chest injury S25419A is multiple significant trauma (MDC 24)',
      { pdx: 'S062X3A', sdx: [['S25419A', 'Y']] },
      '965',
      '24',
    ],
    ['head injury alone stays in MDC 01 (DRG 084)', { pdx: 'S062X3A' }, '084', '01'],
  ])('%s', (_n, input, drg, mdc) => {
    const r = group(input);
    expect([r.drg, r.mdc]).toEqual([drg, mdc]);
  });
});

describe('step 4: CC/MCC severity', () => {
  it.each<Row>([
    ['J9601 (MCC) makes heart failure DRG 291', { pdx: 'I5023', sdx: [['J9601', 'Y']] }, '291', '05'],
    ['E871 (CC) makes heart failure DRG 292', { pdx: 'I5023', sdx: [['E871', 'Y']] }, '292', '05'],
  ])('%s', (_n, input, drg, mdc) => {
    expect([group(input).drg, group(input).mdc]).toEqual([drg, mdc]);
  });

  it('I5021 is excluded as MCC by principal I5023 (CC exclusion group): DRG 293, MCC_EXCLUDED', () => {
    const r = group({ pdx: 'I5023', sdx: [['I5021', 'Y']] });
    expect(r.drg).toBe('293');
    expect(r.secondaries[0]).toMatchObject({
      severity: 'MCC_EXCLUDED',
      excludedBy: 'principal-exclusion',
      level: 'MCC',
    });
  });

  it('I469 (mccalive) counts as MCC when the patient lives (DRG 280) but not when the patient dies (DRG 285)', () => {
    expect(group({ pdx: 'I2101', sdx: [['I469', 'Y']] }).drg).toBe('280');
    const died = group({ pdx: 'I2101', sdx: [['I469', 'Y']], status: '20' });
    expect(died.drg).toBe('285');
    expect(died.secondaries[0]).toMatchObject({ severity: 'MCC_EXCLUDED_BY_DRG_LOGIC', excludedBy: 'death' });
  });

  it('the row suppression operand stcc keeps the trauma MCC S25419A out of DRG 963: DRG 965', () => {
    const r = group({ pdx: 'S062X3A', sdx: [['S25419A', 'Y']] });
    expect(r.secondaries[0]).toMatchObject({ severity: 'MCC_EXCLUDED_BY_DRG_LOGIC', excludedBy: 'drg-logic' });
  });
});

describe('step 6: discharge-status splits and reroutes', () => {
  it.each<Row>([
    ['AMI discharged alive is DRG 282', { pdx: 'I2101' }, '282', '05'],
    ['AMI expired (status 20) is DRG 285', { pdx: 'I2101', status: '20' }, '285', '05'],
    ['alcohol dependence, left against medical advice (07), is DRG 894', { pdx: 'F1020', status: '07' }, '894', '20'],
    ['alcohol dependence, routine discharge, is DRG 897', { pdx: 'F1020' }, '897', '20'],
    [
      'HIV B20 with a major related condition (A021) reroutes to MDC 25: DRG 976',
      { pdx: 'B20', sdx: [['A021', 'Y']] },
      '976',
      '25',
    ],
    ['HIV B20 alone is DRG 977', { pdx: 'B20' }, '977', '25'],
    [
      'kidney transplant 0TY00Z0 reroutes from pre-MDC to MDC 11: DRG 652',
      { pdx: 'N186', procs: ['0TY00Z0'] },
      '652',
      '11',
    ],
    [
      'an O.R. procedure unrelated to an eye principal goes to DRGs 981-989 (982 with CCs)',
      {
        pdx: 'H50142',
        sdx: [
          ['S52541N', 'Y'],
          ['S62182K', 'Y'],
        ],
        procs: ['0SWG33Z'],
      },
      '982',
      '02',
    ],
  ])('%s', (_n, input, drg, mdc) => {
    const r = group(input);
    expect([r.drg, r.mdc, r.returnCode]).toEqual([drg, mdc, 'OK']);
  });

  it('AMI with an invalid discharge status is DRG 999 INVALID_DISCHARGE_STATUS', () => {
    const r = group({ pdx: 'I2101', status: '99' });
    expect([r.drg, r.returnCode]).toEqual(['999', 'INVALID_DISCHARGE_STATUS']);
    expect(r.issues.map((i) => i.path)).toContain('/dischargeStatus');
  });

  it('heart failure with an invalid discharge status still groups: no heart-failure row names the status', () => {
    expect(group({ pdx: 'I5023', status: '99' }).drg).toBe('293');
  });
});

describe('step 7: hospital-acquired conditions', () => {
  it('S92192B (fall injury, HAC 05) not present on admission is left out: initial 292, final 293', () => {
    const r = group({ pdx: 'I5023', sdx: [['S92192B', 'N']] });
    expect([r.initial.drg, r.drg, r.hacStatus, r.hacCategories]).toEqual(['292', '293', 'FINAL_DRG_CHANGES', 1]);
    expect(r.explanation?.text).toContain('S92192B, not present on admission, is left out of the CC/MCC count');
    expect(r.initial.explanation?.text).toContain('secondary S92192B is a CC');
    expect(r.secondaries[0]).toMatchObject({
      severity: 'NEITHER',
      initialSeverity: 'CC',
      excludedBy: 'hac',
      poaVerdict: 'POA_RECOGNIZED_NOT_POA',
      hacs: [{ hac: 5, status: 'HAC_CRITERIA_MET' }],
    });
  });

  it('the same code present on admission keeps its CC: DRG 292, criteria not met', () => {
    const r = group({ pdx: 'I5023', sdx: [['S92192B', 'Y']] });
    expect([r.drg, r.hacStatus]).toEqual(['292', 'NOT_APPLICABLE']);
    expect(r.secondaries[0]?.hacs).toEqual([{ hac: 0, status: 'HAC_CRITERIA_NOT_MET' }]);
  });

  it.each([
    ['blank', undefined],
    ['exempt (1)', '1' as const],
  ])('a HAC code with a %s POA makes the final DRG 999 HAC_MISSING_ONE_POA', (_n, poa) => {
    const r = group({ pdx: 'I5023', sdx: [['S92192B', poa]] });
    expect([r.initial.drg, r.drg, r.returnCode, r.hacStatus]).toEqual([
      '292',
      '999',
      'HAC_MISSING_ONE_POA',
      'FINAL_DRG_INVALID',
    ]);
  });

  it('a POA-exempt hospital skips the HAC step', () => {
    const r = group({ pdx: 'I5023', sdx: [['S92192B', 'N']] }, { poaExempt: true });
    expect([r.drg, r.hacStatus]).toEqual(['292', 'NOT_APPLICABLE']);
    expect(r.secondaries[0]).toMatchObject({
      poaVerdict: 'HOSPITAL_EXEMPT',
      hacs: [{ hac: 5, status: 'HAC_NOT_APPLICABLE_EXEMPT' }],
    });
  });
});

describe('versions and bad input', () => {
  it.each([
    ['2025-09-30', 'before v43.0'],
    ['2026-10-01', 'after v43.1 (FY2027)'],
    ['not a date', 'malformed'],
  ])('a grouping date %s (%s) is an error result naming the field', (date) => {
    const r = groupMsDrg(encounter({ pdx: 'I5023', date }), tables);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]).toMatchObject({ path: '/dischargeDate', code: 'MSDRG.NO_VERSION' });
  });

  it('picks v43.0 through 2026-03-31 and v43.1 from 2026-04-01', () => {
    expect(group({ pdx: 'I5023', date: '2026-03-31' }).version).toBe('43.0');
    expect(group({ pdx: 'I5023', date: '2026-04-01' }).version).toBe('43.1');
  });

  it('an age outside 0-124 is DRG 999 INVALID_AGE', () => {
    expect([group({ pdx: 'I5023', age: 130 }).drg, group({ pdx: 'I5023', age: 130 }).returnCode]).toEqual([
      '999',
      'INVALID_AGE',
    ]);
  });

  it('unknown secondary and procedure codes are ignored and reported by field', () => {
    const r = group({ pdx: 'I5023', sdx: [['XYZ12', 'Y']], procs: ['NOTACODE'] });
    expect(r.drg).toBe('293');
    expect(r.issues.map((i) => i.path)).toEqual(['/diagnoses/1/code', '/procedures/0/code']);
  });

  it('an encounter that is not inpatient still groups, with an issue naming encounterType', () => {
    const r = groupMsDrg({ ...encounter({ pdx: 'I5023' }), encounterType: 'outpatient' }, tables);
    expect(r.ok && r.value.drg).toBe('293');
    expect(r.ok && r.value.issues.map((i) => i.path)).toEqual(['/encounterType']);
  });

  it('codes written with a dot or in lower case are read as the code', () => {
    expect(group({ pdx: 'i50.23', sdx: [['J96.01', 'Y']] }).drg).toBe('291');
  });

  it('garbage in every field yields a result, never a throw', () => {
    const bad = {
      ageYears: Number.NaN,
      sex: 'X',
      encounterType: 'inpatient',
      admitDate: '2026-01-01',
      dischargeDate: '2026-01-02',
      diagnoses: [{ code: 42 }],
      procedures: [null],
    } as unknown as CodedEncounter;
    const r = groupMsDrg(bad, tables);
    expect(r.ok && r.value.drg).toBe('999');
  });
});

describe('explanation and impact', () => {
  it('says which row matched and which codes made it true', () => {
    const r = group({ pdx: 'I5023', sdx: [['J9601', 'Y']] });
    expect(r.explanation?.rows.at(-1)).toMatchObject({ list: '05', formula: '(MCC & PDX:dxc0505)', drg: '291' });
    expect(r.explanation?.text).toContain('principal I5023 is in MDC 05');
    expect(r.explanation?.text).toContain('secondary J9601 is an MCC');
    expect(r.explanation?.rows.at(-1)?.reasons.map((x) => [x.operand, x.codes])).toEqual([
      ['MCC', ['J9601']],
      ['PDX:dxc0505', ['I5023']],
    ]);
  });

  it('a reroute shows both rows', () => {
    const r = group({ pdx: 'N186', procs: ['0TY00Z0'] });
    expect(r.explanation?.rows.map((x) => [x.list, x.rerouteMdc, x.drg])).toEqual([
      ['00', '11', ''],
      ['11', '', '652'],
    ]);
  });

  it('explain: false leaves the explanation out', () => {
    expect(group({ pdx: 'I5023' }, { explain: false }).explanation).toBeUndefined();
  });

  it('drgImpact shows the MCC drives the payment and the other code does not', () => {
    const r = drgImpact(
      encounter({
        pdx: 'I5023',
        sdx: [
          ['J9601', 'Y'],
          ['M25432', 'Y'],
        ],
        procs: ['0270346'],
      }),
      tables,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byCode = Object.fromEntries(r.value.codes.map((c) => [c.code, c]));
    expect(byCode['J9601']).toMatchObject({ role: 'secondary', changesDrg: true });
    expect(byCode['M25432']).toMatchObject({ role: 'secondary', changesDrg: false, weightDelta: 0 });
    expect(byCode['0270346']).toMatchObject({ role: 'procedure', index: 0 });
    expect(r.value.codes).toHaveLength(3);
  });
});
