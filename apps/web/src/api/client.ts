import type { ProblemDetails } from '@charta/contracts';
import { readCsrfToken } from './cookies.js';
import { ApiError, networkProblem, toProblem, unexpectedResponseProblem } from './problem.js';
import type { Schema } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly method?: HttpMethod;
  readonly query?: Query;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * The sign-in steps expect 401 for a wrong password or code and show it on the form; every other 401 means the
   * session is gone and ends it in the whole app.
   */
  readonly allowUnauthorized?: boolean;
}

export interface ApiClientOptions {
  /** Prefix for every path; '' in the browser, where the API is on the same origin. */
  readonly baseUrl?: string;
  readonly fetch: typeof fetch;
  /** The current `document.cookie`, read just before each write so a rotated CSRF token is always picked up. */
  readonly cookies: () => string;
  /** Called for every 401 not marked `allowUnauthorized`. */
  readonly onUnauthorized?: (problem: ProblemDetails) => void;
  /** Called with the server's `Date` header, so session deadlines are compared with the server's clock. */
  readonly onServerDate?: (serverMs: number, receivedAtMs: number) => void;
  readonly now?: () => number;
}

export interface ApiClient {
  /** Sends a request whose success response is JSON, parsed with the contract's schema. */
  json<T>(path: string, schema: Schema<T>, options?: RequestOptions): Promise<T>;
  /** Sends a request whose success response has no body (204). */
  empty(path: string, options?: RequestOptions): Promise<void>;
  /** The URL for a plain link (downloads): same origin, cookie-authenticated GET. */
  url(path: string, query?: Query): string;
  /** Keeps the token from a sign-in response for when the cookie cannot be read (it is the fallback, not the source). */
  rememberCsrfToken(token: string): void;
  /** Forgets the remembered token (at sign-out). */
  forgetCsrfToken(): void;
}

const WRITE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Encodes a query string, leaving out empty and undefined values so unset filters do not reach the server. */
export function buildQuery(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === '') continue;
    params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The one place the web app talks HTTP: same-origin cookies, the CSRF header on writes, no HTTP caching of responses
 * (they may hold PHI: SEC-25), RFC 9457 problems turned into ApiError, and every unexpected 401 reported once.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl ?? '';
  const now = options.now ?? Date.now;
  let rememberedCsrf: string | null = null;

  async function send(path: string, opts: RequestOptions): Promise<Response> {
    const method = opts.method ?? 'GET';
    const headers = new Headers({ Accept: 'application/json' });
    if (opts.body !== undefined) headers.set('Content-Type', 'application/json');
    if (WRITE_METHODS.has(method)) {
      const token = readCsrfToken(options.cookies()) ?? rememberedCsrf;
      if (token !== null) headers.set('X-CSRF-Token', token);
    }
    const init: RequestInit = {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
    };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    if (opts.signal !== undefined) init.signal = opts.signal;

    let res: Response;
    try {
      res = await options.fetch(`${base}${path}${buildQuery(opts.query)}`, init);
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(networkProblem());
    }
    const date = res.headers.get('Date');
    if (date !== null && options.onServerDate) {
      const serverMs = Date.parse(date);
      if (Number.isFinite(serverMs)) options.onServerDate(serverMs, now());
    }
    if (!res.ok) {
      const problem = toProblem(res.status, res.statusText, await readBody(res));
      if (res.status === 401 && opts.allowUnauthorized !== true) options.onUnauthorized?.(problem);
      throw new ApiError(problem);
    }
    return res;
  }

  return {
    async json<T>(path: string, schema: Schema<T>, opts: RequestOptions = {}): Promise<T> {
      const res = await send(path, opts);
      const parsed = schema.safeParse(await readBody(res));
      if (!parsed.success) throw new ApiError(unexpectedResponseProblem(res.status));
      return parsed.data;
    },
    async empty(path: string, opts: RequestOptions = {}): Promise<void> {
      const res = await send(path, opts);
      await res.body?.cancel();
    },
    url(path: string, query?: Query): string {
      return `${base}${path}${buildQuery(query)}`;
    },
    rememberCsrfToken(token: string): void {
      rememberedCsrf = token;
    },
    forgetCsrfToken(): void {
      rememberedCsrf = null;
    },
  };
}
