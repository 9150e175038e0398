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
export { appendAudit } from './audit/store.js';
export type { Services } from './http/context.js';
export type { RouteSpec } from './http/route.js';
