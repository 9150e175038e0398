import type { Page } from 'playwright-core';

export interface FetchAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A same-origin API call from the signed-in page (its cookies; the CSRF cookie's token on writes). */
export async function callApi(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
): Promise<FetchAnswer> {
  return page.evaluate(
    async ({ method, path, body, type }): Promise<FetchAnswer> => {
      // The page's own cookie jar; this function runs in the browser, where `document` exists.
      const cookies = (globalThis as unknown as { document: { cookie: string } }).document.cookie;
      const csrf = cookies
        .split(';')
        .map((c: string) => c.trim().split('='))
        .find(([name]: string[]) => name === '__Host-charta_csrf' || name === 'charta_csrf')?.[1];
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = type;
      if (csrf && method !== 'GET') headers['X-CSRF-Token'] = decodeURIComponent(csrf);
      const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    { method, path, body, type },
  );
}
