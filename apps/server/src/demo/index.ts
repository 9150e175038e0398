export {
  generateDemoData,
  generateDemoPeople,
  type DemoData,
  type DemoDataOptions,
  type DemoDataStats,
  type DemoDuplicate,
  type DemoPerson,
} from './generate.js';
export { SCENARIOS, Setting, type Scenario } from './scenarios.js';
export { SYSTEM as FHIR_SYSTEM, bundlesToNdjson, type FhirBundle, type FhirResource } from './fhir.js';
export { isNpiShaped } from './people.js';
export {
  loadDemoRecords,
  DEMO_RECORD_PATIENTS,
  DEMO_RECORD_SEED,
  type LoadDemoRecordsOptions,
  type LoadDemoRecordsResult,
} from './load.js';
