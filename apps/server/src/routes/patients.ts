import { randomUUID } from 'node:crypto';
import {
  AccessReport,
  EmergencyAccessGrant,
  EmergencyAccessList,
  EmergencyAccessRequest,
  PatientDetailWithMerge,
  PatientSearchQuery,
  PatientSearchResult,
  ReviewEmergencyAccessRequest,
} from '@charta/contracts';
import { decideRecordAccess, type Action, type SensitivityLabel } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Kysely } from 'kysely';
import { audit } from '../http/audit.js';
import type { Principal, RequestInfo, Services } from '../http/context.js';
import { Forbidden, NotFound } from '../http/errors.js';
import { defineRoute, IdParams } from '../http/route.js';

export interface PatientAccess {
  readonly basis: 'normal' | 'emergency';
  readonly expiresAt: string | null;
  readonly reason: string | null;
}

/**
 * The one record-level access check for a patient's record: tenant, then role, care relationship, sensitivity
 * labels and consent (core's decideRecordAccess), then emergency grants. A refusal is audited. A patient outside the
 * caller's organisation, or one whose labels the caller may not see, is "not found" (SEC-12, SEC-31).
 */
export async function requirePatientAccess(
  db: Kysely<Database>,
  services: Services,
  info: RequestInfo,
  principal: Principal,
  patientId: string,
  action: Action,
  auditAction: string,
): Promise<PatientAccess> {
  const patient = await db
    .selectFrom('patients')
    .select(['id', 'labels'])
    .where('id', '=', patientId)
    .where('org_id', '=', principal.orgId)
    .executeTakeFirst();
  const grantsFor = new Set(principal.labelGrants as SensitivityLabel[]);
  if (!patient) throw new NotFound('No such patient');
  const relationship = await db
    .selectFrom('care_relationships')
    .select('user_id')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', principal.userId)
    .executeTakeFirst();
  const grants = await db
    .selectFrom('emergency_access_grants')
    .select(['patient_id', 'expires_at', 'reason'])
    .where('user_id', '=', principal.userId)
    .where('patient_id', '=', patientId)
    .where('expires_at', '>', info.now)
    .orderBy('expires_at', 'desc')
    .execute();
  const decision = decideRecordAccess({
    role: principal.role,
    action,
    patientId,
    patientLabels: patient.labels as SensitivityLabel[],
    userLabelGrants: grantsFor,
    hasCareRelationship: relationship !== undefined,
    emergencyGrants: grants.map((g) => ({ patientId: g.patient_id, expiresAt: new Date(g.expires_at).toISOString() })),
    now: info.now.toISOString(),
  });
  if (decision.allowed) {
    return decision.basis === 'emergency'
      ? { basis: 'emergency', expiresAt: decision.expiresAt, reason: grants[0]?.reason ?? null }
      : { basis: 'normal', expiresAt: null, reason: null };
  }
  await audit(services.db, services, info, principal, {
    action: auditAction,
    outcome: 'denied',
    patientId,
    recordType: 'patient',
    recordId: patientId,
    reason: decision.reason,
  });
  if (decision.reason === 'label') throw new NotFound('No such patient');
  if (decision.emergencyPossible && principal.emergencyAccessDesignated) {
    throw new Forbidden(
      'This record is outside your normal access. You may open it in an emergency, with a reason.',
      'emergency-access-available',
    );
  }
  throw new Forbidden('You do not have access to this record');
}

function likePrefix(text: string): string {
  return text.replace(/[%_\\]/gu, '\\$&').toLowerCase() + '%';
}

/**
 * The patient search query (MRN, name prefix or "family, given", or birth date) within one organisation, leaving out
 * merged records and those carrying a label the caller has no grant for. The search route runs it; the benchmarks
 * measure it as is.
 */
export function patientSearchQuery(
  db: Kysely<Database>,
  input: {
    readonly orgId: string;
    readonly labelGrants: readonly string[];
    readonly q: string;
    readonly limit: number;
  },
) {
  const q = input.q.trim();
  let search = db
    .selectFrom('patients')
    .select(['id', 'mrn', 'family_name', 'given_name', 'birth_date', 'sex'])
    .where('org_id', '=', input.orgId)
    // A merged record lives on only as history: its rows are on the survivor, which is the one to find.
    .where('merged_into', 'is', null)
    // Records carrying a label the user may not see do not exist for them, not even as a search hit.
    .where(sql<boolean>`labels <@ ${sql.val(input.labelGrants)}::text[]`);
  if (/^\d{4}-\d{2}-\d{2}$/u.test(q)) search = search.where('birth_date', '=', q);
  else {
    const [family, given] = q.split(',').map((s) => s.trim());
    search = search.where((eb) =>
      eb.or([
        eb('mrn', '=', q),
        given
          ? eb.and([
              eb(sql`lower(family_name)`, 'like', likePrefix(family ?? '')),
              eb(sql`lower(given_name)`, 'like', likePrefix(given)),
            ])
          : eb.or([
              eb(sql`lower(family_name)`, 'like', likePrefix(q)),
              eb(sql`lower(given_name)`, 'like', likePrefix(q)),
            ]),
      ]),
    );
  }
  return search.orderBy('family_name').orderBy('given_name').limit(input.limit);
}

const searchPatients = defineRoute({
  method: 'get',
  path: '/api/v1/patients',
  summary:
    'Finds patients by MRN, name (family, given or "family, given") or birth date. The patients returned are audited.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'patient:search' },
  phi: true,
  query: PatientSearchQuery,
  responses: { 200: { description: 'Matches', schema: PatientSearchResult } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    const rows = await patientSearchQuery(services.db, {
      orgId: p.orgId,
      labelGrants: p.labelGrants,
      q: query.q,
      limit: query.limit,
    }).execute();
    await audit(services.db, services, info, p, {
      action: 'patient.search',
      detail: { returned: rows.length, patientIds: rows.map((r) => r.id) },
    });
    return {
      body: {
        patients: rows.map((r) => ({
          id: r.id,
          mrn: r.mrn,
          familyName: r.family_name,
          givenName: r.given_name,
          birthDate: r.birth_date,
          sex: r.sex,
        })),
      },
    };
  },
});

const readPatient = defineRoute({
  method: 'get',
  path: '/api/v1/patients/:id',
  summary: 'Opens a patient’s record (demographics). Audited; may require emergency access.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'patient:read' },
  phi: true,
  params: IdParams,
  responses: {
    200: { description: 'The patient', schema: PatientDetailWithMerge },
    403: { description: 'Outside normal access; the problem type says whether emergency access is possible' },
    404: { description: 'Not found' },
  },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    // The access check runs outside the read's transaction, so that a refusal's audit event is kept.
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      params.id,
      'patient:read',
      'patient.read',
    );
    return services.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('patients').selectAll().where('id', '=', params.id).executeTakeFirstOrThrow();
      // A merged record says where it went (the merge in force), so the reader can open the survivor.
      const merge = row.merged_into
        ? await tx
            .selectFrom('mpi_merges')
            .select(['id', 'merged_at', 'reason'])
            .where('merged_id', '=', row.id)
            .where('unmerged_at', 'is', null)
            .orderBy('merged_at', 'desc')
            .executeTakeFirst()
        : undefined;
      await audit(tx, services, info, p, {
        action: 'patient.read',
        patientId: row.id,
        recordType: 'patient',
        recordId: row.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
      });
      return {
        body: {
          id: row.id,
          mrn: row.mrn,
          familyName: row.family_name,
          givenName: row.given_name,
          birthDate: row.birth_date,
          sex: row.sex,
          address: row.address,
          phone: row.phone,
          access: access.basis,
          emergencyExpiresAt: access.expiresAt,
          active: row.active,
          mergedInto: row.merged_into,
          merge: merge
            ? { id: merge.id, mergedAt: new Date(merge.merged_at).toISOString(), survivorId: row.merged_into }
            : null,
        },
      };
    });
  },
});

const requestEmergency = defineRoute({
  method: 'post',
  path: '/api/v1/patients/:id/emergency-access',
  summary: 'Emergency ("break-glass") access to one patient for a limited time, with a reason; flagged for review.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'emergency-access:use' },
  phi: true,
  params: IdParams,
  body: EmergencyAccessRequest,
  responses: { 201: { description: 'Granted', schema: EmergencyAccessGrant }, 403: { description: 'Not designated' } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const patient = await services.db
      .selectFrom('patients')
      .select(['id', 'labels'])
      .where('id', '=', params.id)
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    if (!patient) throw new NotFound('No such patient');
    if (!p.emergencyAccessDesignated) {
      await audit(services.db, services, info, p, {
        action: 'emergency-access.denied',
        outcome: 'denied',
        patientId: patient.id,
        reason: body.reason,
        emergency: true,
        detail: { why: 'user is not designated for emergency access' },
      });
      throw new Forbidden('Only users designated for emergency access may use it');
    }
    const expiresAt = new Date(info.now.getTime() + services.config.emergencyAccessMinutes * 60_000);
    const id = randomUUID();
    await services.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('emergency_access_grants')
        .values({
          id,
          user_id: p.userId,
          patient_id: patient.id,
          reason: body.reason,
          granted_at: info.now,
          expires_at: expiresAt,
          reviewed_at: null,
          reviewed_by: null,
          review_note: null,
        })
        .execute();
      await audit(tx, services, info, p, {
        action: 'emergency-access.grant',
        patientId: patient.id,
        recordType: 'emergency-access',
        recordId: id,
        reason: body.reason,
        emergency: true,
        detail: { expiresAt: expiresAt.toISOString() },
      });
    });
    services.logger.warn('Emergency access granted', {
      event: 'emergency-access',
      userId: p.userId,
      traceId: info.traceId,
    });
    return {
      status: 201,
      body: {
        id,
        patientId: patient.id,
        userId: p.userId,
        username: p.username,
        reason: body.reason,
        grantedAt: info.now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        reviewedAt: null,
        reviewedBy: null,
      },
    };
  },
});

const accessReport = defineRoute({
  method: 'get',
  path: '/api/v1/patients/:id/access-report',
  summary: 'Everyone who opened or searched for this patient’s record, from the audit trail.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'patient:access-report' },
  phi: true,
  params: IdParams,
  responses: { 200: { description: 'Accesses', schema: AccessReport } },
  handler: async ({ params, principal, services, info }) => {
    const p = principal as Principal;
    const patient = await services.db
      .selectFrom('patients')
      .select('id')
      .where('id', '=', params.id)
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    if (!patient) throw new NotFound('No such patient');
    const rows = await services.db
      .selectFrom('audit_events')
      .select(['occurred_at', 'username', 'role', 'action', 'outcome', 'emergency', 'reason'])
      .where((eb) =>
        eb.or([
          eb('patient_id', '=', params.id),
          eb(sql`detail->'patientIds'`, '@>', sql`${JSON.stringify([params.id])}::jsonb`),
        ]),
      )
      .where('action', 'like', 'patient.%')
      .where('action', '!=', 'patient.access-report')
      .orderBy('seq', 'desc')
      .limit(1000)
      .execute();
    await audit(services.db, services, info, p, {
      action: 'patient.access-report',
      patientId: params.id,
      recordType: 'patient',
      recordId: params.id,
    });
    return {
      body: {
        patientId: params.id,
        entries: rows.map((r) => ({
          occurredAt: new Date(r.occurred_at).toISOString(),
          username: r.username,
          role: r.role,
          action: r.action,
          outcome: r.outcome,
          emergency: r.emergency,
          reason: r.reason,
        })),
      },
    };
  },
});

const listEmergency = defineRoute({
  method: 'get',
  path: '/api/v1/emergency-access',
  summary: 'Emergency accesses for review, newest first.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'emergency-access:review' },
  responses: { 200: { description: 'Grants', schema: EmergencyAccessList } },
  handler: async ({ principal, services, info }) => {
    const p = principal as Principal;
    const rows = await services.db
      .selectFrom('emergency_access_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .leftJoin('users as r', 'r.id', 'g.reviewed_by')
      .select([
        'g.id',
        'g.patient_id',
        'g.user_id',
        'u.username',
        'g.reason',
        'g.granted_at',
        'g.expires_at',
        'g.reviewed_at',
        'r.username as reviewer',
      ])
      .where('u.org_id', '=', p.orgId)
      .orderBy('g.granted_at', 'desc')
      .limit(500)
      .execute();
    await audit(services.db, services, info, p, { action: 'emergency-access.list', detail: { returned: rows.length } });
    return {
      body: {
        grants: rows.map((r) => ({
          id: r.id,
          patientId: r.patient_id,
          userId: r.user_id,
          username: r.username,
          reason: r.reason,
          grantedAt: new Date(r.granted_at).toISOString(),
          expiresAt: new Date(r.expires_at).toISOString(),
          reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
          reviewedBy: r.reviewer,
        })),
      },
    };
  },
});

const reviewEmergency = defineRoute({
  method: 'post',
  path: '/api/v1/emergency-access/:id/review',
  summary: 'Marks an emergency access as reviewed, with a note.',
  tag: 'Patients',
  access: { kind: 'permission', action: 'emergency-access:review' },
  params: IdParams,
  body: ReviewEmergencyAccessRequest,
  responses: { 200: { description: 'Reviewed', schema: EmergencyAccessGrant } },
  handler: async ({ params, body, principal, services, info }) => {
    const p = principal as Principal;
    const grant = await services.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('emergency_access_grants as g')
        .innerJoin('users as u', 'u.id', 'g.user_id')
        .select(['g.id', 'g.patient_id', 'g.user_id', 'u.username', 'g.reason', 'g.granted_at', 'g.expires_at'])
        .where('g.id', '=', params.id)
        .where('u.org_id', '=', p.orgId)
        .executeTakeFirst();
      if (!row) throw new NotFound('No such emergency access');
      await tx
        .updateTable('emergency_access_grants')
        .set({ reviewed_at: info.now, reviewed_by: p.userId, review_note: body.note })
        .where('id', '=', row.id)
        .execute();
      await audit(tx, services, info, p, {
        action: 'emergency-access.review',
        recordType: 'emergency-access',
        recordId: row.id,
        patientId: row.patient_id,
        reason: body.note,
      });
      return row;
    });
    return {
      body: {
        id: grant.id,
        patientId: grant.patient_id,
        userId: grant.user_id,
        username: grant.username,
        reason: grant.reason,
        grantedAt: new Date(grant.granted_at).toISOString(),
        expiresAt: new Date(grant.expires_at).toISOString(),
        reviewedAt: info.now.toISOString(),
        reviewedBy: p.username,
      },
    };
  },
});

export const patientRoutes = [
  searchPatients,
  readPatient,
  requestEmergency,
  accessReport,
  listEmergency,
  reviewEmergency,
];
