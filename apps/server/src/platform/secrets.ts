import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Keys kept outside the database: the audit-chain key (so that someone who can write the database cannot forge the
 * chain) and the key that encrypts TOTP seeds at rest (SEC-19, SEC-24). Generated on first start into a file only the
 * owner can read; production sites point CHARTA_SECRETS_FILE at a mounted secret.
 */
export interface Secrets {
  readonly auditKey: Buffer;
  readonly encryptionKey: Buffer;
}

export function loadOrCreateSecrets(file: string): Secrets {
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { auditKey?: string; encryptionKey?: string };
    if (!raw.auditKey || !raw.encryptionKey) throw new Error(`The secrets file ${file} is incomplete`);
    return { auditKey: Buffer.from(raw.auditKey, 'base64'), encryptionKey: Buffer.from(raw.encryptionKey, 'base64') };
  }
  mkdirSync(dirname(file), { recursive: true });
  const secrets = { auditKey: randomBytes(32), encryptionKey: randomBytes(32) };
  writeFileSync(
    file,
    JSON.stringify({
      auditKey: secrets.auditKey.toString('base64'),
      encryptionKey: secrets.encryptionKey.toString('base64'),
    }),
    { mode: 0o600, flag: 'wx' },
  );
  return secrets;
}

/** AES-256-GCM with a random 96-bit nonce; output "v1.<nonce>.<tag>.<ciphertext>" in base64url. */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
    '.',
  );
}

/** Throws when the ciphertext was altered or the key is wrong. */
export function decrypt(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** A random token with at least 128 bits of entropy (SEC-06), URL-safe. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
