/**
 * Validation engine benchmark: encounters validated per second on one core (the engine is synchronous, so one
 * thread), over deterministic synthetic encounters drawn from the shipped MCE 43.1 tables: inpatient stays with
 * principal and secondary diagnoses, POA values, PCS procedures, MCE-listed codes (age, sex, unacceptable principal,
 * non-covered), some invalid or header codes, and outpatient visits with HCPCS and CPT-form codes.
 *
 * Target: more than 100,000 encounters per second after warm-up (the reference memoises each code on first sight).
 * Run on its own: `node --conditions=source --import tsx bench/src/validate.ts` prints one JSON line.
 */
import { loadavg } from 'node:os';
import { mulberry32 } from '@charta/testing';
import type { CodedEncounter, MceTables, PoaIndicator } from '@charta/core';
import { runIfMain } from './standalone.js';

const POAS: (PoaIndicator | undefined)[] = ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'N', 'U', 'W', undefined];
/** Mistakes coders make: headers, missing 7th character or placeholder, dotted codes, deleted codes. */
const BAD_DX = ['E11', 'S52001', 'T3601A', 'B880', 'G632', 'K35.80', 'S52001Z', 'Z9999X'];
const OUTPATIENT_PX = ['J1100', 'A4550', 'G0008', '1234Z', '0DTJ4ZZ', 'A9155'];

/** Builds `count` varied synthetic encounters from the MCE tables (seeded). */
export function syntheticValidationEncounters(mce: MceTables, count: number, seed = 20251001): CodedEncounter[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const asOf = '2026-01-01';
  const open = (periods: readonly { from: string; to?: string | undefined; flags: number }[]) =>
    periods.find((p) => p.from <= asOf && (p.to === undefined || p.to >= asOf));
  const plain: string[] = [];
  const listed: string[] = [];
  for (const [code, periods] of mce.dx) {
    const p = open(periods);
    if (p) (p.flags === 0 ? plain : listed).push(code);
  }
  const procedures: string[] = [];
  const listedProcedures: string[] = [];
  for (const [code, periods] of mce.sg) {
    const p = open(periods);
    if (p) (p.flags === 0 ? procedures : listedProcedures).push(code);
  }
  const start = Date.UTC(2025, 9, 1);
  const out: CodedEncounter[] = [];
  for (let n = 0; n < count; n++) {
    const dx = (): string => {
      const r = rand();
      return r < 0.01 ? pick(BAD_DX) : r < 0.15 ? pick(listed) : pick(plain);
    };
    const inpatient = rand() < 0.8;
    const diagnoses: { code: string; poa?: PoaIndicator | undefined }[] = [
      { code: dx(), poa: inpatient ? 'Y' : undefined },
    ];
    const nSdx = Math.floor(rand() * rand() * 14);
    for (let k = 0; k < nSdx; k++) diagnoses.push({ code: dx(), poa: inpatient ? pick(POAS) : undefined });
    if (rand() < 0.02 && diagnoses.length > 1) diagnoses.push({ code: diagnoses[0]?.code ?? 'I10', poa: 'Y' });
    const px: { code: string }[] = [];
    const nPx = rand() < 0.4 ? 1 + Math.floor(rand() * 4) : 0;
    for (let k = 0; k < nPx; k++) {
      px.push({ code: inpatient ? (rand() < 0.05 ? pick(listedProcedures) : pick(procedures)) : pick(OUTPATIENT_PX) });
    }
    const day = Math.floor(rand() * 365);
    const stay = inpatient ? Math.floor(rand() * 8) : 0;
    const iso = (d: number): string => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    out.push({
      id: `syn-${n}`,
      ageYears: Math.floor(rand() * 100),
      sex: rand() < 0.49 ? 'M' : rand() < 0.98 ? 'F' : 'U',
      encounterType: inpatient ? 'inpatient' : rand() < 0.7 ? 'outpatient' : 'emergency',
      admitDate: iso(day),
      ...(inpatient ? { dischargeDate: iso(day + stay), dischargeStatus: rand() < 0.9 ? '01' : '06' } : {}),
      diagnoses,
      procedures: px,
    });
  }
  return out;
}

/** Loads the reference data, validates synthetic encounters in-process and reports throughput on one core. */
export async function benchValidate(): Promise<Record<string, number | string>> {
  const { validateEncounter } = await import('@charta/core');
  const data = await import('@charta/data');
  let t = performance.now();
  const reference = await data.loadValidationReference();
  const loadMs = performance.now() - t;
  const mce = reference.mce ?? data.loadMceTablesOrThrow();
  const encounters = syntheticValidationEncounters(mce, 20_000);
  const ctx = { reference };

  t = performance.now();
  let findings = 0;
  for (const e of encounters) findings += validateEncounter(e, ctx).length; // warm-up: every code memoised once
  const coldMs = performance.now() - t;

  // Wall time and this process's CPU time: on a shared machine the CPU figure is the better measure of one core.
  let best = 0;
  let bestCpu = 0;
  for (let round = 0; round < 5; round++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const e of encounters) validateEncounter(e, ctx);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    best = Math.max(best, encounters.length / (wall / 1000));
    bestCpu = Math.max(bestCpu, encounters.length / ((cpu.user + cpu.system) / 1e6));
  }
  const codes = encounters.reduce((s, e) => s + e.diagnoses.length + e.procedures.length, 0);
  return {
    bench: 'validate',
    encounters: encounters.length,
    codes_per_encounter: Math.round((codes / encounters.length) * 10) / 10,
    findings_per_encounter: Math.round((findings / encounters.length) * 10) / 10,
    reference_load_ms: Math.round(loadMs),
    first_pass_ms: Math.round(coldMs),
    encounters_per_second: Math.round(best),
    encounters_per_cpu_second: Math.round(bestCpu),
    load_average_1m: Math.round(loadavg()[0] ?? 0),
    target_per_second: 100_000,
  };
}

runIfMain(import.meta.url, benchValidate);
