import { ALL_ROLES } from '@charta/core';
import type { RouteSpec } from './http/route.js';
import type { TestServer } from './test-support.js';

/**
 * A valid request for every protected route, so that each role's answer shows the permission decision and not a
 * validation error. A route without an entry here fails the test: new routes must join the matrix.
 */
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
      body: {
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
      },
    }),
    'POST /api/drg/group': () => ({
      path: '/api/drg/group',
      body: {
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
      },
    }),
    'POST /api/v1/hcc/score': () => ({
      path: '/api/v1/hcc/score',
      body: {
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
      },
    }),
    'POST /api/hcc/score': () => ({
      path: '/api/hcc/score',
      body: {
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
      },
    }),
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
