/**
 * Properties over seeded random encounters drawn from the tables: grouping never throws, every DRG it gives exists
 * in the DRG table with a weight, and the generated-code and closure compilations of the formulas agree.
 */
import { groupMsDrg, type CodedEncounter, type PoaIndicator } from '@charta/core';
import { describe, expect, it } from 'vitest';
import { loadMsDrgTables } from './load.js';

const tables = loadMsDrgTables();

function randomEncounters(count: number, seed: number): CodedEncounter[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const poas: (PoaIndicator | undefined)[] = ['Y', 'Y', 'Y', 'N', 'U', 'W', '1', undefined];
  const statuses = ['01', '02', '03', '06', '07', '20', '30', '66', '99'];
  const out: CodedEncounter[] = [];
  for (let n = 0; n < count; n++) {
    const diagnoses = [{ code: pick(tables.dx.codes), poa: 'Y' as const }];
    for (let k = Math.floor(rand() * 8); k > 0; k--)
      diagnoses.push({ code: pick(tables.dx.codes), poa: pick(poas) as 'Y' });
    const procedures: { code: string }[] = [];
    for (let k = rand() < 0.5 ? 0 : Math.ceil(rand() * 4); k > 0; k--) procedures.push({ code: pick(tables.pr.codes) });
    const date = rand() < 0.5 ? '2026-02-15' : '2026-06-15';
    out.push({
      ageYears: Math.floor(rand() * 100),
      sex: pick(['M', 'F', 'U'] as const),
      encounterType: 'inpatient',
      admitDate: date,
      dischargeDate: date,
      dischargeStatus: pick(statuses),
      diagnoses,
      procedures,
    });
  }
  return out;
}

describe('MS-DRG grouping over 3,000 random encounters', () => {
  const encounters = randomEncounters(3000, 43);
  const weights = new Map(tables.drgs.map((d) => [d.drg, d.weight]));

  it('never throws, and every DRG exists in the DRG table with a weight (998 and 999 have none)', () => {
    for (const e of encounters) {
      const r = groupMsDrg(e, tables);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(weights.has(r.value.drg)).toBe(true);
      if (r.value.drg !== '998' && r.value.drg !== '999') expect(r.value.relativeWeight).toBeGreaterThan(0);
      expect(r.value.explanation?.text.startsWith(`DRG ${r.value.drg}`)).toBe(true);
    }
  });

  it('gives the same results with generated code and with closures', () => {
    const summary = (generateCode: boolean) =>
      encounters.map((e) => {
        const r = groupMsDrg(e, tables, { explain: false, generateCode });
        return r.ok
          ? [
              r.value.drg,
              r.value.initial.drg,
              r.value.mdc,
              r.value.returnCode,
              r.value.secondaries.map((s) => s.severity).join(),
            ]
          : [];
      });
    expect(summary(false)).toEqual(summary(true));
  });
});
