import { randomUUID } from 'node:crypto';
import {
  analyzeCompletion,
  type CompletionAnalysis,
  type CompletionDocument,
  type CompletionProcedure,
  type CompletionRecord,
} from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';
import { currentRuleSet } from './rule-sets.js';
import type { Services } from '../http/context.js';
import { errorFields } from '../platform/logger.js';

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
/** Encounters read per round trip. */
const BATCH = 500;

/** Reads what the analysis needs about some encounters of one organisation, keyed by encounter id. */
export async function loadCompletionRecords(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
): Promise<Map<string, { record: CompletionRecord; patientId: string }>> {
  const out = new Map<string, { record: CompletionRecord; patientId: string }>();
  if (encounterIds.length === 0) return out;
  const encounters = await tx
    .selectFrom('encounters')
    .select([
      'id',
      'patient_id',
      'type',
      'service',
      'status',
      'admit_at',
      'discharge_at',
      'discharge_disposition',
      'attending_id',
    ])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...encounterIds])
    .execute();
  if (encounters.length === 0) return out;
  const ids = encounters.map((e) => e.id);
  const [clinicians, documents, coded, ehr] = await Promise.all([
    tx
      .selectFrom('encounter_clinicians')
      .select(['encounter_id', 'practitioner_id', 'role'])
      .where('encounter_id', 'in', ids)
      .execute(),
    tx
      .selectFrom('documents')
      .select([
        'id',
        'encounter_id',
        'loinc_code',
        'type_label',
        'author_id',
        'authored_at',
        'status',
        'authenticated_at',
        'authenticated_by',
        'text',
        'amends_document_id',
        sql<boolean>`attachment is not null`.as('has_attachment'),
      ])
      .where('encounter_id', 'in', ids)
      .orderBy('authored_at')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('coded_procedures')
      .select(['encounter_id', 'system', 'code', 'performed_on', 'practitioner_id'])
      .where('encounter_id', 'in', ids)
      .orderBy('seq')
      .execute(),
    tx
      .selectFrom('ehr_codes')
      .select(['encounter_id', 'system', 'code', 'onset_at'])
      .where('encounter_id', 'in', ids)
      .where('kind', '=', 'procedure')
      .orderBy('onset_at')
      .execute(),
  ]);
  const group = <T extends { encounter_id: string | null }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      if (!r.encounter_id) continue;
      const list = m.get(r.encounter_id) ?? [];
      list.push(r);
      m.set(r.encounter_id, list);
    }
    return m;
  };
  const cByE = group(clinicians);
  const dByE = group(documents);
  const pByE = group(coded);
  const hByE = group(ehr);
  for (const e of encounters) {
    const docs: CompletionDocument[] = (dByE.get(e.id) ?? []).map((d) => ({
      id: d.id,
      loincCode: d.loinc_code,
      typeLabel: d.type_label,
      authorId: d.author_id,
      authoredAt: iso(d.authored_at),
      status: d.status,
      authenticatedAt: iso(d.authenticated_at),
      authenticatedBy: d.authenticated_by,
      text: d.text,
      hasAttachment: Boolean(d.has_attachment),
      amendsDocumentId: d.amends_document_id ?? null,
    }));
    const procedures: CompletionProcedure[] = [
      ...(hByE.get(e.id) ?? []).map((p) => ({
        source: 'ehr' as const,
        system: p.system,
        code: p.code,
        performedAt: iso(p.onset_at),
        practitionerId: null,
      })),
      ...(pByE.get(e.id) ?? []).map((p) => ({
        source: 'coded' as const,
        system: p.system,
        code: p.code,
        performedAt: p.performed_on === null ? null : String(iso(p.performed_on)).slice(0, 10),
        practitionerId: p.practitioner_id,
      })),
    ];
    out.set(e.id, {
      patientId: e.patient_id,
      record: {
        encounter: {
          id: e.id,
          type: e.type,
          service: e.service,
          status: e.status,
          admitAt: iso(e.admit_at),
          dischargeAt: iso(e.discharge_at),
          dischargeDisposition: e.discharge_disposition,
          attendingId: e.attending_id,
        },
        clinicians: (cByE.get(e.id) ?? []).map((c) => ({ practitionerId: c.practitioner_id, role: c.role })),
        documents: docs,
        procedures,
      },
    });
  }
  return out;
}

export interface AnalyzedEncounter {
  readonly analysis: CompletionAnalysis;
  readonly ruleSetVersion: number;
}

/**
 * Analyses encounters of one organisation at `now` and brings their deficiencies up to date: a requirement owed now
 * opens (or re-opens) its deficiency, with the responsible clinician (unless a person reassigned it) and due instant;
 * an open one the analysis no longer finds is closed; a waived one stays waived. A deficiency added by hand for an
 * unsigned document closes once that document is signed. The latest result (status and consistency findings) is kept
 * per encounter. Runs inside the caller's transaction.
 */
export async function analyzeEncounters(
  tx: Transaction<Database>,
  orgId: string,
  encounterIds: readonly string[],
  now: Date,
): Promise<Map<string, AnalyzedEncounter>> {
  const results = new Map<string, AnalyzedEncounter>();
  if (encounterIds.length === 0) return results;
  const { version, ruleSet } = await currentRuleSet(tx, orgId, now);
  for (let i = 0; i < encounterIds.length; i += BATCH) {
    const ids = encounterIds.slice(i, i + BATCH);
    const records = await loadCompletionRecords(tx, orgId, ids);
    const existing = await tx
      .selectFrom('deficiencies')
      .select(['id', 'encounter_id', 'analysis_key', 'status', 'reassigned', 'source', 'kind', 'document_id'])
      .where('encounter_id', 'in', [...records.keys()].length > 0 ? [...records.keys()] : ids)
      .execute();
    const byKey = new Map(
      existing.filter((d) => d.source === 'analysis').map((d) => [`${d.encounter_id}|${d.analysis_key}`, d]),
    );
    const owed = new Set<string>();
    for (const [encounterId, { record, patientId }] of records) {
      const analysis = analyzeCompletion(record, ruleSet, now);
      results.set(encounterId, { analysis, ruleSetVersion: version });
      for (const item of analysis.deficiencies) {
        const key = `${encounterId}|${item.key}`;
        owed.add(key);
        const current = byKey.get(key);
        const documentType = item.documentId
          ? (record.documents.find((d) => d.id === item.documentId)?.typeLabel ?? null)
          : null;
        const title = documentType ? `${item.title} (${documentType})` : item.title;
        if (!current) {
          await tx
            .insertInto('deficiencies')
            .values({
              id: randomUUID(),
              org_id: orgId,
              encounter_id: encounterId,
              patient_id: patientId,
              document_id: item.documentId,
              kind: item.kind ?? 'other',
              rule_id: item.ruleId,
              rule_set_version: version,
              source: 'analysis',
              analysis_key: item.key,
              title,
              practitioner_id: item.responsible.practitionerId,
              due_at: item.dueAt,
              delinquent_at: item.delinquentAt,
              created_at: now,
              created_by: null,
              assigned_at: now,
              assigned_by: null,
              updated_at: now,
            })
            .execute();
        } else if (current.status !== 'waived') {
          await tx
            .updateTable('deficiencies')
            .set({
              status: 'open',
              closed_at: null,
              closed_by: null,
              document_id: item.documentId,
              rule_set_version: version,
              title,
              due_at: item.dueAt,
              delinquent_at: item.delinquentAt,
              updated_at: now,
              ...(current.reassigned ? {} : { practitioner_id: item.responsible.practitionerId }),
            })
            .where('id', '=', current.id)
            .execute();
        }
      }
      const signed = new Set(record.documents.filter((d) => d.authenticatedAt !== null).map((d) => d.id));
      const resolved = existing
        .filter((d) => d.encounter_id === encounterId && d.status === 'open')
        .filter((d) =>
          d.source === 'analysis'
            ? !owed.has(`${encounterId}|${d.analysis_key}`)
            : d.kind === 'unauthenticated' && d.document_id !== null && signed.has(d.document_id),
        )
        .map((d) => d.id);
      if (resolved.length > 0) {
        await tx
          .updateTable('deficiencies')
          .set({ status: 'closed', closed_at: now, closed_by: null, updated_at: now })
          .where('id', 'in', resolved)
          .execute();
      }
      await tx
        .insertInto('completion_results')
        .values({
          encounter_id: encounterId,
          org_id: orgId,
          stale: false,
          analyzed_at: now,
          rule_set_version: version,
          record_status: analysis.recordStatus,
          findings: JSON.stringify(analysis.findings),
        })
        .onConflict((oc) =>
          oc.column('encounter_id').doUpdateSet({
            stale: false,
            analyzed_at: now,
            rule_set_version: version,
            record_status: analysis.recordStatus,
            findings: JSON.stringify(analysis.findings),
          }),
        )
        .execute();
    }
  }
  return results;
}

/**
 * The completion hook for intake paths: analyses every encounter of the organisation whose documents, status,
 * dates or coded procedures changed since its last analysis (triggers mark them), inside the caller's transaction.
 * Call it after writing, in the same transaction, with the transaction's instant. Returns the encounters analysed.
 */
export async function analyzeChangedEncounters(tx: Transaction<Database>, orgId: string, now: Date): Promise<number> {
  const stale = await tx
    .selectFrom('completion_results')
    .select('encounter_id')
    .where('org_id', '=', orgId)
    .where('stale', '=', true)
    .execute();
  const ids = stale.map((s) => s.encounter_id);
  await analyzeEncounters(tx, orgId, ids, now);
  return ids.length;
}

/** Marks every encounter of the organisation for analysis (a new rule set applies to all of them). */
export async function markAllEncounters(tx: Transaction<Database>, orgId: string): Promise<void> {
  await sql`
    insert into completion_results (encounter_id, org_id)
    select id, org_id from encounters where org_id = ${orgId}
    on conflict (encounter_id) do update set stale = true, marked_at = now()`.execute(tx);
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
    services.db
      .transaction()
      .execute((tx) => analyzeChangedEncounters(tx, orgId, services.clock.now()))
      .catch((error: unknown) => services.logger.error('Record-completion analysis failed', errorFields(error)))
      .finally(() => {
        if (state.again) setImmediate(run);
        else running.delete(orgId);
      });
  };
  setImmediate(run);
}
