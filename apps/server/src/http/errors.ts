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
/** Well-formed input that cannot be processed, e.g. a discharge date outside every loaded grouper version. */
export class Unprocessable extends AppError {
  readonly status = 422;
  readonly typeSlug = 'unprocessable';
  readonly title = 'The request cannot be processed';
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

/**
 * Field errors from a zod error, with paths as JSON Pointers under the given root ('' for a body, '/query' ...). For a
 * value that matches none of a union's shapes, the errors of the closest shape are reported.
 */
export function zodFieldErrors(error: ZodError, root: string): FieldError[] {
  return flattenIssues(error.issues as readonly ZodIssueLike[], [], root);
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

function pointer(root: string, segments: readonly PropertyKey[]): string {
  return root + segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

function flattenIssues(issues: readonly ZodIssueLike[], prefix: readonly PropertyKey[], root: string): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const closest = [...issue.errors].filter((e) => e.length > 0).sort((a, b) => a.length - b.length)[0];
      if (closest) {
        out.push(...flattenIssues(closest, path, root));
        continue;
      }
    }
    const keys = issue.code === 'unrecognized_keys' ? (issue.keys ?? []) : [];
    if (keys.length > 0) {
      out.push({
        path: pointer(root, [...path, keys[0] ?? '']),
        code: 'unrecognized_keys',
        message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      });
    } else {
      out.push({ path: pointer(root, path), code: issue.code, message: issue.message });
    }
  }
  return out;
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
