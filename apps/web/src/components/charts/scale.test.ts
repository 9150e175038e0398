import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks, truncateLabel, zeroBasedTicks } from './scale.js';

describe('niceTicks', () => {
  it.each([
    [0, 10, [0, 2, 4, 6, 8, 10]],
    [0, 7, [0, 2, 4, 6, 8]],
    [1.52, 1.91, [1.5, 1.6, 1.7, 1.8, 1.9, 2]],
    [0, 0.3, [0, 0.1, 0.2, 0.3]],
  ])('covers %s..%s with round steps', (min, max, expected) => {
    expect(niceTicks(min, max).values).toEqual(expected);
  });

  it('keeps whole-number steps for counts', () => {
    expect(zeroBasedTicks(1, 5, true).values).toEqual([0, 1]);
    expect(zeroBasedTicks(3, 5, true).values).toEqual([0, 1, 2, 3]);
  });

  it('gives an empty range an axis of 0..1', () => {
    expect(zeroBasedTicks(0).domain).toEqual([0, 1]);
  });

  it('puts a band around a single non-zero value', () => {
    const t = niceTicks(2, 2);
    expect(t.domain[0]).toBeLessThan(2);
    expect(t.domain[1]).toBeGreaterThan(2);
  });

  it('frames the data with its first and last tick', () => {
    const t = niceTicks(3, 97);
    expect(t.domain[0]).toBeLessThanOrEqual(3);
    expect(t.domain[1]).toBeGreaterThanOrEqual(97);
  });
});

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(5)).toBe(100);
    expect(y(10)).toBe(0);
  });

  it('maps a zero-width domain to the start of the range', () => {
    expect(linearScale([3, 3], [10, 20])(3)).toBe(10);
  });
});

describe('truncateLabel', () => {
  it('keeps short labels and cuts long ones with an ellipsis', () => {
    expect(truncateLabel('DRG 871', 10)).toBe('DRG 871');
    expect(truncateLabel('Septicemia or severe sepsis', 10)).toBe('Septicemi…');
  });
});
