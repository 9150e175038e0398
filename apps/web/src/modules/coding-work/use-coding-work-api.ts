import { useMemo, useRef } from 'react';
import { useApi } from '../../api/api-context.js';
import { createApiClient } from '../../api/client.js';
import { createCodingWorkApi, type CodingWorkApi } from './coding-work-api.js';

/**
 * The coding work API. Like the Encoder, it has its own client with the shell's options (same origin, CSRF cookie,
 * no caching); a 401 is handed to the shell by one call through the shell's client, which then ends the session.
 */
export function useCodingWorkApi(): CodingWorkApi {
  const api = useApi();
  const apiRef = useRef(api);
  apiRef.current = api;
  return useMemo(
    () =>
      createCodingWorkApi(
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
