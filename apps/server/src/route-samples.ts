import { ALL_ROLES, DEFAULT_COMPLETION_RULE_SET, DEFAULT_ESCALATION_LADDER } from '@charta/core';
import type { RouteSpec } from './http/route.js';
import type { TestServer } from './test-support.js';

/** One heart-failure stay, for the grouper's route and its alias. */
const DRG_SAMPLE = {
  ageYears: 67,
  sex: 'F',
  encounterType: 'inpatient',
  admitDate: '2026-01-10',
  dischargeDate: '2026-01-15',
  dischargeStatus: '01',
  diagnoses: [
    { code: 'I50.23', poa: 'Y' },
    { code: 'J96.01', poa: 'Y' },
  ],
  procedures: [],
};

/** One community-segment person, for the HCC route and its alias. */
const HCC_SAMPLE = {
  settings: { paymentYear: 2026, normalizationFactor: 1.0, codingIntensityAdjustment: 0.059 },
  persons: [
    {
      id: 'SYN-001',
      sex: 'F',
      dateOfBirth: '1953-06-15',
      medicaidDual: 'non',
      segment: 'community',
      diagnoses: ['E11.9', 'I50.22'],
    },
  ],
};

/**
 * A valid request for every protected route, so that each role's answer shows the permission decision and not a
 * validation error. A route without an entry here fails the test: new routes must join the matrix.
 */
/** An encounter (and document) id that does not exist. */
const NO_ENCOUNTER = '00000000-0000-4000-8000-0000000000e1';

export function sampleRequest(route: RouteSpec, s: TestServer, patientId: string): { path: string; body?: unknown } {
  const key = `${route.method.toUpperCase()} ${route.path}`;
  const samples: Record<string, () => { path: string; body?: unknown }> = {
    'GET /api/v1/users': () => ({ path: '/api/v1/users' }),
    'POST /api/v1/users': () => ({
      path: '/api/v1/users',
      body: {
        username: `matrix${Math.random().toString(36).slice(2, 8)}`,
        displayName: 'Matrix Test',
        role: 'coder',
        password: 'a-long-enough-passphrase-42',
      },
    }),
    'PATCH /api/v1/users/:id': () => ({
      path: `/api/v1/users/${s.users.registrar.id}`,
      body: { displayName: 'Reese Okonkwo' },
    }),
    'GET /api/v1/security/policy': () => ({ path: '/api/v1/security/policy' }),
    'PUT /api/v1/security/policy': () => ({
      path: '/api/v1/security/policy',
      body: { mfaRequiredRoles: [...ALL_ROLES] },
    }),
    'GET /api/v1/audit/events': () => ({ path: '/api/v1/audit/events?limit=5' }),
    'GET /api/v1/audit/export': () => ({
      path: '/api/v1/audit/export?from=2026-01-15&to=2026-01-15&action=auth.login',
    }),
    'GET /api/v1/audit/verify': () => ({ path: '/api/v1/audit/verify' }),
    'GET /api/v1/patients': () => ({ path: '/api/v1/patients?q=Alvarez' }),
    // An update for a patient nobody has registered: answered AE and kept, without touching any record.
    'POST /api/v1/hl7/messages': () => ({
      path: '/api/v1/hl7/messages',
      body: {
        text: [
          'MSH|^~\\&|SYNTHADT|MATRIX GEN|CHARTA|HIM|20260115090000||ADT^A08^ADT_A08|MATRIX-A08|P|2.5.1',
          'PID|1||MATRIX-NOBODY^^^MGEN^MR||TESTPATIENT^MATRIX||19700101|U',
          'PV1|1|O',
        ].join('\r'),
      },
    }),
    'GET /api/v1/hl7/messages': () => ({ path: '/api/v1/hl7/messages?status=error' }),
    'GET /api/v1/hl7/messages/:id': () => ({ path: '/api/v1/hl7/messages/00000000-0000-4000-8000-000000000000' }),
    'POST /api/v1/hl7/messages/:id/reprocess': () => ({
      path: '/api/v1/hl7/messages/00000000-0000-4000-8000-000000000000/reprocess',
    }),
    'POST /api/v1/hl7/messages/:id/dismiss': () => ({
      path: '/api/v1/hl7/messages/00000000-0000-4000-8000-000000000000/dismiss',
      body: { reason: 'Matrix test' },
    }),
    'GET /api/v1/patients/:id': () => ({ path: `/api/v1/patients/${patientId}` }),
    'POST /api/v1/patients/:id/emergency-access': () => ({
      path: `/api/v1/patients/${patientId}/emergency-access`,
      body: { reason: 'Matrix test: urgent consult' },
    }),
    'GET /api/v1/patients/:id/access-report': () => ({ path: `/api/v1/patients/${patientId}/access-report` }),
    'GET /api/v1/emergency-access': () => ({ path: '/api/v1/emergency-access' }),
    'POST /api/v1/emergency-access/:id/review': () => ({
      path: `/api/v1/emergency-access/00000000-0000-4000-8000-000000000000/review`,
      body: { note: 'ok' },
    }),
    'GET /api/v1/codes/search': () => ({ path: '/api/v1/codes/search?q=copd%20exacerbation&date=2026-01-15' }),
    'GET /api/v1/codes/pcs-builder': () => ({ path: '/api/v1/codes/pcs-builder?prefix=0DT' }),
    'GET /api/v1/codes/index': () => ({ path: '/api/v1/codes/index?q=asthma' }),
    'GET /api/v1/codes/index/:kind/:id': () => ({ path: '/api/v1/codes/index/index/0' }),
    'GET /api/v1/codes/tables': () => ({ path: '/api/v1/codes/tables?kind=drug&path=Acetaminophen' }),
    'POST /api/v1/codes/validate': () => ({
      path: '/api/v1/codes/validate',
      body: {
        ageYears: 67,
        sex: 'F',
        encounterType: 'inpatient',
        admitDate: '2026-01-10',
        dischargeDate: '2026-01-15',
        dischargeStatus: '01',
        diagnoses: [{ code: 'J44.1', poa: 'Y' }],
        procedures: [],
      },
    }),
    'GET /api/v1/codes/:system/:code': () => ({ path: '/api/v1/codes/ICD-10-CM/J44.1?date=2026-01-15' }),
    'POST /api/v1/drg/group': () => ({
      path: '/api/v1/drg/group',
      body: DRG_SAMPLE,
    }),
    'POST /api/drg/group': () => ({
      path: '/api/drg/group',
      body: DRG_SAMPLE,
    }),
    'POST /api/v1/hcc/score': () => ({
      path: '/api/v1/hcc/score',
      body: HCC_SAMPLE,
    }),
    'POST /api/hcc/score': () => ({
      path: '/api/hcc/score',
      body: HCC_SAMPLE,
    }),
    'GET /api/v1/analytics/case-mix': () => ({
      path: '/api/v1/analytics/case-mix?from=2026-01-01&to=2026-01-31&by=service',
    }),
    'GET /api/v1/mpi/candidates': () => ({ path: '/api/v1/mpi/candidates?limit=5' }),
    'GET /api/v1/mpi/candidates/:id': () => ({ path: '/api/v1/mpi/candidates/00000000-0000-4000-8000-000000000000' }),
    'POST /api/v1/mpi/candidates/:id/merge': () => ({
      path: '/api/v1/mpi/candidates/00000000-0000-4000-8000-000000000000/merge',
      body: { survivorId: patientId, reason: 'Matrix test: same person' },
    }),
    'POST /api/v1/mpi/candidates/:id/not-duplicate': () => ({
      path: '/api/v1/mpi/candidates/00000000-0000-4000-8000-000000000000/not-duplicate',
      body: { reason: 'Matrix test: different people' },
    }),
    'GET /api/v1/mpi/merges': () => ({ path: `/api/v1/mpi/merges?patientId=${patientId}` }),
    'POST /api/v1/mpi/merges/:id/unmerge': () => ({
      path: '/api/v1/mpi/merges/00000000-0000-4000-8000-000000000000/unmerge',
      body: { reason: 'Matrix test: not one person' },
    }),
    'POST /api/v1/mpi/scan': () => ({ path: '/api/v1/mpi/scan', body: { patientId } }),
    'POST /api/v1/fhir/import': () => ({
      path: '/api/v1/fhir/import',
      body: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Organization', id: 'matrix-org', name: 'Matrix Test Clinic' } }],
      },
    }),
    'GET /api/v1/fhir/Patient/:id/$everything': () => ({ path: `/api/v1/fhir/Patient/${patientId}/$everything` }),
    'GET /api/v1/fhir/$export': () => ({ path: '/api/v1/fhir/$export?_type=Practitioner' }),
    // Coding work and record reads: an unknown encounter id answers 404 to a permitted role, 403 to the others.
    'GET /api/v1/patients/:id/encounters': () => ({ path: `/api/v1/patients/${patientId}/encounters` }),
    'GET /api/v1/encounters/:id': () => ({ path: `/api/v1/encounters/${NO_ENCOUNTER}` }),
    'GET /api/v1/documents/:id': () => ({ path: `/api/v1/documents/${NO_ENCOUNTER}` }),
    'GET /api/v1/completion/rules': () => ({ path: '/api/v1/completion/rules' }),
    'GET /api/v1/completion/rules/versions': () => ({ path: '/api/v1/completion/rules/versions' }),
    // A stale base version: refused with 409 after the permission check, leaving the rules as they are.
    'PUT /api/v1/completion/rules': () => ({
      path: '/api/v1/completion/rules',
      body: { baseVersion: 999, note: 'Matrix test', ruleSet: DEFAULT_COMPLETION_RULE_SET },
    }),
    'POST /api/v1/completion/analyze': () => ({ path: '/api/v1/completion/analyze' }),
    'GET /api/v1/encounters/:id/completion': () => ({ path: `/api/v1/encounters/${NO_ENCOUNTER}/completion` }),
    'GET /api/v1/completion/deficiencies': () => ({ path: '/api/v1/completion/deficiencies?timing=overdue' }),
    'GET /api/v1/completion/my-deficiencies': () => ({ path: '/api/v1/completion/my-deficiencies' }),
    'GET /api/v1/completion/report': () => ({ path: '/api/v1/completion/report?from=2026-01-01&to=2026-01-31' }),
    'POST /api/v1/completion/deficiencies': () => ({
      path: '/api/v1/completion/deficiencies',
      body: {
        encounterId: NO_ENCOUNTER,
        kind: 'missing',
        title: 'Consent form missing',
        practitionerId: NO_ENCOUNTER,
        dueAt: '2026-02-01T00:00:00Z',
        reason: 'Matrix test',
      },
    }),
    'POST /api/v1/completion/deficiencies/:id/reassign': () => ({
      path: `/api/v1/completion/deficiencies/${NO_ENCOUNTER}/reassign`,
      body: { practitionerId: NO_ENCOUNTER, reason: 'Matrix test' },
    }),
    'POST /api/v1/completion/deficiencies/:id/waive': () => ({
      path: `/api/v1/completion/deficiencies/${NO_ENCOUNTER}/waive`,
      body: { reason: 'Matrix test' },
    }),
    'GET /api/v1/documents/:id/signatures': () => ({ path: `/api/v1/documents/${NO_ENCOUNTER}/signatures` }),
    'PUT /api/v1/documents/:id/text': () => ({
      path: `/api/v1/documents/${NO_ENCOUNTER}/text`,
      body: { text: 'Matrix test text.' },
    }),
    'GET /api/v1/completion/queue': () => ({ path: '/api/v1/completion/queue?view=all&sort=oldest_due' }),
    'POST /api/v1/encounters/:id/completion/review': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/completion/review`,
      body: { note: 'Matrix test review.' },
    }),
    'POST /api/v1/encounters/:id/documents': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/documents`,
      body: { loincCode: '18842-5', text: 'Matrix test summary.' },
    }),
    'POST /api/v1/documents/:id/sign': () => ({
      path: `/api/v1/documents/${NO_ENCOUNTER}/sign`,
      body: { attestation: 'I attest that this document is accurate.' },
    }),
    'POST /api/v1/documents/:id/addenda': () => ({
      path: `/api/v1/documents/${NO_ENCOUNTER}/addenda`,
      body: { text: 'Matrix test addendum.' },
    }),
    'GET /api/v1/notifications/settings': () => ({ path: '/api/v1/notifications/settings?facility=' }),
    // A stale base version: refused with 409 after the permission check, leaving the ladder as it is.
    'PUT /api/v1/notifications/settings': () => ({
      path: '/api/v1/notifications/settings',
      body: { facility: '', baseVersion: 999, note: 'Matrix test', ladder: DEFAULT_ESCALATION_LADDER },
    }),
    'GET /api/v1/notifications': () => ({ path: '/api/v1/notifications?unread=true' }),
    'POST /api/v1/notifications/:id/read': () => ({ path: `/api/v1/notifications/${NO_ENCOUNTER}/read` }),
    'GET /api/v1/notifications/outbox': () => ({ path: '/api/v1/notifications/outbox?status=failed' }),
    'POST /api/v1/notifications/:id/retry': () => ({ path: `/api/v1/notifications/${NO_ENCOUNTER}/retry` }),
    'POST /api/v1/notifications/run': () => ({ path: '/api/v1/notifications/run' }),
    'GET /api/v1/notifications/suspension-list': () => ({ path: '/api/v1/notifications/suspension-list' }),
    'GET /api/v1/coding-queue': () => ({ path: '/api/v1/coding-queue?status=unassigned,assigned&sort=due' }),
    'GET /api/v1/coding-queue/counts': () => ({ path: '/api/v1/coding-queue/counts' }),
    'GET /api/v1/coding-queue/settings': () => ({ path: '/api/v1/coding-queue/settings' }),
    'PUT /api/v1/coding-queue/settings': () => ({
      path: '/api/v1/coding-queue/settings',
      body: { dueDays: { inpatient: 3 } },
    }),
    'POST /api/v1/coding-queue/:id/take': () => ({ path: `/api/v1/coding-queue/${NO_ENCOUNTER}/take` }),
    'POST /api/v1/coding-queue/:id/release': () => ({ path: `/api/v1/coding-queue/${NO_ENCOUNTER}/release` }),
    'POST /api/v1/coding-queue/:id/hold': () => ({
      path: `/api/v1/coding-queue/${NO_ENCOUNTER}/hold`,
      body: { reason: 'physician_query', note: 'Matrix test' },
    }),
    'POST /api/v1/coding-queue/:id/resume': () => ({ path: `/api/v1/coding-queue/${NO_ENCOUNTER}/resume` }),
    'PATCH /api/v1/coding-queue/:id': () => ({ path: `/api/v1/coding-queue/${NO_ENCOUNTER}`, body: { priority: 1 } }),
    'GET /api/v1/encounters/:id/coding': () => ({ path: `/api/v1/encounters/${NO_ENCOUNTER}/coding` }),
    'PUT /api/v1/encounters/:id/coding': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/coding`,
      body: { diagnoses: [{ code: 'J44.1', poa: 'Y' }], procedures: [] },
    }),
    'POST /api/v1/encounters/:id/coding/finalize': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/coding/finalize`,
    }),
    'POST /api/v1/encounters/:id/coding/reopen': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/coding/reopen`,
      body: { reason: 'Matrix test' },
    }),
    'GET /api/v1/encounters/:id/coding/versions': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/coding/versions`,
    }),
    'POST /api/v1/encounters/:id/billed': () => ({ path: `/api/v1/encounters/${NO_ENCOUNTER}/billed` }),
    'POST /api/v1/encounters/:id/coding/session': () => ({
      path: `/api/v1/encounters/${NO_ENCOUNTER}/coding/session`,
      body: { action: 'start' },
    }),
    'GET /api/v1/dnfb': () => ({ path: '/api/v1/dnfb?type=inpatient,outpatient' }),
    'GET /api/v1/coding-productivity': () => ({ path: '/api/v1/coding-productivity?from=2026-01-01&to=2026-01-31' }),
    'POST /api/v1/auth/login': () => ({
      path: '/api/v1/auth/login',
      body: { username: 'admin', password: 'wrong-password-x' },
    }),
    'POST /api/v1/auth/mfa/enrol/confirm': () => ({ path: '/api/v1/auth/mfa/enrol/confirm', body: { code: '123456' } }),
    'POST /api/v1/auth/mfa/verify': () => ({ path: '/api/v1/auth/mfa/verify', body: { code: '123456' } }),
    'POST /api/v1/auth/password': () => ({
      path: '/api/v1/auth/password',
      body: { currentPassword: 'wrong-password-here', newPassword: 'another-long-passphrase-9' },
    }),
  };
  const make = samples[key];
  if (!make)
    throw new Error(`No sample request for ${key}: add one so the route is covered by the permission matrix test`);
  return make();
}
