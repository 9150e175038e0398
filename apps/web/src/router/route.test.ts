import { describe, expect, it } from 'vitest';
import { hrefFor, slugFromHash } from './route.js';

describe('slugFromHash', () => {
  it.each([
    ['', 'home'],
    ['#', 'home'],
    ['#/', 'home'],
    ['#/audit', 'audit'],
    ['#audit', 'audit'],
    ['#/security-policy/', 'security-policy'],
    ['#/users?x=1', 'users'],
    ['#//patients', 'patients'],
  ])('%j -> %j', (hash, slug) => {
    expect(slugFromHash(hash)).toBe(slug);
  });

  it('round-trips with hrefFor', () => {
    expect(slugFromHash(hrefFor('emergency-access'))).toBe('emergency-access');
  });
});
