import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, totpAt } from './totp.js';

// RFC 6238 Appendix B test vectors for HMAC-SHA-1 (seed "12345678901234567890"), truncated to 6 digits.
const RFC_SEED = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    ['1970-01-01T00:00:59Z', '287082'],
    ['2005-03-18T01:58:29Z', '081804'],
    ['2005-03-18T01:58:31Z', '050471'],
    ['2009-02-13T23:31:30Z', '005924'],
    ['2033-05-18T03:33:20Z', '279037'],
  ])('matches the RFC test vector at %s', (instant, code) => {
    expect(totpAt(RFC_SEED, new Date(instant))).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224');
    expect(hotp(Buffer.from('12345678901234567890'), 9)).toBe('520489');
  });

  it('accepts one step of drift either side and refuses two', () => {
    const now = new Date('2026-01-15T09:00:10Z');
    const code = (offsetSeconds: number) => totpAt(RFC_SEED, new Date(now.getTime() + offsetSeconds * 1000));
    expect(matchTotp(RFC_SEED, code(-30), now)).toBeDefined();
    expect(matchTotp(RFC_SEED, code(30), now)).toBeDefined();
    expect(matchTotp(RFC_SEED, code(-60), now)).toBeUndefined();
    expect(matchTotp(RFC_SEED, 'abcdef', now)).toBeUndefined();
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
  });
});
