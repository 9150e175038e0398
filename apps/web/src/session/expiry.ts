/**
 * Client-side view of the server's session deadlines (SEC-08: the server enforces them; the client only warns ahead
 * and clears PHI from the screen on time). All instants here are in local milliseconds.
 */

/** How long before idle expiry the warning appears. */
export const WARNING_LEAD_MS = 2 * 60 * 1000;

/** Real activity extends the session at most this often, so typing does not become a request per keystroke. */
export const KEEPALIVE_MIN_INTERVAL_MS = 60 * 1000;

/** Staff default idle timeout (SEC-08), used in messages when the server did not say. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15 * 60;

export type ExpiryCause = 'idle' | 'absolute';

export interface ExpiryPlan {
  /** The server's deadline that ends the session (ISO instant, as sent); identifies the plan across re-reads. */
  readonly deadline: string;
  /** When the session ends, local time. */
  readonly endsAt: number;
  /** Which limit ends it first; only the idle limit can be pushed back by activity. */
  readonly cause: ExpiryCause;
  /** When to show the warning, local time. */
  readonly warnAt: number;
}

export interface SessionDeadlines {
  readonly idleExpiresAt?: string | undefined;
  readonly absoluteExpiresAt?: string | undefined;
}

/** What the expiry check needs from a fresh GET /session answer. */
export interface SessionState extends SessionDeadlines {
  readonly authenticated: boolean;
  readonly stage?: string | undefined;
}

/**
 * Estimates how far the server's clock is ahead of this device's from a response `Date` header (whole seconds, so the
 * estimate is good to about a second). A device clock that is minutes off would otherwise warn or sign out at the
 * wrong time.
 */
export function clockOffsetMs(serverMs: number, receivedAtMs: number): number {
  return serverMs - receivedAtMs;
}

/** Offset changes smaller than this are the `Date` header's one-second resolution and network delay, not a new clock. */
export const CLOCK_OFFSET_TOLERANCE_MS = 2000;

/**
 * Keeps the clock offset steady: a new estimate replaces the current one only when it differs by more than the
 * tolerance. Without this, each response would nudge every local deadline by up to a second.
 */
export function nextClockOffset(current: number | null, estimate: number): number {
  if (current === null || Math.abs(estimate - current) > CLOCK_OFFSET_TOLERANCE_MS) return estimate;
  return current;
}

/**
 * Works out when the session ends and when to warn, from the server's deadlines and the clock offset (server minus
 * local). Null when the server sent no deadline at all.
 */
export function planExpiry(
  deadlines: SessionDeadlines,
  offsetMs: number,
  leadMs: number = WARNING_LEAD_MS,
): ExpiryPlan | null {
  const toLocal = (iso: string | undefined): { deadline: string; at: number } | null => {
    if (iso === undefined) return null;
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? { deadline: iso, at: ms - offsetMs } : null;
  };
  const idle = toLocal(deadlines.idleExpiresAt);
  const absolute = toLocal(deadlines.absoluteExpiresAt);
  const cause: ExpiryCause = absolute !== null && (idle === null || absolute.at <= idle.at) ? 'absolute' : 'idle';
  const end = cause === 'absolute' ? absolute : idle;
  if (end === null) return null;
  return { deadline: end.deadline, endsAt: end.at, cause, warnAt: end.at - leadMs };
}

/**
 * At a deadline, whether a fresh session answer shows the session still open (activity elsewhere moved the deadline).
 * Anything else ends it here: no answer (server unreachable), a signed-out answer, or a deadline still past. Failing
 * closed keeps PHI off an unattended screen.
 */
export function sessionRunsOn(fresh: SessionState | null, offsetMs: number, now: number): boolean {
  if (fresh === null || !fresh.authenticated || fresh.stage !== 'active') return false;
  const plan = planExpiry(fresh, offsetMs);
  return plan !== null && plan.endsAt > now;
}

/** Formats a remaining duration as m:ss, rounding up so the display reaches 0:00 only at the deadline itself. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** Whether a burst of activity should extend the session now, given when the last extension was sent. */
export function keepaliveDue(
  lastSentAt: number | null,
  now: number,
  minIntervalMs = KEEPALIVE_MIN_INTERVAL_MS,
): boolean {
  return lastSentAt === null || now - lastSentAt >= minIntervalMs;
}

/** The sign-in page notice after the client ended a session at its deadline. */
export function expiryNotice(cause: ExpiryCause, idleTimeoutSeconds: number | undefined): string {
  if (cause === 'absolute') return 'Your session reached its maximum length. Sign in again to continue.';
  const minutes = Math.max(1, Math.round((idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) / 60));
  return `You were signed out after ${minutes} minute${minutes === 1 ? '' : 's'} of inactivity.`;
}
