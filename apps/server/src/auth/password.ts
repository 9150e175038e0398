import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet minimum (m = 19 MiB, t = 2, p = 1) and a per-user salt
 * (SEC-06). Passwords are normalised to NFKC first, so the same password typed on different keyboards matches.
 */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalisePassword(password));
  } catch {
    return false;
  }
}

/** A hash of a random password, checked against for unknown usernames so both paths take the same time (SEC-05). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('charta-dummy-password-for-timing-parity', OPTIONS);
  return dummyHash;
}

/**
 * Commonly chosen passwords refused at creation (NIST SP 800-63B-4 asks for a blocklist of commonly used or
 * compromised values). This short list holds the most frequent ones; a site can extend the check with its own list.
 */
const BLOCKLIST = new Set(
  [
    '123456789012',
    'password1234',
    'passwordpassword',
    'qwertyuiopas',
    '111111111111',
    '000000000000',
    '123123123123',
    'iloveyou1234',
    'welcome12345',
    'welcome123456',
    'administrator',
    'letmein12345',
    'changeme1234',
    'password123!',
    'Password1234',
    'Password123!',
    'qwerty123456',
    'abc123456789',
    '1q2w3e4r5t6y',
    'trustno1trustno1',
    'football1234',
    'baseball1234',
    'superman1234',
    'monkey123456',
    'dragon123456',
    'sunshine1234',
    'princess1234',
    'charta123456',
    'hospital1234',
    'healthcare12',
    'qwertyqwerty',
    'aaaaaaaaaaaa',
    'zaq12wsxcde3',
    'passw0rd1234',
    'p@ssw0rd1234',
    'summer202612',
    'winter202612',
    'spring202612',
    'autumn202612',
    'january20261',
  ].map((p) => p.toLowerCase()),
);

/** Why a new password is refused, or undefined when it is acceptable. No composition rules (NIST SP 800-63B-4). */
export function passwordProblem(password: string, username: string): string | undefined {
  const normal = normalisePassword(password);
  if ([...normal].length < 12) return 'Use at least 12 characters';
  if (Buffer.byteLength(normal) > 1024) return 'Use at most 1,024 bytes';
  const lower = normal.toLowerCase();
  if (BLOCKLIST.has(lower)) return 'This password is too common; choose another';
  if (lower.includes(username.toLowerCase())) return 'The password must not contain the username';
  if (new Set(lower).size < 4) return 'This password is too easy to guess; choose another';
  return undefined;
}
