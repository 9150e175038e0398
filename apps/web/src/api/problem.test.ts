import { describe, expect, it } from 'vitest';
import {
  ApiError,
  fieldMessages,
  isEmergencyAccessAvailable,
  problemOf,
  showsTraceId,
  toProblem,
  unplacedErrors,
} from './problem.js';

describe('toProblem', () => {
  it('keeps a problem document the server sent', () => {
    const body = {
      type: 'https://charta.example/problems/validation',
      title: 'Invalid request',
      status: 400,
      traceId: 't-1',
      errors: [{ path: '/username', code: 'too_small', message: 'At least 3 characters' }],
    };
    expect(toProblem(400, 'Bad Request', body)).toEqual(body);
  });

  it.each([
    [502, 'Bad Gateway', '<html>proxy error</html>', 'Bad Gateway'],
    [500, '', null, 'Request failed (HTTP 500)'],
    [404, 'Not Found', { message: 'nope' }, 'Not Found'],
  ])('makes a generic problem for HTTP %i with a non-problem body', (status, statusText, body, title) => {
    expect(toProblem(status, statusText, body)).toEqual({ type: 'about:blank', title, status, traceId: '' });
  });
});

describe('fieldMessages', () => {
  it('keys messages by pointer and keeps the first per field', () => {
    expect(
      fieldMessages([
        { path: '/password', code: 'too_small', message: 'Use at least 12 characters' },
        { path: '/password', code: 'other', message: 'second' },
        { path: '', code: 'custom', message: 'Nothing to change' },
      ]),
    ).toEqual({ '/password': 'Use at least 12 characters', '': 'Nothing to change' });
  });

  it('returns nothing for a problem without errors', () => {
    expect(fieldMessages(undefined)).toEqual({});
  });
});

describe('unplacedErrors', () => {
  it('lists only the errors a form has no field for', () => {
    const errors = [
      { path: '/username', code: 'a', message: 'm1' },
      { path: '/tenant', code: 'b', message: 'm2' },
    ];
    expect(unplacedErrors(errors, ['/username', '/password'])).toEqual([errors[1]]);
  });
});

describe('showsTraceId', () => {
  it.each([
    [500, 'abc', true],
    [503, 'abc', true],
    [500, '', false],
    [400, 'abc', false],
  ])('HTTP %i with trace id %j -> %s', (status, traceId, expected) => {
    expect(showsTraceId({ type: 'about:blank', title: 't', status, traceId })).toBe(expected);
  });
});

describe('isEmergencyAccessAvailable', () => {
  it.each([
    [403, 'https://charta.example/problems/emergency-access-available', true],
    [403, 'https://charta.example/problems/forbidden', false],
    [404, 'https://charta.example/problems/emergency-access-available', false],
  ])('HTTP %i %s -> %s', (status, type, expected) => {
    expect(isEmergencyAccessAvailable({ type, title: 't', status, traceId: 'x' })).toBe(expected);
  });
});

describe('problemOf', () => {
  it('unwraps an ApiError and wraps anything else', () => {
    const problem = { type: 'about:blank', title: 'Conflict', status: 409, traceId: 't' };
    expect(problemOf(new ApiError(problem))).toBe(problem);
    expect(problemOf(new Error('boom'))).toMatchObject({ status: 0, detail: 'boom' });
  });
});
