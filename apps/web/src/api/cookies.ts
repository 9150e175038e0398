/** Name of the non-HttpOnly cookie that carries the CSRF token (set by GET /api/v1/session, rotated at sign-in). */
export const CSRF_COOKIE = 'charta_csrf';

/**
 * Reads one cookie's value from a `document.cookie` string, or null when it is absent. Values are percent-decoded;
 * a malformed encoding is returned as is rather than throwing, because the server, not this parser, judges the token.
 */
export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}
