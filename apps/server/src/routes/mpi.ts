import {
  MpiCandidateDetail,
  MpiCandidateList,
  MpiCandidateListQuery,
  MpiMergeList,
  MpiMergeListQuery,
  MpiMergeRequest,
  MpiMergeResult,
  MpiNotDuplicateRequest,
  MpiScanRequest,
  MpiScanResult,
  MpiUnmergeRequest,
  type MpiFieldComparison,
  type MpiPatientBrief,
  type MpiPatientView,
} from '@charta/contracts';
import { DEFAULT_MPI_SETTINGS, type MpiReason } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { AppError, Conflict, NotFound, ValidationError } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';
import { findDuplicateCandidates } from '../mpi/intake.js';
import { mergePatients, unmergePatients } from '../mpi/merge.js';
import { requirePatientAccess } from './patients.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Patients per transaction when a whole organisation is scanned. */
const SCAN_BATCH = 500;

const visible = (p: Principal, alias: string) =>
  sql<boolean>`${sql.ref(`${alias}.labels`)} <@ ${sql.val([...p.labelGrants])}::text[]`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function brief(row: Record<string, unknown>, prefix: string): MpiPatientBrief {
  return {
    id: String(row[`${prefix}_id`]),
    mrn: String(row[`${prefix}_mrn`]),
    familyName: String(row[`${prefix}_family`]),
    givenName: String(row[`${prefix}_given`]),
    birthDate: String(row[`${prefix}_birth`]),
    sex: String(row[`${prefix}_sex`]),
  };
}

/** The strongest evidence for the pair, for the queue line. */
function summarise(reasons: readonly MpiReason[]): string {
  return [...reasons]
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight))
    .slice(0, 3)
    .map((r) => r.text)
    .join('; ');
}

async function patientView(db: Db, orgId: string, id: string): Promise<MpiPatientView> {
  const row = await db
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new NotFound('No such patient');
  const identifiers = await db
    .selectFrom('patient_identifiers')
    .select(['type', 'system', 'value'])
    .where('patient_id', '=', id)
    .orderBy('type')
    .orderBy('system')
    .execute();
  const counts = await sql<{ encounters: number | string; documents: number | string }>`
    select (select count(*) from encounters where patient_id = ${id}::uuid) as encounters,
           (select count(*) from documents where patient_id = ${id}::uuid) as documents
  `.execute(db);
  const address =
    row.address_line !== null
      ? [row.address_line, row.city, row.state].filter((x) => x !== null && x !== '').join(', ')
      : row.address;
  return {
    id: row.id,
    mrn: row.mrn,
    familyName: row.family_name,
    givenName: row.given_name,
    birthDate: String(row.birth_date),
    sex: row.sex,
    middleName: row.middle_name,
    previousFamilyNames: row.previous_family_names,
    address,
    postalCode: row.postal_code,
    phone: row.phone,
    email: row.email,
    identifiers,
    active: row.active,
    mergedInto: row.merged_into,
    encounters: Number(counts.rows[0]?.encounters ?? 0),
    documents: Number(counts.rows[0]?.documents ?? 0),
  };
}

async function loadCandidate(db: Db, orgId: string, id: string) {
  const row = await db
    .selectFrom('mpi_candidates')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new NotFound('No such candidate pair');
  return row;
}

/** Both patients of a pair or merge must be open to the caller (labels, consent, ...); a refusal is audited. */
async function requireBoth(
  services: Services,
  info: RequestInfo,
  p: Principal,
  ids: readonly string[],
  auditAction: string,
): Promise<void> {
  for (const id of ids) await requirePatientAccess(services.db, services, info, p, id, 'mpi:review', auditAction);
}

/** Runs a write; a refusal by the record state (409/400/422) is audited outside the failed transaction. */
async function auditedWrite<T>(
  services: Services,
  info: RequestInfo,
  p: Principal,
  event: { action: string; patientId: string; recordType: string; recordId: string; reason: string },
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await services.db.transaction().execute(work);
  } catch (e) {
    if (e instanceof AppError && e.status < 500) {
      await audit(services.db, services, info, p, { ...event, outcome: 'failure', detail: { refused: e.message } });
    }
    throw e;
  }
}

const listCandidates = defineRoute({
  method: 'get',
  path: '/api/v1/mpi/candidates',
  summary:
    'The review queue: candidate duplicate pairs with their score, best first. Pairs with a record the caller may not see are left out. Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  query: MpiCandidateListQuery,
  responses: { 200: { description: 'Candidates', schema: MpiCandidateList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    let base = services.db
      .selectFrom('mpi_candidates as c')
      .innerJoin('patients as pa', 'pa.id', 'c.patient_a')
      .innerJoin('patients as pb', 'pb.id', 'c.patient_b')
      .where('c.org_id', '=', p.orgId)
      .where('c.status', '=', query.status)
      .where(visible(p, 'pa'))
      .where(visible(p, 'pb'));
    // An open pair with a record merged elsewhere meanwhile is moot until that merge is undone.
    if (query.status === 'open') base = base.where('pa.merged_into', 'is', null).where('pb.merged_into', 'is', null);
    if (query.minScore !== undefined) base = base.where('c.score', '>=', query.minScore);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select([
        'c.id',
        'c.score',
        'c.verdict',
        'c.status',
        'c.reasons',
        'c.updated_at',
        'pa.id as a_id',
        'pa.mrn as a_mrn',
        'pa.family_name as a_family',
        'pa.given_name as a_given',
        'pa.birth_date as a_birth',
        'pa.sex as a_sex',
        'pb.id as b_id',
        'pb.mrn as b_mrn',
        'pb.family_name as b_family',
        'pb.given_name as b_given',
        'pb.birth_date as b_birth',
        'pb.sex as b_sex',
      ])
      .orderBy('c.score', 'desc')
      .orderBy('c.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    await audit(services.db, services, info, p, {
      action: 'mpi.queue',
      detail: { returned: rows.length, patientIds: rows.flatMap((r) => [r.a_id, r.b_id]) },
    });
    return {
      body: {
        total: Number(total.n),
        candidates: rows.map((r) => ({
          id: r.id,
          score: Number(r.score),
          verdict: r.verdict as 'match' | 'review',
          status: r.status as 'open' | 'not-duplicate' | 'merged',
          a: brief(r, 'a'),
          b: brief(r, 'b'),
          summary: summarise(parseJson<MpiReason[]>(r.reasons)),
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
      },
    };
  },
});

const readCandidate = defineRoute({
  method: 'get',
  path: '/api/v1/mpi/candidates/:id',
  summary:
    'Opens a candidate pair side by side, with each compared field’s agreement level and the weight it added to the score. Audited PHI read.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'The pair', schema: MpiCandidateDetail }, 404: { description: 'Not found' } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const candidate = await loadCandidate(services.db, p.orgId, params.id);
    await requireBoth(services, info, p, [candidate.patient_a, candidate.patient_b], 'mpi.review');
    return services.db.transaction().execute(async (tx) => {
      const a = await patientView(tx, p.orgId, candidate.patient_a);
      const b = await patientView(tx, p.orgId, candidate.patient_b);
      const decider = candidate.decided_by
        ? await tx.selectFrom('users').select('username').where('id', '=', candidate.decided_by).executeTakeFirst()
        : undefined;
      await audit(tx, services, info, p, {
        action: 'mpi.review',
        patientId: a.id,
        recordType: 'mpi-candidate',
        recordId: candidate.id,
        detail: { patientIds: [a.id, b.id] },
      });
      const fields: MpiFieldComparison[] = parseJson<MpiReason[]>(candidate.reasons).map((r) => ({
        field: r.field,
        agreement: r.agreement,
        weight: r.weight,
        text: r.text,
      }));
      return {
        body: {
          id: candidate.id,
          score: Number(candidate.score),
          verdict: candidate.verdict as 'match' | 'review',
          status: candidate.status as 'open' | 'not-duplicate' | 'merged',
          thresholds: { ...DEFAULT_MPI_SETTINGS.thresholds },
          a,
          b,
          fields,
          decidedAt: iso(candidate.decided_at),
          decidedBy: decider?.username ?? null,
          decisionReason: candidate.decision_reason,
          updatedAt: new Date(candidate.updated_at).toISOString(),
        },
      };
    });
  },
});

const mergeCandidate = defineRoute({
  method: 'post',
  path: '/api/v1/mpi/candidates/:id/merge',
  summary:
    'Merges a candidate pair: the other record is merged into the chosen survivor (kept, inactive, pointing at the survivor; its rows move). Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  params: IdParams,
  body: MpiMergeRequest,
  responses: {
    200: { description: 'Merged', schema: MpiMergeResult },
    409: { description: 'Already decided, or a record already merged' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const candidate = await loadCandidate(services.db, p.orgId, params.id);
    const pair = [candidate.patient_a, candidate.patient_b];
    if (!pair.includes(body.survivorId)) {
      throw new ValidationError('The survivor must be one of the pair', [
        { path: '/survivorId', code: 'not-in-pair', message: 'Choose one of the two patients of the pair' },
      ]);
    }
    const mergedId = body.survivorId === candidate.patient_a ? candidate.patient_b : candidate.patient_a;
    await requireBoth(services, info, p, pair, 'mpi.merge');
    const result = await auditedWrite(
      services,
      info,
      p,
      {
        action: 'mpi.merge',
        patientId: body.survivorId,
        recordType: 'mpi-candidate',
        recordId: candidate.id,
        reason: body.reason,
      },
      (tx) =>
        mergePatients(tx, services, info, p, {
          orgId: p.orgId,
          survivorId: body.survivorId,
          mergedId,
          source: 'review',
          reason: body.reason,
          candidateId: candidate.id,
        }),
    );
    return { body: { mergeId: result.mergeId, survivorId: body.survivorId, mergedId } };
  },
});

const notDuplicate = defineRoute({
  method: 'post',
  path: '/api/v1/mpi/candidates/:id/not-duplicate',
  summary: 'Marks a candidate pair "not a duplicate", with a reason; a re-scan leaves the decision as it is. Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  params: IdParams,
  body: MpiNotDuplicateRequest,
  responses: { 204: { description: 'Decided' }, 409: { description: 'Already decided' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const candidate = await loadCandidate(services.db, p.orgId, params.id);
    await requireBoth(services, info, p, [candidate.patient_a, candidate.patient_b], 'mpi.not-duplicate');
    await auditedWrite(
      services,
      info,
      p,
      {
        action: 'mpi.not-duplicate',
        patientId: candidate.patient_a,
        recordType: 'mpi-candidate',
        recordId: candidate.id,
        reason: body.reason,
      },
      async (tx) => {
        const updated = await tx
          .updateTable('mpi_candidates')
          .set({
            status: 'not-duplicate',
            decided_by: p.userId,
            decided_at: info.now,
            decision_reason: body.reason,
            updated_at: info.now,
          })
          .where('id', '=', candidate.id)
          .where('status', '=', 'open')
          .returning('id')
          .execute();
        if (updated.length === 0) throw new Conflict(`The pair is already decided (${candidate.status})`);
        await audit(tx, services, info, p, {
          action: 'mpi.not-duplicate',
          patientId: candidate.patient_a,
          recordType: 'mpi-candidate',
          recordId: candidate.id,
          reason: body.reason,
          detail: { patientIds: [candidate.patient_a, candidate.patient_b] },
        });
      },
    );
    return { status: 204 };
  },
});

const listMerges = defineRoute({
  method: 'get',
  path: '/api/v1/mpi/merges',
  summary: 'Merges, newest first, of one patient or of the organisation, with what moved and whether undone. Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  query: MpiMergeListQuery,
  responses: { 200: { description: 'Merges', schema: MpiMergeList } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    let q = services.db
      .selectFrom('mpi_merges as m')
      .innerJoin('patients as ps', 'ps.id', 'm.survivor_id')
      .innerJoin('patients as pm', 'pm.id', 'm.merged_id')
      .leftJoin('users as um', 'um.id', 'm.merged_by')
      .leftJoin('users as uu', 'uu.id', 'm.unmerged_by')
      .where('m.org_id', '=', p.orgId)
      .where(visible(p, 'ps'))
      .where(visible(p, 'pm'));
    if (query.patientId) {
      const id = query.patientId;
      q = q.where((eb) => eb.or([eb('m.survivor_id', '=', id), eb('m.merged_id', '=', id)]));
    }
    const rows = await q
      .select([
        'm.id',
        'm.source',
        'm.reason',
        'm.merged_at',
        'm.unmerged_at',
        'm.unmerge_reason',
        'm.moved',
        'um.username as merged_by',
        'uu.username as unmerged_by',
        'ps.id as s_id',
        'ps.mrn as s_mrn',
        'ps.family_name as s_family',
        'ps.given_name as s_given',
        'ps.birth_date as s_birth',
        'ps.sex as s_sex',
        'pm.id as m_id',
        'pm.mrn as m_mrn',
        'pm.family_name as m_family',
        'pm.given_name as m_given',
        'pm.birth_date as m_birth',
        'pm.sex as m_sex',
      ])
      .orderBy('m.merged_at', 'desc')
      .limit(query.limit)
      .execute();
    await audit(services.db, services, info, p, {
      action: 'mpi.merges',
      detail: { returned: rows.length, patientIds: rows.flatMap((r) => [r.s_id, r.m_id]) },
    });
    return {
      body: {
        merges: rows.map((r) => ({
          id: r.id,
          survivor: brief(r, 's'),
          merged: brief(r, 'm'),
          source: r.source,
          reason: r.reason,
          mergedAt: new Date(r.merged_at).toISOString(),
          mergedBy: r.merged_by,
          unmergedAt: iso(r.unmerged_at),
          unmergedBy: r.unmerged_by,
          unmergeReason: r.unmerge_reason,
          moved: Object.fromEntries(
            Object.entries(parseJson<Record<string, string[]>>(r.moved)).map(([t, ids]) => [t, ids.length]),
          ),
        })),
      },
    };
  },
});

const unmerge = defineRoute({
  method: 'post',
  path: '/api/v1/mpi/merges/:id/unmerge',
  summary:
    'Undoes a merge, with a reason: exactly the rows the merge moved go back, the merged record is restored, and the pair is marked "not a duplicate". Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  params: IdParams,
  body: MpiUnmergeRequest,
  responses: {
    200: { description: 'Unmerged', schema: MpiMergeResult },
    409: { description: 'Already undone, or the records changed since' },
  },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const merge = await services.db
      .selectFrom('mpi_merges')
      .select(['id', 'survivor_id', 'merged_id'])
      .where('id', '=', params.id)
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    if (!merge) throw new NotFound('No such merge');
    await requireBoth(services, info, p, [merge.survivor_id, merge.merged_id], 'mpi.unmerge');
    const result = await auditedWrite(
      services,
      info,
      p,
      {
        action: 'mpi.unmerge',
        patientId: merge.merged_id,
        recordType: 'mpi-merge',
        recordId: merge.id,
        reason: body.reason,
      },
      (tx) => unmergePatients(tx, services, info, p, { orgId: p.orgId, mergeId: merge.id, reason: body.reason }),
    );
    return { body: { mergeId: merge.id, ...result } };
  },
});

const scan = defineRoute({
  method: 'post',
  path: '/api/v1/mpi/scan',
  summary:
    'Looks for duplicates now: of one patient, or of every active patient of the organisation in batches. New pairs join the review queue; decided pairs stay decided. Audited.',
  tag: 'Master patient index',
  access: { kind: 'permission', action: 'mpi:review' },
  phi: true,
  body: MpiScanRequest,
  responses: { 200: { description: 'Scan totals', schema: MpiScanResult } },
  handler: async ({ body, principal, services, info }) => {
    const p = principal as Principal;
    if (body.patientId) {
      const patientId = body.patientId;
      await requirePatientAccess(services.db, services, info, p, patientId, 'mpi:review', 'mpi.scan');
      const stored = await services.db.transaction().execute(async (tx) => {
        const n = await findDuplicateCandidates(tx, p.orgId, [patientId], info.now);
        await audit(tx, services, info, p, {
          action: 'mpi.scan',
          patientId,
          recordType: 'patient',
          recordId: patientId,
          detail: { scanned: 1, candidatesStored: n },
        });
        return n;
      });
      return { body: { scanned: 1, batches: 1, candidatesStored: stored } };
    }
    // Keyset pages, each in its own transaction: a pair is found when its later record's batch runs, since the
    // earlier one is keyed by then.
    let after = '00000000-0000-0000-0000-000000000000';
    let scanned = 0;
    let batches = 0;
    let stored = 0;
    for (;;) {
      const ids = await services.db
        .selectFrom('patients')
        .select('id')
        .where('org_id', '=', p.orgId)
        .where('active', '=', true)
        .where('merged_into', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(SCAN_BATCH)
        .execute();
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!.id;
      stored += await services.db.transaction().execute((tx) =>
        findDuplicateCandidates(
          tx,
          p.orgId,
          ids.map((r) => r.id),
          info.now,
        ),
      );
      scanned += ids.length;
      batches += 1;
    }
    await audit(services.db, services, info, p, {
      action: 'mpi.scan',
      detail: { scanned, batches, candidatesStored: stored },
    });
    return { body: { scanned, batches, candidatesStored: stored } };
  },
});

export const mpiRoutes = [listCandidates, readCandidate, mergeCandidate, notDuplicate, listMerges, unmerge, scan];
