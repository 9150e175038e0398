import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionInfo } from '@charta/contracts';
import { keepaliveDue, planExpiry, sessionRunsOn, type ExpiryCause, type ExpiryPlan } from './expiry.js';

export interface ExpiryWarningState {
  readonly cause: ExpiryCause;
  readonly remainingMs: number;
}

export interface SessionExpiryOptions {
  readonly info: SessionInfo;
  /** Server clock minus local clock, ms. */
  readonly offsetMs: () => number;
  /** GET /session (not activity): applies and returns the fresh session, or null when the server could not be asked. */
  readonly recheck: () => Promise<SessionInfo | null>;
  /** POST /auth/keepalive: applies the fresh session. */
  readonly keepalive: () => Promise<void>;
  /** Ends the session locally (clears state, shows the sign-in page with a notice). */
  readonly expire: (cause: ExpiryCause) => void;
}

/** Identifies a plan by the server's own deadline, which does not drift with clock-offset estimates. */
const keyOf = (plan: ExpiryPlan | null): string => (plan === null ? 'none' : `${plan.cause}@${plan.deadline}`);

/** Asking the server again before warning is skipped if it was asked this recently (no request storms). */
const RECHECK_MIN_INTERVAL_MS = 5000;

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits simply wake up early and re-plan. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Drives the session-expiry warning and automatic sign-out (SEC-08) from the deadlines the server last reported.
 * Before warning and before signing out it asks the server again, because activity in another tab, or other API
 * calls, may have moved the deadline: the server is the authority, this only keeps the screen in step with it.
 */
export function useSessionExpiry(options: SessionExpiryOptions): {
  warning: ExpiryWarningState | null;
  staySignedIn: () => void;
} {
  const { info } = options;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  // The offset is read when the deadlines change; the session object changes on every session/keepalive answer.
  const plan = useMemo(() => planExpiry(info, optionsRef.current.offsetMs()), [info]);
  const planKey = keyOf(plan);
  const [now, setNow] = useState(() => Date.now());
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const warnCheckFor = useRef<string | null>(null);
  const expiryCheckFor = useRef<string | null>(null);
  const lastRecheck = useRef(0);

  // One timer: sleep until the warning is due, then tick every second for the countdown. The wait is measured from
  // the real clock, not from `now`, which is stale while no timer has fired (a new plan after keepalive, say).
  useEffect(() => {
    if (plan === null) return;
    const t = Date.now();
    const wait = t < plan.warnAt ? plan.warnAt - t : 1000 - (t % 1000) || 1000;
    const timer = window.setTimeout(() => setNow(Date.now()), Math.min(wait, MAX_TIMER_MS));
    return () => window.clearTimeout(timer);
  }, [plan, now]);

  // A woken device (laptop lid, background tab) has stale timers: re-read the clock and the session at once.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      setNow(Date.now());
      void optionsRef.current.recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  // Warning due: confirm with the server first, once per deadline.
  useEffect(() => {
    if (plan === null || now < plan.warnAt || now >= plan.endsAt) return;
    if (warnCheckFor.current === planKey) return;
    warnCheckFor.current = planKey;
    if (now - lastRecheck.current < RECHECK_MIN_INTERVAL_MS) {
      setCheckedKey(planKey);
      return;
    }
    lastRecheck.current = now;
    void optionsRef.current.recheck().then((fresh) => {
      // The answer re-plans if the deadline moved; if it did not (or the server was unreachable), warn for this one.
      const freshKey = fresh === null ? planKey : keyOf(planExpiry(fresh, optionsRef.current.offsetMs()));
      setCheckedKey(freshKey === planKey ? planKey : null);
    });
  }, [plan, planKey, now]);

  // Deadline reached: sign out unless the server says the session runs on.
  useEffect(() => {
    if (plan === null || now < plan.endsAt) return;
    if (expiryCheckFor.current === planKey) return;
    expiryCheckFor.current = planKey;
    const cause = plan.cause;
    void optionsRef.current.recheck().then((fresh) => {
      if (!sessionRunsOn(fresh, optionsRef.current.offsetMs(), Date.now())) optionsRef.current.expire(cause);
    });
  }, [plan, planKey, now]);

  const warning: ExpiryWarningState | null =
    plan !== null && now >= plan.warnAt && checkedKey === planKey
      ? { cause: plan.cause, remainingMs: Math.max(0, plan.endsAt - now) }
      : null;

  const warningRef = useRef(warning);
  warningRef.current = warning;

  // Real activity (a key or a click) extends the idle timer, at most once a minute. Not while the warning is open:
  // then only the explicit "Stay signed in" button extends it, so the person sees why.
  const lastKeepalive = useRef<number | null>(null);
  useEffect(() => {
    const onActivity = () => {
      if (warningRef.current !== null) return;
      const t = Date.now();
      if (!keepaliveDue(lastKeepalive.current, t)) return;
      lastKeepalive.current = t;
      void optionsRef.current.keepalive();
    };
    window.addEventListener('keydown', onActivity);
    window.addEventListener('click', onActivity);
    return () => {
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('click', onActivity);
    };
  }, []);

  const staySignedIn = useCallback(() => {
    lastKeepalive.current = Date.now();
    void optionsRef.current.keepalive();
  }, []);

  return { warning, staySignedIn };
}
