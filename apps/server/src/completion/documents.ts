import { createHash } from 'node:crypto';
import { canonicalJson } from '@charta/core';
import type { Database } from '@charta/db';
import type { Selectable, Transaction } from 'kysely';

export type DocumentRow = Selectable<Database['documents']>;

/**
 * The version hash of a document's content: SHA-256 over the canonical form of what a signer attests to (patient,
 * encounter, type, author, authoring time, text, attachment digest, the document amended). Status and signature
 * fields are left out, so the hash a signer read is the hash recorded with the signature.
 */
export function documentVersionHash(d: DocumentRow): string {
  const content = {
    patientId: d.patient_id,
    encounterId: d.encounter_id,
    loincCode: d.loinc_code,
    typeLabel: d.type_label,
    authorId: d.author_id,
    authoredAt: d.authored_at === null ? null : new Date(d.authored_at).toISOString(),
    contentType: d.content_type,
    text: d.text,
    attachment: d.attachment === null ? null : createHash('sha256').update(d.attachment).digest('hex'),
    amendsDocumentId: d.amends_document_id ?? null,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The practitioner rows linked to a user (a physician may be on file once per source). */
export async function practitionersOfUser(tx: Transaction<Database>, orgId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('practitioners')
    .select('id')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Who may authenticate a document: its author, or the encounter's attending or operating clinician (a co-signature,
 * e.g. of a verbal order or a resident's note).
 */
export async function mayAuthenticate(
  tx: Transaction<Database>,
  d: DocumentRow,
  practitionerIds: readonly string[],
): Promise<string | undefined> {
  if (d.author_id && practitionerIds.includes(d.author_id)) return d.author_id;
  if (!d.encounter_id || practitionerIds.length === 0) return undefined;
  const enc = await tx
    .selectFrom('encounters')
    .select('attending_id')
    .where('id', '=', d.encounter_id)
    .executeTakeFirst();
  if (enc?.attending_id && practitionerIds.includes(enc.attending_id)) return enc.attending_id;
  const c = await tx
    .selectFrom('encounter_clinicians')
    .select('practitioner_id')
    .where('encounter_id', '=', d.encounter_id)
    .where('role', 'in', ['attending', 'operating'])
    .where('practitioner_id', 'in', [...practitionerIds])
    .executeTakeFirst();
  return c?.practitioner_id;
}

/**
 * Which of the caller's practitioner rows is a clinician of the encounter (its attending, or any clinician listed on
 * it), preferring `preferred` (the responsible clinician of a deficiency) when it is one of theirs.
 */
export async function clinicianOfEncounter(
  tx: Transaction<Database>,
  encounterId: string,
  practitionerIds: readonly string[],
  preferred?: string | null,
): Promise<string | undefined> {
  if (practitionerIds.length === 0) return undefined;
  if (preferred && practitionerIds.includes(preferred)) return preferred;
  const enc = await tx.selectFrom('encounters').select('attending_id').where('id', '=', encounterId).executeTakeFirst();
  if (enc?.attending_id && practitionerIds.includes(enc.attending_id)) return enc.attending_id;
  const c = await tx
    .selectFrom('encounter_clinicians')
    .select('practitioner_id')
    .where('encounter_id', '=', encounterId)
    .where('practitioner_id', 'in', [...practitionerIds])
    .orderBy('practitioner_id')
    .executeTakeFirst();
  return c?.practitioner_id;
}
