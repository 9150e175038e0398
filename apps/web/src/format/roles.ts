import { ALL_ROLES, ROLE_LABELS, isRole, type Role } from '@charta/core';

/** Role choices for selects, in the matrix's order, labelled for people. */
export const ROLE_OPTIONS: { value: Role; label: string }[] = ALL_ROLES.map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
