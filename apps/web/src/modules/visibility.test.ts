import { describe, expect, it } from 'vitest';
import { PERMISSION_MATRIX, type Action, type Role } from '@charta/core';
import { findModule, visibleModules, type Gated } from './visibility.js';

const modules: readonly Gated[] = [
  { path: 'home', permission: null },
  { path: 'patients', permission: 'patient:search' },
  { path: 'completion', permission: 'completion:read' },
  { path: 'my-deficiencies', permission: 'document:sign' },
  { path: 'completion-report', permission: 'completion:read' },
  { path: 'completion-rules', permission: 'completion:read' },
  { path: 'completion-notifications', permission: 'completion:manage' },
  { path: 'audit', permission: 'audit:read' },
  { path: 'emergency-access', permission: 'emergency-access:review' },
  { path: 'users', permission: 'users:read' },
  { path: 'security-policy', permission: 'security-policy:manage' },
  { path: 'account', permission: 'self:manage' },
];

function permissionsOf(role: Role): Set<string> {
  return new Set(
    (Object.entries(PERMISSION_MATRIX) as [Action, ReadonlySet<Role>][])
      .filter(([, roles]) => roles.has(role))
      .map(([action]) => action),
  );
}

describe('visibleModules', () => {
  it.each<[Role, string[]]>([
    ['administrator', ['home', 'audit', 'emergency-access', 'users', 'security-policy', 'account']],
    ['coder', ['home', 'patients', 'completion', 'completion-report', 'completion-rules', 'account']],
    [
      'auditor',
      [
        'home',
        'patients',
        'completion',
        'completion-report',
        'completion-rules',
        'audit',
        'emergency-access',
        'account',
      ],
    ],
    [
      'him_manager',
      [
        'home',
        'patients',
        'completion',
        'completion-report',
        'completion-rules',
        'completion-notifications',
        'audit',
        'emergency-access',
        'users',
        'account',
      ],
    ],
    [
      'him_technician',
      [
        'home',
        'patients',
        'completion',
        'completion-report',
        'completion-rules',
        'completion-notifications',
        'account',
      ],
    ],
    ['physician', ['home', 'patients', 'my-deficiencies', 'account']],
    ['public_health_analyst', ['home', 'account']],
  ])('shows a %s %j', (role, paths) => {
    expect(visibleModules(modules, permissionsOf(role)).map((m) => m.path)).toEqual(paths);
  });

  it('shows only modules open to everyone when the session lists no permissions', () => {
    expect(visibleModules(modules, new Set()).map((m) => m.path)).toEqual(['home']);
  });
});

describe('findModule', () => {
  it('finds by slug and returns undefined for unknown slugs', () => {
    expect(findModule(modules, 'audit')?.permission).toBe('audit:read');
    expect(findModule(modules, 'nope')).toBeUndefined();
  });
});
