import { randomUUID } from 'node:crypto';
import {
  DEFAULT_MPI_SETTINGS,
  matchMpiBatch,
  mpiBlockingKeys,
  normalizePersonName,
  type MpiPopulation,
  type MpiRecord,
  type MpiSettings,
} from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import { loadMatchRecords, type Db } from './records.js';

/**
 * Patients created before the index existed (or by a path that did not key them) are keyed a few at a time by each
 * intake, so that the index fills without one long job; a full scan keys them all.
 */
const BACKFILL_PER_CALL = 500;
/** Below this many patients the matcher ignores name frequencies (see core's README), so they are not counted. */
const FREQUENCY_MIN_POPULATION = 1000;
const INSERT_CHUNK = 1000;

const uuidList = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;

/**
 * Recomputes the stored blocking keys of the given patients: active, unmerged ones get their keys, the others lose
 * theirs (a merged or inactive record is not a candidate for anything). Returns the records of the keyed patients.
 */
export async function refreshBlockingKeys(
  db: Db,
  orgId: string,
  patientIds: readonly string[],
  now: Date,
): Promise<Map<string, MpiRecord>> {
  if (patientIds.length === 0) return new Map();
  const { rows, records } = await loadMatchRecords(db, orgId, patientIds);
  const live = rows.filter((r) => r.active && r.merged_into === null);
  await db
    .deleteFrom('mpi_blocking_keys')
    .where('org_id', '=', orgId)
    .where('patient_id', '=', sql<string>`any(${uuidList(rows.map((r) => r.id))})`)
    .execute();
  const pids: string[] = [];
  const keys: string[] = [];
  for (const r of live) {
    const record = records.get(r.id);
    if (!record) continue;
    for (const k of mpiBlockingKeys(record)) {
      pids.push(r.id);
      keys.push(k);
    }
  }
  if (pids.length > 0) {
    // One statement for all keys: two parallel arrays unnested into rows.
    await sql`
      insert into mpi_blocking_keys (org_id, patient_id, key)
      select ${orgId}::uuid, t.patient_id, t.key
      from unnest(${sql.val(pids)}::uuid[], ${sql.val(keys)}::text[]) as t(patient_id, key)
      on conflict do nothing
    `.execute(db);
  }
  await db
    .updateTable('patients')
    .set({ mpi_keyed_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${uuidList(rows.map((r) => r.id))})`)
    .execute();
  const out = new Map<string, MpiRecord>();
  for (const r of live) {
    const record = records.get(r.id);
    if (record) out.set(r.id, record);
  }
  return out;
}

/** Active patients that share a usable blocking key (one carried by at most `maxBlockSize` patients) with any given. */
async function blockedCandidates(
  db: Db,
  orgId: string,
  patientIds: readonly string[],
  settings: MpiSettings,
): Promise<string[]> {
  const rows = await sql<{ patient_id: string }>`
    with query_keys as (
      select distinct key from mpi_blocking_keys where org_id = ${orgId}::uuid and patient_id = any(${uuidList(patientIds)})
    ), usable as (
      select k.key from mpi_blocking_keys k join query_keys q on q.key = k.key
      where k.org_id = ${orgId}::uuid
      group by k.key having count(*) <= ${settings.maxBlockSize}
    )
    select distinct k.patient_id from mpi_blocking_keys k join usable u on u.key = k.key
    where k.org_id = ${orgId}::uuid
  `.execute(db);
  const given = new Set(patientIds);
  return rows.rows.map((r) => r.patient_id).filter((id) => !given.has(id));
}

/** Name frequencies over the organisation's active patients, for the names of the query records only. */
async function populationFor(db: Db, orgId: string, queries: readonly MpiRecord[]): Promise<MpiPopulation | undefined> {
  const total = await db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('active', '=', true)
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  const n = Number(total.n);
  if (n < FREQUENCY_MIN_POPULATION) return undefined;
  const families = [...new Set(queries.map((q) => (q.familyName ?? '').toLowerCase()).filter(Boolean))];
  const givens = [...new Set(queries.map((q) => (q.givenName ?? '').toLowerCase()).filter(Boolean))];
  const rows = await sql<{ kind: string; name: string; n: number | string }>`
    select 'f' as kind, lower(family_name) as name, count(*) as n from patients
    where org_id = ${orgId}::uuid and active and merged_into is null and lower(family_name) = any(${sql.val(families)}::text[])
    group by 2
    union all
    select 'g' as kind, lower(given_name) as name, count(*) as n from patients
    where org_id = ${orgId}::uuid and active and merged_into is null and lower(given_name) = any(${sql.val(givens)}::text[])
    group by 2
  `.execute(db);
  const familyCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  for (const r of rows.rows) {
    const normal = normalizePersonName(r.name);
    const key = r.kind === 'f' ? normal : (normal.split(' ')[0] ?? '');
    const counts = r.kind === 'f' ? familyCounts : givenCounts;
    counts.set(key, (counts.get(key) ?? 0) + Number(r.n));
  }
  return { total: n, familyCounts, givenCounts };
}

/**
 * Scores the given (new or changed) patients against their organisation's other active patients and stores the
 * pairs at or above the review threshold in the review queue. Idempotent: an existing pair still open is updated
 * (score, reasons), a pair decided "not a duplicate" or merged is left as decided. Blocking is done by the database
 * over the stored blocking keys, in a fixed number of set-based statements whatever the number of patients; scoring
 * is core's `matchMpiBatch`. Returns the number of candidate pairs stored or updated.
 */
export async function findDuplicateCandidates(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
  patientIds: readonly string[],
  now: Date,
  settings: MpiSettings = DEFAULT_MPI_SETTINGS,
): Promise<number> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return 0;
  // Older unkeyed patients are keyed along the way so that the new ones can meet them.
  const unkeyed = await db
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('mpi_keyed_at', 'is', null)
    .where('active', '=', true)
    .where('merged_into', 'is', null)
    .limit(BACKFILL_PER_CALL + ids.length)
    .execute();
  const given = new Set(ids);
  const backfill = unkeyed
    .map((r) => r.id)
    .filter((id) => !given.has(id))
    .slice(0, BACKFILL_PER_CALL);
  const keyed = await refreshBlockingKeys(db, orgId, [...ids, ...backfill], now);
  const queries = ids.map((id) => keyed.get(id)).filter((r): r is MpiRecord => r !== undefined);
  if (queries.length === 0) return 0;
  const candidateIds = await blockedCandidates(
    db,
    orgId,
    queries.map((q) => q.id),
    settings,
  );
  const others = await loadMatchRecords(db, orgId, candidateIds);
  const pool = others.rows
    .filter((r) => r.active && r.merged_into === null)
    .map((r) => others.records.get(r.id))
    .filter((r): r is MpiRecord => r !== undefined);
  const pairs = matchMpiBatch(queries, pool, settings, await populationFor(db, orgId, queries));
  const kept = await storeCandidates(db, orgId, pairs, now);
  // An open pair of a re-scored patient that no longer reaches the review threshold (the record was corrected) leaves
  // the queue; decided pairs stay as decided.
  const queryIds = queries.map((q) => q.id);
  let stale = db
    .deleteFrom('mpi_candidates')
    .where('org_id', '=', orgId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('patient_a', '=', sql<string>`any(${uuidList(queryIds)})`),
        eb('patient_b', '=', sql<string>`any(${uuidList(queryIds)})`),
      ]),
    );
  if (kept.length > 0) stale = stale.where('id', '!=', sql<string>`all(${uuidList(kept)})`);
  await stale.execute();
  return kept.length;
}

/** Upserts candidate pairs; only pairs still open take the new score. Returns the ids of the rows stored or updated. */
export async function storeCandidates(
  db: Db,
  orgId: string,
  pairs: readonly { a: string; b: string; score: number; verdict: string; reasons: readonly unknown[] }[],
  now: Date,
): Promise<string[]> {
  const stored: string[] = [];
  for (let i = 0; i < pairs.length; i += INSERT_CHUNK) {
    const chunk = pairs.slice(i, i + INSERT_CHUNK);
    const rows = await db
      .insertInto('mpi_candidates')
      .values(
        chunk.map((p) => ({
          id: randomUUID(),
          org_id: orgId,
          patient_a: p.a,
          patient_b: p.b,
          score: p.score,
          verdict: p.verdict,
          reasons: JSON.stringify(p.reasons),
          status: 'open',
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'patient_a', 'patient_b'])
          .doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            verdict: eb.ref('excluded.verdict'),
            reasons: eb.ref('excluded.reasons'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          // A decision stands: a pair marked "not a duplicate" (or merged) is not reopened by a re-scan.
          .where('mpi_candidates.status', '=', 'open'),
      )
      .returning('id')
      .execute();
    for (const r of rows) stored.push(r.id);
  }
  return stored;
}
