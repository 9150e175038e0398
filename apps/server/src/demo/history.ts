/**
 * The demo set's history: earlier hospital stays, coded from the codes their EHR sent, finalised and billed, as a
 * coding team would have left them. Case-mix reports look back over such stays; the current stays stay in the queue.
 * Only stays whose coded record passes the edits are finalised; the others remain in the queue, as a real backlog.
 */
import { randomUUID } from 'node:crypto';
import type { CodingSaveRequest } from '@charta/contracts';
import { CodeStatus } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import {
  evaluateCoding,
  evaluationTables,
  codedEncounterOf,
  ENCOUNTER_CONTEXT_COLUMNS,
  encounterContextOf,
  loadCodedRecord,
} from '../coding-work/record.js';
import { lockWorkItem, recordVersion, writeCoding } from '../coding-work/workbench.js';
import { audit } from '../http/audit.js';
import type { RequestInfo, Services } from '../http/context.js';

const DAY = 86_400_000;

/**
 * The last discharge day of the demo history: 46 days before `now` (before the current stays), and no later than the
 * newest loaded MS-DRG version, so that every history stay can be grouped.
 */
export function demoHistoryUntil(now: Date, groupableUntil: string): Date {
  const beforeCurrent = new Date(now.getTime() - 46 * DAY);
  const lastGroupable = new Date(`${groupableUntil}T12:00:00Z`);
  return beforeCurrent < lastGroupable ? beforeCurrent : lastGroupable;
}

export interface DemoHistoryResult {
  readonly finalised: number;
  readonly leftInQueue: number;
}

/**
 * Codes every discharged stay of the organisation up to `until` from its EHR codes (diagnoses in the order sent, POA
 * "Y" or blank where exempt; ICD-10-PCS procedures with their dates), finalises those without error findings as the
 * given coder, and marks them billed a few days after discharge. Each stay is its own transaction, audited as a system
 * action that names the demo history.
 */
export async function codeDemoHistory(
  services: Pick<Services, 'db' | 'reference' | 'secrets' | 'onAuditHead' | 'clock'>,
  options: { readonly orgId: string; readonly until: Date; readonly coderId: string },
): Promise<DemoHistoryResult> {
  const db: Kysely<Database> = services.db;
  const tables = await evaluationTables(services as Services);
  const rows = await db
    .selectFrom('encounters as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('coding_work_items as w', 'w.encounter_id', 'e.id')
    .select(ENCOUNTER_CONTEXT_COLUMNS)
    .where('e.org_id', '=', options.orgId)
    .where('e.type', '=', 'inpatient')
    .where('e.discharge_at', '<=', options.until)
    .where('w.status', '!=', 'final')
    .orderBy('e.discharge_at')
    .execute();
  let finalised = 0;
  for (const row of rows) {
    const enc = encounterContextOf(row);
    const dischargeAt = enc.dischargeAt as Date;
    const day = dischargeAt.toISOString().slice(0, 10);
    const codes = await db
      .selectFrom('ehr_codes')
      .select(['kind', 'system', 'code', 'onset_at'])
      .where('encounter_id', '=', row.id)
      // The generator records an encounter's conditions in rank order (principal first), an hour apart.
      .orderBy('recorded_at')
      .orderBy('source_key')
      .execute();
    const diagnoses = codes
      .filter((c) => c.kind === 'condition' && c.system === 'ICD-10-CM')
      .map((c) => {
        const code = c.code.replace('.', '').toUpperCase();
        const info = tables.validation.diagnosis(code, day);
        return info.status === CodeStatus.valid && info.poaExempt ? { code } : { code, poa: 'Y' as const };
      });
    const procedures = codes
      .filter((c) => c.kind === 'procedure' && c.system === 'ICD-10-PCS')
      .map((c) => ({
        system: 'ICD-10-PCS' as const,
        code: c.code,
        modifiers: [],
        ...(c.onset_at ? { date: new Date(c.onset_at).toISOString().slice(0, 10) } : {}),
      }));
    if (diagnoses.length === 0) continue;
    const body: CodingSaveRequest = { diagnoses, procedures };
    const at = new Date(dischargeAt.getTime() + 2 * DAY);
    const info: RequestInfo = {
      traceId: randomUUID(),
      ip: null,
      userAgent: null,
      now: at,
      method: 'SEED',
      route: 'demo-history',
    };
    const done = await db.transaction().execute(async (tx) => {
      const item = await lockWorkItem(tx, row.id);
      await writeCoding(tx, enc, body, new Set(), options.coderId, at);
      const evaluation = evaluateCoding(codedEncounterOf(enc, await loadCodedRecord(tx, row.id), at), tables);
      const subject = { userId: null, username: 'system', role: null };
      if (evaluation.findings.some((f) => f.severity === 'error')) {
        await audit(tx, services as Services, info, undefined, {
          action: 'coding.save',
          subject,
          patientId: row.patient_id,
          recordType: 'encounter',
          recordId: row.id,
          detail: { source: 'demo-history' },
        });
        return false;
      }
      const version = item.version + 1;
      await tx
        .updateTable('coding_work_items')
        .set({
          status: 'final',
          final_at: at,
          final_by: options.coderId,
          assignee_id: options.coderId,
          version,
          revision: item.revision + 1,
          updated_at: at,
        })
        .where('encounter_id', '=', row.id)
        .execute();
      await recordVersion(tx, enc, {
        version,
        kind: 'final',
        userId: options.coderId,
        reason: null,
        drg: evaluation.drg,
        now: at,
      });
      await tx
        .updateTable('encounters')
        .set({ billed_at: new Date(at.getTime() + 2 * DAY), updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await audit(tx, services as Services, info, undefined, {
        action: 'coding.finalize',
        subject,
        patientId: row.patient_id,
        recordType: 'encounter',
        recordId: row.id,
        detail: { source: 'demo-history', version, drg: evaluation.drg?.drg ?? null },
      });
      return true;
    });
    if (done) finalised++;
  }
  return { finalised, leftInQueue: rows.length - finalised };
}
