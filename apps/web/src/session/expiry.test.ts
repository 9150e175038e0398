import { describe, expect, it } from 'vitest';
import {
  clockOffsetMs,
  expiryNotice,
  formatCountdown,
  keepaliveDue,
  nextClockOffset,
  planExpiry,
  sessionRunsOn,
  WARNING_LEAD_MS,
} from './expiry.js';

const at = (iso: string): number => Date.parse(iso);

describe('planExpiry', () => {
  it('warns two minutes before idle expiry when that comes first', () => {
    expect(planExpiry({ idleExpiresAt: '2026-11-30T10:15:00Z', absoluteExpiresAt: '2026-11-30T22:00:00Z' }, 0)).toEqual(
      {
        cause: 'idle',
        deadline: '2026-11-30T10:15:00Z',
        endsAt: at('2026-11-30T10:15:00Z'),
        warnAt: at('2026-11-30T10:13:00Z'),
      },
    );
  });

  it('ends at the absolute limit when it comes before the idle one', () => {
    expect(
      planExpiry({ idleExpiresAt: '2026-11-30T22:10:00Z', absoluteExpiresAt: '2026-11-30T22:00:00Z' }, 0),
    ).toMatchObject({ cause: 'absolute', endsAt: at('2026-11-30T22:00:00Z') });
  });

  it('treats equal deadlines as the absolute limit, which activity cannot extend', () => {
    expect(
      planExpiry({ idleExpiresAt: '2026-11-30T22:00:00Z', absoluteExpiresAt: '2026-11-30T22:00:00Z' }, 0)?.cause,
    ).toBe('absolute');
  });

  it("converts the server's deadline to local time using the clock offset", () => {
    // The server clock is 5 minutes ahead: its 10:15 is 10:10 here.
    const offset = clockOffsetMs(at('2026-11-30T10:05:00Z'), at('2026-11-30T10:00:00Z'));
    expect(planExpiry({ idleExpiresAt: '2026-11-30T10:15:00Z' }, offset)?.endsAt).toBe(at('2026-11-30T10:10:00Z'));
  });

  it.each([[{}], [{ idleExpiresAt: 'not a date' }]])('returns null without a usable deadline: %j', (deadlines) => {
    expect(planExpiry(deadlines, 0)).toBeNull();
  });

  it('uses a custom warning lead', () => {
    const plan = planExpiry({ idleExpiresAt: '2026-11-30T10:15:00Z' }, 0, 30_000);
    expect(plan && plan.endsAt - plan.warnAt).toBe(30_000);
    expect(WARNING_LEAD_MS).toBe(120_000);
  });
});

describe('nextClockOffset', () => {
  it.each([
    [null, 1500, 1500],
    [0, 900, 0],
    [0, -1999, 0],
    [0, 2001, 2001],
    [300_000, 299_200, 300_000],
    [300_000, 0, 0],
  ])('current %j, estimate %i -> %i', (current, estimate, expected) => {
    expect(nextClockOffset(current, estimate)).toBe(expected);
  });
});

describe('formatCountdown', () => {
  it.each([
    [120_000, '2:00'],
    [119_001, '2:00'],
    [119_000, '1:59'],
    [61_000, '1:01'],
    [9_500, '0:10'],
    [1, '0:01'],
    [0, '0:00'],
    [-5_000, '0:00'],
    [15 * 60_000, '15:00'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

describe('keepaliveDue', () => {
  it.each([
    [null, 0, true],
    [0, 59_999, false],
    [0, 60_000, true],
    [1_000, 30_000, false],
  ])('last sent %j, now %i -> %s', (last, now, expected) => {
    expect(keepaliveDue(last, now)).toBe(expected);
  });
});

describe('expiryNotice', () => {
  it.each([
    ['idle', 900, 'You were signed out after 15 minutes of inactivity.'],
    ['idle', undefined, 'You were signed out after 15 minutes of inactivity.'],
    ['idle', 60, 'You were signed out after 1 minute of inactivity.'],
    ['absolute', 900, 'Your session reached its maximum length. Sign in again to continue.'],
  ] as const)('%s with %j seconds', (cause, seconds, text) => {
    expect(expiryNotice(cause, seconds)).toBe(text);
  });
});

describe('sessionRunsOn', () => {
  const now = at('2026-11-30T10:15:00Z');
  const active = { authenticated: true, stage: 'active', absoluteExpiresAt: '2026-11-30T22:00:00Z' };
  it.each([
    ['another tab extended the idle deadline', { ...active, idleExpiresAt: '2026-11-30T10:29:00Z' }, true],
    ['the deadline is still past', { ...active, idleExpiresAt: '2026-11-30T10:15:00Z' }, false],
    ['the server signed the session out', { authenticated: false }, false],
    [
      'the session is back at an MFA step',
      { ...active, stage: 'mfa_challenge', idleExpiresAt: '2026-11-30T11:00:00Z' },
      false,
    ],
    ['the server could not be asked', null, false],
  ])('%s -> %s', (_case, fresh, expected) => {
    expect(sessionRunsOn(fresh, 0, now)).toBe(expected);
  });
});
