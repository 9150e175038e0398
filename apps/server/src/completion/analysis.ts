import { randomUUID } from 'node:crypto';
import { analyzeCompletion, type CompletionAnalysis, type CompletionRecord } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import { currentRuleSet, type StoredRuleSet } from './rule-sets.js';
import type { Services } from '../http/context.js';
import { errorFields } from '../platform/logger.js';

/** Encounters read per round trip. */
const BATCH = 1000;
/** Deficiency rows per INSERT. */
const WRITE_ROWS = 2000;

interface LoadedRecord {
  readonly record: CompletionRecord;
  readonly patientId: string;
  /** The encounter's facility ('' without one): it picks the rule set. */
  readonly facility: string;
  /** Its deficiencies as stored (every status). */
  readonly deficiencies: readonly StoredDeficiency[];
}

/** A stored deficiency as the analysis compares it with what it finds (instants as canonical ISO text). */
interface StoredDeficiency {
  readonly id: string;
  readonly analysisKey: string | null;
  readonly status: string;
  readonly reassigned: boolean;
  readonly source: string;
  readonly kind: string;
  readonly documentId: string | null;
  readonly ruleSetVersion: number | null;
  readonly title: string;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
  readonly practitionerId: string | null;
}

/** An instant as canonical ISO text (what `toISOString` writes), formatted by the database. */
const isoText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Reads what the analysis needs about some encounters of one organisation, keyed by encounter id, in one statement:
 * each encounter with its clinicians, documents (by authoring time), procedures (EHR by time, coded by sequence) and
 * stored deficiencies aggregated as JSON arrays, instants formatted as ISO text by the database. One round trip and no
 * per-row type parsing: reading is most of an analysis's cost. Runs with the planner settings analyzeInBatches makes.
 */
async function loadCompletionRecords(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
): Promise<Map<string, LoadedRecord>> {
  const out = new Map<string, LoadedRecord>();
  if (encounterIds.length === 0) return out;
  type Row = {
    id: string;
    patient_id: string;
    type: string;
    service: string | null;
    status: string;
    admit_at: string | null;
    discharge_at: string | null;
    discharge_disposition: string | null;
    attending_id: string | null;
    facility: string | null;
    clinicians: [string, string][];
    documents: [
      string,
      string | null,
      string,
      string | null,
      string | null,
      string,
      string | null,
      string | null,
      string | null,
      string | null,
      boolean,
    ][];
    coded: [string, string, string | null, string | null][];
    ehr: [string, string, string | null][];
    deficiencies: [
      string,
      string | null,
      string,
      boolean,
      string,
      string,
      string | null,
      number | null,
      string,
      string | null,
      string | null,
      string | null,
    ][];
  };
  const result = await sql<Row>`
    select e.id, e.patient_id, e.type, e.service, e.status, ${isoText('e.admit_at')} as admit_at,
      ${isoText('e.discharge_at')} as discharge_at, e.discharge_disposition, e.attending_id, e.facility,
      coalesce((select json_agg(json_build_array(c.practitioner_id, c.role))
        from encounter_clinicians c where c.encounter_id = e.id), '[]') as clinicians,
      coalesce((select json_agg(json_build_array(d.id, d.loinc_code, d.type_label, d.author_id,
          ${isoText('d.authored_at')}, d.status, ${isoText('d.authenticated_at')}, d.authenticated_by, d.text,
          d.amends_document_id, d.attachment is not null) order by d.authored_at, d.id)
        from documents d where d.encounter_id = e.id), '[]') as documents,
      coalesce((select json_agg(json_build_array(p.system, p.code, p.performed_on, p.practitioner_id) order by p.seq)
        from coded_procedures p where p.encounter_id = e.id), '[]') as coded,
      coalesce((select json_agg(json_build_array(x.system, x.code, ${isoText('x.onset_at')}) order by x.onset_at)
        from ehr_codes x where x.encounter_id = e.id and x.kind = 'procedure'), '[]') as ehr,
      coalesce((select json_agg(json_build_array(f.id, f.analysis_key, f.status, f.reassigned, f.source, f.kind,
          f.document_id, f.rule_set_version, f.title, ${isoText('f.due_at')}, ${isoText('f.delinquent_at')},
          f.practitioner_id)) from deficiencies f where f.encounter_id = e.id), '[]') as deficiencies
    from encounters e
    where e.org_id = ${orgId} and e.id = any(${sql.val([...encounterIds])}::uuid[])`.execute(tx);
  for (const e of result.rows) {
    out.set(e.id, {
      patientId: e.patient_id,
      facility: e.facility ?? '',
      deficiencies: e.deficiencies.map((f) => ({
        id: f[0],
        analysisKey: f[1],
        status: f[2],
        reassigned: f[3],
        source: f[4],
        kind: f[5],
        documentId: f[6],
        ruleSetVersion: f[7],
        title: f[8],
        dueAt: f[9],
        delinquentAt: f[10],
        practitionerId: f[11],
      })),
      record: {
        encounter: {
          id: e.id,
          type: e.type,
          service: e.service,
          status: e.status,
          admitAt: e.admit_at,
          dischargeAt: e.discharge_at,
          dischargeDisposition: e.discharge_disposition,
          attendingId: e.attending_id,
        },
        clinicians: e.clinicians.map(([practitionerId, role]) => ({ practitionerId, role })),
        documents: e.documents.map((d) => ({
          id: d[0],
          loincCode: d[1],
          typeLabel: d[2],
          authorId: d[3],
          authoredAt: d[4],
          status: d[5],
          authenticatedAt: d[6],
          authenticatedBy: d[7],
          text: d[8],
          hasAttachment: d[10],
          amendsDocumentId: d[9],
        })),
        procedures: [
          ...e.ehr.map(([system, code, at]) => ({
            source: 'ehr' as const,
            system,
            code,
            performedAt: at,
            practitionerId: null,
          })),
          ...e.coded.map(([system, code, on, practitionerId]) => ({
            source: 'coded' as const,
            system,
            code,
            performedAt: on,
            practitionerId,
          })),
        ],
      },
    });
  }
  return out;
}

interface NewDeficiency {
  readonly id: string;
  readonly encounterId: string;
  readonly patientId: string;
  readonly documentId: string | null;
  readonly kind: string;
  readonly ruleId: string;
  readonly ruleSetVersion: number;
  readonly key: string;
  readonly title: string;
  readonly practitionerId: string | null;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
}

interface StoredResult {
  readonly encounterId: string;
  readonly ruleSetVersion: number;
  readonly recordStatus: string;
  readonly findings: string;
}

/**
 * Inserts the deficiencies an analysis opened, a batch per statement: one array per column, unnested by the database,
 * so a statement binds a dozen parameters whatever the batch size.
 */
async function insertDeficiencies(
  tx: Transaction<Database>,
  orgId: string,
  now: Date,
  rows: readonly NewDeficiency[],
): Promise<void> {
  for (let k = 0; k < rows.length; k += WRITE_ROWS) {
    const part = rows.slice(k, k + WRITE_ROWS);
    const col = <T>(f: (r: NewDeficiency) => T) => sql.val(part.map(f));
    await sql`
      insert into deficiencies (id, org_id, encounter_id, patient_id, document_id, kind, rule_id, rule_set_version,
        source, analysis_key, title, practitioner_id, due_at, delinquent_at, created_at, created_by, assigned_at,
        assigned_by, updated_at)
      select u.id, ${orgId}, u.encounter_id, u.patient_id, u.document_id, u.kind, u.rule_id, u.rule_set_version,
        'analysis', u.analysis_key, u.title, u.practitioner_id, u.due_at, u.delinquent_at, ${now}, null, ${now},
        null, ${now}
      from unnest(
        ${col((r) => r.id)}::uuid[], ${col((r) => r.encounterId)}::uuid[], ${col((r) => r.patientId)}::uuid[],
        ${col((r) => r.documentId)}::uuid[], ${col((r) => r.kind)}::text[], ${col((r) => r.ruleId)}::text[],
        ${col((r) => r.ruleSetVersion)}::int[], ${col((r) => r.key)}::text[], ${col((r) => r.title)}::text[],
        ${col((r) => r.practitionerId)}::uuid[], ${col((r) => r.dueAt)}::timestamptz[],
        ${col((r) => r.delinquentAt)}::timestamptz[]
      ) as u(id, encounter_id, patient_id, document_id, kind, rule_id, rule_set_version, analysis_key, title,
        practitioner_id, due_at, delinquent_at)`.execute(tx);
  }
}

/** An analysis deficiency found again whose details changed (or that re-opens): its new details. */
interface ChangedDeficiency {
  readonly id: string;
  readonly documentId: string | null;
  readonly ruleSetVersion: number;
  readonly title: string;
  readonly practitionerId: string | null;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
}

/**
 * Opens (again) and brings up to date the deficiencies an analysis found with changed details, a batch per statement
 * (a rule-set edit changes every open deficiency's version at once).
 */
async function updateDeficiencies(
  tx: Transaction<Database>,
  now: Date,
  rows: readonly ChangedDeficiency[],
): Promise<void> {
  for (let k = 0; k < rows.length; k += WRITE_ROWS) {
    const part = rows.slice(k, k + WRITE_ROWS);
    const col = <T>(f: (r: ChangedDeficiency) => T) => sql.val(part.map(f));
    await sql`
      update deficiencies f set status = 'open', closed_at = null, closed_by = null, document_id = u.document_id,
        rule_set_version = u.rule_set_version, title = u.title, practitioner_id = u.practitioner_id,
        due_at = u.due_at, delinquent_at = u.delinquent_at, updated_at = ${now}
      from unnest(
        ${col((r) => r.id)}::uuid[], ${col((r) => r.documentId)}::uuid[], ${col((r) => r.ruleSetVersion)}::int[],
        ${col((r) => r.title)}::text[], ${col((r) => r.practitionerId)}::uuid[], ${col((r) => r.dueAt)}::timestamptz[],
        ${col((r) => r.delinquentAt)}::timestamptz[]
      ) as u(id, document_id, rule_set_version, title, practitioner_id, due_at, delinquent_at)
      where f.id = u.id`.execute(tx);
  }
}

/** Stores each encounter's latest result (status and consistency findings), one statement per batch. */
async function storeResults(
  tx: Transaction<Database>,
  orgId: string,
  now: Date,
  rows: readonly StoredResult[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into completion_results (encounter_id, org_id, stale, analyzed_at, rule_set_version, record_status, findings)
    select u.encounter_id, ${orgId}, false, ${now}, u.rule_set_version, u.record_status, u.findings::jsonb
    from unnest(
      ${sql.val(rows.map((r) => r.encounterId))}::uuid[], ${sql.val(rows.map((r) => r.ruleSetVersion))}::int[],
      ${sql.val(rows.map((r) => r.recordStatus))}::text[], ${sql.val(rows.map((r) => r.findings))}::text[]
    ) as u(encounter_id, rule_set_version, record_status, findings)
    on conflict (encounter_id) do update set stale = false, analyzed_at = excluded.analyzed_at,
      rule_set_version = excluded.rule_set_version, record_status = excluded.record_status,
      findings = excluded.findings`.execute(tx);
}

export interface AnalyzedEncounter {
  readonly analysis: CompletionAnalysis;
  readonly ruleSetVersion: number;
}

/** What analysing one batch writes. */
interface BatchWrites {
  readonly inserts: readonly NewDeficiency[];
  readonly updates: readonly ChangedDeficiency[];
  readonly resolved: readonly string[];
  readonly stored: readonly StoredResult[];
}

/**
 * Applies the rules to a batch of loaded records and works out the writes: deficiencies to open, to bring up to date
 * and to close, and each encounter's result. Each analysis goes into `results` when one is given.
 */
function planWrites(
  records: ReadonlyMap<string, LoadedRecord>,
  ruleSets: ReadonlyMap<string, StoredRuleSet>,
  now: Date,
  results: Map<string, AnalyzedEncounter> | null,
): BatchWrites {
  const inserts: NewDeficiency[] = [];
  const updates: ChangedDeficiency[] = [];
  const resolved: string[] = [];
  const stored: StoredResult[] = [];
  for (const [encounterId, { record, patientId, facility, deficiencies }] of records) {
    const { version, ruleSet } = ruleSets.get(facility) as StoredRuleSet;
    const analysis = analyzeCompletion(record, ruleSet, now);
    results?.set(encounterId, { analysis, ruleSetVersion: version });
    const byKey = new Map<string, StoredDeficiency>();
    for (const d of deficiencies) if (d.source === 'analysis' && d.analysisKey !== null) byKey.set(d.analysisKey, d);
    const owed = new Set<string>();
    for (const item of analysis.deficiencies) {
      owed.add(item.key);
      const current = byKey.get(item.key);
      const documentType = item.documentId
        ? (record.documents.find((d) => d.id === item.documentId)?.typeLabel ?? null)
        : null;
      const title = documentType ? `${item.title} (${documentType})` : item.title;
      if (!current) {
        inserts.push({
          id: randomUUID(),
          encounterId,
          patientId,
          documentId: item.documentId,
          kind: item.kind ?? 'other',
          ruleId: item.ruleId,
          ruleSetVersion: version,
          key: item.key,
          title,
          practitionerId: item.responsible.practitionerId,
          dueAt: item.dueAt,
          delinquentAt: item.delinquentAt,
        });
        continue;
      }
      if (current.status === 'waived') continue;
      const practitionerId = current.reassigned ? current.practitionerId : item.responsible.practitionerId;
      const unchanged =
        current.status === 'open' &&
        current.documentId === item.documentId &&
        current.ruleSetVersion === version &&
        current.title === title &&
        current.dueAt === item.dueAt &&
        current.delinquentAt === item.delinquentAt &&
        current.practitionerId === practitionerId;
      if (unchanged) continue;
      updates.push({
        id: current.id,
        documentId: item.documentId,
        ruleSetVersion: version,
        title,
        practitionerId,
        dueAt: item.dueAt,
        delinquentAt: item.delinquentAt,
      });
    }
    const signed = new Set(record.documents.filter((d) => d.authenticatedAt !== null).map((d) => d.id));
    for (const d of deficiencies) {
      if (d.status !== 'open') continue;
      const done =
        d.source === 'analysis'
          ? !owed.has(d.analysisKey ?? '')
          : d.kind === 'unauthenticated' && d.documentId !== null && signed.has(d.documentId);
      if (done) resolved.push(d.id);
    }
    stored.push({
      encounterId,
      ruleSetVersion: version,
      recordStatus: analysis.recordStatus,
      findings: JSON.stringify(analysis.findings),
    });
  }
  return { inserts, updates, resolved, stored };
}

/**
 * Locks the analysis results of a batch of encounters, in id order, before they are read, so that two transactions
 * never analyse one encounter at the same time (each would open the same deficiency) and a document written meanwhile
 * marks its encounter for analysis again only once this analysis is committed. A run over flagged encounters
 * (`flaggedOnly`) skips those another transaction holds (it is analysing them, or changing them and will flag them)
 * and those no longer flagged, and never waits; an analysis of named encounters waits its turn. Returns the encounters
 * to analyse.
 */
async function claimEncounters(
  tx: Transaction<Database>,
  encounterIds: readonly string[],
  flaggedOnly: boolean,
): Promise<readonly string[]> {
  const ids = sql.val([...encounterIds]);
  if (flaggedOnly) {
    const claimed = await sql<{ encounter_id: string }>`
      select encounter_id from completion_results where encounter_id = any(${ids}::uuid[]) and stale
      order by encounter_id for update skip locked`.execute(tx);
    return claimed.rows.map((r) => r.encounter_id);
  }
  await sql`
    select encounter_id from completion_results where encounter_id = any(${ids}::uuid[])
    order by encounter_id for update`.execute(tx);
  return encounterIds;
}

/**
 * Reads a batch of encounters and plans its writes; the records themselves stay here, so that they are garbage by the
 * time the writes' round trips run rather than surviving into the older generation of the heap. Rule sets are read
 * once per facility and kept in `ruleSets`.
 */
async function analyzeBatch(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
  now: Date,
  ruleSets: Map<string, StoredRuleSet>,
  results: Map<string, AnalyzedEncounter> | null,
  flaggedOnly: boolean,
): Promise<BatchWrites | null> {
  const ids = await claimEncounters(tx, encounterIds, flaggedOnly);
  if (ids.length === 0) return null;
  const records = await loadCompletionRecords(tx, orgId, ids);
  if (records.size === 0) return null;
  for (const { facility } of records.values()) {
    if (!ruleSets.has(facility)) ruleSets.set(facility, await currentRuleSet(tx, orgId, now, facility));
  }
  return planWrites(records, ruleSets, now, results);
}

/**
 * Analyses encounters in batches (see analyzeEncounters); each analysis goes into `results` when one is given, and
 * `flaggedOnly` analyses only those still flagged that no other transaction holds. Returns how many were analysed.
 */
async function analyzeInBatches(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
  now: Date,
  results: Map<string, AnalyzedEncounter> | null,
  flaggedOnly: boolean,
): Promise<number> {
  const ruleSets = new Map<string, StoredRuleSet>();
  let analyzed = 0;
  // Ascending ids, batch after batch: transactions that lock overlapping encounters take them in the same order.
  const ids = [...new Set(encounterIds)].sort();
  if (ids.length === 0) return 0;
  // The batch read reaches each encounter's rows through their encounter_id indexes; right after a bulk load the
  // planner's statistics can be missing or stale and choose a sequential scan per encounter instead, so the analysis
  // is planned with sequential scans discouraged (its other statements look rows up by key too). The read's cost
  // estimate, summed over a batch's correlated subqueries, also passes the server's JIT threshold although it runs in
  // tens of milliseconds: compiling it would take several times longer than running it, so JIT is off. Both return
  // to the configured values before the caller's transaction goes on.
  await sql`set local enable_seqscan = off`.execute(tx);
  await sql`set local jit = off`.execute(tx);
  for (let i = 0; i < ids.length; i += BATCH) {
    const writes = await analyzeBatch(tx, orgId, ids.slice(i, i + BATCH), now, ruleSets, results, flaggedOnly);
    if (!writes) continue;
    await insertDeficiencies(tx, orgId, now, writes.inserts);
    await updateDeficiencies(tx, now, writes.updates);
    if (writes.resolved.length > 0) {
      await tx
        .updateTable('deficiencies')
        .set({ status: 'closed', closed_at: now, closed_by: null, updated_at: now })
        .where(sql<boolean>`id = any(${sql.val([...writes.resolved])}::uuid[])`)
        .execute();
    }
    await storeResults(tx, orgId, now, writes.stored);
    analyzed += writes.stored.length;
  }
  await sql`set local enable_seqscan to default`.execute(tx);
  await sql`set local jit to default`.execute(tx);
  return analyzed;
}

/**
 * Analyses encounters of one organisation at `now` and brings their deficiencies up to date: a requirement owed now
 * opens (or re-opens) its deficiency, with the responsible clinician (unless a person reassigned it) and due instant;
 * an open one the analysis no longer finds is closed; a waived one stays waived. A deficiency added by hand for an
 * unsigned document closes once that document is signed. The latest result (status and consistency findings) is kept
 * per encounter. Runs inside the caller's transaction, after any other transaction analysing the same encounters.
 */
export async function analyzeEncounters(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
  now: Date,
): Promise<Map<string, AnalyzedEncounter>> {
  const results = new Map<string, AnalyzedEncounter>();
  await analyzeInBatches(tx, orgId, encounterIds, now, results, false);
  return results;
}

/** The organisation's encounters flagged for analysis (their documents, dates or procedures changed). */
async function staleEncounterIds(db: Kysely<Database> | Transaction<Database>, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('completion_results')
    .select('encounter_id')
    .where('org_id', '=', orgId)
    .where('stale', '=', true)
    .execute();
  return rows.map((r) => r.encounter_id);
}

/**
 * The completion hook for intake paths: analyses every encounter of the organisation whose documents, status,
 * dates or coded procedures changed since its last analysis (triggers mark them), inside the caller's transaction.
 * Call it after writing, in the same transaction, with the transaction's instant. Returns the encounters analysed.
 */
export async function analyzeChangedEncounters(tx: Transaction<Database>, orgId: string, now: Date): Promise<number> {
  return analyzeInBatches(tx, orgId, await staleEncounterIds(tx, orgId), now, null, true);
}

/**
 * Marks encounters of the organisation for analysis: those of one facility (its rule set changed), or all of them (the
 * organisation's default changed, which every facility without its own set follows).
 */
export async function markAllEncounters(tx: Transaction<Database>, orgId: string, facility?: string): Promise<void> {
  const only = facility === undefined ? sql`` : sql`and facility = ${facility}`;
  await sql`
    insert into completion_results (encounter_id, org_id)
    select id, org_id from encounters where org_id = ${orgId} ${only}
    on conflict (encounter_id) do update set stale = true, marked_at = now()`.execute(tx);
}

/** Encounters per transaction of a background or organisation-wide run. */
const RUN_CHUNK = 2000;

/**
 * Analyses every encounter of the organisation flagged for analysis, outside any request: in chunks, each in its own
 * transaction, `concurrency` chunks at a time, so that the database's work on one chunk overlaps the rules on another
 * (on the embedded database the chunks simply take turns). Returns the encounters analysed.
 */
export async function analyzeStaleEncounters(
  db: Kysely<Database>,
  orgId: string,
  now: Date,
  concurrency = 2,
): Promise<number> {
  const ids = await staleEncounterIds(db, orgId);
  let next = 0;
  let analyzed = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const part = ids.slice(next, next + RUN_CHUNK);
      next += RUN_CHUNK;
      const count = await db.transaction().execute((tx) => analyzeInBatches(tx, orgId, part, now, null, true));
      analyzed += count;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return analyzed;
}

const running = new Map<string, { again: boolean }>();

/**
 * Analyses, soon and outside the caller's request, the encounters a bulk write flagged (FHIR import). One run per
 * organisation at a time; writes that land during a run are picked up by one more run. Reads of deficiencies analyse
 * whatever is still flagged first, so nothing waits on this.
 */
export function scheduleCompletionAnalysis(services: Pick<Services, 'db' | 'clock' | 'logger'>, orgId: string): void {
  const current = running.get(orgId);
  if (current) {
    current.again = true;
    return;
  }
  const state = { again: false };
  running.set(orgId, state);
  const run = (): void => {
    state.again = false;
    analyzeStaleEncounters(services.db, orgId, services.clock.now())
      .catch((error: unknown) => services.logger.error('Record-completion analysis failed', errorFields(error)))
      .finally(() => {
        if (state.again) setImmediate(run);
        else running.delete(orgId);
      });
  };
  setImmediate(run);
}
