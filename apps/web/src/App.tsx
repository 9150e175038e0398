import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Center, Group, Loader, Stack } from '@mantine/core';
import type { Action } from '@charta/core';
import type { LoginResponse, MfaEnrolConfirmResponse, ProblemDetails } from '@charta/contracts';
import { ApiContext } from './api/api-context.js';
import { createApiClient } from './api/client.js';
import { createChartaApi, type SessionView } from './api/endpoints.js';
import { problemOf, unexpectedResponseProblem } from './api/problem.js';
import { AuthFrame } from './auth/AuthFrame.js';
import { MfaChallengePage } from './auth/MfaChallengePage.js';
import { MfaEnrolPage } from './auth/MfaEnrolPage.js';
import { RecoveryCodesPage } from './auth/RecoveryCodesPage.js';
import { SignInPage } from './auth/SignInPage.js';
import { AppLayout } from './components/AppLayout.js';
import { ExpiryWarning } from './components/ExpiryWarning.js';
import { ProblemAlert } from './components/ProblemAlert.js';
import { ModulesContext } from './modules/modules-context.js';
import { MODULES } from './modules/registry.js';
import { findModule, visibleModules } from './modules/visibility.js';
import { useHashRoute } from './router/use-hash-route.js';
import { clockOffsetMs, expiryNotice, nextClockOffset, planExpiry, type ExpiryCause } from './session/expiry.js';
import type { Notice } from './session/notice.js';
import { SessionContext, type ActiveSession, type SessionContextValue } from './session/session-context.js';
import { useSessionExpiry } from './session/use-session-expiry.js';

/**
 * Where the app stands. PHI lives only in the state of pages under 'active'; leaving 'active' unmounts them, which is
 * how sign-out and expiry clear it (nothing is ever written to web storage: SEC-25).
 */
type View =
  | { readonly kind: 'loading' }
  | { readonly kind: 'unreachable'; readonly problem: ProblemDetails }
  | { readonly kind: 'signed-out'; readonly notice: Notice | null }
  | { readonly kind: 'mfa-enrol' }
  | { readonly kind: 'mfa-challenge' }
  | { readonly kind: 'recovery-codes'; readonly codes: readonly string[] }
  | { readonly kind: 'active'; readonly session: ActiveSession };

const ENDED: Notice = { tone: 'warning', text: 'Your session has ended. Sign in again to continue.' };
const SIGN_IN_TIMED_OUT: Notice = { tone: 'warning', text: 'Your sign-in was not completed in time. Start again.' };

function toActive(info: SessionView): ActiveSession | null {
  if (info.user === undefined) return null;
  return { info, user: info.user, permissions: new Set(info.permissions ?? []) };
}

export function App() {
  const offsetMs = useRef<number | null>(null);
  const viewRef = useRef<View>({ kind: 'loading' });
  const [view, setViewState] = useState<View>(viewRef.current);
  const onUnauthorized = useRef<() => void>(() => undefined);

  const setView = useCallback((next: View) => {
    viewRef.current = next;
    setViewState(next);
  }, []);

  const { client, api } = useMemo(() => {
    const c = createApiClient({
      fetch: (input, init) => window.fetch(input, init),
      cookies: () => document.cookie,
      onUnauthorized: () => onUnauthorized.current(),
      onServerDate: (serverMs, receivedAtMs) => {
        offsetMs.current = nextClockOffset(offsetMs.current, clockOffsetMs(serverMs, receivedAtMs));
      },
    });
    return { client: c, api: createChartaApi(c) };
  }, []);

  /** Why the current session ended, judged from the deadlines the server last reported. */
  const endedNotice = useCallback((current: View): Notice => {
    if (current.kind !== 'active') return current.kind === 'signed-out' ? (current.notice ?? ENDED) : SIGN_IN_TIMED_OUT;
    const info = current.session.info;
    const plan = planExpiry(info, offsetMs.current ?? 0);
    if (plan !== null && Date.now() >= plan.endsAt - 1000) {
      return { tone: 'warning', text: expiryNotice(plan.cause, info.idleTimeoutSeconds) };
    }
    return ENDED;
  }, []);

  /**
   * Clears every piece of session state and shows the sign-in page. `freshCsrf` asks the server for the CSRF cookie
   * the next sign-in needs (not needed when the caller has just read the session).
   */
  const endLocally = useCallback(
    (notice: Notice | null, freshCsrf = true) => {
      client.forgetCsrfToken();
      // The next sign-in, perhaps by someone else at a shared workstation, starts at home rather than on this page.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setView({ kind: 'signed-out', notice });
      if (!freshCsrf) return;
      // The answer is not applied, so a confused server cannot bounce the app back into a session it just left.
      api.session().then(
        (info) => client.rememberCsrfToken(info.csrfToken),
        () => undefined,
      );
    },
    [api, client, setView],
  );

  const applySession = useCallback(
    (info: SessionView) => {
      client.rememberCsrfToken(info.csrfToken);
      const current = viewRef.current;
      if (!info.authenticated || info.stage === undefined) {
        if (current.kind === 'signed-out') return;
        if (current.kind === 'loading' || current.kind === 'unreachable') setView({ kind: 'signed-out', notice: null });
        else {
          endLocally(endedNotice(current), false);
          client.rememberCsrfToken(info.csrfToken);
        }
        return;
      }
      switch (info.stage) {
        case 'mfa_enrol':
          if (current.kind !== 'mfa-enrol') setView({ kind: 'mfa-enrol' });
          return;
        case 'mfa_challenge':
          if (current.kind !== 'mfa-challenge') setView({ kind: 'mfa-challenge' });
          return;
        case 'active': {
          // The recovery codes stay on screen until the person confirms they saved them.
          if (current.kind === 'recovery-codes') return;
          const session = toActive(info);
          if (session === null) {
            setView({ kind: 'unreachable', problem: unexpectedResponseProblem(200) });
            return;
          }
          setView({ kind: 'active', session });
          return;
        }
      }
    },
    [client, endedNotice, endLocally, setView],
  );

  const refresh = useCallback(async () => {
    applySession(await api.session());
  }, [api, applySession]);

  const load = useCallback(() => {
    setView({ kind: 'loading' });
    api.session().then(applySession, (error: unknown) => setView({ kind: 'unreachable', problem: problemOf(error) }));
  }, [api, applySession, setView]);

  useEffect(load, [load]);

  onUnauthorized.current = () => {
    const current = viewRef.current;
    if (current.kind === 'signed-out' || current.kind === 'loading' || current.kind === 'unreachable') return;
    endLocally(endedNotice(current));
  };

  const signOut = useCallback(
    async (scope: 'this' | 'everywhere') => {
      let confirmed = true;
      try {
        await (scope === 'everywhere' ? api.logoutAll() : api.logout());
      } catch (error) {
        // 401: the session was already over, which is what signing out wants.
        confirmed = problemOf(error).status === 401;
      }
      endLocally(
        confirmed
          ? {
              tone: 'info',
              text: scope === 'everywhere' ? 'You have signed out on all devices.' : 'You have signed out.',
            }
          : {
              tone: 'warning',
              text: 'You are signed out on this screen, but the server could not confirm it. Your session will end at its time limit.',
            },
      );
    },
    [api, endLocally],
  );

  const afterStage = useCallback(
    async (response: LoginResponse) => {
      client.rememberCsrfToken(response.csrfToken);
      if (response.stage === 'active') await refresh();
      else setView({ kind: response.stage === 'mfa_enrol' ? 'mfa-enrol' : 'mfa-challenge' });
    },
    [client, refresh, setView],
  );

  const afterEnrol = useCallback(
    (response: MfaEnrolConfirmResponse) => {
      client.rememberCsrfToken(response.csrfToken);
      setView({ kind: 'recovery-codes', codes: response.recoveryCodes });
    },
    [client, setView],
  );

  const leaveRecoveryCodes = useCallback(() => {
    setView({ kind: 'loading' });
    refresh().catch((error: unknown) => setView({ kind: 'unreachable', problem: problemOf(error) }));
  }, [refresh, setView]);

  const expire = useCallback(
    (cause: ExpiryCause) => {
      const current = viewRef.current;
      if (current.kind !== 'active') return;
      // Best effort: the server has normally ended the session already; this makes sure.
      api.logout().catch(() => undefined);
      endLocally({ tone: 'warning', text: expiryNotice(cause, current.session.info.idleTimeoutSeconds) });
    },
    [api, endLocally],
  );

  const recheck = useCallback(async (): Promise<SessionView | null> => {
    try {
      const info = await api.session();
      applySession(info);
      return info;
    } catch {
      return null;
    }
  }, [api, applySession]);

  const keepalive = useCallback(async () => {
    try {
      applySession(await api.keepalive());
    } catch {
      // A 401 has already ended the session; other failures leave the deadline as it was, and the expiry check will
      // ask the server again before signing out.
    }
  }, [api, applySession]);

  let content;
  switch (view.kind) {
    case 'loading':
      content = (
        <Center mih="100vh">
          <Loader aria-label="Loading" />
        </Center>
      );
      break;
    case 'unreachable':
      content = (
        <AuthFrame title="Charta is not available">
          <Stack gap="sm">
            <ProblemAlert problem={view.problem} />
            <Group>
              <Button onClick={load}>Try again</Button>
            </Group>
          </Stack>
        </AuthFrame>
      );
      break;
    case 'signed-out':
      content = <SignInPage notice={view.notice} onSignedIn={afterStage} />;
      break;
    case 'mfa-enrol':
      content = <MfaEnrolPage onEnrolled={afterEnrol} onCancel={() => void signOut('this')} />;
      break;
    case 'mfa-challenge':
      content = <MfaChallengePage onVerified={afterStage} onCancel={() => void signOut('this')} />;
      break;
    case 'recovery-codes':
      content = <RecoveryCodesPage codes={view.codes} onDone={leaveRecoveryCodes} />;
      break;
    case 'active':
      content = (
        <SignedIn
          key={view.session.user.id}
          session={view.session}
          offsetMs={() => offsetMs.current ?? 0}
          signOut={signOut}
          refresh={refresh}
          recheck={recheck}
          keepalive={keepalive}
          expire={expire}
        />
      );
      break;
  }

  return <ApiContext.Provider value={api}>{content}</ApiContext.Provider>;
}

interface SignedInProps {
  readonly session: ActiveSession;
  readonly offsetMs: () => number;
  readonly signOut: (scope: 'this' | 'everywhere') => Promise<void>;
  readonly refresh: () => Promise<void>;
  readonly recheck: () => Promise<SessionView | null>;
  readonly keepalive: () => Promise<void>;
  readonly expire: (cause: ExpiryCause) => void;
}

/** The signed-in app: session context, expiry handling, navigation from the registry and the current module. */
function SignedIn({ session, offsetMs, signOut, refresh, recheck, keepalive, expire }: SignedInProps) {
  const { slug } = useHashRoute();
  const modules = useMemo(() => visibleModules(MODULES, session.permissions), [session.permissions]);
  const current = findModule(modules, slug);
  const { warning, staySignedIn } = useSessionExpiry({ info: session.info, offsetMs, recheck, keepalive, expire });

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      can: (action: Action) => session.permissions.has(action),
      signOut,
      refresh,
    }),
    [session, signOut, refresh],
  );

  return (
    <SessionContext.Provider value={value}>
      <ModulesContext.Provider value={modules}>
        <AppLayout modules={modules} current={current} />
        <ExpiryWarning warning={warning} onStay={staySignedIn} onSignOut={() => void signOut('this')} />
      </ModulesContext.Provider>
    </SessionContext.Provider>
  );
}
