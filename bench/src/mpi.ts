/**
 * Master patient index benchmark: time to normalise and block 100,000 synthetic records, then candidate lookups per
 * second on one core (each lookup blocks, scores and explains the candidates of one record), and the size of the
 * blocks a lookup touches. The records come from the seeded evaluation-set generator of @charta/testing, so every
 * run measures the same data: invented people, about 15% of them registered twice with errors.
 *
 * Run on its own: `node --conditions=source --import tsx bench/src/mpi.ts` prints one JSON line (see standalone.ts).
 */
import { runIfMain } from './standalone.js';

const RECORDS = 100_000;
const LOOKUPS = 5_000;

export async function benchMpi(): Promise<Record<string, number | string>> {
  const { buildMpiIndex, findCandidates, DEFAULT_MPI_SETTINGS } = await import('@charta/core');
  const { generateMpiEvaluationSet } = await import('@charta/testing');

  let t = performance.now();
  // About 1.16 records per person: ask for fewer people, then keep exactly RECORDS records.
  const set = generateMpiEvaluationSet(20261130, Math.ceil(RECORDS / 1.1));
  const records = set.records.slice(0, RECORDS);
  const generateMs = performance.now() - t;

  const heapBefore = process.memoryUsage().heapUsed;
  t = performance.now();
  const index = buildMpiIndex(records);
  const buildMs = performance.now() - t;
  const heapAfter = process.memoryUsage().heapUsed;

  // Query with every 20th record: a spread of originals and duplicates, so some lookups find a partner and most none.
  const step = Math.floor(records.length / LOOKUPS);
  const queries = Array.from({ length: LOOKUPS }, (_, i) => records[i * step]).filter((r) => r !== undefined);
  let found = 0;
  t = performance.now();
  for (const q of queries) found += findCandidates(index, q, DEFAULT_MPI_SETTINGS).length;
  const lookupMs = performance.now() - t;

  let largest = 0;
  let skipped = 0;
  for (const block of index.blocks.values()) {
    if (block.length > DEFAULT_MPI_SETTINGS.maxBlockSize) skipped++;
    else largest = Math.max(largest, block.length);
  }

  return {
    records: records.length,
    generate_ms: Math.round(generateMs),
    index_build_ms: Math.round(buildMs),
    index_build_records_per_s: Math.round(records.length / (buildMs / 1000)),
    index_heap_mb: Math.round((heapAfter - heapBefore) / 1048576),
    blocks: index.blocks.size,
    largest_usable_block: largest,
    oversize_blocks_skipped: skipped,
    lookups: queries.length,
    lookups_per_s: Math.round(queries.length / (lookupMs / 1000)),
    lookup_mean_ms: Number((lookupMs / queries.length).toFixed(3)),
    candidates_at_review_or_above: found,
  };
}

runIfMain(import.meta.url, benchMpi);
