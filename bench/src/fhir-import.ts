/**
 * FHIR import rate: resources per second through the full import path (importFhir: parse, map, resolve references,
 * write the record tables and source records, audit each unit, offer new patients to the master patient index), into
 * the embedded PGlite and into a PostgreSQL server, beside a baseline that writes the same resources as raw JSONB rows
 * in the same run and database (multi-row INSERT straight on the driver: the `pg` driver has no COPY FROM STDIN
 * without an extra package). The ratio says what the import path costs over storing the JSON.
 *
 * Two shapes of the same data go through the full path: transaction bundles, one per patient (each all or nothing, as
 * an EHR pushes them; the importer writes consecutive bundles in groups, one transaction per group), and FHIR Bulk
 * Data NDJSON (lines written in chunks). Target: 3,000 resources/s through the full path on PostgreSQL, printed as met
 * or not, never asserted.
 *
 * The input is the demo generator's data (`generateDemoData`; each bundle carries the organisations and practitioners
 * it refers to, which later bundles find already stored). PostgreSQL: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); a scratch database is created and dropped, and the peer is skipped
 * with a note when the server is unreachable. BENCH_FHIR_PATIENTS sets the size (default 300 people);
 * BENCH_FHIR_PEERS=postgres (or pglite) measures one database only, e.g. under a profiler.
 *
 * Run on its own: `node --conditions=source --import tsx bench/src/fhir-import.ts` prints one JSON report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DatabaseHandle, DatabaseTarget } from '@charta/db';
import { runIfMain } from './standalone.js';

const PATIENTS = Number(process.env['BENCH_FHIR_PATIENTS'] ?? 300);
const TARGET_RESOURCES_PER_S = 3000;
const RAW_BATCH = 500;
const NOW = new Date('2026-01-15T09:00:00Z');

interface PathReport {
  readonly resources: number;
  readonly ms: number;
  readonly resources_per_s: number;
  readonly rejected: number;
}

interface PeerReport {
  readonly bundles: PathReport;
  readonly ndjson: PathReport;
  readonly raw_jsonb: { readonly resources: number; readonly ms: number; readonly resources_per_s: number };
  readonly raw_method: string;
  /** How many times slower each full path is than storing the raw JSON. */
  readonly ratio_bundles_to_raw: number;
  readonly ratio_ndjson_to_raw: number;
}

interface Input {
  readonly bundles: readonly object[];
  readonly bundleResources: number;
  readonly ndjson: readonly string[];
}

/** Runs one parameterised statement straight on the driver (PGlite's own, or a `pg` client). */
export type RawExecutor = (text: string, params: unknown[]) => Promise<unknown>;

export async function rawExecutor(
  handle: DatabaseHandle,
  target: DatabaseTarget,
): Promise<[RawExecutor, () => Promise<void>]> {
  if (handle.pglite) {
    const lite = handle.pglite;
    return [(text, params) => lite.query(text, params), async () => {}];
  }
  if (target.kind !== 'postgres') throw new Error('no raw driver for this target');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return [(text, params) => client.query(text, params), () => client.end()];
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

async function measurePeer(target: DatabaseTarget, input: Input): Promise<PeerReport> {
  const { openDatabase, migrateToLatest } = await import('@charta/db');
  const { importFhir, sortNdjsonLines } = await import('@charta/server');
  const handle = await openDatabase(target);
  try {
    const db = handle.db;
    await migrateToLatest(db as never);
    // One organisation per path, so that the second import writes everything anew instead of finding it unchanged.
    const newOrg = async () => {
      const id = randomUUID();
      await db.insertInto('organizations').values({ id, name: 'Benchmark organisation' }).execute();
      return id;
    };
    const auditKey = randomBytes(32);
    const actor = { userId: null, username: 'bench', role: null };

    let orgId = await newOrg();
    let t = performance.now();
    const viaBundles = await importFhir(
      db,
      { orgId, now: NOW, auditKey, actor },
      input.bundles.map((content, i) => ({ kind: 'bundle' as const, name: `bundle-${i}`, content })),
    );
    const bundlesMs = performance.now() - t;

    orgId = await newOrg();
    t = performance.now();
    const viaNdjson = await importFhir(db, { orgId, now: NOW, auditKey, actor }, [
      { kind: 'ndjson', name: 'demo.ndjson', lines: sortNdjsonLines(input.ndjson) },
    ]);
    const ndjsonMs = performance.now() - t;

    // Baseline: the bundles' resources as raw JSONB rows, one statement per batch.
    const [raw, closeRaw] = await rawExecutor(handle, target);
    const rows = input.bundles.flatMap((b) =>
      (b as { entry: { resource: { resourceType: string } }[] }).entry.map((e) => e.resource),
    );
    let rawMs: number;
    try {
      await raw(
        'create table bench_raw_fhir (id uuid primary key, resource_type text not null, content jsonb not null)',
        [],
      );
      t = performance.now();
      for (let i = 0; i < rows.length; i += RAW_BATCH) {
        const batch = rows.slice(i, i + RAW_BATCH);
        const values = batch.map((_, j) => `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3}::jsonb)`).join(', ');
        const params = batch.flatMap((r) => [randomUUID(), r.resourceType, JSON.stringify(r)]);
        await raw(`insert into bench_raw_fhir (id, resource_type, content) values ${values}`, params);
      }
      rawMs = performance.now() - t;
    } finally {
      await closeRaw();
    }

    return {
      bundles: {
        resources: input.bundleResources,
        ms: Math.round(bundlesMs),
        resources_per_s: rate(input.bundleResources, bundlesMs),
        rejected: viaBundles.totals.rejected,
      },
      ndjson: {
        resources: input.ndjson.length,
        ms: Math.round(ndjsonMs),
        resources_per_s: rate(input.ndjson.length, ndjsonMs),
        rejected: viaNdjson.totals.rejected,
      },
      raw_jsonb: { resources: rows.length, ms: Math.round(rawMs), resources_per_s: rate(rows.length, rawMs) },
      raw_method: `multi-row INSERT of jsonb, ${RAW_BATCH} rows per statement`,
      ratio_bundles_to_raw: Number((rate(rows.length, rawMs) / rate(input.bundleResources, bundlesMs)).toFixed(1)),
      ratio_ndjson_to_raw: Number((rate(rows.length, rawMs) / rate(input.ndjson.length, ndjsonMs)).toFixed(1)),
    };
  } finally {
    await handle.close();
  }
}

/**
 * Opens a benchmark's database, migrates it and adds an organisation, runs `measure` with them, and closes the database
 * afterwards.
 */
export async function withBenchOrganisation<T>(
  target: DatabaseTarget,
  measure: (handle: DatabaseHandle, orgId: string) => Promise<T>,
): Promise<T> {
  const { openDatabase, migrateToLatest } = await import('@charta/db');
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db as never);
    const orgId = randomUUID();
    await handle.db.insertInto('organizations').values({ id: orgId, name: 'Benchmark organisation' }).execute();
    return await measure(handle, orgId);
  } finally {
    await handle.close();
  }
}

/** Runs against a scratch database on the server, dropped afterwards; skipped (with the reason) when it is absent. */
export async function withScratchDatabase<T>(
  serverUrl: string,
  run: (url: string) => Promise<T>,
): Promise<T | { skipped: string }> {
  const { default: pg } = await import('pg');
  const name = `charta_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (e) {
    await admin.end().catch(() => undefined);
    return {
      skipped: `PostgreSQL unreachable at ${serverUrl.replace(/\/\/[^@]*@/u, '//…@')}: ${(e as Error).message}`,
    };
  }
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

export async function benchFhirImport(
  opts: { readonly patients?: number; readonly databaseUrl?: string } = {},
): Promise<Record<string, unknown>> {
  const { generateDemoData, bundlesToNdjson } = await import('@charta/server');
  const t = performance.now();
  const data = generateDemoData({ seed: 20260115, now: NOW, patients: opts.patients ?? PATIENTS });
  const input: Input = {
    bundles: data.bundles,
    bundleResources: data.stats.resources,
    ndjson: bundlesToNdjson(data.bundles),
  };
  const generateMs = performance.now() - t;

  const peers = (process.env['BENCH_FHIR_PEERS'] ?? 'pglite,postgres').split(',').map((p) => p.trim());
  const pglite = peers.includes('pglite')
    ? await measurePeer({ kind: 'pglite', dataDir: 'memory' }, input)
    : { skipped: 'not in BENCH_FHIR_PEERS' };
  const serverUrl =
    opts.databaseUrl ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const postgres = peers.includes('postgres')
    ? await withScratchDatabase(serverUrl, (url) => measurePeer({ kind: 'postgres', url }, input))
    : { skipped: 'not in BENCH_FHIR_PEERS' };
  const verdict = (r: PathReport) =>
    `${r.resources_per_s >= TARGET_RESOURCES_PER_S ? 'met' : 'not met'} (${r.resources_per_s} resources/s)`;
  return {
    people: data.stats.patients,
    resources_in_bundles: input.bundleResources,
    resources_unique: input.ndjson.length,
    generate_ms: Math.round(generateMs),
    pglite,
    postgres,
    target:
      'skipped' in postgres
        ? `PostgreSQL >= ${TARGET_RESOURCES_PER_S} resources/s: not measured (PostgreSQL skipped)`
        : `PostgreSQL >= ${TARGET_RESOURCES_PER_S} resources/s: bundles ${verdict(postgres.bundles)}, NDJSON ${verdict(postgres.ndjson)}`,
  };
}

runIfMain(import.meta.url, benchFhirImport, 2);
