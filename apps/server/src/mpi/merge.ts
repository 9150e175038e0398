import { randomUUID } from 'node:crypto';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { Conflict, NotFound, ValidationError } from '../http/errors.js';
import { findDuplicateCandidates, refreshBlockingKeys } from './intake.js';

export type MergeSource = 'review' | 'hl7-a40' | 'api';

/** Tables whose rows belong to a patient through `patient_id` and follow the patient on a merge (keyed by `id`). */
export const MOVED_TABLES = [
  'patient_identifiers',
  'encounters',
  'documents',
  'ehr_codes',
  'coverages',
  'claims',
  'source_records',
] as const;
type MovedTable = (typeof MOVED_TABLES)[number];

/** Exactly which rows a merge moved: row ids per table, and the users whose care relationship moved. */
export type MovedRows = { [T in MovedTable]: string[] } & { care_relationships: string[] };

export interface MergeInput {
  readonly orgId: string;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly source: MergeSource;
  readonly reason: string;
  readonly candidateId?: string;
}

/** A merge or unmerge the record state does not allow; a 409 problem naming the field at fault. */
export class MergeRefused extends Conflict {
  constructor(detail: string, path: string, code: string) {
    super(detail, [{ path, code, message: detail }]);
  }
}

interface PatientState {
  id: string;
  org_id: string;
  active: boolean;
  merged_into: string | null;
}

async function lockPatients(tx: Transaction<Database>, ids: readonly string[]): Promise<Map<string, PatientState>> {
  const rows = await tx
    .selectFrom('patients')
    .select(['id', 'org_id', 'active', 'merged_into'])
    .where('id', '=', sql<string>`any(${sql.val([...ids])}::uuid[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Merges `mergedId` into `survivorId` inside the caller's transaction. Nothing is deleted: the merged patient's row
 * stays, inactive and pointing at the survivor, and its identifiers, encounters, documents, EHR codes, coverages,
 * claims, care relationships and source records move to the survivor. The merge row lists exactly the rows that
 * moved, so that `unmergePatients` moves those back and nothing else. Audited as `mpi.merge`.
 */
export async function mergePatients(
  tx: Transaction<Database>,
  services: Services,
  info: RequestInfo,
  principal: Principal | undefined,
  input: MergeInput,
): Promise<{ mergeId: string }> {
  if (input.survivorId === input.mergedId) {
    throw new ValidationError('A patient cannot be merged into itself', [
      { path: '/mergedId', code: 'self-merge', message: 'The merged patient must differ from the survivor' },
    ]);
  }
  if (input.reason.trim() === '') {
    throw new ValidationError('A merge needs a reason', [
      { path: '/reason', code: 'required', message: 'Give the reason for the merge' },
    ]);
  }
  const state = await lockPatients(tx, [input.survivorId, input.mergedId]);
  const survivor = state.get(input.survivorId);
  const merged = state.get(input.mergedId);
  if (!survivor) throw new NotFound('No such patient (survivor)');
  if (!merged) throw new NotFound('No such patient (merged)');
  if (survivor.org_id !== input.orgId || merged.org_id !== input.orgId) {
    throw new MergeRefused(
      'Patients of different organisations cannot be merged',
      survivor.org_id !== input.orgId ? '/survivorId' : '/mergedId',
      'cross-organisation',
    );
  }
  if (merged.merged_into !== null) {
    throw new MergeRefused('This patient has already been merged into another record', '/mergedId', 'already-merged');
  }
  if (survivor.merged_into !== null) {
    throw new MergeRefused(
      'The survivor has itself been merged into another record; merge into that record instead',
      '/survivorId',
      'already-merged',
    );
  }
  let candidateId: string | null = null;
  if (input.candidateId) {
    const candidate = await tx
      .selectFrom('mpi_candidates')
      .select(['id', 'patient_a', 'patient_b', 'status'])
      .where('id', '=', input.candidateId)
      .where('org_id', '=', input.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!candidate) throw new NotFound('No such candidate pair');
    const pair = new Set([candidate.patient_a, candidate.patient_b]);
    if (!pair.has(input.survivorId) || !pair.has(input.mergedId)) {
      throw new MergeRefused('The candidate pair is not these two patients', '/candidateId', 'candidate-mismatch');
    }
    if (candidate.status !== 'open') {
      throw new MergeRefused(`The candidate pair is already decided (${candidate.status})`, '/candidateId', 'decided');
    }
    candidateId = candidate.id;
  }

  const moved = { care_relationships: [] } as unknown as MovedRows;
  for (const table of MOVED_TABLES) {
    const rows = await tx
      .updateTable(table)
      .set({ patient_id: input.survivorId })
      .where('patient_id', '=', input.mergedId)
      .returning('id')
      .execute();
    moved[table] = rows.map((r) => r.id).sort();
  }
  // One relationship per (patient, user): a user who already has one with the survivor keeps that one, and the merged
  // record keeps its own, so it is not listed as moved.
  const care = await tx
    .updateTable('care_relationships')
    .set({ patient_id: input.survivorId })
    .where('patient_id', '=', input.mergedId)
    .where('user_id', 'not in', (eb) =>
      eb.selectFrom('care_relationships').select('user_id').where('patient_id', '=', input.survivorId),
    )
    .returning('user_id')
    .execute();
  moved.care_relationships = care.map((r) => r.user_id).sort();

  await tx
    .updateTable('patients')
    .set({ merged_into: input.survivorId, active: false, updated_at: info.now })
    .where('id', '=', input.mergedId)
    .execute();

  const mergeId = randomUUID();
  await tx
    .insertInto('mpi_merges')
    .values({
      id: mergeId,
      org_id: input.orgId,
      survivor_id: input.survivorId,
      merged_id: input.mergedId,
      source: input.source,
      reason: input.reason,
      candidate_id: candidateId,
      moved: JSON.stringify(moved),
      merged_was_active: merged.active,
      merged_by: principal?.userId ?? null,
      merged_at: info.now,
      unmerged_by: null,
      unmerged_at: null,
      unmerge_reason: null,
    })
    .execute();

  // The pair is decided, whether or not the merge came from the queue.
  const [a, b] =
    input.survivorId < input.mergedId ? [input.survivorId, input.mergedId] : [input.mergedId, input.survivorId];
  await tx
    .updateTable('mpi_candidates')
    .set({
      status: 'merged',
      decided_by: principal?.userId ?? null,
      decided_at: info.now,
      decision_reason: input.reason,
      updated_at: info.now,
    })
    .where('org_id', '=', input.orgId)
    .where('patient_a', '=', a)
    .where('patient_b', '=', b)
    .execute();

  // The merged record drops out of blocking; the survivor now carries the merged record's identifiers, so it is
  // scored again (which also rekeys both).
  await refreshBlockingKeys(tx, input.orgId, [input.mergedId], info.now);
  await findDuplicateCandidates(tx, input.orgId, [input.survivorId], info.now);

  await audit(tx, services, info, principal, {
    action: 'mpi.merge',
    patientId: input.survivorId,
    recordType: 'mpi-merge',
    recordId: mergeId,
    reason: input.reason,
    detail: {
      survivorId: input.survivorId,
      mergedId: input.mergedId,
      patientIds: [input.survivorId, input.mergedId],
      source: input.source,
      candidateId,
      moved: Object.fromEntries(Object.entries(moved).map(([t, ids]) => [t, (ids as string[]).length])),
    },
  });
  return { mergeId };
}

/**
 * Reverses a merge inside the caller's transaction: exactly the rows the merge moved go back to the merged record,
 * which becomes active again as it was, and the pair is marked "not a duplicate" so that a re-scan does not queue it
 * again. Refused when the merge was already undone, or when the survivor has since been merged into another record
 * (undo that merge first). Audited as `mpi.unmerge`.
 */
export async function unmergePatients(
  tx: Transaction<Database>,
  services: Services,
  info: RequestInfo,
  principal: Principal | undefined,
  input: { orgId: string; mergeId: string; reason: string },
): Promise<{ survivorId: string; mergedId: string }> {
  if (input.reason.trim() === '') {
    throw new ValidationError('An unmerge needs a reason', [
      { path: '/reason', code: 'required', message: 'Give the reason for the unmerge' },
    ]);
  }
  const merge = await tx
    .selectFrom('mpi_merges')
    .selectAll()
    .where('id', '=', input.mergeId)
    .where('org_id', '=', input.orgId)
    .forUpdate()
    .executeTakeFirst();
  if (!merge) throw new NotFound('No such merge');
  if (merge.unmerged_at !== null) throw new MergeRefused('This merge has already been undone', '/mergeId', 'unmerged');
  const state = await lockPatients(tx, [merge.survivor_id, merge.merged_id]);
  const survivor = state.get(merge.survivor_id);
  const merged = state.get(merge.merged_id);
  if (!survivor || !merged) throw new NotFound('No such patient');
  if (merged.merged_into !== merge.survivor_id) {
    throw new MergeRefused('The merged record no longer points at the survivor', '/mergeId', 'state-changed');
  }
  if (survivor.merged_into !== null) {
    throw new MergeRefused(
      'The survivor has since been merged into another record; undo that merge first',
      '/mergeId',
      'survivor-merged',
    );
  }
  const moved = (typeof merge.moved === 'string' ? JSON.parse(merge.moved) : merge.moved) as MovedRows;
  for (const table of MOVED_TABLES) {
    const ids = moved[table] ?? [];
    if (ids.length === 0) continue;
    const back = await tx
      .updateTable(table)
      .set({ patient_id: merge.merged_id })
      .where('id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`)
      .where('patient_id', '=', merge.survivor_id)
      .returning('id')
      .execute();
    if (back.length !== ids.length) {
      // Some moved row has gone or changed owner since: refuse rather than restore half of it.
      throw new MergeRefused(
        `Rows moved by this merge have changed since (${table}); it cannot be undone exactly`,
        '/mergeId',
        'rows-changed',
      );
    }
  }
  const users = moved.care_relationships ?? [];
  if (users.length > 0) {
    await tx
      .updateTable('care_relationships')
      .set({ patient_id: merge.merged_id })
      .where('patient_id', '=', merge.survivor_id)
      .where('user_id', '=', sql<string>`any(${sql.val(users)}::uuid[])`)
      .execute();
  }
  await tx
    .updateTable('patients')
    .set({ merged_into: null, active: merge.merged_was_active, updated_at: info.now })
    .where('id', '=', merge.merged_id)
    .execute();
  await tx
    .updateTable('mpi_merges')
    .set({ unmerged_at: info.now, unmerged_by: principal?.userId ?? null, unmerge_reason: input.reason })
    .where('id', '=', merge.id)
    .execute();
  const [a, b] =
    merge.survivor_id < merge.merged_id ? [merge.survivor_id, merge.merged_id] : [merge.merged_id, merge.survivor_id];
  await tx
    .updateTable('mpi_candidates')
    .set({
      status: 'not-duplicate',
      decided_by: principal?.userId ?? null,
      decided_at: info.now,
      decision_reason: input.reason,
      updated_at: info.now,
    })
    .where('org_id', '=', input.orgId)
    .where('patient_a', '=', a)
    .where('patient_b', '=', b)
    .execute();
  // Both records are scored again as they now stand; the pair itself stays "not a duplicate".
  await findDuplicateCandidates(tx, input.orgId, [merge.survivor_id, merge.merged_id], info.now);
  await audit(tx, services, info, principal, {
    action: 'mpi.unmerge',
    patientId: merge.merged_id,
    recordType: 'mpi-merge',
    recordId: merge.id,
    reason: input.reason,
    detail: {
      survivorId: merge.survivor_id,
      mergedId: merge.merged_id,
      patientIds: [merge.survivor_id, merge.merged_id],
      moved: Object.fromEntries(Object.entries(moved).map(([t, ids]) => [t, (ids as string[]).length])),
    },
  });
  return { survivorId: merge.survivor_id, mergedId: merge.merged_id };
}
