import type { CaseMixDimension, CaseMixReport } from '@charta/contracts';
import { groupMsDrg, type MsDrgTables } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import { CaseMixAggregator } from './case-mix.js';
import { loadCodedEncounters } from './encounter-input.js';

/** Encounters read and grouped per batch: bounds memory and keeps each statement short. */
export const CASE_MIX_BATCH_SIZE = 500;

export interface CaseMixArgs {
  readonly orgId: string;
  /** First and last discharge date, inclusive (YYYY-MM-DD, UTC days). */
  readonly from: string;
  readonly to: string;
  readonly by: CaseMixDimension;
  readonly top: number;
  readonly batchSize?: number;
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * True once coding work items exist (migration 0005): then only final-coded encounters count, as a case-mix report
 * describes the coded record HIM has finalised.
 */
export async function hasCodingWorkItems(db: Db): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass('coding_work_items')::text as t`.execute(db);
  return (r.rows[0]?.t ?? null) !== null;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function practitionerName(family: string | null, given: string | null, credentials: string | null): string | null {
  if (family === null) return null;
  const name = given ? `${family}, ${given}` : family;
  return credentials ? `${name}, ${credentials}` : name;
}

/**
 * Groups the discharged inpatient encounters of a period with the MS-DRG grouper (version by discharge date) in
 * batches, and aggregates them. In scope: type inpatient, status discharged or completed, discharge date in the
 * period, at least one coded diagnosis, and, once coding work items exist, a final work item.
 */
export async function computeCaseMix(db: Db, tables: MsDrgTables, args: CaseMixArgs): Promise<CaseMixReport> {
  const finalOnly = await hasCodingWorkItems(db);
  const aggregator = new CaseMixAggregator(tables, args.by);
  const start = new Date(`${args.from}T00:00:00Z`);
  const end = new Date(`${nextDay(args.to)}T00:00:00Z`);
  const batchSize = args.batchSize ?? CASE_MIX_BATCH_SIZE;
  let after: string | undefined;
  for (;;) {
    let q = db
      .selectFrom('encounters as e')
      .innerJoin('patients as p', 'p.id', 'e.patient_id')
      .leftJoin('practitioners as pr', 'pr.id', 'e.attending_id')
      .select([
        'e.id',
        'e.admit_at',
        'e.discharge_at',
        'e.discharge_disposition',
        'e.service',
        'e.attending_id',
        'p.birth_date',
        'p.sex',
        'pr.family_name',
        'pr.given_name',
        'pr.credentials',
      ])
      .where('e.org_id', '=', args.orgId)
      .where('e.type', '=', 'inpatient')
      .where('e.status', 'in', ['discharged', 'completed'])
      .where('e.discharge_at', '>=', start)
      .where('e.discharge_at', '<', end)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('coded_diagnoses as d').select('d.seq').whereRef('d.encounter_id', '=', 'e.id')),
      );
    if (finalOnly) {
      q = q.where(
        sql<boolean>`exists (select 1 from coding_work_items w where w.encounter_id = e.id and w.status = 'final')`,
      );
    }
    if (after !== undefined) q = q.where('e.id', '>', after);
    const rows = await q.orderBy('e.id').limit(batchSize).execute();
    if (rows.length === 0) break;
    const inputs = await loadCodedEncounters(
      db,
      rows.map((r) => ({
        id: r.id,
        admitAt: r.admit_at,
        dischargeAt: r.discharge_at,
        dischargeDisposition: r.discharge_disposition,
        birthDate: String(r.birth_date),
        sex: r.sex,
      })),
    );
    rows.forEach((row, i) => {
      const input = inputs[i];
      if (!input) return;
      // Batch grouping: no explanation text (MS-DRG README, options).
      const grouped = groupMsDrg(input, tables, { explain: false });
      aggregator.add({
        month: (row.discharge_at as Date).toISOString().slice(0, 7),
        service: row.service,
        attendingId: row.attending_id,
        attendingName: practitionerName(row.family_name, row.given_name, row.credentials),
        result: grouped.ok ? grouped.value : undefined,
      });
    });
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]?.id;
  }
  return aggregator.report({
    from: args.from,
    to: args.to,
    top: args.top,
    scope: finalOnly ? 'final-coded' : 'discharged-coded',
  });
}
