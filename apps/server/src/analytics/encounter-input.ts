import { normalizeCode, type CodedEncounter, type PoaIndicator } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import { ageOn, editSex } from '../coding-work/measures.js';

/**
 * Builds the grouper's input (core `CodedEncounter`) from a stored inpatient encounter: HIM's coded record
 * (coded_diagnoses in sequence, seq 1 = principal; ICD-10-PCS rows of coded_procedures), the patient's sex and age
 * at admission, and the UB-04 discharge status. Shared by every module that groups stored encounters.
 *
 * Dates are the UTC calendar dates of the stored instants (the record model keeps no facility time zone).
 */

/** The columns of a stored encounter the grouper input needs. */
export interface StoredEncounterForGrouping {
  readonly id: string;
  readonly admitAt: Date | null;
  readonly dischargeAt: Date | null;
  readonly dischargeDisposition: string | null;
  readonly birthDate: string;
  readonly sex: string;
  readonly diagnoses: readonly { readonly seq: number; readonly code: string; readonly poa: string | null }[];
  readonly procedures: readonly {
    readonly seq: number;
    readonly system: string;
    readonly code: string;
    readonly performedOn: string | null;
  }[];
}

const POA_VALUES: ReadonlySet<string> = new Set(['Y', 'N', 'U', 'W', '1']);

function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The grouper input of one stored encounter. Codes are normalised (no dots, upper case); a POA value outside the
 * UB-04 set is dropped (the grouper treats it as missing); only ICD-10-PCS procedures are passed (CPT/HCPCS rows
 * are outpatient codes the MS-DRG grouper does not read).
 */
export function codedEncounterFromStored(e: StoredEncounterForGrouping): CodedEncounter {
  const dischargeDate = e.dischargeAt ? utcDate(e.dischargeAt) : undefined;
  const admitDate = e.admitAt ? utcDate(e.admitAt) : (dischargeDate ?? '');
  const age = admitDate ? ageOn(e.birthDate, admitDate) : undefined;
  const ageYears = age?.years ?? 0;
  const diagnoses = [...e.diagnoses]
    .sort((a, b) => a.seq - b.seq)
    .map((d) => {
      const poa = d.poa?.trim().toUpperCase();
      return {
        code: normalizeCode(d.code),
        ...(poa && POA_VALUES.has(poa) ? { poa: poa as PoaIndicator } : {}),
      };
    });
  const procedures = [...e.procedures]
    .filter((p) => p.system === 'ICD-10-PCS')
    .sort((a, b) => a.seq - b.seq)
    .map((p) => ({ code: normalizeCode(p.code), ...(p.performedOn ? { date: p.performedOn.slice(0, 10) } : {}) }));
  return {
    id: e.id,
    ageYears,
    ...(age && age.years === 0 ? { ageDays: age.days } : {}),
    sex: editSex(e.sex),
    encounterType: 'inpatient',
    admitDate,
    ...(dischargeDate ? { dischargeDate } : {}),
    ...(e.dischargeDisposition ? { dischargeStatus: e.dischargeDisposition.trim() } : {}),
    diagnoses,
    procedures,
  };
}

/**
 * Loads the coded diagnoses and procedures of the given encounters (one query each) and builds their grouper
 * inputs, in the order of `encounters`. Pass the transaction when inside one.
 */
export async function loadCodedEncounters(
  db: Kysely<Database> | Transaction<Database>,
  encounters: readonly Omit<StoredEncounterForGrouping, 'diagnoses' | 'procedures'>[],
): Promise<CodedEncounter[]> {
  if (encounters.length === 0) return [];
  const ids = encounters.map((e) => e.id);
  const dx = await db
    .selectFrom('coded_diagnoses')
    .select(['encounter_id', 'seq', 'code', 'poa'])
    .where('encounter_id', 'in', ids)
    .execute();
  const px = await db
    .selectFrom('coded_procedures')
    .select(['encounter_id', 'seq', 'system', 'code', 'performed_on'])
    .where('encounter_id', 'in', ids)
    .execute();
  const dxBy = new Map<string, StoredEncounterForGrouping['diagnoses'][number][]>();
  for (const d of dx) {
    const list = dxBy.get(d.encounter_id) ?? [];
    list.push({ seq: d.seq, code: d.code, poa: d.poa });
    dxBy.set(d.encounter_id, list);
  }
  const pxBy = new Map<string, StoredEncounterForGrouping['procedures'][number][]>();
  for (const p of px) {
    const list = pxBy.get(p.encounter_id) ?? [];
    list.push({ seq: p.seq, system: p.system, code: p.code, performedOn: p.performed_on });
    pxBy.set(p.encounter_id, list);
  }
  return encounters.map((e) =>
    codedEncounterFromStored({ ...e, diagnoses: dxBy.get(e.id) ?? [], procedures: pxBy.get(e.id) ?? [] }),
  );
}
