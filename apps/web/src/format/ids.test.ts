import { describe, expect, it } from 'vitest';
import { shortId } from './ids.js';

describe('shortId', () => {
  it.each([
    ['b25cb73c-f9ad-45a0-9d3a-f7345cd7d407', 'b25cb73c…'],
    ['p1', 'p1'],
    ['MRN100001', 'MRN100001'],
    ['123456789012', '123456789012'],
    ['1234567890123', '12345678…'],
  ])('%j -> %j', (id, expected) => {
    expect(shortId(id)).toBe(expected);
  });
});
