import { useModuleApi } from '../../api/use-module-api.js';
import { createMpiApi, type MpiApi } from './mpi-api.js';

/** The MPI page's API (see useModuleApi). */
export function useMpiApi(): MpiApi {
  return useModuleApi(createMpiApi);
}
