/**
 * MS-DRG grouper benchmark: load time and memory of the v43.1 tables, then encounters grouped per second on one core
 * over deterministic synthetic encounters drawn from the tables themselves (random principal and secondary
 * diagnoses with POA, O.R. and non-O.R. procedures, formed clusters, discharge statuses, both grouper versions,
 * a few invalid codes).
 *
 * Run on its own: `node --conditions=source --import tsx bench/src/drg.ts` prints one JSON line (see standalone.ts).
 */
import os from 'node:os';
import { mulberry32 } from '@charta/testing';
import type { CodedEncounter, MsDrgTables, PoaIndicator } from '@charta/core';
import { runIfMain } from './standalone.js';

const DSTATS = [
  '01',
  '01',
  '01',
  '01',
  '01',
  '01',
  '03',
  '06',
  '06',
  '02',
  '05',
  '07',
  '20',
  '20',
  '62',
  '63',
  '65',
  '66',
  '50',
  '51',
  '30',
  '43',
  '99',
];
const POAS: (PoaIndicator | undefined)[] = ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'N', 'N', 'U', 'W', '1', undefined];

/** Builds `count` varied synthetic encounters from the tables (seeded). */
export function syntheticEncounters(tables: MsDrgTables, count: number, seed = 20251001): CodedEncounter[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const { dx, pr, clusters } = tables;
  const groupable: string[] = [];
  const external: string[] = [];
  dx.codes.forEach((c, i) => (dx.mdc[i] === 0 ? external : groupable).push(c));
  const orCodes: string[] = [];
  const otherProcs: string[] = [];
  pr.codes.forEach((c, i) => (pr.orClass[i] === 1 || pr.orClass[i] === 2 ? orCodes : otherProcs).push(c));
  const start = Date.UTC(2025, 9, 1);
  const days = 365;
  const out: CodedEncounter[] = [];
  for (let n = 0; n < count; n++) {
    const r = rand();
    const pdx = r < 0.005 ? 'Z9999X' : r < 0.01 ? pick(external) : pick(groupable);
    const diagnoses: { code: string; poa?: PoaIndicator | undefined }[] = [{ code: pdx, poa: 'Y' }];
    const nSdx = Math.floor(rand() * rand() * 16);
    for (let k = 0; k < nSdx; k++) diagnoses.push({ code: pick(groupable), poa: pick(POAS) });
    const procedures: { code: string }[] = [];
    const p = rand();
    if (p < 0.35) {
      const nPr = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < nPr; k++) procedures.push({ code: rand() < 0.6 ? pick(orCodes) : pick(otherProcs) });
    } else if (p < 0.4) {
      // A formed cluster: one code of every choice of a random cluster.
      const c = Math.floor(rand() * clusters.names.length);
      for (let ch = clusters.choiceStart[c]!; ch < clusters.choiceStart[c + 1]!; ch++) {
        const from = clusters.choiceCodeStart[ch]!;
        const to = clusters.choiceCodeStart[ch + 1]!;
        if (to > from)
          procedures.push({ code: pr.codes[clusters.choiceCodes[from + Math.floor(rand() * (to - from))]!]! });
      }
    }
    const discharge = new Date(start + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10);
    out.push({
      id: `syn-${n}`,
      ageYears: Math.floor(rand() * 100),
      sex: rand() < 0.49 ? 'M' : rand() < 0.98 ? 'F' : 'U',
      encounterType: 'inpatient',
      admitDate: discharge,
      dischargeDate: discharge,
      dischargeStatus: pick(DSTATS),
      diagnoses,
      procedures,
    });
  }
  return out;
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/**
 * CPU nanoseconds per iteration of a trivial integer loop (about 0.3 on an idle modern core): a yardstick for how
 * much a busy or throttled machine slows the run, so throughput figures from different machines can be compared.
 */
function referenceLoopNs(): number {
  let sink = 0;
  const n = 50_000_000;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) sink += i & 7;
  const c = process.cpuUsage(c0);
  if (sink < 0) console.log(sink); // keeps the loop from being optimised away
  return Math.round((((c.user + c.system) * 1000) / n) * 100) / 100;
}

/** Loads the tables, groups synthetic encounters in-process and reports load time, memory and throughput. */
export async function benchDrg(): Promise<Record<string, number | string>> {
  const { groupMsDrg } = await import('@charta/core');
  const data = await import('@charta/data');
  const before = process.memoryUsage();
  let t = performance.now();
  const { tables, from } = data.readMsDrgTables();
  const loadMs = performance.now() - t;
  const encounters = syntheticEncounters(tables, 20_000);
  t = performance.now();
  const first = encounters[0];
  if (first) groupMsDrg(first, tables); // builds the compiled runtime (formulas to closures)
  const runtimeMs = performance.now() - t;
  const after = process.memoryUsage();

  // Throughput per wall-clock second and per CPU second of this process: on a shared machine the second is the
  // steadier measure of the grouper itself.
  const run = (
    explain: boolean,
  ): { perSecond: number; perCpuSecond: number; drgs: Set<string>; errors: number; invalid: number } => {
    const drgs = new Set<string>();
    let errors = 0;
    let invalid = 0;
    const options = { explain };
    let best = 0;
    let bestCpu = 0;
    // Round 0 warms the JIT up and is not counted.
    for (let round = 0; round < 4; round++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (const e of encounters) {
        const r = groupMsDrg(e, tables, options);
        if (!r.ok) errors++;
        else {
          drgs.add(r.value.drg);
          if (r.value.drg === '999') invalid++;
        }
      }
      const cpu = process.cpuUsage(c0);
      const perSecond = encounters.length / ((performance.now() - t0) / 1000);
      const perCpuSecond = encounters.length / ((cpu.user + cpu.system) / 1e6);
      if (round > 0 && perSecond > best) best = perSecond;
      if (round > 0 && perCpuSecond > bestCpu) bestCpu = perCpuSecond;
    }
    return { perSecond: best, perCpuSecond: bestCpu, drgs, errors: errors / 4, invalid: invalid / 4 };
  };
  const fast = run(false);
  const full = run(true);
  return {
    bench: 'msdrg-v43',
    encounters: encounters.length,
    load_ms: Math.round(loadMs),
    load_from: from,
    runtime_build_ms: Math.round(runtimeMs),
    tables_heap_delta_mb: mb(after.heapUsed - before.heapUsed),
    tables_rss_delta_mb: mb(after.rss - before.rss),
    encounters_per_second: Math.round(fast.perSecond),
    encounters_per_cpu_second: Math.round(fast.perCpuSecond),
    encounters_per_second_with_explanation: Math.round(full.perSecond),
    encounters_per_cpu_second_with_explanation: Math.round(full.perCpuSecond),
    load_average_1m: os.loadavg()[0]?.toFixed(2) ?? '',
    reference_loop_cpu_ns_per_iter: referenceLoopNs(),
    distinct_drgs: fast.drgs.size,
    drg_999: fast.invalid,
    version_errors: fast.errors,
  };
}

runIfMain(import.meta.url, benchDrg);
