/**
 * A hash router: routes live after '#', so the server needs no fallback for deep links and nothing in the route ever
 * reaches server logs. Routes are module slugs only ('#/audit'); search terms and patient ids stay in React state,
 * never in the URL or browser history (SEC-25: no PHI on the device).
 */

export const HOME_SLUG = 'home';

/** The module slug a location hash points at; '' and '#/' are home. Unknown slugs are returned as is. */
export function slugFromHash(hash: string): string {
  const path = hash.replace(/^#/u, '').replace(/^\/+/u, '').split(/[/?]/u)[0] ?? '';
  const slug = path.trim();
  return slug === '' ? HOME_SLUG : slug;
}

/** The href for a module slug. */
export function hrefFor(slug: string): string {
  return `#/${slug}`;
}
