import { describe, expect, it } from 'vitest';
import { buildHccTables, type HccTableRows } from './build-tables.js';
import { scoreHcc } from './score-hcc.js';
import type { HccPerson, HccScore, HccSettings, HccTables } from './types.js';

/*
 * Worked examples for the V28 scorer. The fixture is a handful of real rows copied from the shipped CMS-HCC PY2026
 * tables (data/hcc), so every expected score below is the sum of published coefficients, computed by hand in the
 * comment. Persons are synthetic.
 */

// --- fixture: real PY2026 V28 rows -------------------------------------------------------------------------------

const V28 = 'CMS-HCC Model V28';

/** Whitespace-separated `a,b` rows, so the fixture stays compact. */
function rowsOf(text: string): string[] {
  return text.split(/\s+/).filter((row) => row !== '');
}

/** `code,cc` rows of ra_dx_to_cc_2026.csv (V28). */
const DX_TO_CC = rowsOf(`
E119,38 E1140,37 E1122,37 I5022,226 I509,226 J449,280 N184,327 N1832,328 I480,238 D66,111 C50911,23 T8640,62
I8500,63 G931,202 Z95811,223
`);

/** `parent,child` rows of ra_hierarchies_2026.csv (V28) for the HCCs above. */
const HIERARCHIES = rowsOf(`
35,36 35,37 35,38 36,37 36,38 37,38 62,63 62,64 62,65 62,68 63,64 63,65 63,68 63,202 111,112 22,23 223,224 223,225
223,226 223,227 226,227 326,327 326,328 326,329 327,328 327,329 328,329
`);

/** `name,value` rows of ra_coefficients_2026.csv (model_version C28). */
const COEFFICIENTS = rowsOf(`
CNA_HCC223,2.505 CFA_D1,0 CFA_D10P,0.746 CFA_D2,0 CFA_D3,0 CFA_D4,0 CFA_D5,0.049 CFA_D6,0.071 CFA_D7,0.16
CFA_D8,0.267 CFA_D9,0.353 CFA_DIABETES_HF_V28,0.183 CFA_F65_69,0.435 CFA_F70_74,0.506 CFA_F75_79,0.596
CFA_F80_84,0.665 CFA_F85_89,0.775 CFA_F90_94,0.869 CFA_F95_GT,0.877 CFA_HCC111,15.539 CFA_HCC112,0.46
CFA_HCC202,0.721 CFA_HCC22,0.382 CFA_HCC226,0.406 CFA_HCC23,0.196 CFA_HCC238,0.407 CFA_HCC280,0.39 CFA_HCC327,0.565
CFA_HCC328,0.116 CFA_HCC37,0.186 CFA_HCC38,0.186 CFA_HCC62,0.261 CFA_HCC63,1.102 CFA_HF_CHR_LUNG_V28,0.109
CFA_HF_HCC238_V28,0.14 CFA_HF_KIDNEY_V28,0.194 CFA_M65_69,0.531 CFA_M70_74,0.626 CFA_M75_79,0.714 CFA_M80_84,0.789
CFA_M85_89,0.907 CFA_M90_94,0.993 CFA_M95_GT,1.058 CFA_OriginallyDisabled_Female,0.16
CFA_OriginallyDisabled_Male,0.158 CNA_D1,0 CNA_D10P,0.728 CNA_D2,0 CNA_D3,0 CNA_D4,0 CNA_D5,0.05 CNA_D6,0.102
CNA_D7,0.188 CNA_D8,0.316 CNA_D9,0.444 CNA_DIABETES_HF_V28,0.112 CNA_F65_69,0.33 CNA_F70_74,0.395 CNA_F75_79,0.465
CNA_F80_84,0.524 CNA_F85_89,0.624 CNA_F90_94,0.737 CNA_F95_GT,0.742 CNA_HCC111,4.639 CNA_HCC112,0.45
CNA_HCC202,0.543 CNA_HCC22,0.363 CNA_HCC226,0.36 CNA_HCC23,0.186 CNA_HCC238,0.299 CNA_HCC280,0.319 CNA_HCC327,0.514
CNA_HCC328,0.127 CNA_HCC37,0.166 CNA_HCC38,0.166 CNA_HCC62,0.376 CNA_HCC63,0.962 CNA_HF_CHR_LUNG_V28,0.078
CNA_HF_HCC238_V28,0.077 CNA_HF_KIDNEY_V28,0.176 CNA_M65_69,0.332 CNA_M70_74,0.396 CNA_M75_79,0.502 CNA_M80_84,0.571
CNA_M85_89,0.664 CNA_M90_94,0.8 CNA_M95_GT,0.896 CNA_OriginallyDisabled_Female,0.228
CNA_OriginallyDisabled_Male,0.135 CND_D1,0 CND_D10P,1.431 CND_D2,0 CND_D3,0 CND_D4,0 CND_D5,0.088 CND_D6,0.223
CND_D7,0.38 CND_D8,0.44 CND_D9,0.75 CND_DIABETES_HF_V28,0.023 CND_F0_34,0.238 CND_F35_44,0.288 CND_F45_54,0.34
CND_F55_59,0.385 CND_F60_64,0.436 CND_HCC111,30.706 CND_HCC112,0.64 CND_HCC202,0.238 CND_HCC22,0.366
CND_HCC226,0.442 CND_HCC23,0.233 CND_HCC238,0.296 CND_HCC280,0.209 CND_HCC327,0.523 CND_HCC328,0.179
CND_HCC37,0.191 CND_HCC38,0.191 CND_HCC62,0.184 CND_HCC63,1.032 CND_HF_CHR_LUNG_V28,0.062 CND_HF_HCC238_V28,0.257
CND_HF_KIDNEY_V28,0.314 CND_M0_34,0.106 CND_M35_44,0.154 CND_M45_54,0.215 CND_M55_59,0.283 CND_M60_64,0.345
INS_D1,0 INS_D10P,0.373 INS_D2,0 INS_D3,0 INS_D4,0 INS_D5,0 INS_D6,0 INS_D7,0 INS_D8,0 INS_D9,0
INS_DIABETES_HF_V28,0.209 INS_DISABLED_HF_V28,0.488 INS_F0_34,0.948 INS_F35_44,0.81 INS_F45_54,1.031
INS_F55_59,0.949 INS_F60_64,0.881 INS_F65_69,1.188 INS_F70_74,1.119 INS_F75_79,0.965 INS_F80_84,0.862
INS_F85_89,0.75 INS_F90_94,0.627 INS_F95_GT,0.481 INS_HCC111,6.31 INS_HCC112,0.516 INS_HCC202,0.097 INS_HCC22,0.314
INS_HCC226,0.217 INS_HCC23,0.197 INS_HCC238,0.245 INS_HCC280,0.312 INS_HCC327,0.462 INS_HCC328,0.145 INS_HCC37,0.28
INS_HCC38,0.28 INS_HCC62,0.593 INS_HCC63,0.894 INS_HF_CHR_LUNG_V28,0.145 INS_HF_KIDNEY_V28,0 INS_LTIMCAID,0.13
INS_M0_34,0.826 INS_M35_44,0.719 INS_M45_54,0.991 INS_M55_59,0.989 INS_M60_64,0.917 INS_M65_69,1.275
INS_M70_74,1.224 INS_M75_79,1.319 INS_M80_84,1.238 INS_M85_89,1.135 INS_M90_94,0.946 INS_M95_GT,0.825 INS_ORIGDS,0
NE_MCAID_NORIGDIS_NEF60_64,1.396 NE_MCAID_NORIGDIS_NEF65,0.986 NE_MCAID_NORIGDIS_NEF66,0.99
NE_MCAID_ORIGDIS_NEF65,1.599 NE_MCAID_ORIGDIS_NEF66,1.599 NE_NMCAID_NORIGDIS_NEF60_64,1.212
NE_NMCAID_NORIGDIS_NEF65,0.532 NE_NMCAID_NORIGDIS_NEF66,0.532 NE_NMCAID_ORIGDIS_NEF65,1.212
NE_NMCAID_ORIGDIS_NEF66,1.276
`);

const LABELS: Record<string, string> = {
  HCC22: 'Bladder, Colorectal, and Other Cancers',
  HCC23: 'Prostate, Breast, and Other Cancers and Tumors',
  HCC37: 'Diabetes with Chronic Complications',
  HCC38: 'Diabetes with Glycemic, Unspecified, or No Complications',
  HCC62: 'Liver Transplant Status/Complications',
  HCC63: 'Chronic Liver Failure/End-Stage Liver Disorders',
  HCC111: 'Hemophilia, Male',
  HCC112: 'Immune Thrombocytopenia and Specified Coagulation Defects and Hemorrhagic Conditions',
  HCC202: 'Coma, Brain Compression/Anoxic Damage',
  HCC223: 'Heart Failure with Heart Assist Device/Artificial Heart',
  HCC226: 'Heart Failure, Except End-Stage and Acute',
  HCC238: 'Specified Heart Arrhythmias',
  HCC280: 'Chronic Obstructive Pulmonary Disease, Interstitial Lung Disorders, and Other Chronic Lung Disorders',
  HCC327: 'Chronic Kidney Disease, Severe (Stage 4)',
  HCC328: 'Chronic Kidney Disease, Moderate (Stage 3B)',
};

/** Rows of ra_dx_edits.csv (V28): icd10, edit_type, sex, age_min, age_max, action, cc_override, description. */
const DX_EDITS = [
  ['D66', 'sex', '2', '', '', 'override', '112', 'Hemophilia A in female - assign to CC 112'],
  ['J449', 'age', '', '', '17', 'invalid', '', 'COPD unspecified - invalid if age < 18'],
  [
    'C50911',
    'age',
    '',
    '',
    '49',
    'override',
    '22',
    'Breast cancer unspecified site right female - bypass MCE if age < 50',
  ],
] as const;

function fixtureRows(): HccTableRows {
  const pair = (line: string): [string, string] => {
    const [a = '', b = ''] = line.split(',');
    return [a, b];
  };
  return {
    paymentYear: 2026,
    dxToCc: DX_TO_CC.map(pair).map(([diagnosis_code, cc]) => ({ diagnosis_code, cc, model_name: V28 })),
    hierarchies: HIERARCHIES.map(pair).map(([cc_parent, cc_child]) => ({ cc_parent, cc_child, model_version: 'V28' })),
    coefficients: COEFFICIENTS.map(pair).map(([coefficient, value]) => ({ coefficient, value, model_version: 'C28' })),
    labels: Object.entries(LABELS).map(([cc, label]) => ({ cc, label, model_version: 'V28' })),
    dxEdits: DX_EDITS.map(([icd10, edit_type, sex, age_min, age_max, action, cc_override, description]) => ({
      icd10,
      edit_type,
      sex,
      age_min,
      age_max,
      action,
      cc_override,
      model_name: V28,
      description,
    })),
  };
}

function fixtureTables(): HccTables {
  const built = buildHccTables(fixtureRows());
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return built.value;
}

const TABLES = fixtureTables();

/** Raw scores only: normalization 1 and no coding adjustment leave the raw score unchanged. */
const RAW: HccSettings = { paymentYear: 2026, normalizationFactor: 1, codingIntensityAdjustment: 0 };

function person(overrides: Partial<HccPerson> & { diagnoses?: HccPerson['diagnoses'] }): HccPerson {
  return {
    sex: 'F',
    ageYears: 72,
    medicaidDual: 'non',
    originallyDisabled: false,
    segment: 'community',
    diagnoses: [],
    ...overrides,
  };
}

function dx(...codes: string[]): HccPerson['diagnoses'] {
  return codes.map((code) => ({ code }));
}

function score(p: HccPerson, settings: HccSettings = RAW): HccScore {
  const result = scoreHcc(p, TABLES, settings);
  if (!result.ok) throw new Error(`expected a score, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function factorNames(s: HccScore): string[] {
  return s.factors.map((f) => f.name);
}

// --- worked examples ---------------------------------------------------------------------------------------------

describe('scoreHcc: hierarchies', () => {
  it('drops HCC 38 under HCC 37 and adds the diabetes x heart failure interaction (the worked example of the domain notes)', () => {
    // Woman, 72, community non-dual aged (CNA); E11.9 -> HCC 38, E11.40 -> HCC 37, I50.22 -> HCC 226, I10 -> none.
    // CNA_F70_74 0.395 + CNA_HCC37 0.166 (HCC 38 dropped by 37) + CNA_HCC226 0.360 + CNA_DIABETES_HF_V28 0.112
    // + CNA_D2 0 (two payment HCCs) = 1.033
    const s = score(person({ diagnoses: dx('E119', 'E1140', 'I5022', 'I10') }));
    expect(s.segment).toBe('community-nondual-aged');
    expect(factorNames(s)).toEqual(['CNA_F70_74', 'CNA_HCC37', 'CNA_HCC226', 'CNA_DIABETES_HF_V28', 'CNA_D2']);
    expect(s.rawScore).toBe(1.033);
    expect(s.hccs.map((h) => h.hcc)).toEqual([37, 226]);
    expect(s.droppedByHierarchy).toEqual([{ hcc: 38, label: LABELS['HCC38'], diagnoses: ['E119'], droppedBy: [37] }]);
    expect(s.droppedDiagnoses).toEqual([
      { code: 'I10', path: '/diagnoses/3', reason: 'no-hcc', message: 'I10 maps to no payment HCC in V28.' },
    ]);
    const interaction = s.factors.find((f) => f.kind === 'interaction');
    expect(interaction).toMatchObject({ coefficient: 0.112, label: 'Diabetes x heart failure' });
    expect([...(interaction?.diagnoses ?? [])].sort()).toEqual(['E1140', 'I5022']);
  });

  it('keeps CKD stage 4 and drops stage 3B', () => {
    // Man, 68, CNA; N18.4 -> HCC 327, N18.32 -> HCC 328 (dropped by 327).
    // CNA_M65_69 0.332 + CNA_HCC327 0.514 + CNA_D1 0 = 0.846
    const s = score(person({ sex: 'M', ageYears: 68, diagnoses: dx('N184', 'N1832') }));
    expect(s.rawScore).toBe(0.846);
    expect(s.droppedByHierarchy.map((h) => [h.hcc, h.droppedBy])).toEqual([[328, [327]]]);
  });

  it('drops a grandchild listed only under a dropped parent, as CMS software does (62 > 63 > 202)', () => {
    // Woman, 72, CNA; T86.40 -> HCC 62, I85.00 -> HCC 63, G93.1 -> HCC 202. 62 drops 63; 63 (present before the
    // hierarchy) drops 202 although the table has no 62 > 202 row.
    // CNA_F70_74 0.395 + CNA_HCC62 0.376 + CNA_D1 0 = 0.771
    const s = score(person({ diagnoses: dx('T8640', 'I8500', 'G931') }));
    expect(s.hccs.map((h) => h.hcc)).toEqual([62]);
    expect(s.droppedByHierarchy.map((h) => [h.hcc, h.droppedBy])).toEqual([
      [63, [62]],
      [202, [63]],
    ]);
    expect(s.rawScore).toBe(0.771);
  });
});

describe('scoreHcc: CC 223 needs a heart failure CC', () => {
  it('does not count a heart assist device (Z95.811, HCC 223) without heart failure', () => {
    // Woman, 72, CNA; Z95.811 alone: CC 223 is removed before hierarchies. CNA_F70_74 0.395 = 0.395
    const s = score(person({ diagnoses: dx('Z95811') }));
    expect(s.hccs).toEqual([]);
    expect(s.rawScore).toBe(0.395);
    expect(s.droppedDiagnoses).toMatchObject([{ code: 'Z95811', path: '/diagnoses/0', reason: 'cc-requirement' }]);
  });

  it('counts HCC 223 beside heart failure, which it then drops by hierarchy', () => {
    // Woman, 72, CNA; Z95.811 -> 223, I50.22 -> 226 (dropped by 223).
    // CNA_F70_74 0.395 + CNA_HCC223 2.505 + CNA_D1 0 = 2.900
    const s = score(person({ diagnoses: dx('Z95811', 'I5022') }));
    expect(s.hccs.map((h) => h.hcc)).toEqual([223]);
    expect(s.droppedByHierarchy.map((h) => [h.hcc, h.droppedBy])).toEqual([[226, [223]]]);
    expect(s.rawScore).toBe(2.9);
  });
});

describe('scoreHcc: interactions and HCC counts', () => {
  it('applies heart failure x chronic lung disorder', () => {
    // Woman, 66, CNA; I50.22 -> 226, J44.9 -> 280.
    // CNA_F65_69 0.330 + CNA_HCC226 0.360 + CNA_HCC280 0.319 + CNA_HF_CHR_LUNG_V28 0.078 + CNA_D2 0 = 1.087
    const s = score(person({ ageYears: 66, diagnoses: dx('I5022', 'J449') }));
    expect(factorNames(s)).toContain('CNA_HF_CHR_LUNG_V28');
    expect(s.rawScore).toBe(1.087);
  });

  it('applies heart failure x kidney together with the CKD hierarchy', () => {
    // Man, 68, CNA; I50.9 -> 226, N18.4 -> 327, N18.32 -> 328 (dropped).
    // CNA_M65_69 0.332 + CNA_HCC226 0.360 + CNA_HCC327 0.514 + CNA_HF_KIDNEY_V28 0.176 + CNA_D2 0 = 1.382
    const s = score(person({ sex: 'M', ageYears: 68, diagnoses: dx('I509', 'N184', 'N1832') }));
    expect(s.rawScore).toBe(1.382);
  });

  it('adds the D5 count factor and every interaction for five payment HCCs', () => {
    // Woman, 72, CNA; E11.22 -> 37, I50.22 -> 226, J44.9 -> 280, N18.4 -> 327, I48.0 -> 238.
    // 0.395 (F70_74) + 0.166 (HCC37) + 0.360 (HCC226) + 0.319 (HCC280) + 0.514 (HCC327) + 0.299 (HCC238)
    // + 0.112 (DIABETES_HF) + 0.078 (HF_CHR_LUNG) + 0.176 (HF_KIDNEY) + 0.077 (HF_HCC238) + 0.050 (D5) = 2.546
    const s = score(person({ diagnoses: dx('E1122', 'I5022', 'J449', 'N184', 'I480') }));
    expect(s.factors.filter((f) => f.kind === 'interaction').map((f) => f.name)).toEqual([
      'CNA_DIABETES_HF_V28',
      'CNA_HF_CHR_LUNG_V28',
      'CNA_HF_KIDNEY_V28',
      'CNA_HF_HCC238_V28',
    ]);
    expect(s.factors.at(-1)).toMatchObject({ name: 'CNA_D5', kind: 'count', coefficient: 0.05 });
    expect(s.rawScore).toBe(2.546);
  });

  it('applies the institutional disabled x heart failure term only under 65', () => {
    // Man, 60, institutional; I50.22 -> 226.
    // INS_M60_64 0.917 + INS_HCC226 0.217 + INS_DISABLED_HF_V28 0.488 + INS_D1 0 = 1.622
    const young = score(person({ sex: 'M', ageYears: 60, segment: 'institutional', diagnoses: dx('I5022') }));
    expect(young.rawScore).toBe(1.622);
    // Same man at 70: INS_M70_74 1.224 + INS_HCC226 0.217 + INS_D1 0 = 1.441 (no DISABLED_ term)
    const old = score(person({ sex: 'M', ageYears: 70, segment: 'institutional', diagnoses: dx('I5022') }));
    expect(factorNames(old)).not.toContain('INS_DISABLED_HF_V28');
    expect(old.rawScore).toBe(1.441);
  });
});

describe('scoreHcc: age and sex edits', () => {
  it.each([
    // Boy of 17, community non-dual disabled (CND): J44.9 invalid under 18 -> CND_M0_34 0.106 only.
    { age: 17, expected: 0.106, counted: false },
    // At 18 it counts: CND_M0_34 0.106 + CND_HCC280 0.209 + CND_D1 0 = 0.315
    { age: 18, expected: 0.315, counted: true },
  ])('COPD (J44.9) at age $age counts: $counted', ({ age, expected, counted }) => {
    const s = score(person({ sex: 'M', ageYears: age, diagnoses: dx('J449') }));
    expect(s.segment).toBe('community-nondual-disabled');
    expect(s.rawScore).toBe(expected);
    expect(s.hccs.some((h) => h.hcc === 280)).toBe(counted);
    if (!counted) {
      expect(s.droppedDiagnoses).toMatchObject([{ code: 'J449', path: '/diagnoses/0', reason: 'age-edit' }]);
      expect(s.findings).toMatchObject([{ ruleId: 'HCC.DX.EDIT', severity: 'info', path: '/diagnoses/0/code' }]);
    }
  });

  it.each([
    // Woman, 70, CNA: D66 (hemophilia A) is sent to HCC 112 instead of 111 "Hemophilia, Male".
    // CNA_F70_74 0.395 + CNA_HCC112 0.450 + CNA_D1 0 = 0.845
    { sex: 'F' as const, hcc: 112, expected: 0.845 },
    // Man, 70, CNA: no edit, HCC 111. CNA_M70_74 0.396 + CNA_HCC111 4.639 + CNA_D1 0 = 5.035
    { sex: 'M' as const, hcc: 111, expected: 5.035 },
  ])('hemophilia A (D66) in sex $sex maps to HCC $hcc', ({ sex, hcc, expected }) => {
    const s = score(person({ sex, ageYears: 70, diagnoses: dx('D66') }));
    expect(s.hccs.map((h) => h.hcc)).toEqual([hcc]);
    expect(s.rawScore).toBe(expected);
    expect(s.overriddenDiagnoses).toHaveLength(sex === 'F' ? 1 : 0);
  });

  it.each([
    // Woman, 49, CND: C50.911 goes to HCC 22 under 50. CND_F45_54 0.340 + CND_HCC22 0.366 + CND_D1 0 = 0.706
    { age: 49, hcc: 22, expected: 0.706 },
    // At 50 it keeps its mapping, HCC 23. CND_F45_54 0.340 + CND_HCC23 0.233 + CND_D1 0 = 0.573
    { age: 50, hcc: 23, expected: 0.573 },
  ])('breast cancer (C50.911) at age $age counts as HCC $hcc', ({ age, hcc, expected }) => {
    const s = score(person({ ageYears: age, diagnoses: dx('C50911') }));
    expect(s.hccs.map((h) => h.hcc)).toEqual([hcc]);
    expect(s.rawScore).toBe(expected);
  });
});

describe('scoreHcc: demographic cells', () => {
  it.each([
    // Age on 1 February 2026. Born 1961-02-01: 65 that day -> aged segment, CNA_F65_69 0.330.
    { dateOfBirth: '1961-02-01', age: 65, name: 'CNA_F65_69', expected: 0.33 },
    // Born 1961-02-02: still 64 -> disabled segment, CND_F60_64 0.436.
    { dateOfBirth: '1961-02-02', age: 64, name: 'CND_F60_64', expected: 0.436 },
    // Born 1956-02-01: 70 -> CNA_F70_74 0.395; a day later, 69 -> CNA_F65_69 0.330.
    { dateOfBirth: '1956-02-01', age: 70, name: 'CNA_F70_74', expected: 0.395 },
    { dateOfBirth: '1956-02-02', age: 69, name: 'CNA_F65_69', expected: 0.33 },
    // Born 1931-01-31: 95 -> CNA_F95_GT 0.742; born 1931-12-31: 94 -> CNA_F90_94 0.737.
    { dateOfBirth: '1931-01-31', age: 95, name: 'CNA_F95_GT', expected: 0.742 },
    { dateOfBirth: '1931-12-31', age: 94, name: 'CNA_F90_94', expected: 0.737 },
  ])('a woman born $dateOfBirth is $age and scores $name', ({ dateOfBirth, age, name, expected }) => {
    const s = score(person({ ageYears: undefined, dateOfBirth }));
    expect(s.ageYears).toBe(age);
    expect(factorNames(s)).toEqual([name]);
    expect(s.rawScore).toBe(expected);
  });

  it.each([
    // Men at the disabled-segment cell edges: CND_M0_34 0.106 at 34, CND_M35_44 0.154 at 35.
    { age: 34, name: 'CND_M0_34', expected: 0.106 },
    { age: 35, name: 'CND_M35_44', expected: 0.154 },
    { age: 0, name: 'CND_M0_34', expected: 0.106 },
  ])('a man of $age scores $name', ({ age, name, expected }) => {
    const s = score(person({ sex: 'M', ageYears: age }));
    expect(factorNames(s)).toEqual([name]);
    expect(s.rawScore).toBe(expected);
  });

  it('adds the originally-disabled term only from 65', () => {
    // Woman, 70, CNA, originally disabled: CNA_F70_74 0.395 + CNA_OriginallyDisabled_Female 0.228 = 0.623
    expect(score(person({ ageYears: 70, originallyDisabled: true })).rawScore).toBe(0.623);
    // Woman, 64, originally disabled: still disabled, CND_F60_64 0.436 only
    expect(factorNames(score(person({ ageYears: 64, originallyDisabled: true })))).toEqual(['CND_F60_64']);
  });

  it('takes Medicaid from the segment in the community and as LTIMCAID in institutions', () => {
    // Woman, 72, full dual, community -> CFA_F70_74 0.506 (V28 has no separate community Medicaid factor).
    const community = score(person({ medicaidDual: 'full' }));
    expect(community.segment).toBe('community-fulldual-aged');
    expect(community.rawScore).toBe(0.506);
    // Man, 70, institutional, full dual, originally disabled: INS_M70_74 1.224 + INS_ORIGDS 0 + INS_LTIMCAID 0.130
    // = 1.354
    const ins = score(
      person({ sex: 'M', ageYears: 70, medicaidDual: 'full', originallyDisabled: true, segment: 'institutional' }),
    );
    expect(factorNames(ins)).toEqual(['INS_M70_74', 'INS_ORIGDS', 'INS_LTIMCAID']);
    expect(ins.rawScore).toBe(1.354);
  });

  it.each([
    // New enrollee, woman 66, non-Medicaid, not originally disabled: NE_NMCAID_NORIGDIS_NEF66 0.532
    { dual: 'non' as const, od: false, name: 'NE_NMCAID_NORIGDIS_NEF66', expected: 0.532 },
    // Partial dual counts as Medicaid; originally disabled at 66: NE_MCAID_ORIGDIS_NEF66 1.599
    { dual: 'partial' as const, od: true, name: 'NE_MCAID_ORIGDIS_NEF66', expected: 1.599 },
  ])(
    'scores a new enrollee (dual $dual, originally disabled $od) on demographics only',
    ({ dual, od, name, expected }) => {
      const s = score(
        person({
          ageYears: 66,
          medicaidDual: dual,
          originallyDisabled: od,
          segment: 'new-enrollee',
          diagnoses: dx('I5022'),
        }),
      );
      expect(factorNames(s)).toEqual([name]);
      expect(s.rawScore).toBe(expected);
      expect(s.droppedDiagnoses).toMatchObject([{ code: 'I5022', reason: 'new-enrollee' }]);
    },
  );
});

describe('scoreHcc: normalization and coding adjustment', () => {
  it('divides by the normalization factor, then applies the coding adjustment, rounding each step to 3 decimals', () => {
    // Illustrative settings for the arithmetic only (a site enters the Rate Announcement's figures):
    // 1.033 / 1.045 = 0.98852 -> 0.989; 0.989 x (1 - 0.059) = 0.930649 -> 0.931
    const s = score(person({ diagnoses: dx('E119', 'E1140', 'I5022') }), {
      paymentYear: 2026,
      normalizationFactor: 1.045,
      codingIntensityAdjustment: 0.059,
    });
    expect([s.rawScore, s.normalizedScore, s.adjustedScore]).toEqual([1.033, 0.989, 0.931]);
  });
});

describe('scoreHcc: bad input gives findings', () => {
  it.each([
    { what: 'unknown sex', p: person({ sex: 'U' }), ruleId: 'HCC.PERSON.SEX', path: '/sex' },
    { what: 'negative age', p: person({ ageYears: -1 }), ruleId: 'HCC.PERSON.AGE', path: '/ageYears' },
    { what: 'fractional age', p: person({ ageYears: 70.5 }), ruleId: 'HCC.PERSON.AGE', path: '/ageYears' },
    { what: 'no age at all', p: person({ ageYears: undefined }), ruleId: 'HCC.PERSON.AGE', path: '' },
    {
      what: 'impossible birth date',
      p: person({ ageYears: undefined, dateOfBirth: '1950-02-30' }),
      ruleId: 'HCC.PERSON.AGE',
      path: '/dateOfBirth',
    },
    {
      what: 'born after 1 February',
      p: person({ ageYears: undefined, dateOfBirth: '2026-03-01' }),
      ruleId: 'HCC.PERSON.AGE',
      path: '/dateOfBirth',
    },
    {
      what: 'aged segment at 64',
      p: person({ ageYears: 64, segment: 'community-nondual-aged' }),
      ruleId: 'HCC.PERSON.SEGMENT',
      path: '/segment',
    },
    {
      what: 'disabled segment at 70',
      p: person({ ageYears: 70, segment: 'community-fulldual-disabled', medicaidDual: 'full' }),
      ruleId: 'HCC.PERSON.SEGMENT',
      path: '/segment',
    },
    {
      what: 'unknown segment',
      p: person({ segment: 'hospice' as HccPerson['segment'] }),
      ruleId: 'HCC.PERSON.SEGMENT',
      path: '/segment',
    },
    {
      what: 'unknown dual status',
      p: person({ medicaidDual: 'yes' as HccPerson['medicaidDual'] }),
      ruleId: 'HCC.PERSON.DUAL',
      path: '/medicaidDual',
    },
  ])('rejects $what without throwing', ({ p, ruleId, path }) => {
    const result = scoreHcc(p, TABLES, RAW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject([{ ruleId, severity: 'error', path }]);
  });

  it.each([
    { what: 'another payment year', settings: { ...RAW, paymentYear: 2025 }, ruleId: 'HCC.SETTINGS.PAYMENT_YEAR' },
    {
      what: 'a zero normalization factor',
      settings: { ...RAW, normalizationFactor: 0 },
      ruleId: 'HCC.SETTINGS.NORMALIZATION',
    },
    {
      what: 'a percentage instead of a fraction',
      settings: { ...RAW, codingIntensityAdjustment: 5.9 },
      ruleId: 'HCC.SETTINGS.CODING_ADJUSTMENT',
    },
  ])('rejects settings with $what', ({ settings, ruleId }) => {
    const result = scoreHcc(person({}), TABLES, settings);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((f) => f.ruleId)).toEqual([ruleId]);
  });

  it('drops malformed, unknown and out-of-year diagnoses with warnings and still scores', () => {
    // Only I50.22 (dated in 2025, the diagnosis year for PY2026) counts: CNA_F70_74 0.395 + CNA_HCC226 0.360 + D1 0 = 0.755.
    const p = person({
      diagnoses: [
        { code: 'I50.22', date: '2025-06-30' },
        { code: 'not-a-code' },
        { code: 'E119', date: '2024-12-31' },
        { code: 'J449', date: '2025-13-01' },
        { code: 'N1830' },
      ],
    });
    const s = score(p, { ...RAW, isKnownCode: (code) => code !== 'N1830' });
    expect(s.rawScore).toBe(0.755);
    expect(s.droppedDiagnoses.map((d) => [d.path, d.reason])).toEqual([
      ['/diagnoses/1', 'invalid-format'],
      ['/diagnoses/2', 'outside-year'],
      ['/diagnoses/3', 'outside-year'],
      ['/diagnoses/4', 'unknown-code'],
    ]);
    expect(s.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ['HCC.DX.FORMAT', 'warning', '/diagnoses/1/code'],
      ['HCC.DX.DATE', 'warning', '/diagnoses/2/date'],
      ['HCC.DX.DATE', 'warning', '/diagnoses/3/date'],
      ['HCC.DX.UNKNOWN', 'warning', '/diagnoses/4/code'],
    ]);
  });

  it('warns when the stated age disagrees with the date of birth and uses the date of birth', () => {
    const s = score(person({ ageYears: 80, dateOfBirth: '1953-06-15' }));
    expect(s.ageYears).toBe(72);
    expect(s.findings).toMatchObject([{ ruleId: 'HCC.PERSON.AGE_MISMATCH', severity: 'warning' }]);
  });

  it('scores a segment whose dual status disagrees with the person, with a warning', () => {
    // Enrollment decides the segment: a non-dual woman of 72 enrolled as full dual aged scores CFA_F70_74 0.506.
    const s = score(person({ segment: 'community-fulldual-aged', medicaidDual: 'non' }));
    expect(s.rawScore).toBe(0.506);
    expect(s.findings).toMatchObject([{ ruleId: 'HCC.PERSON.SEGMENT_DUAL', severity: 'warning' }]);
  });
});
