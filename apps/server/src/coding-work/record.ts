import type {
  ChargeLine,
  CodedEncounterInput,
  CodedRecord,
  CodingState,
  UserRef,
  WorkingDrg,
  WorkItemStatus,
} from '@charta/contracts';
import { groupMsDrg, validateEncounter, type Finding, type MsDrgTables, type ValidationReference } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import type { Principal, Services } from '../http/context.js';
import { NotFound } from '../http/errors.js';
import { toCodedEncounter } from '../routes/coding.js';
import { ageOn, coreEncounterType, editSex } from './measures.js';

type Db = Kysely<Database> | Transaction<Database>;

export function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return new Date(v).toISOString();
}

function isoDay(v: Date | string | null | undefined): string | undefined {
  const s = iso(v);
  return s ? s.slice(0, 10) : undefined;
}

export interface EncounterContext {
  readonly id: string;
  readonly orgId: string;
  readonly patientId: string;
  readonly type: string;
  readonly status: string;
  readonly admitAt: Date | null;
  readonly dischargeAt: Date | null;
  readonly disposition: string | null;
  readonly billedAt: Date | null;
  readonly labels: readonly string[];
  readonly birthDate: string;
  readonly sex: string;
}

/** The columns an EncounterContext is read from (encounters as e, joined to patients as p). */
export const ENCOUNTER_CONTEXT_COLUMNS = [
  'e.id',
  'e.org_id',
  'e.patient_id',
  'e.type',
  'e.status',
  'e.admit_at',
  'e.discharge_at',
  'e.discharge_disposition',
  'e.billed_at',
  'e.labels',
  'p.birth_date',
  'p.sex',
] as const;

type EncounterContextRow = {
  id: string;
  org_id: string;
  patient_id: string;
  type: string;
  status: string;
  admit_at: Date | string | null;
  discharge_at: Date | string | null;
  discharge_disposition: string | null;
  billed_at: Date | string | null;
  labels: string[];
  birth_date: string;
  sex: string;
};

export function encounterContextOf(row: EncounterContextRow): EncounterContext {
  return {
    id: row.id,
    orgId: row.org_id,
    patientId: row.patient_id,
    type: row.type,
    status: row.status,
    admitAt: row.admit_at ? new Date(row.admit_at) : null,
    dischargeAt: row.discharge_at ? new Date(row.discharge_at) : null,
    disposition: row.discharge_disposition,
    billedAt: row.billed_at ? new Date(row.billed_at) : null,
    labels: row.labels,
    birthDate: String(row.birth_date).slice(0, 10),
    sex: row.sex,
  };
}

/**
 * An encounter of the caller's organisation, with what the edits need of its patient. An encounter carrying a
 * sensitivity label the caller has no grant for does not exist for them (as for patients, SEC-31).
 */
export async function findEncounter(db: Db, principal: Principal, encounterId: string): Promise<EncounterContext> {
  const row = await db
    .selectFrom('encounters as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .select(ENCOUNTER_CONTEXT_COLUMNS)
    .where('e.id', '=', encounterId)
    .where('e.org_id', '=', principal.orgId)
    .executeTakeFirst();
  if (!row || !row.labels.every((l) => principal.labelGrants.includes(l))) throw new NotFound('No such encounter');
  return encounterContextOf(row);
}

export async function loadCodedRecord(db: Db, encounterId: string): Promise<CodedRecord> {
  const [dx, px] = await Promise.all([
    db
      .selectFrom('coded_diagnoses')
      .select(['seq', 'code', 'poa'])
      .where('encounter_id', '=', encounterId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('coded_procedures')
      .select(['seq', 'system', 'code', 'modifiers', 'performed_on'])
      .where('encounter_id', '=', encounterId)
      .orderBy('seq')
      .execute(),
  ]);
  return {
    encounterId,
    diagnoses: dx.map((d) => ({ seq: d.seq, code: d.code, poa: d.poa })),
    procedures: px.map((p) => ({
      seq: p.seq,
      system: p.system,
      code: p.code,
      modifiers: p.modifiers,
      date: p.performed_on ? isoDay(p.performed_on)! : null,
    })),
  };
}

export async function loadCharges(db: Db, encounterId: string): Promise<ChargeLine[]> {
  const rows = await db
    .selectFrom('charges')
    .selectAll()
    .where('encounter_id', '=', encounterId)
    .orderBy('service_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((c) => ({
    id: c.id,
    serviceDate: c.service_date ? isoDay(c.service_date)! : null,
    revenueCode: c.revenue_code,
    codeSystem: c.code_system,
    code: c.code,
    modifiers: c.modifiers,
    units: String(c.units),
    amount: String(c.amount),
    description: c.description,
    source: c.source,
  }));
}

/**
 * The coded encounter the validation engine and the grouper take, built from the stored encounter: age at admission,
 * sex, admission and discharge dates, type, disposition, and HIM's codes in sequence.
 */
export function codedEncounterOf(enc: EncounterContext, record: CodedRecord, now: Date): CodedEncounterInput {
  const admitDate = isoDay(enc.admitAt) ?? isoDay(enc.dischargeAt) ?? now.toISOString().slice(0, 10);
  const age = ageOn(enc.birthDate, admitDate);
  const dischargeDate = isoDay(enc.dischargeAt);
  return {
    id: enc.id,
    ageYears: Math.min(age?.years ?? 0, 124),
    ...(age && age.years === 0 ? { ageDays: Math.min(age.days, 365) } : {}),
    sex: editSex(enc.sex),
    encounterType: coreEncounterType(enc.type),
    admitDate,
    ...(dischargeDate ? { dischargeDate } : {}),
    ...(enc.disposition && /^\d{2}$/u.test(enc.disposition) ? { dischargeStatus: enc.disposition } : {}),
    diagnoses: record.diagnoses.map((d) => ({
      code: d.code,
      ...(d.poa ? { poa: d.poa as 'Y' | 'N' | 'U' | 'W' | '1' } : {}),
    })),
    procedures: record.procedures.map((p) => ({ code: p.code, ...(p.date ? { date: p.date } : {}) })),
  };
}

export interface Evaluation {
  readonly findings: Finding[];
  readonly drg: WorkingDrg | null;
  readonly drgIssues: { code: string; message: string }[];
}

export interface EvaluationTables {
  readonly validation: ValidationReference;
  readonly drg: MsDrgTables;
}

/** Loads the reference tables before a transaction, so that no transaction waits on them. */
export async function evaluationTables(services: Services): Promise<EvaluationTables> {
  const [validation, drg] = await Promise.all([services.reference.validation(), services.reference.drg()]);
  return { validation, drg };
}

/**
 * Validation findings (the engine behind POST /codes/validate) and, for an inpatient stay, the working MS-DRG (the
 * grouper behind POST /drg/group), both on the same parsed encounter.
 */
export function evaluateCoding(input: CodedEncounterInput, tables: EvaluationTables): Evaluation {
  const encounter = toCodedEncounter(input);
  const findings = validateEncounter(encounter, { reference: tables.validation });
  if (encounter.encounterType !== 'inpatient') return { findings, drg: null, drgIssues: [] };
  if (encounter.diagnoses.length === 0)
    return {
      findings,
      drg: null,
      drgIssues: [{ code: 'no-principal-diagnosis', message: 'A DRG needs a principal diagnosis' }],
    };
  const r = groupMsDrg(encounter, tables.drg, { explain: false });
  if (!r.ok) return { findings, drg: null, drgIssues: r.error.map((i) => ({ code: i.code, message: i.message })) };
  const v = r.value;
  return {
    findings,
    drg: {
      drg: v.drg,
      mdc: v.mdc,
      title: v.title,
      relativeWeight: v.relativeWeight ?? null,
      gmlos: v.gmlos ?? null,
      version: v.version,
      returnCode: String(v.returnCode),
      medSurg: String(v.medSurg),
    },
    drgIssues: [],
  };
}

export function findingSummary(findings: readonly Finding[]): CodingState['summary'] {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

export interface WorkItemRow {
  readonly status: string;
  readonly revision: number;
  readonly version: number;
  readonly final_at: Date | string | null;
  readonly final_by: string | null;
}

export async function userRef(db: Db, userId: string | null): Promise<UserRef | null> {
  if (!userId) return null;
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return u ? { id: u.id, username: u.username, displayName: u.display_name } : null;
}

/** The workbench's view of an encounter's coding, read in one transaction. */
export async function readCodingState(
  db: Db,
  enc: EncounterContext,
  item: WorkItemRow,
  tables: EvaluationTables,
  now: Date,
): Promise<CodingState> {
  const coding = await loadCodedRecord(db, enc.id);
  const charges = await loadCharges(db, enc.id);
  const billed = await db.selectFrom('encounters').select('billed_at').where('id', '=', enc.id).executeTakeFirst();
  const ev = evaluateCoding(codedEncounterOf(enc, coding, now), tables);
  return {
    encounterId: enc.id,
    status: item.status as WorkItemStatus,
    revision: item.revision,
    version: item.version,
    coding,
    charges,
    findings: ev.findings.map((f) => ({ ...f, codes: f.codes ? [...f.codes] : undefined })) as CodingState['findings'],
    summary: findingSummary(ev.findings),
    drg: ev.drg,
    drgIssues: ev.drgIssues,
    finalAt: iso(item.final_at),
    finalBy: await userRef(db, item.final_by),
    billedAt: iso(billed?.billed_at),
  };
}
