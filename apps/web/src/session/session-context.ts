import { createContext, useContext } from 'react';
import type { Action } from '@charta/core';
import type { SessionUser } from '@charta/contracts';
import type { SessionView } from '../api/endpoints.js';

/** A signed-in session past MFA, as pages see it. */
export interface ActiveSession {
  readonly info: SessionView;
  readonly user: SessionUser;
  /** For showing navigation and buttons only; the server checks every request regardless. */
  readonly permissions: ReadonlySet<string>;
}

export interface SessionContextValue {
  readonly session: ActiveSession;
  can(action: Action): boolean;
  /** Ends this session, or every session of this user ('everywhere'), and clears all state. */
  signOut(scope: 'this' | 'everywhere'): Promise<void>;
  /** Re-reads the session from the server (it does not count as activity). */
  refresh(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession must be used inside <SessionContext.Provider>');
  return value;
}
