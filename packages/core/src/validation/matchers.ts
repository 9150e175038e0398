/**
 * Matching codes against the code ranges named in Tabular notes: `(G47.63)`, `(G30.-)`, `(E00-E03.-)`, `(T36-T65)`.
 * A bound is a code prefix; a code falls in `{ from, to }` when its first characters sort between the bounds
 * (ICD-10-CM Tabular XML conventions: `.-` names the whole subtree).
 *
 * Compiled once per code. A code's 3-character category becomes a number that sorts like the category, so that most
 * checks are integer comparisons; string comparison is left for codes in a bound's own category.
 */

export interface CodeMatcher {
  /** Lower bound, a code prefix without dot. */
  readonly from: string;
  /** Upper bound, a code prefix without dot (equal to `from` for one code or one subtree). */
  readonly to: string;
  /**
   * Allowed 7th characters when the note qualifies the range ("S62.- with 7th character B"); empty or absent: any.
   */
  readonly seventh?: string | undefined;
}

/** A compiled matcher: the bounds' category numbers, for integer comparisons first. */
interface CompiledMatcher extends CodeMatcher {
  readonly seventh: string;
  readonly lo: number;
  readonly hi: number;
}

export interface CodeMatcherSet {
  /** Bit per first letter (A = bit 0) any matcher can reach: a whole set is skipped when no code starts so. */
  readonly letters: number;
  /** Matchers within one category (lo === hi). Notes name few codes, so a short scan beats hashing. */
  readonly matchers: readonly CompiledMatcher[];
  /** Matchers spanning several categories ('T36'-'T65'). */
  readonly wide: readonly CompiledMatcher[];
}

export const EMPTY_MATCHERS: CodeMatcherSet = { letters: 0, matchers: [], wide: [] };

/** 0-9 -> 0-9, A-Z -> 10-35 (keeps ASCII order); -1 otherwise. */
function digit36(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/**
 * A number for a code's 3-character category that sorts as the category does ('A00' < 'A0A' < 'A10' < 'B00');
 * -1 when the code does not start with a letter and two letters or digits.
 */
export function categoryNumber(code: string): number {
  if (code.length < 3) return -1;
  const a = code.charCodeAt(0) - 65;
  const b = digit36(code.charCodeAt(1));
  const c = digit36(code.charCodeAt(2));
  if (a < 0 || a > 25 || b < 0 || c < 0) return -1;
  return a * 1296 + b * 36 + c;
}

/** The bit of a code's first letter (A = bit 0), or 0 when it does not start with A-Z. */
export function letterBit(code: string): number {
  const a = code.charCodeAt(0) - 65;
  return a >= 0 && a < 26 ? 1 << a : 0;
}

/** Compares the first `bound.length` characters of `code` with `bound`, without allocating. */
function comparePrefix(code: string, bound: string): number {
  const n = bound.length;
  for (let i = 0; i < n; i++) {
    if (i >= code.length) return -1;
    const d = code.charCodeAt(i) - bound.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `code` lies in the range. */
export function matchesCode(m: CodeMatcher, code: string): boolean {
  if (comparePrefix(code, m.from) < 0 || comparePrefix(code, m.to) > 0) return false;
  return !m.seventh || (code.length === 7 && m.seventh.includes(code[6] as string));
}

/** True when `code` (whose category number is `category`, from categoryNumber) lies in any range of the set. */
export function matchesAny(set: CodeMatcherSet, code: string, category: number): boolean {
  if (category < 0) return false;
  const wide = set.wide;
  for (let i = 0; i < wide.length; i++) {
    const w = wide[i] as CompiledMatcher;
    if (category > w.lo && category < w.hi && w.seventh === '') return true;
    if (category >= w.lo && category <= w.hi && matchesCode(w, code)) return true;
  }
  const matchers = set.matchers;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i] as CompiledMatcher;
    if (m.lo === category && matchesCode(m, code)) return true;
  }
  return false;
}

/** Whether the set names nothing. */
export function isEmptyMatcherSet(set: CodeMatcherSet): boolean {
  return set.matchers.length === 0 && set.wide.length === 0;
}

/** Compiles note ranges into a matcher set. Bounds that are not ICD-10-CM code prefixes are ignored. */
export function compileCodeMatchers(ranges: readonly CodeMatcher[]): CodeMatcherSet {
  if (ranges.length === 0) return EMPTY_MATCHERS;
  const matchers: CompiledMatcher[] = [];
  const wide: CompiledMatcher[] = [];
  let letters = 0;
  for (const r of ranges) {
    const lo = categoryNumber(r.from);
    const hi = categoryNumber(r.to);
    if (lo < 0 || hi < 0 || lo > hi) continue;
    const seventh = r.seventh ?? '';
    (lo === hi ? matchers : wide).push({ from: r.from, to: r.to, seventh, lo, hi });
    for (let l = Math.floor(lo / 1296); l <= Math.floor(hi / 1296); l++) letters |= 1 << l;
  }
  return matchers.length === 0 && wide.length === 0 ? EMPTY_MATCHERS : { letters, matchers, wide };
}
