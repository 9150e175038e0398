/**
 * Patient search latency with 100,000 patients: p50 and p99 of the query the patient search endpoint runs
 * (`patientSearchQuery` from the server, the same builder the route uses), on the embedded PGlite and on a PostgreSQL
 * server, for each kind of search a registrar or coder types: a family-name prefix, "family, given", an MRN and a
 * birth date. Target: p99 under 20 ms, printed as met or not, never asserted.
 *
 * The patients are the demo generator's invented people (`generateDemoPeople`), bulk inserted into patients and
 * patient_identifiers with multi-row inserts, then analysed, as a database that has been in use would be. Their names
 * come from short lists, so a name prefix matches a few thousand patients: a harder case than real name variety.
 * PostgreSQL: BENCH_DATABASE_URL as in fhir-import.ts (scratch database, skipped when unreachable).
 * BENCH_SEARCH_PATIENTS sets the size (default 100,000).
 *
 * Run on its own: `node --conditions=source --import tsx bench/src/patient-search.ts` prints one JSON report.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseTarget } from '@charta/db';
import type { DemoPerson } from '@charta/server';
import { rawExecutor, withBenchOrganisation, withScratchDatabase } from './fhir-import.js';
import { runIfMain } from './standalone.js';

const PATIENTS = Number(process.env['BENCH_SEARCH_PATIENTS'] ?? 100_000);
const QUERIES = 2000;
const WARMUP = 100;
const INSERT_CHUNK = 1000;
const LIMIT = 25;
const TARGET_P99_MS = 20;
const NOW = new Date('2026-01-15T09:00:00Z');

type Kind = 'family_prefix' | 'family_given' | 'mrn' | 'birth_date';
interface Query {
  readonly kind: Kind;
  readonly q: string;
}
type People = readonly { readonly person: DemoPerson; readonly mrn: string; readonly facility: string }[];

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number((sorted[Math.max(0, i)] ?? 0).toFixed(2));
}

/** The query mix: people picked at a fixed stride, each kind in turn. */
function queryMix(people: People): Query[] {
  const kinds: Kind[] = ['family_prefix', 'family_given', 'mrn', 'birth_date', 'family_prefix'];
  const step = Math.max(1, Math.floor(people.length / QUERIES));
  return Array.from({ length: QUERIES + WARMUP }, (_, i) => {
    const p = people[(i * step * 7 + i) % people.length];
    if (!p) throw new Error('no people');
    const kind = kinds[i % kinds.length] ?? 'mrn';
    const q =
      kind === 'family_prefix'
        ? p.person.family.slice(0, 3 + (i % 3))
        : kind === 'family_given'
          ? `${p.person.family}, ${p.person.given}`
          : kind === 'mrn'
            ? p.mrn
            : p.person.birthDate;
    return { kind, q };
  });
}

async function measurePeer(target: DatabaseTarget, people: People, queries: readonly Query[]) {
  const { patientSearchQuery } = await import('@charta/server');
  return withBenchOrganisation(target, async (handle, orgId) => {
    const db = handle.db;

    let t = performance.now();
    for (let i = 0; i < people.length; i += INSERT_CHUNK) {
      const chunk = people.slice(i, i + INSERT_CHUNK);
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('patients')
          .values(
            chunk.map(({ person: p, mrn }) => ({
              id: p.id,
              org_id: orgId,
              mrn,
              family_name: p.family,
              given_name: p.given,
              middle_name: p.middle ?? null,
              birth_date: p.birthDate,
              sex: p.sex === 'female' ? 'F' : 'M',
              address: `${p.address.line}, ${p.address.city}, ${p.address.state} ${p.address.postalCode}`,
              address_line: p.address.line,
              city: p.address.city,
              state: p.address.state,
              postal_code: p.address.postalCode,
              phone: p.phone,
              labels: [],
              source: 'demo',
              updated_at: NOW,
            })),
          )
          .execute();
        await tx
          .insertInto('patient_identifiers')
          .values(
            chunk.map(({ person: p, mrn, facility }) => ({
              id: randomUUID(),
              org_id: orgId,
              patient_id: p.id,
              system: `urn:charta:demo:mrn:${facility.toLowerCase()}`,
              value: mrn,
              type: 'MR',
              facility,
            })),
          )
          .execute();
      });
    }
    const loadMs = performance.now() - t;
    const [raw, closeRaw] = await rawExecutor(handle, target);
    try {
      await raw('analyze patients', []);
      await raw('analyze patient_identifiers', []);
    } finally {
      await closeRaw();
    }

    const times = new Map<Kind, number[]>();
    let hits = 0;
    for (const [i, query] of queries.entries()) {
      t = performance.now();
      const rows = await patientSearchQuery(db, { orgId, labelGrants: [], q: query.q, limit: LIMIT }).execute();
      const ms = performance.now() - t;
      if (i < WARMUP) continue;
      hits += rows.length;
      const list = times.get(query.kind) ?? [];
      list.push(ms);
      times.set(query.kind, list);
    }
    const all = [...times.values()].flat().sort((a, b) => a - b);
    const byKind = Object.fromEntries(
      [...times].map(([kind, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return [kind, { n: sorted.length, p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99) }];
      }),
    );
    const p99 = percentile(all, 99);
    return {
      patients: people.length,
      load_ms: Math.round(loadMs),
      load_patients_per_s: Math.round(people.length / (loadMs / 1000)),
      queries: all.length,
      mean_hits: Number((hits / Math.max(1, all.length)).toFixed(1)),
      p50_ms: percentile(all, 50),
      p99_ms: p99,
      by_kind: byKind,
      target: `p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'not met'}`,
    };
  });
}

export async function benchPatientSearch(
  opts: { readonly patients?: number; readonly databaseUrl?: string } = {},
): Promise<Record<string, unknown>> {
  const { generateDemoPeople } = await import('@charta/server');
  const t = performance.now();
  const people = generateDemoPeople(20260115, NOW, opts.patients ?? PATIENTS);
  const generateMs = performance.now() - t;
  const queries = queryMix(people);
  const pglite = await measurePeer({ kind: 'pglite', dataDir: 'memory' }, people, queries);
  const serverUrl =
    opts.databaseUrl ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const postgres = await withScratchDatabase(serverUrl, (url) =>
    measurePeer({ kind: 'postgres', url }, people, queries),
  );
  return { generate_ms: Math.round(generateMs), limit: LIMIT, pglite, postgres };
}

runIfMain(import.meta.url, benchPatientSearch, 2);
