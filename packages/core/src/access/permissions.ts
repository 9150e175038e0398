import { Role } from './roles.js';

/**
 * Actions a route may require. Every protected route names exactly one; a route without one is refused by the
 * server's route table (deny by default). Later modules add their actions here and extend the matrix.
 */
export const Action = {
  /** Read own session, own profile, change own password and MFA. Every signed-in user. */
  selfManage: 'self:manage',
  usersRead: 'users:read',
  usersManage: 'users:manage',
  securityPolicyManage: 'security-policy:manage',
  auditRead: 'audit:read',
  auditExport: 'audit:export',
  patientSearch: 'patient:search',
  patientRead: 'patient:read',
  patientWrite: 'patient:write',
  patientAccessReport: 'patient:access-report',
  emergencyAccess: 'emergency-access:use',
  emergencyAccessReview: 'emergency-access:review',
  codesRead: 'codes:read',
  codingWrite: 'coding:write',
  documentSign: 'document:sign',
  recordsImport: 'records:import',
  recordsExport: 'records:export',
  mpiReview: 'mpi:review',
  codingQueueRead: 'coding-queue:read',
  codingQueueManage: 'coding-queue:manage',
  codingFinalize: 'coding:finalize',
  dnfbRead: 'dnfb:read',
  analyticsRead: 'analytics:read',
  deidentifiedExport: 'deidentified:export',
  completionRead: 'completion:read',
  completionManage: 'completion:manage',
  completionRulesManage: 'completion-rules:manage',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

export const ALL_ACTIONS: readonly Action[] = Object.values(Action);

const everyone = new Set<Role>(Object.values(Role));

/**
 * The permission matrix: for each action, the roles that may perform it. Minimum necessary (45 CFR 164.502(b)):
 * roles get what their job needs. Documented in docs/permissions.md, which a test keeps equal to this table.
 */
export const PERMISSION_MATRIX: Readonly<Record<Action, ReadonlySet<Role>>> = {
  'self:manage': everyone,
  'users:read': new Set<Role>(['administrator', 'him_manager']),
  'users:manage': new Set<Role>(['administrator']),
  'security-policy:manage': new Set<Role>(['administrator']),
  'audit:read': new Set<Role>(['administrator', 'auditor', 'him_manager']),
  'audit:export': new Set<Role>(['administrator', 'auditor']),
  'patient:search': new Set<Role>([
    'him_manager',
    'him_technician',
    'coder',
    'cdi_specialist',
    'roi_specialist',
    'auditor',
    'physician',
    'registrar',
  ]),
  'patient:read': new Set<Role>([
    'him_manager',
    'him_technician',
    'coder',
    'cdi_specialist',
    'roi_specialist',
    'auditor',
    'physician',
    'registrar',
  ]),
  'patient:write': new Set<Role>(['him_manager', 'registrar']),
  'patient:access-report': new Set<Role>(['administrator', 'auditor', 'him_manager', 'roi_specialist']),
  'emergency-access:use': new Set<Role>(['physician', 'him_manager', 'coder', 'cdi_specialist', 'roi_specialist']),
  'emergency-access:review': new Set<Role>(['administrator', 'auditor', 'him_manager']),
  'codes:read': everyone,
  'coding:write': new Set<Role>(['coder', 'cdi_specialist', 'him_manager']),
  'document:sign': new Set<Role>(['physician']),
  'records:import': new Set<Role>(['administrator', 'him_manager']),
  'records:export': new Set<Role>(['administrator', 'him_manager', 'roi_specialist']),
  'mpi:review': new Set<Role>(['him_manager', 'him_technician', 'registrar']),
  'coding-queue:read': new Set<Role>(['him_manager', 'coder', 'cdi_specialist', 'auditor']),
  'coding-queue:manage': new Set<Role>(['him_manager']),
  'coding:finalize': new Set<Role>(['him_manager', 'coder']),
  'dnfb:read': new Set<Role>(['him_manager', 'him_technician', 'coder', 'cdi_specialist', 'auditor']),
  'analytics:read': new Set<Role>(['him_manager', 'auditor', 'public_health_analyst', 'cdi_specialist']),
  'deidentified:export': new Set<Role>(['public_health_analyst', 'him_manager']),
  'completion:read': new Set<Role>(['him_manager', 'him_technician', 'auditor', 'coder', 'cdi_specialist']),
  'completion:manage': new Set<Role>(['him_manager', 'him_technician']),
  'completion-rules:manage': new Set<Role>(['him_manager']),
};

export function roleMay(role: Role, action: Action): boolean {
  return PERMISSION_MATRIX[action].has(role);
}

/** The permission matrix as a Markdown table (roles across, actions down), for docs/permissions.md. */
export function permissionMatrixMarkdown(labels: Readonly<Record<Role, string>>): string {
  const roles = Object.values(Role);
  const header = `| action | ${roles.map((r) => labels[r]).join(' | ')} |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|`;
  const rows = ALL_ACTIONS.map(
    (a) => `| \`${a}\` | ${roles.map((r) => (PERMISSION_MATRIX[a].has(r) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
