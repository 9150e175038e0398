export {
  compileMsDrgTables,
  loadMsDrgTables,
  readMsDrgTables,
  MSDRG_SOURCE_FILES,
  MSDRG_VERSIONS,
  type LoadMsDrgOptions,
} from './load.js';
