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
  /**
   * Bit per category (categoryBit) of the matchers within one category: a finer filter than `letters`, since notes
   * mostly name codes of the code's own chapter, whose letter the encounter's other codes often share.
   */
  readonly categories: number;
  /** Bit per block of categories (blockBit) the wide matchers reach; all bits for a range of 32 blocks or more. */
  readonly blocks: number;
  /** Matchers within one category (lo === hi). Notes name few codes, so a short scan beats hashing. */
  readonly matchers: readonly CompiledMatcher[];
  /** Matchers spanning several categories ('T36'-'T65'). */
  readonly wide: readonly CompiledMatcher[];
}

export const EMPTY_MATCHERS: CodeMatcherSet = { letters: 0, categories: 0, blocks: 0, matchers: [], wide: [] };

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

/**
 * The bit of a category number (from categoryNumber) in a 32-bit filter: its value modulo 32, so that neighbouring
 * categories take different bits. 0 for -1 (not a category).
 */
export function categoryBit(category: number): number {
  return category < 0 ? 0 : 1 << (category & 31);
}

/**
 * The bit of a category's block in a 32-bit filter: the block is the code's first two characters ('T3' for T36), modulo
 * 32. Wide ranges ('T36'-'T65') cover few blocks, where they would cover every category bit. 0 for -1.
 */
export function blockBit(category: number): number {
  return category < 0 ? 0 : 1 << (Math.floor(category / 36) & 31);
}

/** The blockBit filter of the categories lo..hi. */
function blockBits(lo: number, hi: number): number {
  const first = Math.floor(lo / 36);
  const last = Math.floor(hi / 36);
  if (last - first >= 31) return -1;
  let bits = 0;
  for (let b = first; b <= last; b++) bits |= 1 << (b & 31);
  return bits;
}

/**
 * Whether a code of `category` may lie in a set with the filters `letters`, `categories` and `blocks` (or copies of
 * them): false rules it out, true says "maybe" (matchesAny decides). A code in a set's ranges always passes, since its
 * letter, and its category (one-category matcher) or its block (wide matcher), set the filters' bits.
 */
export function mayMatch(letters: number, categories: number, blocks: number, category: number): boolean {
  if (category < 0 || (letters & (1 << Math.floor(category / 1296))) === 0) return false;
  return ((categories & categoryBit(category)) | (blocks & blockBit(category))) !== 0;
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
  let categories = 0;
  let blocks = 0;
  for (const r of ranges) {
    const lo = categoryNumber(r.from);
    const hi = categoryNumber(r.to);
    if (lo < 0 || hi < 0 || lo > hi) continue;
    const seventh = r.seventh ?? '';
    (lo === hi ? matchers : wide).push({ from: r.from, to: r.to, seventh, lo, hi });
    for (let l = Math.floor(lo / 1296); l <= Math.floor(hi / 1296); l++) letters |= 1 << l;
    if (lo === hi) categories |= categoryBit(lo);
    else blocks |= blockBits(lo, hi);
  }
  return matchers.length === 0 && wide.length === 0 ? EMPTY_MATCHERS : { letters, categories, blocks, matchers, wide };
}
