import { useMemo, useRef } from 'react';
import { useApi } from './api-context.js';
import { createApiClient, type ApiClient } from './client.js';

/**
 * A module's typed API on its own client with the shell's options (same origin, CSRF cookie, no caching). A 401 is
 * handed to the shell by one call through the shell's client, which then gets the same 401 and ends the session
 * everywhere, as any other page's 401 would. `wrapFetch` lets a module read response details the client drops.
 */
export function useModuleApi<T>(create: (client: ApiClient) => T, wrapFetch?: (f: typeof fetch) => typeof fetch): T {
  const api = useApi();
  const apiRef = useRef(api);
  apiRef.current = api;
  const createRef = useRef(create);
  const wrapRef = useRef(wrapFetch);
  return useMemo(() => {
    const base: typeof fetch = (input, init) => window.fetch(input, init);
    return createRef.current(
      createApiClient({
        fetch: wrapRef.current ? wrapRef.current(base) : base,
        cookies: () => document.cookie,
        onUnauthorized: () => {
          apiRef.current.keepalive().catch(() => undefined);
        },
      }),
    );
  }, []);
}
