import { describe, expect, it } from 'vitest';
import { readCookie, readCsrfToken } from './cookies.js';

describe('readCookie', () => {
  it.each([
    ['charta_csrf=abc', 'abc'],
    ['theme=dark; charta_csrf=abc; other=1', 'abc'],
    ['  charta_csrf = a%2Bb%3D ', 'a+b='],
    ['charta_csrf=%E0%A4%A', '%E0%A4%A'],
    ['charta_csrf=', ''],
  ])('reads the token from %j', (header, expected) => {
    expect(readCookie(header, 'charta_csrf')).toBe(expected);
  });

  it.each([[''], ['x_charta_csrf=abc'], ['charta_csrf_old=abc'], ['garbage']])(
    'returns null when absent from %j',
    (header) => {
      expect(readCookie(header, 'charta_csrf')).toBeNull();
    },
  );
});

describe('readCsrfToken', () => {
  it.each([
    ['charta_csrf=plain', 'plain'],
    ['__Host-charta_csrf=secure', 'secure'],
    ['charta_csrf=plain; __Host-charta_csrf=secure', 'secure'],
    ['charta_csrf=', null],
    ['other=1', null],
  ])('%j -> %j', (header, expected) => {
    expect(readCsrfToken(header)).toBe(expected);
  });
});
