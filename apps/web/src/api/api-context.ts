import { createContext, useContext } from 'react';
import type { ChartaApi } from './endpoints.js';

export const ApiContext = createContext<ChartaApi | null>(null);

/** The typed API client. Pages call it; the app shell owns it. */
export function useApi(): ChartaApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi must be used inside <ApiContext.Provider>');
  return api;
}
