import { CaseMixReport, type CaseMixDimension } from '@charta/contracts';
import { useMemo, useRef } from 'react';
import { useApi } from '../../api/api-context.js';
import { createApiClient, type ApiClient } from '../../api/client.js';

const PATH = '/api/v1/analytics/case-mix';

export interface CaseMixPeriod {
  readonly from: string;
  readonly to: string;
}

/** The case-mix endpoints: the report as JSON, and the link that downloads the same figures as CSV. */
export function createCaseMixApi(client: ApiClient) {
  return {
    report: (period: CaseMixPeriod, by: CaseMixDimension, signal?: AbortSignal): Promise<CaseMixReport> =>
      client.json(PATH, CaseMixReport, {
        query: { from: period.from, to: period.to, by },
        ...(signal ? { signal } : {}),
      }),
    csvUrl: (period: CaseMixPeriod, by: CaseMixDimension): string =>
      client.url(PATH, { from: period.from, to: period.to, by, format: 'csv' }),
  };
}
export type CaseMixApi = ReturnType<typeof createCaseMixApi>;

/**
 * The page's client, made with the shell's options (same origin, CSRF cookie, no caching). A 401 is handed to the
 * shell through one call on its own client, which then ends the session everywhere as for any page.
 */
export function useCaseMixApi(): CaseMixApi {
  const api = useApi();
  const apiRef = useRef(api);
  apiRef.current = api;
  return useMemo(
    () =>
      createCaseMixApi(
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
