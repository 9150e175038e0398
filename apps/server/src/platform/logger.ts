/**
 * Structured JSON logs. Only allow-listed fields are written, and free text that may echo input (error messages) is
 * scrubbed of quoted values, so that neither PHI nor secrets reach a log (SEC-37). Request logs carry the route
 * template, never the raw URL, query string or body.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface LogFields {
  traceId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  userId?: string;
  event?: string;
  errorName?: string;
  errorCode?: string;
  errorMessage?: string;
  stack?: string;
  count?: number;
  port?: number;
  database?: string;
}

const ALLOWED = new Set<keyof LogFields>([
  'traceId',
  'method',
  'route',
  'status',
  'durationMs',
  'userId',
  'event',
  'errorName',
  'errorCode',
  'errorMessage',
  'stack',
  'count',
  'port',
  'database',
]);

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Removes quoted fragments, digits runs that look like identifiers, and e-mail-like strings from free text. */
export function scrub(text: string): string {
  return text
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/gu, '"[redacted]"')
    .replace(/[\w.+-]+@[\w-]+\.[\w.]+/gu, '[redacted-email]')
    .replace(/\b\d{3}-?\d{2}-?\d{4}\b/gu, '[redacted-number]')
    .replace(/\(([^()]*)\)=\(([^()]*)\)/gu, '($1)=([redacted])');
}

/** Error details fit for a log: name, code, scrubbed message and the stack frames without the message line. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 12);
  return {
    errorName: error.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    errorMessage: scrub(error.message).slice(0, 500),
    stack: frames.join('\n'),
  };
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < min) return;
    const record: Record<string, unknown> = { level: lvl, time: new Date().toISOString(), msg: scrub(msg) };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (ALLOWED.has(key as keyof LogFields) && value !== undefined) {
          record[key] =
            typeof value === 'string' && key !== 'stack' && key !== 'errorMessage' ? value.slice(0, 200) : value;
        }
      }
    }
    write(JSON.stringify(record) + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
