/**
 * Deficiency analysis throughput: discharged records analysed per second through the server's analysis
 * (`analyzeEncounters`: read each encounter's documents, clinicians and procedures, apply the completion rules, open,
 * update or close its deficiencies and store its result), over 100,000 encounters, on a PostgreSQL server and on the
 * embedded PGlite, beside the pure rule evaluation alone (core's `analyzeCompletion` over the same records in memory).
 * Two passes: the first analysis (every deficiency is new) and a re-analysis after one unsigned document in ten was
 * signed and the rule set was saved as a new version (some deficiencies close, every open one is rewritten to name the
 * new version). Target: above 10,000 records per second on PostgreSQL; printed as
 * met or not, never asserted.
 *
 * The records are invented: inpatient, observation, behavioral-health and outpatient encounters discharged over two
 * months, with a history and physical, a discharge summary and an operative report each signed, unsigned, holding a
 * placeholder or missing in fixed proportions, and surgical procedures on some stays. PostgreSQL: BENCH_DATABASE_URL
 * as in fhir-import.ts (a scratch database, skipped when unreachable). BENCH_COMPLETION_ENCOUNTERS sets the size
 * (default 100,000); BENCH_COMPLETION_PEERS=postgres (or pglite) measures one database only.
 *
 * Run on its own: `node --conditions=source --import tsx bench/src/completion.ts` prints one JSON report.
 */
import { randomUUID } from 'node:crypto';
import type { CompletionRecord } from '@charta/core';
import type { DatabaseHandle, DatabaseTarget } from '@charta/db';
import { sql } from 'kysely';
import { mulberry32 } from '@charta/testing';
import { withBenchOrganisation, withScratchDatabase } from './fhir-import.js';
import { runIfMain } from './standalone.js';

const ENCOUNTERS = Number(process.env['BENCH_COMPLETION_ENCOUNTERS'] ?? 100_000);
const TARGET_PER_S = 10_000;
const INSERT_CHUNK = 1_000;
const DAY = 86_400_000;
const NOW = new Date('2026-03-01T08:00:00Z');
const START = Date.parse('2025-12-01T00:00:00Z');

interface Doc {
  readonly id: string;
  readonly encounterId: string;
  readonly loinc: string;
  readonly label: string;
  readonly authorId: string;
  readonly authoredAt: Date;
  readonly signedAt: Date | null;
  readonly text: string;
}
interface Dataset {
  readonly patients: { id: string; mrn: string }[];
  readonly practitioners: string[];
  readonly encounters: {
    id: string;
    patientId: string;
    type: string;
    admitAt: Date;
    dischargeAt: Date;
    attendingId: string;
    surgeonId: string | null;
    procedure: { code: string; on: string } | null;
  }[];
  readonly documents: Doc[];
}

const TYPES = ['inpatient', 'inpatient', 'inpatient', 'inpatient', 'observation', 'behavioral_health', 'outpatient'];
const PCS = ['0DTJ4ZZ', '0SR9019', '02703DZ', '0FT44ZZ', '0QS604Z'];
const DS_TEXT =
  'PRINCIPAL DIAGNOSIS: Community-acquired pneumonia.\nHOSPITAL COURSE: Treated with antibiotics.\nDISPOSITION: Home.';

/** The invented records (seeded, so every run and every peer analyses the same ones). */
export function completionDataset(count: number, seed = 20260301): Dataset {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const practitioners = Array.from({ length: 250 }, () => randomUUID());
  const patients = Array.from({ length: Math.ceil(count / 4) }, (_, i) => ({
    id: randomUUID(),
    mrn: `BCM${String(i).padStart(7, '0')}`,
  }));
  const encounters: Dataset['encounters'] = [];
  const documents: Doc[] = [];
  const doc = (encounterId: string, loinc: string, label: string, authorId: string, at: number, text: string) => {
    const r = rand();
    // 70% signed, 15% unsigned, 5% with a placeholder, 10% missing.
    if (r >= 0.9) return;
    documents.push({
      id: randomUUID(),
      encounterId,
      loinc,
      label,
      authorId,
      authoredAt: new Date(at),
      signedAt: r < 0.7 ? new Date(at + 3 * 3_600_000) : null,
      text: r >= 0.85 ? `${text}\n[dictation pending]` : text,
    });
  };
  for (let i = 0; i < count; i++) {
    const type = pick(TYPES);
    const admit = START + Math.floor(rand() * 60 * DAY);
    const stay = type === 'outpatient' ? 3 * 3_600_000 : (1 + Math.floor(rand() * 7)) * DAY;
    const discharge = admit + stay;
    const attendingId = pick(practitioners);
    const surgical = type === 'inpatient' && rand() < 0.2;
    const surgeonId = surgical ? pick(practitioners) : null;
    const id = randomUUID();
    encounters.push({
      id,
      patientId: (patients[i % patients.length] as { id: string }).id,
      type,
      admitAt: new Date(admit),
      dischargeAt: new Date(discharge),
      attendingId,
      surgeonId,
      procedure: surgical ? { code: pick(PCS), on: new Date(admit + DAY).toISOString().slice(0, 10) } : null,
    });
    if (type === 'outpatient') continue;
    // Most histories and physicals are written after admission; one in five before it, which asks for an update.
    const early = rand() < 0.2;
    const hp = 'HISTORY: Cough.\nEXAM: Crackles.';
    doc(id, '34117-2', 'History and physical', attendingId, early ? admit - 3 * DAY : admit + 4 * 3_600_000, hp);
    if (early) doc(id, '34117-2', 'History and physical update', attendingId, admit + 6 * 3_600_000, hp);
    if (surgeonId) doc(id, '11504-8', 'Operative report', surgeonId, admit + DAY + 3_600_000, 'PROCEDURE: As coded.');
    doc(id, '18842-5', 'Discharge summary', attendingId, discharge + DAY, DS_TEXT);
  }
  return { patients, practitioners, encounters, documents };
}

export async function loadCompletionDataset(db: DatabaseHandle['db'], orgId: string, data: Dataset) {
  const chunks = <T>(xs: readonly T[]) =>
    Array.from({ length: Math.ceil(xs.length / INSERT_CHUNK) }, (_, i) =>
      xs.slice(i * INSERT_CHUNK, (i + 1) * INSERT_CHUNK),
    );
  await db
    .insertInto('practitioners')
    .values(
      data.practitioners.map((id, i) => ({
        id,
        org_id: orgId,
        npi: null,
        family_name: `Clinician${i}`,
        given_name: 'Bench',
        credentials: 'MD',
        specialty: null,
        user_id: null,
        source_key: `bench:pr:${id}`,
      })),
    )
    .execute();
  for (const c of chunks(data.patients)) {
    await db
      .insertInto('patients')
      .values(
        c.map((p) => ({
          id: p.id,
          org_id: orgId,
          mrn: p.mrn,
          family_name: 'Benchmark',
          given_name: 'Person',
          birth_date: '1960-01-01',
          sex: 'F',
          address: null,
          phone: null,
          labels: [],
          updated_at: NOW,
        })),
      )
      .execute();
  }
  for (const c of chunks(data.encounters)) {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('encounters')
        .values(
          c.map((e, i) => ({
            id: e.id,
            org_id: orgId,
            patient_id: e.patientId,
            account_number: `BA${e.id.slice(0, 8)}${i}`,
            type: e.type,
            status: 'discharged',
            admit_at: e.admitAt,
            discharge_at: e.dischargeAt,
            discharge_disposition: '01',
            attending_id: e.attendingId,
            source_key: `bench:enc:${e.id}`,
            updated_at: NOW,
          })),
        )
        .execute();
      const clinicians = c.flatMap((e) => [
        { encounter_id: e.id, practitioner_id: e.attendingId, role: 'attending' },
        ...(e.surgeonId && e.surgeonId !== e.attendingId
          ? [{ encounter_id: e.id, practitioner_id: e.surgeonId, role: 'operating' }]
          : []),
      ]);
      await tx.insertInto('encounter_clinicians').values(clinicians).execute();
      const procedures = c.flatMap((e) =>
        e.procedure
          ? [
              {
                encounter_id: e.id,
                seq: 1,
                system: 'ICD-10-PCS',
                code: e.procedure.code,
                performed_on: e.procedure.on,
                practitioner_id: e.surgeonId,
                coder_id: null,
                updated_at: NOW,
              },
            ]
          : [],
      );
      if (procedures.length > 0) await tx.insertInto('coded_procedures').values(procedures).execute();
    });
  }
  const patientOf = new Map(data.encounters.map((e) => [e.id, e.patientId]));
  for (const c of chunks(data.documents)) {
    await db
      .insertInto('documents')
      .values(
        c.map((d) => ({
          id: d.id,
          org_id: orgId,
          patient_id: patientOf.get(d.encounterId) as string,
          encounter_id: d.encounterId,
          loinc_code: d.loinc,
          type_label: d.label,
          author_id: d.authorId,
          authored_at: d.authoredAt,
          status: d.signedAt ? 'final' : 'preliminary',
          authenticated_at: d.signedAt,
          authenticated_by: d.signedAt ? d.authorId : null,
          content_type: 'text/plain',
          text: d.text,
          attachment: null,
          source_key: `bench:doc:${d.id}`,
          updated_at: NOW,
        })),
      )
      .execute();
  }
}

interface PassReport {
  readonly records: number;
  readonly ms: number;
  readonly records_per_s: number;
}

const pass = (records: number, ms: number): PassReport => ({
  records,
  ms: Math.round(ms),
  records_per_s: Math.round(records / (ms / 1000)),
});

async function measurePeer(target: DatabaseTarget, data: Dataset) {
  const { analyzeStaleEncounters, markAllEncounters } = await import('@charta/server');
  return withBenchOrganisation(target, async (handle, orgId) => {
    const db = handle.db;
    const t = performance.now();
    await loadCompletionDataset(db, orgId, data);
    const loadMs = performance.now() - t;
    // The analysis is measured on a settled database, as it runs on a server some time after records arrive: the bulk
    // load's statistics gathered and its pages written out, so that neither autovacuum's first pass over the new
    // tables nor a checkpoint of the load lands inside the timed runs.
    await sql`vacuum analyze`.execute(db);
    if (target.kind === 'postgres') await sql`checkpoint`.execute(db);
    const ids = data.encounters.map((e) => e.id);
    // As the server runs it in the background or on demand: every flagged encounter, in chunks of their own
    // transactions, two at a time.
    const run = async (at: Date) => {
      const start = performance.now();
      const analyzed = await analyzeStaleEncounters(db, orgId, at);
      if (analyzed !== ids.length) throw new Error(`analysed ${analyzed} of ${ids.length}`);
      return performance.now() - start;
    };
    const first = await run(NOW);
    const counts = await db
      .selectFrom('deficiencies')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', orgId)
      .groupBy('kind')
      .execute();
    // One unsigned document in ten gets signed, as a day of physicians' signing would.
    const unsigned = data.documents.filter((d) => d.signedAt === null && !d.text.includes('['));
    const signing = unsigned.filter((_, i) => i % 10 === 0).map((d) => d.id);
    for (let i = 0; i < signing.length; i += INSERT_CHUNK) {
      await db
        .updateTable('documents')
        .set({ authenticated_at: NOW, status: 'final' })
        .where('id', 'in', signing.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    // The re-analysis a rule-set edit asks for: the HIM manager saves a new version of the organisation's set (the same
    // rules again, so that the findings stay comparable) and every encounter is flagged again; each open deficiency
    // then names the new version.
    await db.transaction().execute(async (tx) => {
      await sql`
        insert into completion_rule_sets (id, org_id, facility, version, rules, note, created_at, created_by)
        select ${randomUUID()}, org_id, facility, version + 1, rules, 'Benchmark: saved again', ${NOW}, null
        from completion_rule_sets where org_id = ${orgId} and facility = '' and version = 1`.execute(tx);
      await markAllEncounters(tx, orgId);
    });
    const second = await run(new Date(NOW.getTime() + DAY));
    const closed = await db
      .selectFrom('deficiencies')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    const renamed = await db
      .selectFrom('deficiencies')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'open')
      .where('rule_set_version', '=', 2)
      .executeTakeFirstOrThrow();
    return {
      load_ms: Math.round(loadMs),
      first_analysis: pass(ids.length, first),
      reanalysis: pass(ids.length, second),
      deficiencies_opened: Object.fromEntries(counts.map((c) => [c.kind, Number(c.n)])),
      closed_after_signing: Number(closed.n),
      open_on_new_version: Number(renamed.n),
      signed_between_passes: signing.length,
    };
  });
}

/** The records as the analysis reads them (`CompletionRecord`), built in memory from the dataset. */
export function completionRecords(data: Dataset): CompletionRecord[] {
  const docs = new Map<string, Doc[]>();
  for (const d of data.documents) {
    const list = docs.get(d.encounterId) ?? [];
    list.push(d);
    docs.set(d.encounterId, list);
  }
  return data.encounters.map((e) => ({
    encounter: {
      id: e.id,
      type: e.type,
      service: null,
      status: 'discharged',
      admitAt: e.admitAt.toISOString(),
      dischargeAt: e.dischargeAt.toISOString(),
      dischargeDisposition: '01',
      attendingId: e.attendingId,
    },
    clinicians: [
      { practitionerId: e.attendingId, role: 'attending' },
      ...(e.surgeonId ? [{ practitionerId: e.surgeonId, role: 'operating' }] : []),
    ],
    documents: (docs.get(e.id) ?? []).map((d) => ({
      id: d.id,
      loincCode: d.loinc,
      typeLabel: d.label,
      authorId: d.authorId,
      authoredAt: d.authoredAt.toISOString(),
      status: d.signedAt ? 'final' : 'preliminary',
      authenticatedAt: d.signedAt ? d.signedAt.toISOString() : null,
      authenticatedBy: d.signedAt ? d.authorId : null,
      text: d.text,
      hasAttachment: false,
      amendsDocumentId: null,
    })),
    procedures: e.procedure
      ? [
          {
            source: 'coded' as const,
            system: 'ICD-10-PCS',
            code: e.procedure.code,
            performedAt: e.procedure.on,
            practitionerId: e.surgeonId,
          },
        ]
      : [],
  }));
}

/** The rule evaluation alone: core's analyzeCompletion over the same records in memory, on one core. */
async function measureCore(data: Dataset) {
  const { analyzeCompletion, DEFAULT_COMPLETION_RULE_SET } = await import('@charta/core');
  const records = completionRecords(data);
  for (const r of records.slice(0, 2000)) analyzeCompletion(r, DEFAULT_COMPLETION_RULE_SET, NOW);
  const start = performance.now();
  let deficiencies = 0;
  for (const r of records) deficiencies += analyzeCompletion(r, DEFAULT_COMPLETION_RULE_SET, NOW).deficiencies.length;
  return { ...pass(records.length, performance.now() - start), deficiencies };
}

export async function benchCompletion(opts: { databaseUrl?: string } = {}): Promise<Record<string, unknown>> {
  const peers = (process.env['BENCH_COMPLETION_PEERS'] ?? 'postgres,pglite').split(',');
  const t = performance.now();
  const data = completionDataset(ENCOUNTERS);
  const generateMs = performance.now() - t;
  const serverUrl =
    opts.databaseUrl ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const postgres = peers.includes('postgres')
    ? await withScratchDatabase(serverUrl, (url) => measurePeer({ kind: 'postgres', url }, data))
    : { skipped: 'not in BENCH_COMPLETION_PEERS' };
  const pglite = peers.includes('pglite')
    ? await measurePeer({ kind: 'pglite', dataDir: 'memory' }, data)
    : { skipped: 'not in BENCH_COMPLETION_PEERS' };
  const core = await measureCore(data);
  const rate = (r: unknown) =>
    r && typeof r === 'object' && 'first_analysis' in r ? (r as { first_analysis: PassReport }).first_analysis : null;
  const pg = rate(postgres);
  const lite = rate(pglite);
  const again =
    postgres && typeof postgres === 'object' && 'reanalysis' in postgres
      ? (postgres as { reanalysis: PassReport }).reanalysis
      : null;
  const verdict = (r: PassReport) =>
    `${r.records_per_s > TARGET_PER_S ? 'met' : 'not met'} (${r.records_per_s} records/s)`;
  return {
    encounters: data.encounters.length,
    documents: data.documents.length,
    generate_ms: Math.round(generateMs),
    postgres,
    pglite,
    core_rules_only: core,
    ratios: {
      core_over_postgres: pg ? Number((core.records_per_s / pg.records_per_s).toFixed(1)) : null,
      core_over_pglite: lite ? Number((core.records_per_s / lite.records_per_s).toFixed(1)) : null,
    },
    target:
      pg && again
        ? `PostgreSQL > ${TARGET_PER_S} records/s: first analysis ${verdict(pg)}, re-analysis ${verdict(again)}`
        : `PostgreSQL > ${TARGET_PER_S} records/s: not measured (PostgreSQL skipped)`,
  };
}

runIfMain(import.meta.url, benchCompletion, 2);
