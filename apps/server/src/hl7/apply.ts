/**
 * Applies a mapped ADT event (core's `AdtEvent`) to patients and encounters, inside the caller's transaction. Event
 * meanings follow HL7 v2.5.1 chapter 3 (3.3.1 A01 admit, 3.3.2 A02 transfer, 3.3.3 A03 discharge, 3.3.4 A04 register,
 * 3.3.5 A05 pre-admit, 3.3.8 A08 update, 3.3.11 A11 cancel admit, 3.3.13 A13 cancel discharge, 3.3.40 A40 merge).
 * A problem the sender or a person must fix throws `Hl7ApplyError`, which rolls the transaction back and becomes an AE.
 * Every patient and encounter write is audited as the system (no principal), naming the message.
 */
import { randomUUID } from 'node:crypto';
import {
  type AdtEvent,
  type AdtIdentifier,
  type AdtPatientLocation,
  type AdtProvider,
  Hl7ErrorCode,
  type Hl7Issue,
  type Hl7Location,
  hl7Issue,
} from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';
import { audit } from '../http/audit.js';
import type { RequestInfo, Services } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { findDuplicateCandidates } from '../mpi/intake.js';
import { mergePatients } from '../mpi/merge.js';

/** A message that is well formed but cannot be applied to the records as they are (answered AE, kept as `error`). */
export class Hl7ApplyError extends Error {
  override readonly name = 'Hl7ApplyError';
  constructor(readonly issues: readonly Hl7Issue[]) {
    super(issues[0]?.message ?? 'The message could not be applied');
  }
}

function fail(location: Hl7Location, code: Hl7ErrorCode, message: string): never {
  throw new Hl7ApplyError([hl7Issue(location, code, message)]);
}

const PID3: Hl7Location = { segment: 'PID', sequence: 1, field: 3 };
const PID7: Hl7Location = { segment: 'PID', sequence: 1, field: 7 };
const PV1_19: Hl7Location = { segment: 'PV1', sequence: 1, field: 19 };
const MRG1: Hl7Location = { segment: 'MRG', sequence: 1, field: 1 };

export interface ApplyContext {
  readonly tx: Transaction<Database>;
  readonly services: Services;
  readonly info: RequestInfo;
  readonly orgId: string;
  /** The `hl7_messages` row this event comes from, named in every audit event. */
  readonly messageId: string;
}

export interface ApplyOutcome {
  readonly patientId: string | undefined;
  readonly encounterId: string | undefined;
  /** Patients this message created (for duplicate detection). */
  readonly createdPatientIds: readonly string[];
}

/** The facility a feed speaks for: MSH-4, else the assigned location's facility. Part of every key. */
export function feedFacility(event: AdtEvent): string {
  return event.sendingFacility ?? event.visit?.assignedLocation?.facility ?? 'unknown';
}

interface MrIdentifier {
  readonly system: string;
  readonly value: string;
  readonly facility: string | null;
}

/**
 * The medical record numbers among CX identifiers: those typed MR (table 0203); when none is typed, the untyped ones,
 * else the first. The namespace is the assigning authority (CX.4), else the assigning facility (CX.6), else MSH-4.
 */
export function medicalRecordNumbers(identifiers: readonly AdtIdentifier[], facility: string): MrIdentifier[] {
  let chosen = identifiers.filter((i) => i.typeCode === 'MR');
  if (chosen.length === 0) chosen = identifiers.filter((i) => i.typeCode === undefined);
  if (chosen.length === 0) chosen = identifiers.slice(0, 1);
  return chosen.map((i) => ({
    system: i.assigningAuthority ?? i.assigningFacility ?? facility,
    value: i.id,
    facility: i.assigningFacility ?? i.assigningAuthority ?? facility,
  }));
}

/**
 * Encounter type from the patient class (PV1-2, table 0004) and patient type (PV1-18, site table 0018): observation
 * when either says so; I inpatient; E emergency; P (pre-admit) an inpatient stay to come; O, R (recurring), B
 * (obstetrics) and the rest outpatient.
 */
export function encounterTypeFor(patientClass: string | undefined, patientType: string | undefined): string {
  if (/^obs/iu.test(patientType ?? '') || /^obs/iu.test(patientClass ?? '')) return 'observation';
  if (patientClass === 'I' || patientClass === 'P') return 'inpatient';
  if (patientClass === 'E') return 'emergency';
  return 'outpatient';
}

function formatLocation(l: AdtPatientLocation | undefined): string | null {
  if (!l) return null;
  const parts = [l.pointOfCare, l.room, l.bed].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? null : parts.join('/');
}

/** A date of birth must be a full date to be stored (the column is a date). */
function birthDateOf(iso: string | undefined): string | undefined {
  return iso !== undefined && /^\d{4}-\d{2}-\d{2}/u.test(iso) ? iso.slice(0, 10) : undefined;
}

type PatientRow = Database['patients'];
type PatientChanges = Partial<{
  family_name: string;
  given_name: string;
  middle_name: string | null;
  name_suffix: string | null;
  birth_date: string;
  sex: string;
  address: string | null;
  address_line: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  phone: string | null;
  deceased_at: string | null;
}>;

/** Demographics the message sends; what it leaves out is left as it is. */
function demographicsOf(event: AdtEvent): PatientChanges {
  const p = event.patient;
  const out: PatientChanges = {};
  if (p.family !== undefined) out.family_name = p.family;
  if (p.given !== undefined) out.given_name = p.given;
  if (p.middle !== undefined) out.middle_name = p.middle;
  if (p.suffix !== undefined) out.name_suffix = p.suffix;
  const birth = birthDateOf(p.birthDate);
  if (birth !== undefined) out.birth_date = birth;
  if (p.sex !== undefined) out.sex = p.sex;
  if (p.address) {
    const a = p.address;
    const line = [a.street, a.otherDesignation].filter(Boolean).join(', ');
    out.address_line = line === '' ? null : line;
    out.city = a.city ?? null;
    out.state = a.state ?? null;
    out.postal_code = a.postalCode ?? null;
    const whole = [line, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    out.address = whole === '' ? null : whole;
  }
  if (p.phone !== undefined) out.phone = p.phone;
  if (p.deathDateTime !== undefined) out.deceased_at = p.deathDateTime;
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date) return b !== null && b !== undefined && a.getTime() === new Date(b as string).getTime();
  return (a ?? null) === (b ?? null);
}

/** Follows `merged_into` to the surviving record (a merged record is kept, but events go to its survivor). */
async function survivorOf(tx: Transaction<Database>, patientId: string): Promise<string> {
  let id = patientId;
  for (let hop = 0; hop < 16; hop++) {
    const row = await tx.selectFrom('patients').select('merged_into').where('id', '=', id).executeTakeFirst();
    if (!row?.merged_into) return id;
    id = row.merged_into;
  }
  return id;
}

/**
 * Serialises messages about the same MRNs until commit (PostgreSQL advisory locks, in a fixed order), so that two
 * admissions of a new patient arriving at once on two connections cannot create the patient twice.
 */
async function lockIdentifiers(ctx: ApplyContext, ids: readonly MrIdentifier[]): Promise<void> {
  const keys = [...new Set(ids.map((i) => `hl7-patient|${ctx.orgId}|${i.system}|${i.value}`))].sort();
  for (const key of keys) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(ctx.tx);
}

/** The one patient the identifiers name, or undefined; identifiers naming two different patients are a conflict. */
async function findPatient(
  ctx: ApplyContext,
  ids: readonly MrIdentifier[],
  location: Hl7Location,
): Promise<string | undefined> {
  await lockIdentifiers(ctx, ids);
  const found = new Set<string>();
  for (const id of ids) {
    const row = await ctx.tx
      .selectFrom('patient_identifiers')
      .select('patient_id')
      .where('org_id', '=', ctx.orgId)
      .where('system', '=', id.system)
      .where('value', '=', id.value)
      .executeTakeFirst();
    if (row) found.add(await survivorOf(ctx.tx, row.patient_id));
  }
  if (found.size > 1) {
    fail(location, Hl7ErrorCode.duplicateKeyIdentifier, 'The patient identifiers sent belong to different patients');
  }
  return [...found][0];
}

async function addIdentifiers(ctx: ApplyContext, patientId: string, ids: readonly MrIdentifier[]): Promise<void> {
  for (const id of ids) {
    await ctx.tx
      .insertInto('patient_identifiers')
      .values({
        id: randomUUID(),
        org_id: ctx.orgId,
        patient_id: patientId,
        system: id.system,
        value: id.value,
        type: 'MR',
        facility: id.facility,
      })
      .onConflict((oc) => oc.columns(['org_id', 'system', 'value']).doNothing())
      .execute();
  }
}

/** Charta's own MRN for a new patient: the sender's, unless another patient of the organisation already has it. */
async function chooseMrn(ctx: ApplyContext, id: MrIdentifier): Promise<string> {
  for (const candidate of [id.value, `${id.system}:${id.value}`]) {
    const taken = await ctx.tx
      .selectFrom('patients')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where('mrn', '=', candidate)
      .executeTakeFirst();
    if (!taken) return candidate;
  }
  return `${id.system}:${id.value}:${randomUUID().slice(0, 8)}`;
}

interface PatientResult {
  readonly id: string;
  readonly created: boolean;
}

/** Finds the patient by MRN and updates the demographics sent, or creates the patient when `create` allows. */
async function upsertPatient(ctx: ApplyContext, event: AdtEvent, create: boolean): Promise<PatientResult> {
  const facility = feedFacility(event);
  const ids = medicalRecordNumbers(event.patient.identifiers, facility);
  const existing = await findPatient(ctx, ids, PID3);
  const changes = demographicsOf(event);
  if (existing !== undefined) {
    const row = await ctx.tx.selectFrom('patients').selectAll().where('id', '=', existing).executeTakeFirstOrThrow();
    const changed = (Object.keys(changes) as (keyof PatientChanges)[]).filter(
      (k) => !sameValue(row[k as keyof PatientRow], changes[k]),
    );
    if (changed.length > 0) {
      const set = Object.fromEntries(changed.map((k) => [k, changes[k]])) as PatientChanges;
      await ctx.tx
        .updateTable('patients')
        .set({ ...set, updated_at: ctx.info.now })
        .where('id', '=', existing)
        .execute();
      await auditWrite(ctx, event, 'hl7.patient.update', 'patient', existing, existing, { fields: changed });
    }
    await addIdentifiers(ctx, existing, ids);
    return { id: existing, created: false };
  }
  if (!create) fail(PID3, Hl7ErrorCode.unknownKeyIdentifier, `No patient has the identifier sent in PID-3`);
  if (changes.birth_date === undefined) {
    fail(PID7, Hl7ErrorCode.requiredFieldMissing, 'PID-7 (date of birth, a full date) is required for a new patient');
  }
  const first = ids[0];
  if (!first) fail(PID3, Hl7ErrorCode.requiredFieldMissing, 'PID-3 (patient identifier list) is required');
  const id = randomUUID();
  await ctx.tx
    .insertInto('patients')
    .values({
      id,
      org_id: ctx.orgId,
      mrn: await chooseMrn(ctx, first),
      family_name: changes.family_name ?? '',
      given_name: changes.given_name ?? '',
      middle_name: changes.middle_name ?? null,
      name_suffix: changes.name_suffix ?? null,
      birth_date: changes.birth_date,
      sex: changes.sex ?? 'U',
      address: changes.address ?? null,
      address_line: changes.address_line ?? null,
      city: changes.city ?? null,
      state: changes.state ?? null,
      postal_code: changes.postal_code ?? null,
      phone: changes.phone ?? null,
      deceased_at: changes.deceased_at ?? null,
      labels: [],
      source: 'hl7v2',
      updated_at: ctx.info.now,
    })
    .execute();
  await addIdentifiers(ctx, id, ids);
  await auditWrite(ctx, event, 'hl7.patient.create', 'patient', id, id, {});
  return { id, created: true };
}

/** The attending (PV1-7) as a practitioner, found by NPI when the sender marks the id as one, else by its own id. */
async function practitionerFor(ctx: ApplyContext, event: AdtEvent, p: AdtProvider | undefined): Promise<string | null> {
  if (!p?.id) return null;
  const isNpi = p.identifierType === 'NPI' || p.assigningAuthority === 'NPI';
  const npi = isNpi ? p.id : null;
  if (npi) {
    const byNpi = await ctx.tx
      .selectFrom('practitioners')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where('npi', '=', npi)
      .executeTakeFirst();
    if (byNpi) return byNpi.id;
  }
  const sourceKey = npi ? `npi:${npi}` : `hl7v2:${p.assigningAuthority ?? feedFacility(event)}:${p.id}`;
  const bySource = await ctx.tx
    .selectFrom('practitioners')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
  if (bySource) return bySource.id;
  const id = randomUUID();
  await ctx.tx
    .insertInto('practitioners')
    .values({
      id,
      org_id: ctx.orgId,
      npi,
      family_name: p.family ?? p.id,
      given_name: p.given ?? null,
      credentials: null,
      specialty: null,
      user_id: null,
      source_key: sourceKey,
    })
    .execute();
  return id;
}

type EncounterRow = Database['encounters'];
type EncounterStatus = 'planned' | 'in_progress' | 'discharged' | 'completed' | 'cancelled';

/** The encounter key: `hl7v2:<facility>:<visit number>`, the visit number from PV1-19, else the account (PID-18). */
function encounterKey(event: AdtEvent): string | undefined {
  const visit = event.visit?.visitNumber ?? event.patient.accountNumber;
  return visit === undefined ? undefined : `hl7v2:${feedFacility(event)}:${visit}`;
}

async function findEncounter(ctx: ApplyContext, key: string) {
  return ctx.tx
    .selectFrom('encounters')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('source_key', '=', key)
    .executeTakeFirst();
}

/** Encounter columns the event sends (what it leaves out is left as it is). */
async function encounterFieldsOf(
  ctx: ApplyContext,
  event: AdtEvent,
): Promise<Partial<Record<keyof EncounterRow, unknown>>> {
  const v = event.visit;
  const out: Partial<Record<keyof EncounterRow, unknown>> = {};
  if (!v) return out;
  if (v.patientClass !== undefined) out.type = encounterTypeFor(v.patientClass, v.patientType);
  const location = formatLocation(v.assignedLocation);
  if (location !== null) out.location = location;
  if (v.assignedLocation?.facility !== undefined) out.facility = v.assignedLocation.facility;
  if (v.hospitalService !== undefined) out.service = v.hospitalService;
  if (v.admitSource !== undefined) out.admit_source = v.admitSource;
  if (v.admissionType !== undefined) out.admit_type = v.admissionType;
  if (v.admitDateTime !== undefined) out.admit_at = v.admitDateTime;
  if (v.financialClass !== undefined) out.financial_class = v.financialClass;
  const account = event.patient.accountNumber ?? v.visitNumber;
  if (account !== undefined) out.account_number = account;
  const plan = event.insurance?.[0];
  const payer = plan?.companyName ?? plan?.companyId ?? plan?.planId;
  if (payer !== undefined) out.payer = payer;
  const attending = await practitionerFor(ctx, event, v.attending);
  if (attending !== null) out.attending_id = attending;
  return out;
}

interface EncounterPlan {
  /** May the encounter be created when the key is new? */
  readonly create: boolean;
  /** The status to set, given the current one (undefined when new); undefined leaves it. */
  readonly status?: (current: EncounterStatus | undefined) => EncounterStatus | undefined;
  /** Further columns for this trigger. */
  readonly extra?: Partial<Record<keyof EncounterRow, unknown>>;
}

/** Creates or updates the encounter the message names; returns its id, or undefined when there is none to touch. */
async function upsertEncounter(
  ctx: ApplyContext,
  event: AdtEvent,
  patientId: string,
  plan: EncounterPlan,
): Promise<string | undefined> {
  const key = encounterKey(event);
  if (key === undefined) {
    if (!plan.create) return undefined;
    fail(PV1_19, Hl7ErrorCode.requiredFieldMissing, 'PV1-19 (visit number) or PID-18 (account number) is required');
  }
  const existing = await findEncounter(ctx, key);
  const fields = { ...(await encounterFieldsOf(ctx, event)), ...plan.extra };
  if (existing) {
    if (existing.patient_id !== patientId && (await survivorOf(ctx.tx, existing.patient_id)) !== patientId) {
      fail(PV1_19, Hl7ErrorCode.duplicateKeyIdentifier, 'The visit number sent belongs to another patient');
    }
    const status = plan.status?.(existing.status as EncounterStatus);
    if (status !== undefined) fields.status = status;
    const changed = (Object.keys(fields) as (keyof EncounterRow)[]).filter((k) => !sameValue(existing[k], fields[k]));
    if (changed.length > 0) {
      const set = Object.fromEntries(changed.map((k) => [k, fields[k]]));
      await ctx.tx
        .updateTable('encounters')
        .set({ ...set, updated_at: ctx.info.now })
        .where('id', '=', existing.id)
        .execute();
      await auditWrite(ctx, event, 'hl7.encounter.update', 'encounter', existing.id, patientId, { fields: changed });
    }
    await addAttending(ctx, existing.id, fields.attending_id);
    return existing.id;
  }
  if (!plan.create) return undefined;
  const id = randomUUID();
  const admitAt = fields.admit_at ?? event.eventOccurredAt ?? event.sentAt;
  await ctx.tx
    .insertInto('encounters')
    .values({
      id,
      org_id: ctx.orgId,
      patient_id: patientId,
      facility: (fields.facility as string | undefined) ?? feedFacility(event),
      account_number: (fields.account_number as string | undefined) ?? null,
      type: (fields.type as string | undefined) ?? 'outpatient',
      status: plan.status?.(undefined) ?? 'in_progress',
      admit_at: event.trigger === 'A05' ? ((fields.admit_at as string | undefined) ?? null) : (admitAt as string),
      discharge_at: (fields.discharge_at as string | undefined) ?? null,
      admit_source: (fields.admit_source as string | undefined) ?? null,
      admit_type: (fields.admit_type as string | undefined) ?? null,
      discharge_disposition: (fields.discharge_disposition as string | undefined) ?? null,
      attending_id: (fields.attending_id as string | undefined) ?? null,
      service: (fields.service as string | undefined) ?? null,
      location: (fields.location as string | undefined) ?? null,
      payer: (fields.payer as string | undefined) ?? null,
      financial_class: (fields.financial_class as string | undefined) ?? null,
      expected_charges: null,
      billed_at: null,
      source: 'hl7v2',
      source_key: key,
      updated_at: ctx.info.now,
    })
    .execute();
  await addAttending(ctx, id, fields.attending_id);
  await auditWrite(ctx, event, 'hl7.encounter.create', 'encounter', id, patientId, {});
  return id;
}

async function addAttending(ctx: ApplyContext, encounterId: string, practitionerId: unknown): Promise<void> {
  if (typeof practitionerId !== 'string') return;
  await ctx.tx
    .insertInto('encounter_clinicians')
    .values({ encounter_id: encounterId, practitioner_id: practitionerId, role: 'attending' })
    .onConflict((oc) => oc.columns(['encounter_id', 'practitioner_id', 'role']).doNothing())
    .execute();
}

async function auditWrite(
  ctx: ApplyContext,
  event: AdtEvent,
  action: string,
  recordType: string,
  recordId: string,
  patientId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await audit(ctx.tx, ctx.services, ctx.info, undefined, {
    action,
    patientId,
    recordType,
    recordId,
    detail: { messageId: ctx.messageId, trigger: event.trigger, ...detail },
  });
}

/** The encounter an event must find (cancel admit, cancel discharge); absent is an application error. */
async function requireEncounter(ctx: ApplyContext, event: AdtEvent, patientId: string) {
  const key = encounterKey(event);
  if (key === undefined) {
    fail(PV1_19, Hl7ErrorCode.requiredFieldMissing, 'PV1-19 (visit number) or PID-18 (account number) is required');
  }
  const found = await findEncounter(ctx, key);
  if (!found) fail(PV1_19, Hl7ErrorCode.unknownKeyIdentifier, 'No encounter has the visit number sent in PV1-19');
  if (found.patient_id !== patientId && (await survivorOf(ctx.tx, found.patient_id)) !== patientId) {
    fail(PV1_19, Hl7ErrorCode.duplicateKeyIdentifier, 'The visit number sent belongs to another patient');
  }
  return found;
}

/** Admission, registration and transfer start a new or planned encounter, and reopen a cancelled one (re-admit). */
const startUnlessUnderway = (c: EncounterStatus | undefined): EncounterStatus | undefined =>
  c === undefined || c === 'planned' || c === 'cancelled' ? 'in_progress' : undefined;

async function applyMerge(ctx: ApplyContext, event: AdtEvent): Promise<ApplyOutcome> {
  const facility = feedFacility(event);
  const survivorIds = medicalRecordNumbers(event.patient.identifiers, facility);
  const priorIds = medicalRecordNumbers(event.merge?.priorIdentifiers ?? [], facility);
  const survivorId = await findPatient(ctx, survivorIds, PID3);
  if (survivorId === undefined) {
    fail(PID3, Hl7ErrorCode.unknownKeyIdentifier, 'No patient has the surviving identifier sent in PID-3');
  }
  // The prior record may already be merged: look it up without following merged_into.
  const prior = new Set<string>();
  for (const id of priorIds) {
    const row = await ctx.tx
      .selectFrom('patient_identifiers')
      .innerJoin('patients', 'patients.id', 'patient_identifiers.patient_id')
      .select(['patients.id', 'patients.merged_into'])
      .where('patient_identifiers.org_id', '=', ctx.orgId)
      .where('system', '=', id.system)
      .where('value', '=', id.value)
      .executeTakeFirst();
    // After a merge the prior identifier is carried by the survivor itself: the merge was already done.
    if (row && row.id !== survivorId) prior.add(row.id);
    if (row && row.id === survivorId) return { patientId: survivorId, encounterId: undefined, createdPatientIds: [] };
  }
  if (prior.size === 0)
    fail(MRG1, Hl7ErrorCode.unknownKeyIdentifier, 'No patient has the prior identifier sent in MRG-1');
  if (prior.size > 1) {
    fail(MRG1, Hl7ErrorCode.duplicateKeyIdentifier, 'The prior identifiers sent belong to different patients');
  }
  const mergedId = [...prior][0] as string;
  try {
    await mergePatients(ctx.tx, ctx.services, ctx.info, undefined, {
      orgId: ctx.orgId,
      survivorId,
      mergedId,
      source: 'hl7-a40',
      reason: `HL7 A40 merge, message ${event.messageControlId}`,
    });
  } catch (error) {
    if (error instanceof AppError) fail(MRG1, Hl7ErrorCode.applicationInternalError, error.message);
    throw error;
  }
  await auditWrite(ctx, event, 'hl7.patient.update', 'patient', survivorId, survivorId, { mergedId });
  return { patientId: survivorId, encounterId: undefined, createdPatientIds: [] };
}

/** Applies one event. Throws `Hl7ApplyError` for what the records do not allow; the caller's transaction rolls back. */
export async function applyAdtEvent(ctx: ApplyContext, event: AdtEvent): Promise<ApplyOutcome> {
  if (event.kind === 'merge') return applyMerge(ctx, event);
  const createsPatient = event.kind !== 'update' && event.kind !== 'cancel-admit' && event.kind !== 'cancel-discharge';
  const patient = await upsertPatient(ctx, event, createsPatient);
  let encounterId: string | undefined;
  const v = event.visit;
  switch (event.kind) {
    case 'admit':
    case 'register':
    case 'transfer':
      encounterId = await upsertEncounter(ctx, event, patient.id, { create: true, status: startUnlessUnderway });
      break;
    case 'preadmit':
      encounterId = await upsertEncounter(ctx, event, patient.id, {
        create: true,
        status: (c) => (c === undefined ? 'planned' : undefined),
      });
      break;
    case 'discharge':
      encounterId = await upsertEncounter(ctx, event, patient.id, {
        create: true,
        status: () => 'discharged',
        extra: {
          discharge_at: v?.dischargeDateTime ?? event.eventOccurredAt ?? event.sentAt,
          ...(v?.dischargeDisposition === undefined ? {} : { discharge_disposition: v.dischargeDisposition }),
        },
      });
      break;
    case 'update':
      encounterId = await upsertEncounter(ctx, event, patient.id, { create: false });
      break;
    case 'cancel-admit': {
      const found = await requireEncounter(ctx, event, patient.id);
      if (found.status === 'discharged' || found.status === 'completed') {
        fail(PV1_19, Hl7ErrorCode.applicationInternalError, 'The encounter is discharged: cancel the discharge first');
      }
      encounterId = await upsertEncounter(ctx, event, patient.id, { create: false, status: () => 'cancelled' });
      break;
    }
    case 'cancel-discharge': {
      const found = await requireEncounter(ctx, event, patient.id);
      if (found.status !== 'discharged') {
        fail(PV1_19, Hl7ErrorCode.applicationInternalError, 'The encounter has not been discharged');
      }
      encounterId = await upsertEncounter(ctx, event, patient.id, {
        create: false,
        status: () => 'in_progress',
        extra: { discharge_at: null, discharge_disposition: null },
      });
      break;
    }
    default: {
      const unreachable: never = event.kind;
      return unreachable;
    }
  }
  const createdPatientIds = patient.created ? [patient.id] : [];
  // New records meet the master patient index in the same transaction, so a duplicate is queued at once.
  if (createdPatientIds.length > 0) {
    await findDuplicateCandidates(ctx.tx, ctx.orgId, createdPatientIds, ctx.info.now);
  }
  return { patientId: patient.id, encounterId, createdPatientIds };
}
