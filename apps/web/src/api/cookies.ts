/**
 * Names of the non-HttpOnly cookie that carries the CSRF token (set by GET /api/v1/session, rotated at sign-in). Over
 * TLS the server uses the `__Host-` prefix, which pins the cookie to this exact origin (SEC-09).
 */
export const CSRF_COOKIES = ['__Host-charta_csrf', 'charta_csrf'] as const;

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

/** The current CSRF token from the cookie header, or null when the server has not set one yet. */
export function readCsrfToken(cookieHeader: string): string | null {
  for (const name of CSRF_COOKIES) {
    const value = readCookie(cookieHeader, name);
    if (value !== null && value !== '') return value;
  }
  return null;
}
