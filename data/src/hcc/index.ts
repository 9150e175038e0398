export {
  loadHccTables,
  loadHccTablesOrThrow,
  HCC_TABLE_FILES,
  HCC_SHIPPED_PAYMENT_YEAR,
  type LoadHccTablesOptions,
} from './load-hcc-tables.js';
export { parseHccInput, type HccInputPerson, type HccInputError, type ParsedHccInput } from './parse-hcc-input.js';
