export { CodeSetParseError } from './parse-error.js';
export { readXml, type XmlHandler } from './xml.js';
export { parseOrderFile, type OrderRecord } from './order-file.js';
export { parseTabularXml, parseIndexXml } from './tabular.js';
export { parsePcsTablesXml, parsePcsDefinitionsXml } from './pcs-tables.js';
export {
  parseHcpcsCsv,
  parseCptFile,
  parseConversionCsv,
  parsePoaExempt,
  type HcpcsRecord,
  type CptRecord,
} from './tables-misc.js';
export { SHIPPED_SOURCES, type SourceSpec } from './sources.js';
export {
  loadCodeSets,
  loadCompiledCodeSets,
  loadCodeSetServices,
  releasesDir,
  type LoadCodeSetsOptions,
  type CodeSetServices,
} from './load.js';
export {
  importCodeSetFile,
  type ImportCodeSetOptions,
  type ImportKind,
  type ImportResult,
  type ImportSummary,
  type ImportFailure,
} from './import.js';
