import { prepareRecord } from './compare.js';
import { blockingKeys, buildMpiIndex, scorePair, verdictOf, type MpiPopulation } from './match.js';
import type { MpiDuplicatePair, MpiRecord, MpiSettings } from './types.js';

/**
 * The blocking keys of one record, as stored by a record store that does its blocking in the database: two records
 * are compared only when they share a key that no more than `maxBlockSize` records carry.
 */
export function mpiBlockingKeys(record: MpiRecord): string[] {
  return blockingKeys(prepareRecord(record));
}

/** The two ids of a pair in a fixed order (the smaller first), so that a pair has one key whichever side came first. */
export function orderMpiPair(x: string, y: string): readonly [string, string] {
  return x < y ? [x, y] : [y, x];
}

/**
 * Intake matching: scores each record of `queries` (new or changed records) against `pool` (the records that share a
 * usable blocking key with one of them, as the store found them; it may also hold the queries themselves) and returns
 * the pairs at or above the review threshold, each once, with `a` < `b` and the reasons computed in that order. Two
 * queries are compared with each other too. A key shared by more than `maxBlockSize` records of the pool is skipped,
 * as in the sweep; a store that already left out larger blocks gets the same pairs as a sweep of everything.
 *
 * `population` gives the name frequencies of the whole store, since the pool alone is too small to estimate them.
 */
export function matchMpiBatch(
  queries: readonly MpiRecord[],
  pool: readonly MpiRecord[],
  settings: MpiSettings,
  population?: MpiPopulation,
): MpiDuplicatePair[] {
  const index = buildMpiIndex([...queries, ...pool], population);
  const seen = new Set<string>();
  const out: MpiDuplicatePair[] = [];
  for (const q of queries) {
    const qPos = index.positionOf.get(q.id);
    const prepared = qPos === undefined ? undefined : index.records[qPos];
    if (!prepared) continue;
    for (const key of blockingKeys(prepared)) {
      const block = index.blocks.get(key);
      if (!block || block.length > settings.maxBlockSize) continue;
      for (const pos of block) {
        const other = index.records[pos];
        if (!other || other.id === prepared.id) continue;
        const [a, b] = orderMpiPair(prepared.id, other.id);
        const pairKey = `${a}|${b}`;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        const ra = a === prepared.id ? prepared : other;
        const rb = a === prepared.id ? other : prepared;
        const { score } = scorePair(index, ra, rb, settings, false);
        const verdict = verdictOf(score, settings);
        if (verdict === 'non-match') continue;
        out.push({ a, b, score, verdict, reasons: scorePair(index, ra, rb, settings).reasons });
      }
    }
  }
  return out.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
}
