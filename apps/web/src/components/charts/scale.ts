/**
 * Pure geometry for the SVG charts: linear scales, "nice" axis ticks and label truncation. No React, so it is tested
 * as plain functions.
 */

/** A linear map from a data domain onto a pixel range. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps `domain` linearly onto `range`; a zero-width domain maps everything to the start of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (value: number): number => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain, range });
}

/** Round step sizes: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Axis ticks and the domain they span: the domain is widened to whole steps so the first and last tick frame it. */
export interface Ticks {
  readonly domain: readonly [number, number];
  readonly values: readonly number[];
}

/**
 * About `count` evenly spaced round ticks covering [min, max]. An empty or one-value range still gets a sensible axis
 * (0..1 for nothing, a band around a single value).
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): Ticks {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 0;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    if (lo === 0) hi = 1;
    else {
      const pad = Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
  }
  // Counts get whole-number steps: a tick at 0.5 cases means nothing.
  const step = integer
    ? Math.max(1, niceStep((hi - lo) / Math.max(1, count)))
    : niceStep((hi - lo) / Math.max(1, count));
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const values: number[] = [];
  // Rounding to the step's precision keeps 0.30000000000000004 out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; start + i * step <= end + step / 2; i++) {
    values.push(Number((start + i * step).toFixed(decimals)));
  }
  return { domain: [values[0] ?? start, values[values.length - 1] ?? end], values };
}

/** Ticks for a value axis that starts at zero (bars must start at zero so their lengths compare honestly). */
export function zeroBasedTicks(max: number, count = 5, integer = false): Ticks {
  return niceTicks(0, Math.max(0, max), count, integer);
}

/** True when every value is a whole number, so the axis can use whole-number ticks. */
export function allIntegers(values: readonly (number | null)[]): boolean {
  return values.every((v) => v === null || Number.isInteger(v));
}

/** Cuts a label to `maxChars`, ending in an ellipsis; the full text stays in the element's tooltip and the table. */
export function truncateLabel(label: string, maxChars: number): string {
  if (label.length <= maxChars) return label;
  return `${label.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** A rough width in pixels of `text` at the charts' 11px font, for reserving room for labels without measuring. */
export function estimateTextWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/** Default number format of the charts: up to two decimals, grouped thousands. */
export function defaultFormatValue(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
