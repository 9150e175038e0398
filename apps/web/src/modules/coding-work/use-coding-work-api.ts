import { useModuleApi } from '../../api/use-module-api.js';
import { createCodingWorkApi, type CodingWorkApi } from './coding-work-api.js';

/** The coding work API (see useModuleApi). */
export function useCodingWorkApi(): CodingWorkApi {
  return useModuleApi(createCodingWorkApi);
}
