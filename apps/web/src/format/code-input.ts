/** Authenticator apps show codes as "123 456"; people paste them that way. */
export function normaliseTotp(input: string): string {
  return input.replace(/[\s-]+/gu, '');
}

/** Recovery codes are upper case with hyphens (ABCD-EFGH-JKLM); accept lower case and stray spaces. */
export function normaliseRecoveryCode(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}
