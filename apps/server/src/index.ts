export { createApp, API_VERSION } from './app.js';
export { startServer, StartupError, type RunningServer } from './server.js';
export { loadConfig, ConfigError, type Config } from './platform/config.js';
export { ManualClock, systemClock, type Clock } from './platform/clock.js';
export { createLogger, type Logger } from './platform/logger.js';
export { loadOrCreateSecrets, type Secrets } from './platform/secrets.js';
export {
  verifyAuditChain,
  readCheckpoint,
  writeCheckpoint,
  chainHead,
  queryAudit,
  toAuditView,
  toFhirAuditEvent,
} from './audit/store.js';
export { checkpointFile } from './routes/audit.js';
export { hashPassword, passwordProblem } from './auth/password.js';
export { usernameKey } from './auth/throttle.js';
export { newUserRow, type NewUser } from './auth/users.js';
export { totpAt } from './auth/totp.js';
export { seedDemo, isSeeded, DEMO_USERS, generateDemoPassword } from './seed.js';
export { seedDemoRecords } from './seed.js';
export {
  generateDemoData,
  generateDemoPeople,
  loadDemoRecords,
  bundlesToNdjson,
  type DemoData,
  type DemoDataOptions,
  type DemoPerson,
} from './demo/index.js';
export { patientSearchQuery } from './routes/patients.js';
export { appendAudit } from './audit/store.js';
export type { Services } from './http/context.js';
export type { RouteSpec } from './http/route.js';
export {
  importFhir,
  sortNdjsonLines,
  type ImportContext,
  type ImportSource,
  type NumberedLine,
} from './records/import.js';
export { exportResources } from './records/export.js';
export { fhirFileSources, listFhirFiles, type FhirFile } from './records/files.js';
export { receiveHl7Message, type ReceiveResult, type Hl7Channel } from './hl7/intake.js';
export { resolveHl7Org, Hl7OrgError, systemRequestInfo, standaloneServices } from './hl7/service.js';
export { readCompletionReport, defaultReportPeriod } from './completion/report.js';
export {
  analyzeEncounters,
  analyzeChangedEncounters,
  analyzeStaleEncounters,
  markAllEncounters,
} from './completion/analysis.js';
