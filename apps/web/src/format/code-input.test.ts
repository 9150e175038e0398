import { describe, expect, it } from 'vitest';
import { normaliseRecoveryCode, normaliseTotp } from './code-input.js';

describe('normaliseTotp', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    [' 123-456 ', '123456'],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseTotp(input)).toBe(expected);
  });
});

describe('normaliseRecoveryCode', () => {
  it.each([
    ['abcd-efgh-jklm', 'ABCD-EFGH-JKLM'],
    [' ABCD-EFGH-JKLM\n', 'ABCD-EFGH-JKLM'],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseRecoveryCode(input)).toBe(expected);
  });
});
