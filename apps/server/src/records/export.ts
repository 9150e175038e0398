import type { FhirExportType } from '@charta/contracts';
import { DOCUMENT_AUTHENTICATED_AT_EXTENSION, systemUri } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;
type Row<T extends keyof Database> = Selectable<Database[T]>;
type Json = Record<string, unknown>;
/** How a resource points at another: `Type/id` in NDJSON, `urn:uuid:id` inside a Bundle (ids are UUIDs). */
type RefStyle = 'relative' | 'urn';

const refTo = (style: RefStyle, type: string, id: string) => ({
  reference: style === 'urn' ? `urn:uuid:${id}` : `${type}/${id}`,
});
const iso = (v: Date | string | null) => (v === null ? undefined : new Date(v).toISOString());
const dateOnly = (v: Date | string | null) =>
  v === null ? undefined : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

/** Drops undefined and null members, so that resources carry no empty elements (FHIR forbids them). */
function clean(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

function securityMeta(labels: readonly string[]) {
  if (labels.length === 0) return undefined;
  return {
    security: labels.map((code) => ({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code,
    })),
  };
}

export function patientResource(p: Row<'patients'>, ids: readonly Row<'patient_identifiers'>[]): Json {
  const identifier = ids.map((i) =>
    clean({
      type:
        i.type === 'other'
          ? undefined
          : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: i.type }] },
      system: i.system,
      value: i.value,
      assigner: i.facility ? { display: i.facility } : undefined,
    }),
  );
  if (!ids.some((i) => i.type === 'MR')) {
    identifier.push({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      system: 'urn:charta:mrn',
      value: p.mrn,
    });
  }
  const given = [p.given_name, ...(p.middle_name ? p.middle_name.split(' ') : [])];
  return clean({
    resourceType: 'Patient',
    id: p.id,
    meta: securityMeta(p.labels),
    identifier,
    active: p.active,
    name: [
      clean({ use: 'official', family: p.family_name, given, suffix: p.name_suffix ? [p.name_suffix] : undefined }),
      ...p.previous_family_names.map((f) => ({ use: 'maiden', family: f })),
    ],
    telecom: [
      ...(p.phone ? [{ system: 'phone', value: p.phone }] : []),
      ...(p.email ? [{ system: 'email', value: p.email }] : []),
    ],
    gender: p.sex === 'F' ? 'female' : p.sex === 'M' ? 'male' : 'unknown',
    birthDate: dateOnly(p.birth_date),
    deceasedDateTime: iso(p.deceased_at),
    address:
      p.address_line || p.city || p.state || p.postal_code
        ? [
            clean({
              line: p.address_line ? [p.address_line] : undefined,
              city: p.city,
              state: p.state,
              postalCode: p.postal_code,
            }),
          ]
        : undefined,
    maritalStatus: p.marital_status
      ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: p.marital_status }] }
      : undefined,
    multipleBirthInteger: p.multiple_birth ?? undefined,
    communication: p.language
      ? [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: p.language }] } }]
      : undefined,
  });
}

export function practitionerResource(p: Row<'practitioners'>): Json {
  return clean({
    resourceType: 'Practitioner',
    id: p.id,
    identifier: p.npi ? [{ system: 'http://hl7.org/fhir/sid/us-npi', value: p.npi }] : undefined,
    name: [
      clean({
        family: p.family_name,
        given: p.given_name ? [p.given_name] : undefined,
        suffix: p.credentials ? [p.credentials] : undefined,
      }),
    ],
  });
}

const CLASS_OF: Readonly<Record<string, string>> = {
  inpatient: 'IMP',
  emergency: 'EMER',
  observation: 'OBSENC',
  outpatient: 'AMB',
  skilled_nursing: 'NONAC',
  behavioral_health: 'IMP',
};
const STATUS_OF: Readonly<Record<string, string>> = {
  planned: 'planned',
  in_progress: 'in-progress',
  discharged: 'finished',
  completed: 'finished',
  cancelled: 'cancelled',
};
const PARTICIPATION_OF: Readonly<Record<string, string>> = {
  attending: 'ATND',
  admitting: 'ADM',
  consulting: 'CON',
  referring: 'REF',
  operating: 'SPRF',
  other: 'PART',
};

export function encounterResource(
  e: Row<'encounters'>,
  clinicians: readonly Row<'encounter_clinicians'>[],
  style: RefStyle,
): Json {
  return clean({
    resourceType: 'Encounter',
    id: e.id,
    meta: securityMeta(e.labels),
    identifier: e.account_number
      ? [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'AN' }] },
            value: e.account_number,
          },
        ]
      : undefined,
    status: STATUS_OF[e.status] ?? 'unknown',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: CLASS_OF[e.type] ?? 'AMB' },
    type: [{ text: e.type }],
    serviceType: e.service ? { text: e.service } : undefined,
    subject: refTo(style, 'Patient', e.patient_id),
    participant: clinicians.map((c) => ({
      type: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
              code: PARTICIPATION_OF[c.role] ?? 'PART',
            },
          ],
        },
      ],
      individual: refTo(style, 'Practitioner', c.practitioner_id),
    })),
    period: e.admit_at || e.discharge_at ? clean({ start: iso(e.admit_at), end: iso(e.discharge_at) }) : undefined,
    hospitalization:
      e.admit_source || e.discharge_disposition
        ? clean({
            admitSource: e.admit_source
              ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: e.admit_source }] }
              : undefined,
            // UB-04 FL 17 patient discharge status (NUBC).
            dischargeDisposition: e.discharge_disposition
              ? { coding: [{ system: 'http://www.nubc.org/patient-discharge', code: e.discharge_disposition }] }
              : undefined,
          })
        : undefined,
    location: e.location ? [{ location: { display: e.location } }] : undefined,
    serviceProvider: e.facility ? { display: e.facility } : undefined,
  });
}

const CONDITION_CLINICAL = new Set(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']);
const PROCEDURE_STATUS = new Set([
  'preparation',
  'in-progress',
  'not-done',
  'on-hold',
  'stopped',
  'completed',
  'entered-in-error',
  'unknown',
]);

export function ehrCodeResource(c: Row<'ehr_codes'>, style: RefStyle): Json {
  const code = { coding: [clean({ system: systemUri(c.system), code: c.code, display: c.display })] };
  if (c.kind === 'procedure') {
    return clean({
      resourceType: 'Procedure',
      id: c.id,
      status: c.clinical_status && PROCEDURE_STATUS.has(c.clinical_status) ? c.clinical_status : 'completed',
      code,
      subject: refTo(style, 'Patient', c.patient_id),
      encounter: c.encounter_id ? refTo(style, 'Encounter', c.encounter_id) : undefined,
      performedDateTime: iso(c.onset_at),
    });
  }
  return clean({
    resourceType: 'Condition',
    id: c.id,
    clinicalStatus:
      c.clinical_status && CONDITION_CLINICAL.has(c.clinical_status)
        ? {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: c.clinical_status }],
          }
        : undefined,
    code,
    subject: refTo(style, 'Patient', c.patient_id),
    encounter: c.encounter_id ? refTo(style, 'Encounter', c.encounter_id) : undefined,
    onsetDateTime: iso(c.onset_at),
    recordedDate: iso(c.recorded_at),
  });
}

/** HIM's coded diagnosis as a Condition: category encounter-diagnosis, ICD-10-CM (US Core Condition Encounter Diagnosis). */
export function codedDiagnosisResource(d: Row<'coded_diagnoses'>, patientId: string, style: RefStyle): Json {
  const code = d.code.length > 3 ? `${d.code.slice(0, 3)}.${d.code.slice(3)}` : d.code;
  return {
    resourceType: 'Condition',
    id: `${d.encounter_id}.dx${d.seq}`,
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
      },
    ],
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
    subject: refTo(style, 'Patient', patientId),
    encounter: refTo(style, 'Encounter', d.encounter_id),
  };
}

export function documentResource(d: Row<'documents'>, style: RefStyle): Json {
  const data = d.text !== null ? Buffer.from(d.text, 'utf8') : d.attachment;
  return clean({
    resourceType: 'DocumentReference',
    id: d.id,
    meta: securityMeta(d.labels),
    extension: d.authenticated_at
      ? [{ url: DOCUMENT_AUTHENTICATED_AT_EXTENSION, valueDateTime: iso(d.authenticated_at) }]
      : undefined,
    status: d.status === 'entered-in-error' ? 'entered-in-error' : 'current',
    docStatus: d.status === 'entered-in-error' ? undefined : d.status,
    type: clean({
      coding: d.loinc_code ? [{ system: 'http://loinc.org', code: d.loinc_code }] : undefined,
      text: d.type_label,
    }),
    subject: refTo(style, 'Patient', d.patient_id),
    date: iso(d.authored_at),
    author: d.author_id ? [refTo(style, 'Practitioner', d.author_id)] : undefined,
    authenticator: d.authenticated_by ? refTo(style, 'Practitioner', d.authenticated_by) : undefined,
    content: [
      {
        attachment: clean({
          contentType: d.text !== null ? 'text/plain; charset=utf-8' : (d.content_type ?? 'application/octet-stream'),
          data: data ? Buffer.from(data).toString('base64') : undefined,
        }),
      },
    ],
    context: d.encounter_id ? { encounter: [refTo(style, 'Encounter', d.encounter_id)] } : undefined,
  });
}

const COVERAGE_STATUS = new Set(['active', 'cancelled', 'draft', 'entered-in-error']);

export function coverageResource(c: Row<'coverages'>, style: RefStyle): Json {
  return clean({
    resourceType: 'Coverage',
    id: c.id,
    status: c.status && COVERAGE_STATUS.has(c.status) ? c.status : 'active',
    subscriberId: c.member_id ?? undefined,
    beneficiary: refTo(style, 'Patient', c.patient_id),
    period:
      c.period_start || c.period_end
        ? clean({ start: dateOnly(c.period_start), end: dateOnly(c.period_end) })
        : undefined,
    payor: [{ display: c.payer }],
    class: c.plan
      ? [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] },
            value: c.plan,
          },
        ]
      : undefined,
  });
}

/** Labels visible to the caller: a record whose labels are not all granted does not exist for them. */
const visible = (column: string, grants: readonly string[]) =>
  sql<boolean>`${sql.ref(column)} <@ ${sql.val([...grants])}::text[]`;

/**
 * The patient's record as a FHIR R4 searchset Bundle (Patient/$everything): Patient, Encounters, the EHR's Conditions
 * and Procedures, HIM's coded diagnoses as encounter-diagnosis Conditions, DocumentReferences, Coverage, and every
 * Practitioner they reference. References inside the bundle are `urn:uuid:` fullUrls.
 */
export async function patientEverything(
  db: Db,
  orgId: string,
  patientId: string,
  labelGrants: readonly string[],
): Promise<Json> {
  const patient = await db
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', patientId)
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const [identifiers, encounters, codes, documents, coverages] = await Promise.all([
    db.selectFrom('patient_identifiers').selectAll().where('patient_id', '=', patientId).orderBy('type').execute(),
    db
      .selectFrom('encounters')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where(visible('labels', labelGrants))
      .orderBy('admit_at')
      .execute(),
    db.selectFrom('ehr_codes').selectAll().where('patient_id', '=', patientId).orderBy('onset_at').execute(),
    db
      .selectFrom('documents')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where(visible('labels', labelGrants))
      .orderBy('authored_at')
      .execute(),
    db.selectFrom('coverages').selectAll().where('patient_id', '=', patientId).execute(),
  ]);
  const encounterIds = encounters.map((e) => e.id);
  const [clinicians, diagnoses] =
    encounterIds.length === 0
      ? [[], []]
      : await Promise.all([
          db.selectFrom('encounter_clinicians').selectAll().where('encounter_id', 'in', encounterIds).execute(),
          db
            .selectFrom('coded_diagnoses')
            .selectAll()
            .where('encounter_id', 'in', encounterIds)
            .orderBy('encounter_id')
            .orderBy('seq')
            .execute(),
        ]);
  const shown = new Set(encounterIds);
  const practitionerIds = new Set<string>();
  for (const c of clinicians) practitionerIds.add(c.practitioner_id);
  for (const e of encounters) if (e.attending_id) practitionerIds.add(e.attending_id);
  for (const d of documents) {
    if (d.author_id) practitionerIds.add(d.author_id);
    if (d.authenticated_by) practitionerIds.add(d.authenticated_by);
  }
  const practitioners =
    practitionerIds.size === 0
      ? []
      : await db
          .selectFrom('practitioners')
          .selectAll()
          .where('id', 'in', [...practitionerIds])
          .execute();
  const byEncounter = new Map<string, Row<'encounter_clinicians'>[]>();
  for (const c of clinicians) byEncounter.set(c.encounter_id, [...(byEncounter.get(c.encounter_id) ?? []), c]);
  // A code or document on an encounter the caller may not see goes with it.
  const onShown = (encounterId: string | null) => encounterId === null || shown.has(encounterId);
  const resources: Json[] = [
    patientResource(patient, identifiers),
    ...practitioners.map(practitionerResource),
    ...encounters.map((e) => encounterResource(e, byEncounter.get(e.id) ?? [], 'urn')),
    ...codes.filter((c) => onShown(c.encounter_id)).map((c) => ehrCodeResource(c, 'urn')),
    ...diagnoses.map((d) => codedDiagnosisResource(d, patientId, 'urn')),
    ...documents.filter((d) => onShown(d.encounter_id)).map((d) => documentResource(d, 'urn')),
    ...coverages.map((c) => coverageResource(c, 'urn')),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${String(resource['id'])}`,
      resource,
      search: { mode: resource['resourceType'] === 'Patient' ? 'match' : 'include' },
    })),
  };
}

const PAGE = 500;

/**
 * All of an organisation's resources of one type as FHIR R4 resources, page by page (keyset on id), for NDJSON bulk
 * export. Records of patients, encounters or documents carrying labels outside `labelGrants` are left out.
 */
export async function* exportResources(
  db: Kysely<Database>,
  orgId: string,
  type: FhirExportType,
  labelGrants: readonly string[],
): AsyncGenerator<Json> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await exportPage(db, orgId, type, labelGrants, after);
    for (const r of page.resources) yield r;
    if (page.last === null) return;
    after = page.last;
  }
}

async function exportPage(
  db: Kysely<Database>,
  orgId: string,
  type: FhirExportType,
  grants: readonly string[],
  after: string,
): Promise<{ resources: Json[]; last: string | null }> {
  const done = <T extends { id: string }>(rows: readonly T[], map: (r: T) => Json) => ({
    resources: rows.map(map),
    last: rows.length < PAGE ? null : (rows[rows.length - 1]?.id ?? null),
  });
  switch (type) {
    case 'Patient': {
      const rows = await db
        .selectFrom('patients')
        .selectAll()
        .where('org_id', '=', orgId)
        .where(visible('labels', grants))
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      const ids = rows.map((r) => r.id);
      const identifiers =
        ids.length === 0
          ? []
          : await db.selectFrom('patient_identifiers').selectAll().where('patient_id', 'in', ids).execute();
      return done(rows, (p) =>
        patientResource(
          p,
          identifiers.filter((i) => i.patient_id === p.id),
        ),
      );
    }
    case 'Practitioner': {
      const rows = await db
        .selectFrom('practitioners')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      return done(rows, practitionerResource);
    }
    case 'Encounter': {
      const rows = await db
        .selectFrom('encounters as e')
        .innerJoin('patients as p', 'p.id', 'e.patient_id')
        .selectAll('e')
        .where('e.org_id', '=', orgId)
        .where(visible('p.labels', grants))
        .where(visible('e.labels', grants))
        .where('e.id', '>', after)
        .orderBy('e.id')
        .limit(PAGE)
        .execute();
      const ids = rows.map((r) => r.id);
      const clinicians =
        ids.length === 0
          ? []
          : await db.selectFrom('encounter_clinicians').selectAll().where('encounter_id', 'in', ids).execute();
      return done(rows, (e) =>
        encounterResource(
          e,
          clinicians.filter((c) => c.encounter_id === e.id),
          'relative',
        ),
      );
    }
    case 'Condition':
    case 'Procedure': {
      const rows = await db
        .selectFrom('ehr_codes as c')
        .innerJoin('patients as p', 'p.id', 'c.patient_id')
        .leftJoin('encounters as e', 'e.id', 'c.encounter_id')
        .selectAll('c')
        .where('c.org_id', '=', orgId)
        .where('c.kind', '=', type === 'Condition' ? 'condition' : 'procedure')
        .where(visible('p.labels', grants))
        .where((eb) => eb.or([eb('e.id', 'is', null), visible('e.labels', grants)]))
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(PAGE)
        .execute();
      const page = done(rows, (c) => ehrCodeResource(c, 'relative'));
      // HIM's coded diagnoses follow the EHR's conditions, once, on the last page.
      if (type === 'Condition' && page.last === null) {
        const coded = await db
          .selectFrom('coded_diagnoses as d')
          .innerJoin('encounters as e', 'e.id', 'd.encounter_id')
          .innerJoin('patients as p', 'p.id', 'e.patient_id')
          .selectAll('d')
          .select('e.patient_id')
          .where('e.org_id', '=', orgId)
          .where(visible('p.labels', grants))
          .where(visible('e.labels', grants))
          .orderBy('d.encounter_id')
          .orderBy('d.seq')
          .execute();
        page.resources.push(...coded.map((d) => codedDiagnosisResource(d, d.patient_id, 'relative')));
      }
      return page;
    }
    case 'DocumentReference': {
      const rows = await db
        .selectFrom('documents as d')
        .innerJoin('patients as p', 'p.id', 'd.patient_id')
        .leftJoin('encounters as e', 'e.id', 'd.encounter_id')
        .selectAll('d')
        .where('d.org_id', '=', orgId)
        .where(visible('p.labels', grants))
        .where(visible('d.labels', grants))
        .where((eb) => eb.or([eb('e.id', 'is', null), visible('e.labels', grants)]))
        .where('d.id', '>', after)
        .orderBy('d.id')
        .limit(PAGE)
        .execute();
      return done(rows, (d) => documentResource(d, 'relative'));
    }
    case 'Coverage': {
      const rows = await db
        .selectFrom('coverages as c')
        .innerJoin('patients as p', 'p.id', 'c.patient_id')
        .selectAll('c')
        .where('c.org_id', '=', orgId)
        .where(visible('p.labels', grants))
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(PAGE)
        .execute();
      return done(rows, (c) => coverageResource(c, 'relative'));
    }
  }
}
