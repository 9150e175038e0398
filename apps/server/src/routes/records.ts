import {
  DocumentDetail,
  EncounterDetail,
  EncounterList,
  type DocumentSummary,
  type EncounterSummary,
} from '@charta/contracts';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';
import { ageOn, centsToString, toCents } from '../coding-work/measures.js';
import { findEncounter, iso, loadCharges, loadCodedRecord } from '../coding-work/record.js';
import { audit } from '../http/audit.js';
import type { Principal } from '../http/context.js';
import { NotFound } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import { requirePatientAccess } from './patients.js';
import { practitionerName } from '../records/names.js';

/** Encounters of the caller's organisation, without those whose labels the caller may not see, with coding status. */
function encounters(tx: Transaction<Database>, principal: Principal) {
  return tx
    .selectFrom('encounters as e')
    .leftJoin('coding_work_items as w', 'w.encounter_id', 'e.id')
    .selectAll('e')
    .select('w.status as coding_status')
    .where('e.org_id', '=', principal.orgId)
    .where(sql<boolean>`e.labels <@ ${sql.val(principal.labelGrants)}::text[]`);
}

type EncounterRow = Awaited<ReturnType<ReturnType<typeof encounters>['execute']>>[number];

function toSummary(e: EncounterRow): EncounterSummary {
  return {
    id: e.id,
    patientId: e.patient_id,
    type: e.type,
    status: e.status,
    facility: e.facility,
    accountNumber: e.account_number,
    admitAt: iso(e.admit_at),
    dischargeAt: iso(e.discharge_at),
    dischargeDisposition: e.discharge_disposition,
    service: e.service,
    location: e.location,
    payer: e.payer,
    financialClass: e.financial_class,
    expectedCharges: e.expected_charges === null ? null : String(e.expected_charges),
    billedAt: iso(e.billed_at),
    codingStatus: e.coding_status ?? null,
  };
}

const listEncounters = defineRoute({
  method: 'get',
  path: '/api/v1/patients/:id/encounters',
  summary: 'A patient’s encounters, newest first, with their coding status. Audited.',
  tag: 'Records',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'Encounters', schema: EncounterList }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      params.id,
      'patient:read',
      'encounter.list',
    );
    const rows = await services.db.transaction().execute(async (tx) => {
      const list = await encounters(tx, p)
        .where('e.patient_id', '=', params.id)
        .orderBy(sql`coalesce(e.admit_at, e.discharge_at, e.created_at)`, 'desc')
        .limit(1000)
        .execute();
      await audit(tx, services, info, p, {
        action: 'encounter.list',
        patientId: params.id,
        recordType: 'patient',
        recordId: params.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
        detail: { returned: list.length },
      });
      return list;
    });
    return { body: { patientId: params.id, encounters: rows.map(toSummary) } };
  },
});

const readEncounter = defineRoute({
  method: 'get',
  path: '/api/v1/encounters/:id',
  summary:
    'An encounter with its patient, clinicians, documents (list), the EHR’s codes, HIM’s coded record, charges and coding work item. Audited.',
  tag: 'Records',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'The encounter', schema: EncounterDetail }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const enc = await findEncounter(services.db, p, params.id);
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      enc.patientId,
      'patient:read',
      'encounter.read',
    );
    const body = await services.db.transaction().execute(async (tx) => {
      const e = await encounters(tx, p).where('e.id', '=', enc.id).executeTakeFirstOrThrow();
      const patient = await tx
        .selectFrom('patients')
        .select(['id', 'mrn', 'family_name', 'given_name', 'birth_date', 'sex'])
        .where('id', '=', enc.patientId)
        .executeTakeFirstOrThrow();
      const clinicians = await tx
        .selectFrom('encounter_clinicians as c')
        .innerJoin('practitioners as pr', 'pr.id', 'c.practitioner_id')
        .select([
          'c.practitioner_id',
          'c.role',
          'pr.family_name',
          'pr.given_name',
          'pr.credentials',
          'pr.specialty',
          'pr.npi',
        ])
        .where('c.encounter_id', '=', enc.id)
        .orderBy('c.role')
        .execute();
      const docs = await tx
        .selectFrom('documents as d')
        .leftJoin('practitioners as a', 'a.id', 'd.author_id')
        .select([
          'd.id',
          'd.encounter_id',
          'd.loinc_code',
          'd.type_label',
          'd.status',
          'd.authored_at',
          'd.author_id',
          'd.authenticated_at',
          'd.content_type',
          sql<boolean>`d.text is not null`.as('has_text'),
          sql<boolean>`d.attachment is not null`.as('has_attachment'),
          'a.family_name as author_family',
          'a.given_name as author_given',
          'a.credentials as author_credentials',
        ])
        .where('d.encounter_id', '=', enc.id)
        .where(sql<boolean>`d.labels <@ ${sql.val(p.labelGrants)}::text[]`)
        .orderBy('d.authored_at')
        .execute();
      const ehrCodes = await tx
        .selectFrom('ehr_codes')
        .selectAll()
        .where('encounter_id', '=', enc.id)
        .orderBy('kind')
        .orderBy('recorded_at')
        .execute();
      const coding = await loadCodedRecord(tx, enc.id);
      const charges = await loadCharges(tx, enc.id);
      const item = await tx
        .selectFrom('coding_work_items as w')
        .leftJoin('users as a', 'a.id', 'w.assignee_id')
        .leftJoin('users as f', 'f.id', 'w.final_by')
        .selectAll('w')
        .select(['a.display_name as assignee_name', 'f.display_name as final_name'])
        .where('w.encounter_id', '=', enc.id)
        .executeTakeFirst();
      await audit(tx, services, info, p, {
        action: 'encounter.read',
        patientId: enc.patientId,
        recordType: 'encounter',
        recordId: enc.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
      });
      const chargeCents = charges.reduce((sum, c) => sum + toCents(c.amount), 0);
      const admitDay = iso(e.admit_at)?.slice(0, 10);
      const documents: DocumentSummary[] = docs.map((d) => ({
        id: d.id,
        encounterId: d.encounter_id,
        loincCode: d.loinc_code,
        typeLabel: d.type_label,
        status: d.status,
        authoredAt: iso(d.authored_at),
        authorId: d.author_id,
        authorName: practitionerName(d.author_family, d.author_given, d.author_credentials),
        authenticatedAt: iso(d.authenticated_at),
        contentType: d.content_type,
        hasText: Boolean(d.has_text),
        hasAttachment: Boolean(d.has_attachment),
      }));
      const detail: EncounterDetail = {
        ...toSummary(e),
        admitSource: e.admit_source,
        admitType: e.admit_type,
        labels: e.labels,
        patient: {
          id: patient.id,
          mrn: patient.mrn,
          familyName: patient.family_name,
          givenName: patient.given_name,
          birthDate: String(patient.birth_date).slice(0, 10),
          sex: patient.sex,
        },
        ageAtAdmission: admitDay ? (ageOn(String(patient.birth_date), admitDay)?.years ?? null) : null,
        clinicians: clinicians.map((c) => ({
          practitionerId: c.practitioner_id,
          role: c.role,
          familyName: c.family_name,
          givenName: c.given_name,
          credentials: c.credentials,
          specialty: c.specialty,
          npi: c.npi,
        })),
        documents,
        ehrCodes: ehrCodes.map((c) => ({
          id: c.id,
          kind: c.kind,
          system: c.system,
          code: c.code,
          display: c.display,
          clinicalStatus: c.clinical_status,
          onsetAt: iso(c.onset_at),
          recordedAt: iso(c.recorded_at),
        })),
        coding,
        charges,
        totalCharges:
          charges.length > 0
            ? centsToString(chargeCents)
            : e.expected_charges === null
              ? null
              : centsToString(toCents(e.expected_charges)),
        workItem: item
          ? {
              queue: item.queue,
              status: item.status,
              priority: item.priority,
              enteredAt: iso(item.entered_at)!,
              dueAt: iso(item.due_at)!,
              assigneeId: item.assignee_id,
              assigneeName: item.assignee_name,
              holdReason: item.hold_reason,
              holdNote: item.hold_note,
              finalAt: iso(item.final_at),
              finalById: item.final_by,
              finalByName: item.final_name,
              revision: item.revision,
              version: item.version,
            }
          : null,
      };
      return detail;
    });
    return { body };
  },
});

const readDocument = defineRoute({
  method: 'get',
  path: '/api/v1/documents/:id',
  summary: 'One clinical document with its text. Audited as a document read.',
  tag: 'Records',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'The document', schema: DocumentDetail }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const head = await services.db
      .selectFrom('documents as d')
      .leftJoin('encounters as e', 'e.id', 'd.encounter_id')
      .select(['d.id', 'd.patient_id', 'd.labels', 'e.labels as encounter_labels'])
      .where('d.id', '=', params.id)
      .where('d.org_id', '=', p.orgId)
      .executeTakeFirst();
    const visible = (labels: readonly string[] | null) => (labels ?? []).every((l) => p.labelGrants.includes(l));
    if (!head || !visible(head.labels) || !visible(head.encounter_labels)) throw new NotFound('No such document');
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      head.patient_id,
      'patient:read',
      'document.read',
    );
    const body = await services.db.transaction().execute(async (tx) => {
      const d = await tx
        .selectFrom('documents as d')
        .leftJoin('practitioners as a', 'a.id', 'd.author_id')
        .selectAll('d')
        .select([
          'a.family_name as author_family',
          'a.given_name as author_given',
          'a.credentials as author_credentials',
        ])
        .where('d.id', '=', head.id)
        .executeTakeFirstOrThrow();
      await audit(tx, services, info, p, {
        action: 'document.read',
        patientId: d.patient_id,
        recordType: 'document',
        recordId: d.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
      });
      const detail: DocumentDetail = {
        id: d.id,
        patientId: d.patient_id,
        encounterId: d.encounter_id,
        loincCode: d.loinc_code,
        typeLabel: d.type_label,
        status: d.status,
        authoredAt: iso(d.authored_at),
        authorId: d.author_id,
        authorName: practitionerName(d.author_family, d.author_given, d.author_credentials),
        authenticatedAt: iso(d.authenticated_at),
        authenticatedBy: d.authenticated_by,
        contentType: d.content_type,
        hasText: d.text !== null,
        hasAttachment: d.attachment !== null,
        text: d.text,
      };
      return detail;
    });
    return { body };
  },
});

export const recordRoutes = [listEncounters, readEncounter, readDocument];
