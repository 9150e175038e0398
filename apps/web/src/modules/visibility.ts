import type { Action } from '@charta/core';

/** What navigation needs to know about a module. */
export interface Gated {
  readonly path: string;
  /** The action a user must hold to see the module; null for every signed-in user. */
  readonly permission: Action | null;
}

/** The modules a user may open, in registry order. Hiding is a courtesy: the server refuses regardless. */
export function visibleModules<M extends Gated>(modules: readonly M[], permissions: ReadonlySet<string>): M[] {
  return modules.filter((m) => m.permission === null || permissions.has(m.permission));
}

/** The module for a slug, if the user may open it. */
export function findModule<M extends Gated>(modules: readonly M[], slug: string): M | undefined {
  return modules.find((m) => m.path === slug);
}
