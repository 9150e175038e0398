import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseGroupingTsv, type CodedEncounter } from '@charta/core';
import type { Database } from '@charta/db';
import { goldenFile } from '@charta/testing';
import { sql, type Kysely } from 'kysely';
import { hasCodingWorkItems } from './case-mix-query.js';

/**
 * Test fixtures for case-mix tests (integration and browser): synthetic inpatient stays built from the MS-DRG golden
 * cases, whose DRGs CMS's own grouper decided, written straight into the record tables.
 */

export interface GoldenVerdict {
  readonly id: string;
  readonly drg: {
    readonly drg: string;
    readonly med_surg: string;
    readonly severity: string;
    readonly hac_categories: number;
    readonly hac_status: string;
  };
}

/** The golden encounters and CMS's verdicts on them, by case id (val-001 ...). */
export function readMsDrgGolden(): {
  encounters: Map<string, CodedEncounter>;
  verdicts: Map<string, GoldenVerdict>;
} {
  const parsed = parseGroupingTsv(readFileSync(goldenFile('msdrg', 'encounters.tsv'), 'utf8'));
  const verdicts = gunzipSync(readFileSync(goldenFile('msdrg', 'expected.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GoldenVerdict);
  return {
    encounters: new Map(parsed.rows.map((r) => [r.encounter.id ?? '', r.encounter])),
    verdicts: new Map(verdicts.map((v) => [v.id, v])),
  };
}

/** ICD-10-CM with its dot, as a coder types it (the input builder must normalise it). */
function dotted(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export interface SyntheticStay {
  readonly orgId: string;
  readonly encounter: CodedEncounter;
  /** YYYY-MM-DD, or null for a stay still in progress. */
  readonly discharge: string | null;
  readonly service?: string | null;
  readonly attendingId?: string | null;
  readonly type?: string;
  readonly status?: string;
  /** Mark the coding work item final when work items exist (default true). */
  readonly final?: boolean;
}

/** Stores a synthetic patient and one stay with its coded record; returns the encounter id. */
export async function storeSyntheticStay(db: Kysely<Database>, stay: SyntheticStay): Promise<string> {
  const patientId = randomUUID();
  const admit = stay.discharge ? daysBefore(stay.discharge, 5) : '2026-01-10';
  await db
    .insertInto('patients')
    .values({
      id: patientId,
      org_id: stay.orgId,
      mrn: `CM-${patientId.slice(0, 8)}`,
      family_name: 'Synthetic',
      given_name: 'Casemix',
      // 1 January of the year that gives the golden age at admission.
      birth_date: `${Number(admit.slice(0, 4)) - stay.encounter.ageYears}-01-01`,
      sex: stay.encounter.sex,
      address: null,
      phone: null,
      labels: [],
      updated_at: new Date(),
    })
    .execute();
  const id = randomUUID();
  await db
    .insertInto('encounters')
    .values({
      id,
      org_id: stay.orgId,
      patient_id: patientId,
      type: stay.type ?? 'inpatient',
      status: stay.status ?? 'discharged',
      admit_at: `${admit}T15:00:00Z`,
      discharge_at: stay.discharge ? `${stay.discharge}T11:00:00Z` : null,
      discharge_disposition: stay.encounter.dischargeStatus ?? '01',
      attending_id: stay.attendingId ?? null,
      service: stay.service ?? null,
      source_key: `case-mix-${id}`,
      updated_at: new Date(),
    })
    .execute();
  if (stay.encounter.diagnoses.length > 0) {
    await db
      .insertInto('coded_diagnoses')
      .values(
        stay.encounter.diagnoses.map((d, i) => ({
          encounter_id: id,
          seq: i + 1,
          code: dotted(d.code),
          poa: d.poa ?? null,
          updated_at: new Date(),
        })),
      )
      .execute();
  }
  if (stay.encounter.procedures.length > 0) {
    await db
      .insertInto('coded_procedures')
      .values(
        stay.encounter.procedures.map((p, i) => ({
          encounter_id: id,
          seq: i + 1,
          system: 'ICD-10-PCS',
          code: p.code,
          performed_on: daysBefore(stay.discharge ?? '2026-01-15', 2),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
  if (stay.final !== false && (await hasCodingWorkItems(db))) {
    // The queue's trigger created the work item; finalising it is the coding workbench's job, done here directly.
    await sql`update coding_work_items set status = 'final', final_at = now() where encounter_id = ${id}`.execute(db);
  }
  return id;
}
