import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const positiveInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** Every setting the server reads from its environment, parsed once at start. */
const EnvSchema = z
  .object({
    PORT: positiveInt('PORT', 0, 65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//u, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
      .optional(),
    CHARTA_DATA_DIR: z.string().min(1).optional(),
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    SESSION_IDLE_MINUTES: positiveInt('SESSION_IDLE_MINUTES', 1, 60).default(15),
    SESSION_ABSOLUTE_HOURS: positiveInt('SESSION_ABSOLUTE_HOURS', 1, 24).default(12),
    EMERGENCY_ACCESS_MINUTES: positiveInt('EMERGENCY_ACCESS_MINUTES', 5, 240).default(60),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    CHARTA_DEMO: bool.default(true),
    CHARTA_TRUST_PROXY: bool.default(false),
    CHARTA_SECRETS_FILE: z.string().min(1).optional(),
    HL7_MLLP_PORT: positiveInt('HL7_MLLP_PORT', 0, 65535).optional(),
    CHARTA_FHIR_IMPORT_MAX_MB: positiveInt('CHARTA_FHIR_IMPORT_MAX_MB', 1, 1024).optional(),
    HL7_MLLP_HOST: z.string().min(1).optional(),
    HL7_ORG_ID: z.uuid({ message: 'HL7_ORG_ID must be an organisation id (UUID)' }).optional(),
    NODE_TLS_REJECT_UNAUTHORIZED: z.string().optional(),
    CHARTA_NOTIFY_TRANSPORT: z
      .enum(['log', 'smtp'], { message: 'CHARTA_NOTIFY_TRANSPORT must be log or smtp' })
      .default('log'),
    // The URL carries credentials: no message may quote it.
    CHARTA_SMTP_URL: z
      .string()
      .refine(isSmtpUrl, 'CHARTA_SMTP_URL must be an smtp:// or smtps:// URL with a host')
      .optional(),
    CHARTA_SMTP_FROM: z.email({ message: 'CHARTA_SMTP_FROM must be an e-mail address' }).optional(),
    CHARTA_NOTIFY_INTERVAL_MINUTES: positiveInt('CHARTA_NOTIFY_INTERVAL_MINUTES', 0, 1440).default(60),
    CHARTA_NOTIFY_MAX_ATTEMPTS: positiveInt('CHARTA_NOTIFY_MAX_ATTEMPTS', 1, 20).default(8),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TLS_CERT_FILE'],
        message: 'Set both TLS_CERT_FILE and TLS_KEY_FILE, or neither',
      });
    }
    for (const key of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
      const file = env[key];
      if (file && !existsSync(file))
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} does not exist: ${file}` });
    }
    if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
      ctx.addIssue({
        code: 'custom',
        path: ['NODE_TLS_REJECT_UNAUTHORIZED'],
        message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks; Charta refuses to start with it',
      });
    }
    if (env.CHARTA_NOTIFY_TRANSPORT === 'smtp') {
      for (const key of ['CHARTA_SMTP_URL', 'CHARTA_SMTP_FROM'] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required with the smtp transport` });
      }
    }
  });

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database:
    { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'pglite'; readonly dir: string };
  readonly dataDir: string;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly session: { readonly idleMinutes: number; readonly absoluteHours: number };
  readonly emergencyAccessMinutes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly demo: boolean;
  readonly trustProxy: boolean;
  readonly secretsFile: string;
  /** HL7 v2 intake: the MLLP listener runs only when a port is set; the feed's organisation when there are several. */
  readonly hl7?:
    | { readonly mllpPort: number | undefined; readonly mllpHost: string; readonly orgId: string | undefined }
    | undefined;
  /** Deficiency notifications (absent: the log transport, hourly runs). */
  readonly notify?: NotifyConfig | undefined;
}

export interface NotifyConfig {
  readonly transport: 'log' | 'smtp';
  /** smtp:// or smtps:// with credentials; never logged. */
  readonly smtpUrl: string | undefined;
  readonly from: string;
  /** Minutes between notification runs; 0: no timer (runs on demand only). */
  readonly intervalMinutes: number;
  /** Automatic delivery attempts of one e-mail before it waits for a manual retry. */
  readonly maxAttempts: number;
}

export const DEFAULT_NOTIFY_CONFIG: NotifyConfig = {
  transport: 'log',
  smtpUrl: undefined,
  from: 'charta@localhost',
  intervalMinutes: 60,
  maxAttempts: 8,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every bad value by name. */
export function loadConfig(env: NodeJS.ProcessEnv, repoRoot: string): Config {
  // An empty variable means "not set", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.CHARTA_DATA_DIR ?? join(repoRoot, '.charta', 'data'));
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: join(dataDir, 'pglite') },
    dataDir,
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    emergencyAccessMinutes: e.EMERGENCY_ACCESS_MINUTES,
    logLevel: e.LOG_LEVEL,
    demo: e.CHARTA_DEMO,
    trustProxy: e.CHARTA_TRUST_PROXY,
    secretsFile: resolve(e.CHARTA_SECRETS_FILE ?? join(dataDir, 'secrets.json')),
    hl7: { mllpPort: e.HL7_MLLP_PORT, mllpHost: e.HL7_MLLP_HOST ?? e.HOST, orgId: e.HL7_ORG_ID },
    notify: {
      transport: e.CHARTA_NOTIFY_TRANSPORT,
      smtpUrl: e.CHARTA_SMTP_URL,
      from: e.CHARTA_SMTP_FROM ?? DEFAULT_NOTIFY_CONFIG.from,
      intervalMinutes: e.CHARTA_NOTIFY_INTERVAL_MINUTES,
      maxAttempts: e.CHARTA_NOTIFY_MAX_ATTEMPTS,
    },
  };
}
