import type { MpiIdentifier, MpiRecord } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';

export type Db = Kysely<Database> | Transaction<Database>;

/** The patient columns the matcher reads. */
export const MATCH_COLUMNS = [
  'id',
  'org_id',
  'family_name',
  'given_name',
  'middle_name',
  'previous_family_names',
  'birth_date',
  'sex',
  'address',
  'address_line',
  'city',
  'state',
  'postal_code',
  'phone',
  'email',
  'active',
  'merged_into',
  'labels',
] as const;

export interface MatchPatientRow {
  readonly id: string;
  readonly org_id: string;
  readonly family_name: string;
  readonly given_name: string;
  readonly middle_name: string | null;
  readonly previous_family_names: readonly string[];
  readonly birth_date: string;
  readonly sex: string;
  readonly address: string | null;
  readonly address_line: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postal_code: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly active: boolean;
  readonly merged_into: string | null;
  readonly labels: readonly string[];
}

export interface IdentifierRow {
  readonly patient_id: string;
  readonly system: string;
  readonly value: string;
  readonly type: string;
  readonly facility: string | null;
}

/** OID and URI of the US Social Security number (HL7 v2 identifier type SS; FHIR `http://hl7.org/fhir/sid/us-ssn`). */
const SSN_SYSTEMS = new Set([
  '2.16.840.1.113883.4.1',
  'urn:oid:2.16.840.1.113883.4.1',
  'http://hl7.org/fhir/sid/us-ssn',
]);

/** The matcher's view of an identifier: SSNs by value, every other identifier by its assigner and value. */
export function toMpiIdentifier(row: IdentifierRow): MpiIdentifier {
  if (row.type.toUpperCase() === 'SS' || SSN_SYSTEMS.has(row.system)) return { system: 'SSN', value: row.value };
  const assigner = row.facility ?? row.system;
  return { system: row.type.toUpperCase() === 'MR' ? `MRN:${assigner}` : `${row.type}:${assigner}`, value: row.value };
}

/** The street line and ZIP code of the free-text address kept by older records ("12 Main St, Springfield, IL 62701"). */
function splitFreeAddress(text: string | null): { line?: string; postalCode?: string } {
  if (!text) return {};
  const zip = /(\d{5})(?:-\d{4})?\s*$/u.exec(text.trim());
  const line = text.split(',')[0]?.trim();
  return { ...(line ? { line } : {}), ...(zip?.[1] ? { postalCode: zip[1] } : {}) };
}

function birthDateText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export function toMpiRecord(row: MatchPatientRow, identifiers: readonly IdentifierRow[]): MpiRecord {
  const free = splitFreeAddress(row.address);
  const line = row.address_line ?? free.line;
  const postalCode = row.postal_code ?? free.postalCode;
  const sex = row.sex.trim().toUpperCase().slice(0, 1);
  return {
    id: row.id,
    identifiers: identifiers.map(toMpiIdentifier),
    familyName: row.family_name,
    previousFamilyNames: row.previous_family_names,
    givenName: row.given_name,
    ...(row.middle_name ? { middleName: row.middle_name } : {}),
    sex: sex === 'M' || sex === 'F' ? sex : 'U',
    birthDate: birthDateText(row.birth_date),
    address: {
      ...(line ? { line } : {}),
      ...(row.city ? { city: row.city } : {}),
      ...(row.state ? { state: row.state } : {}),
      ...(postalCode ? { postalCode } : {}),
    },
    phones: row.phone ? [row.phone] : [],
    ...(row.email ? { email: row.email } : {}),
  };
}

/** Loads patients of one organisation with their identifiers, in two queries. */
export async function loadMatchRecords(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<{ rows: MatchPatientRow[]; records: Map<string, MpiRecord> }> {
  if (ids.length === 0) return { rows: [], records: new Map() };
  const rows = (await db
    .selectFrom('patients')
    .select([...MATCH_COLUMNS])
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...ids])}::uuid[])`)
    .execute()) as unknown as MatchPatientRow[];
  const identifiers = rows.length
    ? ((await db
        .selectFrom('patient_identifiers')
        .select(['patient_id', 'system', 'value', 'type', 'facility'])
        .where('org_id', '=', orgId)
        .where('patient_id', '=', sql<string>`any(${sql.val(rows.map((r) => r.id))}::uuid[])`)
        .execute()) as IdentifierRow[])
    : [];
  const byPatient = new Map<string, IdentifierRow[]>();
  for (const i of identifiers) {
    const list = byPatient.get(i.patient_id);
    if (list) list.push(i);
    else byPatient.set(i.patient_id, [i]);
  }
  const records = new Map<string, MpiRecord>();
  for (const r of rows) records.set(r.id, toMpiRecord(r, byPatient.get(r.id) ?? []));
  return { rows, records };
}
