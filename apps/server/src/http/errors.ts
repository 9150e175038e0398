import type { FieldError, ProblemDetails } from '@charta/contracts';
import type { Finding } from '@charta/core';
import type { ZodError } from 'zod';

/** Application errors: one small hierarchy, mapped to HTTP status by one table, rendered by one handler. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly typeSlug: string;
  abstract readonly title: string;
  readonly errors: readonly FieldError[] | undefined;
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.errors = errors;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly typeSlug = 'validation';
  readonly title = 'The request is not valid';
}
export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly typeSlug = 'unsupported-media-type';
  readonly title = 'Unsupported content type';
}
export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly typeSlug = 'payload-too-large';
  readonly title = 'The request body is too large';
}
export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly typeSlug = 'unauthenticated';
  readonly title = 'Sign-in required';
}
export class Forbidden extends AppError {
  readonly status = 403;
  readonly typeSlug: string;
  readonly title = 'Not allowed';
  constructor(detail: string, typeSlug = 'forbidden') {
    super(detail);
    this.typeSlug = typeSlug;
  }
}
export class NotFound extends AppError {
  readonly status = 404;
  readonly typeSlug = 'not-found';
  readonly title = 'Not found';
}
export class MethodNotAllowed extends AppError {
  readonly status = 405;
  readonly typeSlug = 'method-not-allowed';
  readonly title = 'Method not allowed';
}
export class Conflict extends AppError {
  readonly status = 409;
  readonly typeSlug = 'conflict';
  readonly title = 'Conflict';
}
export class BusinessRule extends AppError {
  readonly status = 422;
  readonly typeSlug = 'business-rule';
  readonly title = 'The request breaks a rule';
  constructor(
    detail: string,
    readonly findings: readonly Finding[],
  ) {
    super(
      detail,
      findings.map((f) => ({ path: f.path, code: f.ruleId, message: f.message })),
    );
  }
}
export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly typeSlug = 'too-many-requests';
  readonly title = 'Too many attempts';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}
export class ServiceUnavailable extends AppError {
  readonly status = 503;
  readonly typeSlug = 'service-unavailable';
  readonly title = 'Service unavailable';
}

export const PROBLEM_TYPE_BASE = 'https://charta.dev/problems/';

/** Field errors from a zod error, with paths as JSON Pointers under the given root ('' for a body, '/query' ...). */
export function zodFieldErrors(error: ZodError, root: string): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const segments = issue.path.map((s) => String(s));
    const pointer = (extra?: string) =>
      root +
      [...segments, ...(extra === undefined ? [] : [extra])]
        .map((s) => '/' + s.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('');
    if (keys.length > 0) {
      return {
        path: pointer(keys[0]),
        code: 'unrecognized_keys',
        message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      };
    }
    return { path: pointer(), code: issue.code, message: issue.message };
  });
}

export function problemOf(error: AppError, traceId: string, instance?: string): ProblemDetails {
  return {
    type: PROBLEM_TYPE_BASE + error.typeSlug,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    traceId,
    ...(error.errors && error.errors.length > 0 ? { errors: [...error.errors] } : {}),
  };
}
