import { describe, expect, it } from 'vitest';
import { decideRecordAccess, type RecordAccessRequest } from './record-access.js';

const base: RecordAccessRequest = {
  role: 'coder',
  action: 'patient:read',
  patientId: 'p1',
  patientLabels: [],
  userLabelGrants: new Set(),
  hasCareRelationship: false,
  emergencyGrants: [],
  now: '2026-01-15T09:00:00Z',
};

describe('decideRecordAccess', () => {
  it('allows a role that holds the action on an unlabelled record', () => {
    expect(decideRecordAccess(base)).toEqual({ allowed: true, basis: 'normal' });
  });
  it('refuses a role without the action, and no emergency access can change that', () => {
    const d = decideRecordAccess({
      ...base,
      role: 'public_health_analyst',
      emergencyGrants: [{ patientId: 'p1', expiresAt: '2026-01-15T10:00:00Z' }],
    });
    expect(d).toEqual({ allowed: false, reason: 'role', emergencyPossible: false });
  });
  it('requires a care relationship for a physician, which an unexpired emergency grant for the same patient replaces', () => {
    expect(decideRecordAccess({ ...base, role: 'physician' })).toMatchObject({
      allowed: false,
      reason: 'relationship',
      emergencyPossible: true,
    });
    expect(decideRecordAccess({ ...base, role: 'physician', hasCareRelationship: true })).toMatchObject({
      allowed: true,
    });
    expect(
      decideRecordAccess({
        ...base,
        role: 'physician',
        emergencyGrants: [{ patientId: 'p1', expiresAt: '2026-01-15T09:30:00Z' }],
      }),
    ).toEqual({
      allowed: true,
      basis: 'emergency',
      expiresAt: '2026-01-15T09:30:00Z',
    });
    expect(
      decideRecordAccess({
        ...base,
        role: 'physician',
        emergencyGrants: [{ patientId: 'p2', expiresAt: '2026-01-15T09:30:00Z' }],
      }),
    ).toMatchObject({ allowed: false });
    expect(
      decideRecordAccess({
        ...base,
        role: 'physician',
        emergencyGrants: [{ patientId: 'p1', expiresAt: '2026-01-15T08:59:59Z' }],
      }),
    ).toMatchObject({ allowed: false });
  });
  it('refuses a labelled record (42 CFR Part 2) without an explicit label grant', () => {
    expect(decideRecordAccess({ ...base, patientLabels: ['42CFRPart2'] })).toMatchObject({
      allowed: false,
      reason: 'label',
    });
    expect(
      decideRecordAccess({ ...base, patientLabels: ['42CFRPart2'], userLabelGrants: new Set(['42CFRPart2']) }),
    ).toMatchObject({ allowed: true });
  });
  it('lets a patient’s consent directive exclude a role', () => {
    expect(decideRecordAccess({ ...base, consent: { deniedRoles: new Set(['coder']) } })).toMatchObject({
      allowed: false,
      reason: 'consent',
    });
  });
});
