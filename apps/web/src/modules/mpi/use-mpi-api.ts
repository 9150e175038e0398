import { useMemo, useRef } from 'react';
import { useApi } from '../../api/api-context.js';
import { createApiClient } from '../../api/client.js';
import { createMpiApi, type MpiApi } from './mpi-api.js';

/**
 * The MPI page's API, on its own client with the shell's options (same origin, CSRF cookie); a 401 is handed to the
 * shell through one call on its client, which then ends the session everywhere as any page's 401 does.
 */
export function useMpiApi(): MpiApi {
  const api = useApi();
  const apiRef = useRef(api);
  apiRef.current = api;
  return useMemo(
    () =>
      createMpiApi(
        createApiClient({
          fetch: (input, init) => window.fetch(input, init),
          cookies: () => document.cookie,
          onUnauthorized: () => {
            apiRef.current.keepalive().catch(() => undefined);
          },
        }),
      ),
    [],
  );
}
