import { randomUUID } from 'node:crypto';
import type { FhirRefUse } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { Resolved } from './resolve.js';

/** PostgreSQL takes at most 65,535 parameters a statement: rows per multi-row insert follow from the column count. */
const MAX_PARAMS = 30_000;

async function insertRows<R extends object>(rows: readonly R[], write: (part: R[]) => Promise<void>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Columns an upsert refreshes: all given but the key, the owner and what other modules set later. */
function updateSet(columns: readonly string[], keep: readonly string[]) {
  return Object.fromEntries(
    columns.filter((c) => !keep.includes(c)).map((c) => [c, sql.ref(`excluded.${c}`)]),
  ) as Record<string, never>;
}

const idOf = (r: Resolved, use: FhirRefUse | null): string | null => (use ? (r.refs.get(use)?.id ?? null) : null);
const nameOf = (r: Resolved, use: FhirRefUse | null): string | null =>
  use ? (r.refs.get(use)?.name ?? use.display) : null;

export interface WriteResult {
  readonly newPatientIds: string[];
  readonly patientIds: string[];
}

/**
 * The accepted resources of several units written in one go: each new or changed resource once, as the last unit
 * carries it (a later unit of the group updates what an earlier one wrote), and new when the first unit that wrote it
 * found it new. Unchanged resources are left out.
 */
export function mergeUnits(accepted: readonly Resolved[]): Resolved[] {
  const out = new Map<string, Resolved>();
  for (const r of accepted) {
    if (r.state === 'unchanged') continue;
    const prior = out.get(r.item.entry.sourceKey);
    out.set(
      r.item.entry.sourceKey,
      prior?.state === 'imported' && r.state !== 'imported' ? { ...r, state: 'imported' } : r,
    );
  }
  return [...out.values()];
}

/**
 * Writes the accepted, new or changed resources of one unit with multi-row upserts keyed by `(org_id, source_key)`
 * (patients by id), then their source records. Unchanged resources are not touched.
 */
export async function writeUnit(
  tx: Transaction<Database>,
  orgId: string,
  now: Date,
  accepted: readonly Resolved[],
): Promise<WriteResult> {
  const changed = accepted.filter((r) => r.state !== 'unchanged');
  const patientIds = new Set<string>();
  const newPatientIds: string[] = [];

  const patients: Insertable<Database['patients']>[] = [];
  const identifiers: Insertable<Database['patient_identifiers']>[] = [];
  const updatedPatients: string[] = [];
  const practitioners: Insertable<Database['practitioners']>[] = [];
  const encounters: Insertable<Database['encounters']>[] = [];
  const clinicians = new Map<string, Insertable<Database['encounter_clinicians']>>();
  const writtenEncounters: string[] = [];
  const codes: Insertable<Database['ehr_codes']>[] = [];
  const documents: Insertable<Database['documents']>[] = [];
  const coverages: Insertable<Database['coverages']>[] = [];
  const claims: Insertable<Database['claims']>[] = [];
  const charges: Insertable<Database['charges']>[] = [];
  const rewrittenClaims: string[] = [];
  const payers = new Map<string, { payer: string; rank: number }>();
  const sources: Insertable<Database['source_records']>[] = [];

  for (const r of changed) {
    const m = r.item.mapped;
    const key = r.item.entry.sourceKey;
    const id = r.targetId as string;
    switch (m.kind) {
      case 'patient': {
        const p = m.value;
        patients.push({
          id,
          org_id: orgId,
          mrn: p.mrn,
          family_name: p.familyName,
          given_name: p.givenName,
          birth_date: p.birthDate,
          sex: p.sex,
          address: p.address,
          phone: p.phone,
          labels: [...p.labels],
          updated_at: now,
          middle_name: p.middleName,
          name_suffix: p.nameSuffix,
          previous_family_names: [...p.previousFamilyNames],
          address_line: p.addressLine,
          city: p.city,
          state: p.state,
          postal_code: p.postalCode,
          email: p.email,
          marital_status: p.maritalStatus,
          language: p.language,
          deceased_at: p.deceasedAt,
          multiple_birth: p.multipleBirth,
          source: 'fhir',
          active: p.active,
          merged_into: null,
        });
        if (r.state === 'updated') updatedPatients.push(id);
        else newPatientIds.push(id);
        const seen = new Set<string>();
        for (const i of p.identifiers) {
          const k = `${i.system}|${i.value}`;
          if (seen.has(k)) continue;
          seen.add(k);
          identifiers.push({
            id: randomUUID(),
            org_id: orgId,
            patient_id: id,
            system: i.system,
            value: i.value,
            type: i.type,
            facility: i.facility,
          });
        }
        break;
      }
      case 'practitioner':
        practitioners.push({
          id,
          org_id: orgId,
          npi: m.value.npi,
          family_name: m.value.familyName,
          given_name: m.value.givenName,
          credentials: m.value.credentials,
          specialty: null,
          user_id: null,
          source_key: key,
        });
        break;
      case 'encounter': {
        const e = m.value;
        const attending = e.clinicians.find((c) => c.role === 'attending');
        encounters.push({
          id,
          org_id: orgId,
          patient_id: idOf(r, e.patient) as string,
          facility: nameOf(r, e.serviceProvider),
          account_number: e.accountNumber,
          type: e.type,
          status: e.status,
          admit_at: e.admitAt,
          discharge_at: e.dischargeAt,
          admit_source: e.admitSource,
          admit_type: e.admitType,
          discharge_disposition: e.dischargeDisposition,
          attending_id: attending ? idOf(r, attending.practitioner) : null,
          service: e.service,
          location: e.location,
          payer: null,
          financial_class: null,
          expected_charges: null,
          billed_at: null,
          labels: [...e.labels],
          source: 'fhir',
          source_key: key,
          updated_at: now,
        });
        writtenEncounters.push(id);
        for (const c of e.clinicians) {
          const practitionerId = idOf(r, c.practitioner);
          if (!practitionerId) continue;
          clinicians.set(`${id}|${practitionerId}|${c.role}`, {
            encounter_id: id,
            practitioner_id: practitionerId,
            role: c.role,
          });
        }
        break;
      }
      case 'ehr-code':
        codes.push({
          id,
          org_id: orgId,
          patient_id: idOf(r, m.value.patient) as string,
          encounter_id: idOf(r, m.value.encounter),
          kind: m.value.kind,
          system: m.value.system,
          code: m.value.code,
          display: m.value.display,
          clinical_status: m.value.clinicalStatus,
          onset_at: m.value.onsetAt,
          recorded_at: m.value.recordedAt,
          source_key: key,
        });
        break;
      case 'document': {
        const d = m.value;
        documents.push({
          id,
          org_id: orgId,
          patient_id: idOf(r, d.patient) as string,
          encounter_id: idOf(r, d.encounter),
          loinc_code: d.loincCode,
          type_label: d.typeLabel,
          author_id: idOf(r, d.author),
          authored_at: d.authoredAt,
          status: d.status,
          authenticated_at: d.authenticatedAt,
          authenticated_by: idOf(r, d.authenticator),
          content_type: d.contentType,
          // PostgreSQL text cannot hold NUL.
          text: d.text === null ? null : d.text.replaceAll('\u0000', ''),
          attachment: d.attachmentBase64 === null ? null : Buffer.from(d.attachmentBase64, 'base64'),
          labels: [...d.labels],
          source: 'fhir',
          source_key: key,
          updated_at: now,
        });
        break;
      }
      case 'coverage':
        coverages.push({
          id,
          org_id: orgId,
          patient_id: idOf(r, m.value.patient) as string,
          payer: nameOf(r, m.value.payor) ?? m.value.payer,
          plan: m.value.plan,
          member_id: m.value.memberId,
          status: m.value.status,
          period_start: m.value.periodStart,
          period_end: m.value.periodEnd,
          source_key: key,
        });
        break;
      case 'claim': {
        const c = m.value;
        const encounterId = idOf(r, c.encounter);
        const payer = (c.coverage ? nameOf(r, c.coverage) : null) ?? c.payer;
        claims.push({
          id,
          org_id: orgId,
          patient_id: idOf(r, c.patient) as string,
          encounter_id: encounterId,
          kind: c.kind,
          status: c.status,
          payer,
          billable_start: c.billableStart,
          total: c.total,
          payment: c.payment,
          source_key: key,
        });
        if (encounterId && payer) {
          // A Claim names the payer billed; an EOB's insurer is second best.
          const rank = c.kind === 'claim' ? 0 : 1;
          const prior = payers.get(encounterId);
          if (!prior || rank < prior.rank) payers.set(encounterId, { payer, rank });
        }
        if (c.kind === 'claim') {
          if (r.state === 'updated') rewrittenClaims.push(key);
          if (encounterId) {
            for (const line of c.charges) {
              charges.push({
                id: randomUUID(),
                org_id: orgId,
                encounter_id: encounterId,
                service_date: line.serviceDate,
                revenue_code: line.revenueCode,
                code_system: line.codeSystem,
                code: line.code,
                modifiers: [...line.modifiers],
                units: line.units,
                amount: line.amount,
                description: line.description,
                source: 'fhir',
                source_key: `${key}#${line.sequence}`,
              });
            }
          }
        }
        break;
      }
      case 'organization':
      case 'source-only':
        break;
    }
    if (r.patientId) patientIds.add(r.patientId);
    sources.push({
      id: randomUUID(),
      org_id: orgId,
      format: 'fhir',
      resource_type: r.item.entry.resource.resourceType,
      source_key: key,
      content_hash: r.item.hash,
      content: r.item.json.replaceAll('\\u0000', ''),
      raw: null,
      patient_id: r.patientId,
      target_type: m.kind === 'source-only' || m.kind === 'organization' ? null : m.kind,
      target_id: r.targetId,
      received_at: now,
    });
  }

  await insertRows(patients, async (rows) => {
    await tx
      .insertInto('patients')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet(updateSet(Object.keys(rows[0] as object), ['id', 'org_id', 'merged_into'])),
      )
      .execute();
  });
  if (updatedPatients.length > 0) {
    await tx.deleteFrom('patient_identifiers').where('patient_id', 'in', updatedPatients).execute();
  }
  await insertRows(identifiers, async (rows) => {
    await tx
      .insertInto('patient_identifiers')
      .values(rows)
      .onConflict((oc) => oc.columns(['org_id', 'system', 'value']).doNothing())
      .execute();
  });
  const upsertBySourceKey = async <
    T extends 'practitioners' | 'encounters' | 'ehr_codes' | 'documents' | 'coverages' | 'claims' | 'charges',
  >(
    table: T,
    rows: Insertable<Database[T]>[],
    keep: readonly string[] = [],
  ) =>
    insertRows(rows, async (part) => {
      await tx
        .insertInto(table)
        .values(part as never)
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'source_key'] as never)
            .doUpdateSet(updateSet(Object.keys(part[0] as object), ['id', 'org_id', 'source_key', ...keep]) as never),
        )
        .execute();
    });
  await upsertBySourceKey('practitioners', practitioners, ['user_id', 'specialty']);
  // Payer, expected charges and billing come from claims and the billing module, not from the Encounter resource.
  await upsertBySourceKey('encounters', encounters, ['payer', 'financial_class', 'expected_charges', 'billed_at']);
  if (writtenEncounters.length > 0) {
    await tx.deleteFrom('encounter_clinicians').where('encounter_id', 'in', writtenEncounters).execute();
  }
  await insertRows([...clinicians.values()], async (rows) => {
    await tx
      .insertInto('encounter_clinicians')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
  await upsertBySourceKey('ehr_codes', codes);
  await upsertBySourceKey('documents', documents);
  await upsertBySourceKey('coverages', coverages);
  await upsertBySourceKey('claims', claims);
  if (rewrittenClaims.length > 0) {
    await tx
      .deleteFrom('charges')
      .where('org_id', '=', orgId)
      .where(sql<string>`split_part(source_key, '#', 1)`, 'in', rewrittenClaims)
      .execute();
  }
  await upsertBySourceKey('charges', charges);
  const chargedEncounters = [...new Set(charges.map((c) => c.encounter_id))];
  if (chargedEncounters.length > 0) {
    await sql`
      update encounters e set expected_charges = (select sum(c.amount) from charges c where c.encounter_id = e.id)
      where e.id = any(${sql.val(chargedEncounters)}::uuid[])`.execute(tx);
  }
  if (payers.size > 0) {
    const ids = [...payers.keys()];
    const names = ids.map((i) => payers.get(i)?.payer ?? '');
    await sql`
      update encounters e set payer = v.payer
      from unnest(${sql.val(ids)}::uuid[], ${sql.val(names)}::text[]) as v(id, payer)
      where e.id = v.id`.execute(tx);
  }
  await insertRows(sources, async (rows) => {
    await tx
      .insertInto('source_records')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'format', 'resource_type', 'source_key'])
          .doUpdateSet(
            updateSet(Object.keys(rows[0] as object), ['id', 'org_id', 'format', 'resource_type', 'source_key']),
          ),
      )
      .execute();
  });
  return { newPatientIds, patientIds: [...patientIds] };
}
