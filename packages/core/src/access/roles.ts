/** Staff roles. A user holds exactly one role; the permission matrix maps roles to actions. */
export const Role = {
  administrator: 'administrator',
  himManager: 'him_manager',
  himTechnician: 'him_technician',
  coder: 'coder',
  cdiSpecialist: 'cdi_specialist',
  roiSpecialist: 'roi_specialist',
  auditor: 'auditor',
  physician: 'physician',
  registrar: 'registrar',
  publicHealthAnalyst: 'public_health_analyst',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  him_manager: 'HIM manager',
  him_technician: 'Health information technician',
  coder: 'Coder',
  cdi_specialist: 'CDI specialist',
  roi_specialist: 'Release-of-information specialist',
  auditor: 'Auditor',
  physician: 'Physician',
  registrar: 'Registrar',
  public_health_analyst: 'Public-health analyst',
};

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}
