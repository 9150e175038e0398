import { CaseMixReport, type CaseMixDimension } from '@charta/contracts';
import type { ApiClient } from '../../api/client.js';
import { useModuleApi } from '../../api/use-module-api.js';

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

/** The page's API (see useModuleApi). */
export function useCaseMixApi(): CaseMixApi {
  return useModuleApi(createCaseMixApi);
}
