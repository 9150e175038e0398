import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Sign-in throttling (NIST SP 800-63B-4 3.2.2; SEC-05). Counters are kept per username key whether or not such a user
 * exists, so the answers never tell the two apart, and they count consecutive failures: they reset only on success,
 * never with time. Every 5th consecutive failure blocks the name for 15 minutes; at 100 the account is locked until an
 * administrator unlocks it. A per-address window limits spraying across many names.
 */
export const FAILURES_PER_BLOCK = 5;
export const BLOCK_MINUTES = 15;
export const ACCOUNT_DISABLE_FAILURES = 100;
export const ADDRESS_WINDOW_MINUTES = 15;
export const ADDRESS_MAX_FAILURES = 50;

export interface ThrottleState {
  readonly blockedUntil: Date | undefined;
  readonly failures: number;
}

export async function throttleState(db: Db, key: string, now: Date): Promise<ThrottleState> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return { blockedUntil: undefined, failures: 0 };
  const blocked = row.blocked_until ? new Date(row.blocked_until) : undefined;
  return { blockedUntil: blocked && blocked.getTime() > now.getTime() ? blocked : undefined, failures: row.failures };
}

/** Counts one failure for a name; returns the new count and any block it triggered. */
export async function recordNameFailure(db: Db, key: string, now: Date): Promise<ThrottleState> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  const blockedUntil = failures % FAILURES_PER_BLOCK === 0 ? new Date(now.getTime() + BLOCK_MINUTES * 60_000) : null;
  await db
    .insertInto('login_throttle')
    .values({ key, failures, window_started_at: now, blocked_until: blockedUntil })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ failures, blocked_until: blockedUntil ?? row?.blocked_until ?? null }),
    )
    .execute();
  return { blockedUntil: blockedUntil ?? undefined, failures };
}

export async function clearNameFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Counts a failure for a source address in a fixed window; returns whether the address is now over its limit. */
export async function recordAddressFailure(db: Db, ip: string, now: Date): Promise<boolean> {
  const key = `ip:${ip}`;
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const windowStart = row ? new Date(row.window_started_at) : now;
  const fresh = !row || now.getTime() - windowStart.getTime() > ADDRESS_WINDOW_MINUTES * 60_000;
  const failures = fresh ? 1 : (row?.failures ?? 0) + 1;
  const blockedUntil =
    failures >= ADDRESS_MAX_FAILURES ? new Date(now.getTime() + ADDRESS_WINDOW_MINUTES * 60_000) : null;
  await db
    .insertInto('login_throttle')
    .values({ key, failures, window_started_at: fresh ? now : windowStart, blocked_until: blockedUntil })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ failures, window_started_at: fresh ? now : windowStart, blocked_until: blockedUntil }),
    )
    .execute();
  return blockedUntil !== null;
}

/** NFKC, case-folded username: the key for uniqueness and for throttling. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}
