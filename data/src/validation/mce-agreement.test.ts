/**
 * Agreement between the engine's MCE checks and the MCE 43.1 tables: walks every code and every validity period of
 * both tables (first and last day of each period, so the maternity range change on 2019-10-01 and the sex-edit
 * retirement after 2024-09-30 are crossed), builds encounters that should and should not trip each list's edit, and
 * compares the MCE rule ids the engine reports with what the tables say, computed here independently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MceFlag,
  mceAgeRangeOn,
  mceFlagNames,
  periodOn,
  VALIDATION_RULES,
  validateEncounter,
  type CodedDiagnosis,
  type CodedEncounter,
  type MceAgeGroup,
  type MceCodeTable,
  type MceTables,
  type Sex,
  type ValidationReference,
} from '@charta/core';
import { loadMceTablesOrThrow } from '../mce/load-mce.js';
import { loadValidationReference } from './reference.js';

const SEX_EDITS_END = '2024-09-30';
const AGE_FLAGS: readonly [MceAgeGroup, number, string][] = [
  ['newborn', MceFlag.newborn, 'MCE.AGE.NEWBORN'],
  ['pediatric', MceFlag.pediatric, 'MCE.AGE.PEDIATRIC'],
  ['maternity', MceFlag.maternity, 'MCE.AGE.MATERNITY'],
  ['adult', MceFlag.adult, 'MCE.AGE.ADULT'],
];
/** Rules whose verdict comes from the MCE lists alone. */
const MCE_LIST_RULES = new Set([
  'MCE.ECODE_PDX',
  'MCE.UNACCEPTABLE_PDX',
  'MCE.QADM',
  'MCE.AGE.NEWBORN',
  'MCE.AGE.PEDIATRIC',
  'MCE.AGE.MATERNITY',
  'MCE.AGE.ADULT',
  'MCE.SEX',
  'MCE.NONCOVERED',
  'MCE.LIMITED_COVERAGE',
  'MCE.WRONG_PROCEDURE',
  'MCE.LOS',
  'MCE.UNSPECIFIED',
]);
/** Also fired by the Tabular title ("in diseases classified elsewhere"), so only "list => finding" is checked. */
const MANIFESTATION = 'CM.MANIFESTATION_PRINCIPAL';
/** Only the rules under test run: the others add time, not evidence. */
const RULES = VALIDATION_RULES.filter((r) => MCE_LIST_RULES.has(r.id) || r.id === MANIFESTATION);

const flagsOn = (table: MceCodeTable, code: string, date: string): number =>
  periodOn(table.get(code), date)?.flags ?? 0;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What the tables say the MCE rules must report for an encounter (independent of the engine's rule code). */
function expectedRules(mce: MceTables, e: CodedEncounter): Set<string> {
  const date = e.dischargeDate ?? e.admitDate;
  const out = new Set<string>();
  const dxFlags = e.diagnoses.map((d) => flagsOn(mce.dx, d.code, date));
  const pxFlags = e.procedures.map((p) => flagsOn(mce.sg, p.code, date));
  const anyDx = dxFlags.reduce((a, b) => a | b, 0);
  const anyPx = pxFlags.reduce((a, b) => a | b, 0);
  const sexConflict = (f: number): boolean =>
    date <= SEX_EDITS_END && ((f & MceFlag.female && e.sex !== 'F') || (f & MceFlag.male && e.sex !== 'M'))
      ? true
      : false;
  dxFlags.forEach((f, i) => {
    if (i === 0) {
      if (f & MceFlag.ecodepdx) out.add('MCE.ECODE_PDX');
      if (f & MceFlag.unacceptable && !(f & MceFlag.reqsdx && e.diagnoses.length > 1)) out.add('MCE.UNACCEPTABLE_PDX');
      if (f & MceFlag.qadm) out.add('MCE.QADM');
    }
    for (const [group, flag, id] of AGE_FLAGS) {
      const r = mceAgeRangeOn(mce, group, date);
      if (f & flag && r && (e.ageYears < r.minAge || e.ageYears > r.maxAge)) out.add(id);
    }
    if (sexConflict(f)) out.add('MCE.SEX');
    if (f & MceFlag.wrngproc) out.add('MCE.WRONG_PROCEDURE');
    if (f & MceFlag.unspecified) out.add('MCE.UNSPECIFIED');
  });
  const los = Math.round(
    (Date.parse(`${e.dischargeDate ?? date}T00:00:00Z`) - Date.parse(`${e.admitDate}T00:00:00Z`)) / 86_400_000,
  );
  const heart = MceFlag.lcov_artheartxpa | MceFlag.lcov_artheartxpb;
  for (const f of pxFlags) {
    if (f & MceFlag.noncovered) out.add('MCE.NONCOVERED');
    for (const flag of [MceFlag.ncov6, MceFlag.ncov7, MceFlag.ncov_z302])
      if (f & flag && anyDx & flag) out.add('MCE.NONCOVERED');
    if (f & MceFlag.ncov45 && !(anyDx & MceFlag.diabtypeI) && !(anyPx & MceFlag.kidneyxp)) out.add('MCE.NONCOVERED');
    if (f & MceFlag.ncov12agele60 && e.ageYears > 60) out.add('MCE.NONCOVERED');
    if (f & MceFlag.lcov || (f & heart && (anyPx & heart) === heart)) out.add('MCE.LIMITED_COVERAGE');
    if (f & MceFlag.los && los < 4) out.add('MCE.LOS');
    if (sexConflict(f)) out.add('MCE.SEX');
  }
  return out;
}

describe('MCE 43.1 agreement', () => {
  let reference: ValidationReference;
  let mce: MceTables;
  beforeAll(async () => {
    reference = await loadValidationReference();
    mce = loadMceTablesOrThrow();
  }, 300_000);

  /** Every (code, period) as the first and last day of the period that the tables cover. */
  function* datesOf(table: MceCodeTable): Generator<[code: string, date: string]> {
    for (const [code, periods] of table) {
      for (const p of periods) {
        const last = p.to === undefined || p.to > mce.validThrough ? mce.validThrough : p.to;
        if (p.from > last) continue;
        yield [code, p.from];
        if (last !== p.from) yield [code, last];
      }
    }
  }

  /** A diagnosis on a given MCE list on the date (or with no list at all when flag is 0). */
  function dxWith(flag: number, date: string): string | undefined {
    for (const [code, periods] of mce.dx) {
      const f = periodOn(periods, date)?.flags;
      if (f === undefined) continue;
      if (flag === 0 ? f === 0 : (f & flag) !== 0) return code;
    }
    return undefined;
  }
  const partnerMemo = new Map<string, string | undefined>();
  const partner = (flag: number, date: string): string | undefined => {
    const key = `${flag}|${date}`;
    if (!partnerMemo.has(key)) partnerMemo.set(key, dxWith(flag, date));
    return partnerMemo.get(key);
  };

  function compare(e: CodedEncounter, mismatches: string[]): void {
    const fired = validateEncounter(e, { reference }, RULES);
    const got = new Set(
      fired.filter((f) => MCE_LIST_RULES.has(f.ruleId) && f.severity !== 'info').map((f) => f.ruleId),
    );
    for (const f of fired) if (f.ruleId === 'MCE.UNSPECIFIED') got.add(f.ruleId);
    const want = expectedRules(mce, e);
    const a = [...got].sort().join(',');
    const b = [...want].sort().join(',');
    const pdx = e.diagnoses[0]?.code ?? '';
    const manifestationListed = (flagsOn(mce.dx, pdx, e.dischargeDate ?? e.admitDate) & MceFlag.manifestation) !== 0;
    const manifestationFired = fired.some((f) => f.ruleId === MANIFESTATION);
    if (a !== b || (manifestationListed && !manifestationFired)) {
      mismatches.push(
        `${JSON.stringify({ dx: e.diagnoses.map((d) => d.code), px: e.procedures.map((p) => p.code), age: e.ageYears, sex: e.sex, date: e.dischargeDate })}: engine [${a}] tables [${b}]${manifestationListed && !manifestationFired ? ' (manifestation not reported)' : ''}`,
      );
    }
  }

  const encounter = (
    date: string,
    diagnoses: CodedDiagnosis[],
    over: Partial<CodedEncounter> = {},
  ): CodedEncounter => ({
    ageYears: 45,
    sex: 'F',
    encounterType: 'inpatient',
    admitDate: addDays(date, -5),
    dischargeDate: date,
    dischargeStatus: '01',
    diagnoses,
    procedures: [],
    ...over,
  });

  it('agrees on every diagnosis code, list and period', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [code, date] of datesOf(mce.dx)) {
      const f = flagsOn(mce.dx, code, date);
      const sex: Sex = f & MceFlag.male ? 'M' : 'F';
      let ageIn = 45;
      const ageGroup = AGE_FLAGS.find(([, flag]) => (f & flag) !== 0);
      const range = ageGroup ? mceAgeRangeOn(mce, ageGroup[0], date) : undefined;
      if (range) ageIn = range.minAge;
      // As principal, alone, inside its age group and of the matching sex: only principal-diagnosis lists fire.
      compare(encounter(date, [{ code, poa: 'Y' }], { ageYears: ageIn, sex }), mismatches);
      checked++;
      if (range) {
        // Both ends of the group's range pass; one year beyond an end fails.
        compare(encounter(date, [{ code, poa: 'Y' }], { ageYears: range.maxAge, sex }), mismatches);
        const out = range.maxAge < 124 ? range.maxAge + 1 : range.minAge - 1;
        compare(encounter(date, [{ code, poa: 'Y' }], { ageYears: out, sex }), mismatches);
        checked += 2;
      }
      if (f & (MceFlag.female | MceFlag.male)) {
        compare(encounter(date, [{ code, poa: 'Y' }], { ageYears: ageIn, sex: sex === 'M' ? 'F' : 'M' }), mismatches);
        checked++;
      }
      if (f & MceFlag.reqsdx) {
        const other = partner(0, date);
        if (other)
          compare(
            encounter(
              date,
              [
                { code, poa: 'Y' },
                { code: other, poa: 'Y' },
              ],
              { ageYears: ageIn, sex },
            ),
            mismatches,
          );
        checked++;
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(mce.dx.size);
  }, 300_000);

  it('agrees on every procedure code, list and period', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [code, date] of datesOf(mce.sg)) {
      const f = flagsOn(mce.sg, code, date);
      const neutral = partner(0, date);
      if (!neutral) continue;
      const sex: Sex = f & MceFlag.male ? 'M' : 'F';
      // A 2-day stay, so the length-of-stay list fires too.
      const base = { admitDate: addDays(date, -2), sex, procedures: [{ code }] };
      compare(encounter(date, [{ code: neutral, poa: 'Y' }], base), mismatches);
      checked++;
      for (const flag of [MceFlag.ncov6, MceFlag.ncov7, MceFlag.ncov_z302, MceFlag.diabtypeI]) {
        const wanted = flag === MceFlag.diabtypeI ? (f & MceFlag.ncov45 ? flag : 0) : f & flag;
        if (!wanted) continue;
        const dx = partner(flag, date);
        if (dx)
          compare(
            encounter(
              date,
              [
                { code: neutral, poa: 'Y' },
                { code: dx, poa: 'Y' },
              ],
              base,
            ),
            mismatches,
          );
        checked++;
      }
      if (f & MceFlag.ncov12agele60) {
        compare(encounter(date, [{ code: neutral, poa: 'Y' }], { ...base, ageYears: 60 }), mismatches);
        compare(encounter(date, [{ code: neutral, poa: 'Y' }], { ...base, ageYears: 61 }), mismatches);
        checked += 2;
      }
      if (f & (MceFlag.female | MceFlag.male)) {
        compare(encounter(date, [{ code: neutral, poa: 'Y' }], { ...base, sex: sex === 'M' ? 'F' : 'M' }), mismatches);
        checked++;
      }
      if (f & (MceFlag.lcov_artheartxpa | MceFlag.lcov_artheartxpb)) {
        const otherFlag = f & MceFlag.lcov_artheartxpa ? MceFlag.lcov_artheartxpb : MceFlag.lcov_artheartxpa;
        const other = [...mce.sg].find(([, periods]) => ((periodOn(periods, date)?.flags ?? 0) & otherFlag) !== 0)?.[0];
        if (other)
          compare(
            encounter(date, [{ code: neutral, poa: 'Y' }], { ...base, procedures: [{ code }, { code: other }] }),
            mismatches,
          );
        checked++;
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(mce.sg.size);
  }, 300_000);

  it('knows every list the tables use', () => {
    const seen = new Set<string>();
    for (const table of [mce.dx, mce.sg])
      for (const periods of table.values()) for (const p of periods) for (const n of mceFlagNames(p.flags)) seen.add(n);
    expect(seen.size).toBeGreaterThan(20);
  });
});
