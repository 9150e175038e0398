import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { HonoEnv } from './context.js';

/**
 * Session cookie: HttpOnly, SameSite=Strict, Path=/; under TLS also Secure with the __Host- prefix (SEC-09).
 * CSRF cookie: readable by the page (double-submit), SameSite=Strict; the server also binds it to the session.
 */
export function sessionCookieName(tls: boolean): string {
  return tls ? '__Host-charta_session' : 'charta_session';
}
export function csrfCookieName(tls: boolean): string {
  return tls ? '__Host-charta_csrf' : 'charta_csrf';
}

export function setSessionCookies(c: Context<HonoEnv>, tls: boolean, token: string, csrfToken: string): void {
  setCookie(c, sessionCookieName(tls), token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: tls });
  setCsrfCookie(c, tls, csrfToken);
}

export function setCsrfCookie(c: Context<HonoEnv>, tls: boolean, csrfToken: string): void {
  setCookie(c, csrfCookieName(tls), csrfToken, { httpOnly: false, sameSite: 'Strict', path: '/', secure: tls });
}

export function clearSessionCookie(c: Context<HonoEnv>, tls: boolean): void {
  deleteCookie(c, sessionCookieName(tls), { path: '/', secure: tls });
}

export function readSessionCookie(c: Context<HonoEnv>, tls: boolean): string | undefined {
  return getCookie(c, sessionCookieName(tls));
}

export function readCsrfCookie(c: Context<HonoEnv>, tls: boolean): string | undefined {
  return getCookie(c, csrfCookieName(tls));
}
