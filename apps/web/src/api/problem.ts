import { ProblemDetails, type FieldError } from '@charta/contracts';

/** Problem `type` suffix the server uses when a record is closed to the user but break-glass access may open it. */
export const EMERGENCY_ACCESS_AVAILABLE = '/emergency-access-available';

/** Status used for problems the client makes up itself (no response at all). */
export const NETWORK_FAILURE_STATUS = 0;

/**
 * An API call that did not succeed, carrying the RFC 9457 problem the server sent (or one made up here when the
 * response was not a problem document). Pages render it with ProblemAlert and map `errors` onto form fields.
 */
export class ApiError extends Error {
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/**
 * Builds a ProblemDetails from an error response. A body that parses as a problem document is used as is; anything
 * else (a proxy's HTML page, an empty body) becomes a generic problem with the HTTP status, so callers handle one shape.
 */
export function toProblem(status: number, statusText: string, body: unknown): ProblemDetails {
  const parsed = ProblemDetails.safeParse(body);
  if (parsed.success) return parsed.data;
  return {
    type: 'about:blank',
    title: statusText.trim() !== '' ? statusText : `Request failed (HTTP ${status})`,
    status,
    traceId: '',
  };
}

/** The problem for a request that never got a response (offline, server down, aborted by the browser). */
export function networkProblem(): ProblemDetails {
  return {
    type: 'about:blank',
    title: 'Cannot reach the Charta server',
    status: NETWORK_FAILURE_STATUS,
    detail: 'Check your network connection and try again.',
    traceId: '',
  };
}

/** The problem for a 2xx response whose body does not match the contract (a client/server version mismatch). */
export function unexpectedResponseProblem(status: number): ProblemDetails {
  return {
    type: 'about:blank',
    title: 'Unexpected response from the server',
    status,
    detail: 'The server answered in a form this page does not understand. Reload the page; if it persists, report it.',
    traceId: '',
  };
}

/** Turns any thrown value into a problem, so pages show every failure the same way. */
export function problemOf(error: unknown): ProblemDetails {
  if (error instanceof ApiError) return error.problem;
  return {
    type: 'about:blank',
    title: 'Something went wrong',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
    traceId: '',
  };
}

/** Field messages keyed by JSON Pointer ("/username"); the first message per field wins. */
export type FieldMessages = Readonly<Record<string, string>>;

/** Groups a problem's located errors by pointer, for showing each message next to its field. */
export function fieldMessages(errors: readonly FieldError[] | undefined): FieldMessages {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    if (!(e.path in out)) out[e.path] = e.message;
  }
  return out;
}

/** A form's errors sorted by the field each stands next to (messages for one field joined) and the pointers placed. */
export interface PlacedErrors {
  /** Messages by the form's own field key; several for one field are joined with "; ". */
  readonly messages: Readonly<Record<string, string>>;
  /** The pointers shown next to a field, which the problem alert then leaves out. */
  readonly placed: readonly string[];
}

/**
 * Places each error at the form field `keyOf` finds for its pointer (null: none, so the problem alert lists it), for
 * forms whose fields sit in rows and columns rather than one per pointer.
 */
export function placeErrors(
  errors: readonly FieldError[] | undefined,
  keyOf: (pointer: string) => string | null,
): PlacedErrors {
  const messages: Record<string, string> = {};
  const placed: string[] = [];
  for (const e of errors ?? []) {
    const key = keyOf(e.path);
    if (key === null) continue;
    const before = messages[key];
    if (before === undefined) messages[key] = e.message;
    else if (!before.split('; ').includes(e.message)) messages[key] = `${before}; ${e.message}`;
    if (!placed.includes(e.path)) placed.push(e.path);
  }
  return { messages, placed };
}

/**
 * The errors a form cannot place next to one of its fields (pointers it does not render); ProblemAlert lists these so
 * that no message the server sent is silently dropped.
 */
export function unplacedErrors(errors: readonly FieldError[] | undefined, placed: readonly string[]): FieldError[] {
  return (errors ?? []).filter((e) => !placed.includes(e.path));
}

/** Whether the server's trace id should be shown: for server-side failures, which support staff look up in logs. */
export function showsTraceId(problem: ProblemDetails): boolean {
  return problem.status >= 500 && problem.traceId !== '';
}

export function isEmergencyAccessAvailable(problem: ProblemDetails): boolean {
  return problem.status === 403 && problem.type.endsWith(EMERGENCY_ACCESS_AVAILABLE);
}
