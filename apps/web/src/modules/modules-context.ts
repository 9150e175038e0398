import { createContext, useContext, type ComponentType } from 'react';
import type { Gated } from './visibility.js';

/** One entry of the navigation registry (modules/registry.ts). */
export interface AppModule extends Gated {
  /** Slug: the route is `#/<path>` and the navigation link's test id is `nav-<path>`. */
  readonly path: string;
  readonly label: string;
  /** One line for the home page card. */
  readonly description: string;
  readonly component: ComponentType;
}

/** The modules the signed-in user may open, provided by the shell (so pages need not import the registry). */
export const ModulesContext = createContext<readonly AppModule[]>([]);

export function useVisibleModules(): readonly AppModule[] {
  return useContext(ModulesContext);
}
