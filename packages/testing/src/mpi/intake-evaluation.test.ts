import {
  DEFAULT_MPI_SETTINGS,
  matchMpiBatch,
  mpiBlockingKeys,
  orderMpiPair,
  prepareMpiRecord,
  type MpiDuplicatePair,
  type MpiRecord,
} from '@charta/core';
import { describe, expect, it } from 'vitest';
import { generateMpiEvaluationSet } from './generate.js';

/**
 * The server's intake path, with the database replaced by maps: records arrive in batches; each batch's blocking
 * keys are stored; the records sharing a key carried by at most `maxBlockSize` stored records form the pool; core's
 * `matchMpiBatch` scores the batch against the pool with name frequencies over everything stored. The server does
 * the same with the key table and SQL (apps/server/src/mpi/intake.ts).
 */
function simulateIntake(records: readonly MpiRecord[], batchSize: number): MpiDuplicatePair[] {
  const settings = DEFAULT_MPI_SETTINGS;
  const keyStore = new Map<string, Set<string>>();
  const byId = new Map<string, MpiRecord>();
  const familyCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  const found = new Map<string, MpiDuplicatePair>();
  for (let i = 0; i < records.length; i += batchSize) {
    const batch = records.slice(i, i + batchSize);
    const batchKeys = new Map<string, string[]>();
    for (const r of batch) {
      byId.set(r.id, r);
      const p = prepareMpiRecord(r);
      if (p.family) familyCounts.set(p.family, (familyCounts.get(p.family) ?? 0) + 1);
      if (p.given) givenCounts.set(p.given, (givenCounts.get(p.given) ?? 0) + 1);
      const keys = mpiBlockingKeys(r);
      batchKeys.set(r.id, keys);
      for (const k of keys) {
        const holders = keyStore.get(k);
        if (holders) holders.add(r.id);
        else keyStore.set(k, new Set([r.id]));
      }
    }
    const inBatch = new Set(batch.map((r) => r.id));
    const poolIds = new Set<string>();
    for (const keys of batchKeys.values()) {
      for (const k of keys) {
        const holders = keyStore.get(k);
        if (!holders || holders.size > settings.maxBlockSize) continue;
        for (const id of holders) if (!inBatch.has(id)) poolIds.add(id);
      }
    }
    const pool = [...poolIds].map((id) => byId.get(id)).filter((r): r is MpiRecord => r !== undefined);
    const population = { total: byId.size, familyCounts, givenCounts };
    for (const pair of matchMpiBatch(batch, pool, settings, byId.size >= 1000 ? population : undefined)) {
      // A later batch re-scores nothing already seen, but keep the latest score if it did.
      found.set(`${pair.a}|${pair.b}`, pair);
    }
  }
  return [...found.values()];
}

describe('MPI intake matching (blocking + scoring as findDuplicateCandidates runs it) on the labelled set', () => {
  const set = generateMpiEvaluationSet(20261130, 5000);
  const truth = new Set(set.truePairs.map(([a, b]) => orderMpiPair(a, b).join('|')));
  const found = simulateIntake(set.records, 250);

  it('reaches precision >= 0.95 and recall >= 0.90 at the review threshold', () => {
    expect(set.people).toBeGreaterThanOrEqual(5000);
    const tp = found.filter((p) => truth.has(`${p.a}|${p.b}`)).length;
    const precision = found.length === 0 ? 1 : tp / found.length;
    const recall = truth.size === 0 ? 1 : tp / truth.size;
    const links = found.filter((p) => p.verdict === 'match');
    const linkTp = links.filter((p) => truth.has(`${p.a}|${p.b}`)).length;
    console.log(
      `MPI intake evaluation: ${set.people} people, ${set.records.length} records, ${truth.size} true pairs, ` +
        `batches of 250; review queue (>= ${DEFAULT_MPI_SETTINGS.thresholds.review}): ${found.length} pairs, ` +
        `precision ${precision.toFixed(4)} recall ${recall.toFixed(4)}; ` +
        `auto-link band (>= ${DEFAULT_MPI_SETTINGS.thresholds.match}): precision ` +
        `${(links.length === 0 ? 1 : linkTp / links.length).toFixed(4)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('never puts twins in the auto-link band', () => {
    const twins = new Set(set.twinPairs.map(([a, b]) => orderMpiPair(a, b).join('|')));
    expect(found.filter((p) => p.verdict === 'match' && twins.has(`${p.a}|${p.b}`))).toEqual([]);
  });
});
