import { ABBREVIATION_MAP } from './abbreviations.js';
import { letterMask, phraseKey, STOPWORDS, tokenize, type SearchIndex } from './search-index.js';
import { CODE_SYSTEMS, CodeSystem, displayCode, type IsoDate } from './types.js';

export interface SearchOptions {
  readonly system?: CodeSystem | undefined;
  /** The date that selects the release of each system (discharge date or date of service). */
  readonly date: IsoDate;
  readonly limit: number;
}

/** How a hit matched: by code, title words, Alphabetic Index / inclusion terms, an abbreviation, or a corrected typo. */
export type MatchKind = 'code' | 'title' | 'index-term' | 'abbreviation' | 'typo';

export interface SearchHit {
  readonly system: CodeSystem;
  readonly code: string;
  readonly display: string;
  readonly title: string;
  /** Billable on the date (a header is never billable). */
  readonly billable: boolean;
  /** Display codes of the ancestors present in the index, top first (E11 > E11.6 for E11.65). */
  readonly path: readonly string[];
  readonly score: number;
  readonly matchedOn: readonly MatchKind[];
}

/** One required query word and the vocabulary it may match. */
interface TokenPlan {
  readonly text: string;
  readonly exact: number;
  /** The singular of a plural word, matched as exactly as `exact` (-1 when none). */
  readonly singular: number;
  /** Term-id range of words starting with the text (the vocabulary is sorted). */
  readonly lo: number;
  readonly hi: number;
  readonly fuzzy: ReadonlySet<number>;
  readonly fromAbbreviation: boolean;
  readonly cost: number;
  /** For an unknown word: the closest vocabulary word (used to match Index phrases). */
  readonly corrected: string | undefined;
}

/**
 * Stop collecting once max(MIN_COLLECT, 4 x limit) codes match every word: docs arrive in static-rank order
 * (billable, shorter titles first), which is also what coverage scoring favours, so the best hits come early.
 */
const MIN_COLLECT = 40;
/** Looks like a code or code prefix: 2-7 letters and digits with at least one digit (E11, E119, QA0, 0DTJ4, A0021). */
const CODE_QUERY = /^(?=.*[0-9])[A-Z0-9]{2,7}$/;

function lowerBound(arr: readonly string[], key: string, from = 0, to = arr.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const ROW_A = new Int32Array(64);
const ROW_B = new Int32Array(64);
const ROW_C = new Int32Array(64);

/**
 * Edit distance counting an adjacent transposition as one edit ("tuublo" -> "tubulo"; optimal string alignment),
 * with an early exit once a whole row exceeds max. Rows are reused: no allocation.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length >= 63 || a.length >= 63) return max + 1;
  let before = ROW_C;
  let prev = ROW_A;
  let cur = ROW_B;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1);
      const del = (prev[j] ?? 0) + 1;
      if (del < v) v = del;
      const ins = (cur[j - 1] ?? 0) + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = (before[j - 2] ?? 0) + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = before;
    before = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] ?? max + 1;
}

/** Release bits in force on the date, per system (-1 when none). */
function releaseBits(index: SearchIndex, date: IsoDate): Int32Array {
  const bits = new Int32Array(CODE_SYSTEMS.length).fill(-1);
  for (const r of index.releases) {
    if (r.effectiveFrom <= date) bits[CODE_SYSTEMS.indexOf(r.system)] = r.bit;
  }
  return bits;
}

/**
 * Word plans depend only on the index and the word, so they are kept in a bounded per-index cache: coders repeat
 * the same words all day, and a typo's edit-distance search then runs once. Cleared wholesale when full.
 */
const PLAN_CACHE_SIZE = 20_000;
const planCaches = new WeakMap<SearchIndex, Map<string, TokenPlan>>();
function cachedPlan(index: SearchIndex, text: string, allowPrefix: boolean, fromAbbreviation: boolean): TokenPlan {
  let cache = planCaches.get(index);
  if (!cache) {
    cache = new Map();
    planCaches.set(index, cache);
  }
  const key = `${allowPrefix ? 'p' : 'x'}${fromAbbreviation ? 'a' : 'w'}${text}`;
  let plan = cache.get(key);
  if (!plan) {
    if (cache.size >= PLAN_CACHE_SIZE) cache.clear();
    plan = planToken(index, text, allowPrefix, fromAbbreviation);
    cache.set(key, plan);
  }
  return plan;
}

function planToken(index: SearchIndex, typed: string, allowPrefix: boolean, fromAbbreviation: boolean): TokenPlan {
  // A plural also matches its singular ("gallstones" finds the Index's "Gallstone"); an unknown plural is read as it.
  let text = typed;
  const singular =
    text.length > 4 && text.endsWith('s') && !text.endsWith('ss') ? (index.termId.get(text.slice(0, -1)) ?? -1) : -1;
  if (!index.termId.has(text) && singular >= 0) text = text.slice(0, -1);
  const exact = index.termId.get(text) ?? -1;
  let lo = 0;
  let hi = 0;
  if (allowPrefix) {
    lo = lowerBound(index.terms, text);
    hi = lowerBound(index.terms, `${text}\uffff`, lo);
  }
  let cost = exact >= 0 ? (index.cumulativeDf[exact + 1] ?? 0) - (index.cumulativeDf[exact] ?? 0) : 0;
  if (hi > lo) cost = (index.cumulativeDf[hi] ?? 0) - (index.cumulativeDf[lo] ?? 0);
  const fuzzy = new Set<number>();
  // Typo tolerance only when the word is unknown: edit distance 1 for 4-7 letters, 2 from 8 [search brief].
  if (exact < 0 && hi <= lo && text.length >= 4 && !/^[0-9]/.test(text)) {
    const max = text.length >= 8 ? 2 : 1;
    const first = text[0] ?? '';
    const mask = letterMask(text);
    // Each edit adds or removes at most one distinct letter, so a candidate differing in more than 2*max letters
    // cannot be within max edits: a cheap filter before the edit-distance table.
    const tryBucket = (key: string): void => {
      for (const t of index.fuzzyBuckets.get(key) ?? []) {
        const m = index.termMask[t] ?? 0;
        if (popcount(mask & ~m) > max || popcount(m & ~mask) > max) continue;
        if (boundedEditDistance(text, index.terms[t] ?? '', max) <= max) fuzzy.add(t);
      }
    };
    for (let len = text.length - max; len <= text.length + max; len++) tryBucket(`${first}${len}`);
    // A wrong first letter ("neumonia"): try the same length in every bucket only when nothing else matched.
    // A wrong, missing or extra first letter ("neumonia"): look the word up by its second letter instead.
    if (fuzzy.size === 0) {
      tryBucket(`_${text[1] ?? ''}${text.length}`);
      tryBucket(`_${first}${text.length + 1}`);
      tryBucket(`${text[1] ?? ''}${text.length - 1}`);
    }
    for (const t of fuzzy) cost += (index.cumulativeDf[t + 1] ?? 0) - (index.cumulativeDf[t] ?? 0);
  }
  let corrected: string | undefined;
  let bestDistance = Number.MAX_SAFE_INTEGER;
  let bestDf = -1;
  for (const t of fuzzy) {
    const term = index.terms[t] ?? '';
    const d = boundedEditDistance(text, term, 2);
    const df = (index.cumulativeDf[t + 1] ?? 0) - (index.cumulativeDf[t] ?? 0);
    if (d < bestDistance || (d === bestDistance && df > bestDf)) {
      corrected = term;
      bestDistance = d;
      bestDf = df;
    }
  }
  if (singular >= 0 && singular !== exact)
    cost += (index.cumulativeDf[singular + 1] ?? 0) - (index.cumulativeDf[singular] ?? 0);
  return {
    text,
    exact,
    singular: singular !== exact ? singular : -1,
    lo,
    hi,
    fuzzy,
    fromAbbreviation,
    cost,
    corrected,
  };
}

/** Quality by mark: exact word 1, word prefix 0.85, typo 0.6; Index and inclusion terms count 0.7 of that. */
const QUALITY = [0, 0.6, 0.85, 1] as const;

interface Scratch {
  gen: number;
  readonly stamp: Int32Array;
  readonly bits: Uint16Array;
  docGen: number;
  readonly docStamp: Int32Array;
}
const scratches = new WeakMap<SearchIndex, Scratch>();
function scratchFor(index: SearchIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    s = {
      gen: 0,
      stamp: new Int32Array(index.terms.length),
      bits: new Uint16Array(index.terms.length),
      docGen: 0,
      docStamp: new Int32Array(index.docCount),
    };
    scratches.set(index, s);
  }
  return s;
}

/** The vocabulary terms a word accepts: exact, singular, prefix range, typo candidates (computed once per plan). */
const termLists = new WeakMap<TokenPlan, readonly number[]>();
function termsOf(p: TokenPlan): readonly number[] {
  let out = termLists.get(p);
  if (!out) {
    const list: number[] = [];
    if (p.exact >= 0) list.push(p.exact);
    if (p.singular >= 0) list.push(p.singular);
    for (let t = p.lo; t < p.hi; t++) if (t !== p.exact && t !== p.singular) list.push(t);
    for (const t of p.fuzzy) list.push(t);
    out = list;
    termLists.set(p, out);
  }
  return out;
}

function codeSearch(index: SearchIndex, q: string, opts: SearchOptions, bits: Int32Array): SearchHit[] {
  const hits: SearchHit[] = [];
  let i = lowerBound(index.sortedCodes, q);
  const sys = opts.system === undefined ? -1 : CODE_SYSTEMS.indexOf(opts.system);
  // Code order is hierarchy order (E11, E11.0, E11.00, ...), which is what a coder browsing a prefix expects.
  for (let scanned = 0; i < index.sortedCodes.length && scanned < 20_000 && hits.length < opts.limit; i++, scanned++) {
    const code = index.sortedCodes[i] ?? '';
    if (!code.startsWith(q)) break;
    const doc = index.byCode[i] ?? 0;
    const hit = makeHit(index, doc, bits, sys, code === q ? 1000 : 900 - (code.length - q.length) * 10, ['code']);
    if (hit) hits.push(hit);
  }
  return hits;
}

/** Display codes of a doc's ancestors present in the index, top first. */
function ancestorsOf(index: SearchIndex, system: CodeSystem, doc: number): string[] {
  const path: string[] = [];
  for (let p = index.parentDoc[doc] ?? -1; p !== -1; p = index.parentDoc[p] ?? -1)
    path.unshift(displayCode(system, index.docCode[p] ?? ''));
  return path;
}

function makeHit(
  index: SearchIndex,
  doc: number,
  bits: Int32Array,
  sys: number,
  score: number,
  matchedOn: readonly MatchKind[],
): SearchHit | undefined {
  const s = index.docSystem[doc] ?? 0;
  if (sys >= 0 && s !== sys) return undefined;
  const bit = bits[s] ?? -1;
  if (bit < 0 || ((index.present[doc] ?? 0) & (1 << bit)) === 0) return undefined;
  const system = CODE_SYSTEMS[s] ?? CodeSystem.icd10cm;
  const code = index.docCode[doc] ?? '';
  const billable = ((index.billable[doc] ?? 0) & (1 << bit)) !== 0;
  return {
    system,
    code,
    display: displayCode(system, code),
    title: index.docTitle[doc] ?? '',
    billable,
    path: ancestorsOf(index, system, doc),
    score,
    matchedOn,
  };
}

/**
 * Ranked code search: by code or code prefix (with or without the dot), or by words in any order, word prefixes,
 * Alphabetic Index and inclusion terms, common abbreviations and small typos. Billable codes rank first; only codes
 * of the release in force on `opts.date` are returned.
 */
export function searchCodes(index: SearchIndex, query: string, opts: SearchOptions): SearchHit[] {
  const bits = releaseBits(index, opts.date);
  const limit = Math.max(0, Math.floor(opts.limit));
  if (limit === 0) return [];
  const compact = query.trim().toUpperCase().replace(/[.\s]/g, '');
  if (compact.length === 0) return [];
  if (CODE_QUERY.test(compact) && !ABBREVIATION_MAP.has(compact.toLowerCase())) {
    // A dot after the 3rd character is ICD-10-CM notation: search that system only.
    const dotted = /^[A-Za-z][0-9][0-9A-Za-z]\./.test(query.trim());
    const hits = codeSearch(
      index,
      compact,
      { ...opts, limit, system: dotted ? CodeSystem.icd10cm : opts.system },
      bits,
    );
    if (hits.length > 0) return hits;
  }

  // Plan the words: abbreviations expand to their words (all required) and remember their default code.
  const words = tokenize(query);
  const meaningful = words.filter((w) => !STOPWORDS.has(w));
  const source = meaningful.length > 0 ? meaningful : words;
  const plans: TokenPlan[] = [];
  const defaults = new Set<number>();
  source.forEach((w, k) => {
    const abbr = ABBREVIATION_MAP.get(w);
    if (abbr && (opts.system === undefined || opts.system === abbr.system)) {
      const d = index.abbreviationDefaults.get(w);
      if (d !== undefined) defaults.add(d);
      for (const e of tokenize(abbr.expansion)) if (!STOPWORDS.has(e)) plans.push(cachedPlan(index, e, true, true));
      return;
    }
    const isLast = k === source.length - 1;
    plans.push(cachedPlan(index, w, isLast || w.length >= 3, false));
  });
  if (plans.length === 0) return [];
  // A word typed twice ("fract ... fract") is one requirement.
  for (let i = plans.length - 1; i >= 0; i--)
    if (plans.findIndex((p) => p.text === plans[i]?.text) !== i) plans.splice(i, 1);
  if (plans.some((p) => p.exact < 0 && p.singular < 0 && p.hi <= p.lo && p.fuzzy.size === 0)) return [];

  // Drive candidates from the cheapest word; check the others against each candidate's forward index.
  // Work per word grows with its document count and with how many postings lists must be merged or galloped.
  const work = (p: TokenPlan): number => p.cost * (1 + 0.5 * (termsOf(p).length - 1));
  let driver = plans[0];
  for (const p of plans) if (driver && work(p) < work(driver)) driver = p;
  if (!driver) return [];
  const sys = opts.system === undefined ? -1 : CODE_SYSTEMS.indexOf(opts.system);
  const collect = Math.max(MIN_COLLECT, 4 * limit);
  const driverSlot = Math.max(0, plans.indexOf(driver));
  // The Alphabetic Index entry whose words are exactly the query's ("kidney stone" = "Stone, kidney").
  const phraseDocs = new Set<number>(
    index.indexPhrases.get(phraseKey(plans.map((p) => p.corrected ?? p.text))) ??
      index.indexPhrases.get(
        phraseKey(plans.map((p) => (p.singular >= 0 ? (index.terms[p.singular] ?? p.text) : (p.corrected ?? p.text)))),
      ) ??
      [],
  );
  const scored: { doc: number; score: number; matchedOn: MatchKind[] }[] = [];

  // Mark every vocabulary term a query word accepts: 2 bits per word (3 exact, 2 prefix, 1 typo) in a scratch array
  // stamped with a per-query generation, so checking a candidate is one array read per term of the code.
  const scratch = scratchFor(index);
  const gen = ++scratch.gen;
  const used = plans.slice(0, 8);
  used.forEach((p, k) => {
    const mark = (t: number, q: number): void => {
      if (scratch.stamp[t] !== gen) {
        scratch.stamp[t] = gen;
        scratch.bits[t] = 0;
      }
      const shift = 2 * k;
      const prev = ((scratch.bits[t] ?? 0) >> shift) & 3;
      if (q > prev) scratch.bits[t] = ((scratch.bits[t] ?? 0) & ~(3 << shift)) | (q << shift);
    };
    for (const t of p.fuzzy) mark(t, 1);
    for (let t = p.lo; t < p.hi; t++) mark(t, 2);
    if (p.exact >= 0) mark(p.exact, 3);
    if (p.singular >= 0) mark(p.singular, 3);
  });
  const n = used.length;
  const allMask = (1 << n) - 1;
  const best = new Float64Array(n);
  const viaTypoMask = used.reduce((m, p, k) => (p.exact < 0 && p.singular < 0 && p.hi <= p.lo ? m | (1 << k) : m), 0);
  const anyAbbreviation = used.some((p) => p.fromAbbreviation);

  const evaluate = (doc: number): void => {
    const s = index.docSystem[doc] ?? 0;
    if (sys >= 0 && s !== sys) return;
    const bit = bits[s] ?? -1;
    if (bit < 0 || ((index.present[doc] ?? 0) & (1 << bit)) === 0) return;
    const start = index.fwdStart[doc] ?? 0;
    const titleEnd = index.fwdTitleEnd[doc] ?? 0;
    const end = index.fwdStart[doc + 1] ?? 0;
    best.fill(0);
    let titleMask = 0;
    let covered = 0;
    // Title words first: when every word matched its title exactly, the Index words cannot improve the score.
    let exactMask = 0;
    for (let k = start; k < titleEnd; k++) {
      const t = index.fwd[k] ?? 0;
      if (scratch.stamp[t] !== gen) continue;
      const b = scratch.bits[t] ?? 0;
      covered++;
      for (let p = 0; p < n; p++) {
        const q = (b >> (2 * p)) & 3;
        if (q === 0) continue;
        const quality = QUALITY[q] ?? 0;
        if (quality > (best[p] ?? 0)) best[p] = quality;
        titleMask |= 1 << p;
        if (q === 3) exactMask |= 1 << p;
      }
    }
    if (exactMask !== allMask) {
      for (let k = titleEnd; k < end; k++) {
        const t = index.fwd[k] ?? 0;
        if (scratch.stamp[t] !== gen) continue;
        const b = scratch.bits[t] ?? 0;
        for (let p = 0; p < n; p++) {
          const q = (b >> (2 * p)) & 3;
          if (q === 0) continue;
          const quality = (QUALITY[q] ?? 0) * 0.7;
          if (quality > (best[p] ?? 0)) best[p] = quality;
        }
      }
    }
    let total = 0;
    for (let p = 0; p < n; p++) {
      const v = best[p] ?? 0;
      if (v === 0) return;
      total += v;
    }
    // Coverage: share of the title's words the query accounts for, so "Heart failure, unspecified" beats
    // "Hypertensive heart and chronic kidney disease with heart failure and ...".
    const titleLen = Math.max(1, titleEnd - start);
    const billable = ((index.billable[doc] ?? 0) & (1 << bit)) !== 0;
    let score = (total / n) * 100 + (covered / titleLen) * 40 + (billable ? 25 : 0);
    // ICD-10 titles lead with the condition ("Pneumonia, unspecified organism"); a title that starts with a query
    // word is more likely the general code a coder wants than one where the word is a modifier ("Typhoid pneumonia").
    const first = index.fwd[start] ?? -1;
    if (titleEnd > start && scratch.stamp[first] === gen) score += 12;
    if (defaults.has(doc)) score += 80;
    if (phraseDocs.has(doc)) score += 50;
    const matchedOn: MatchKind[] = [titleMask === (1 << n) - 1 ? 'title' : 'index-term'];
    if (anyAbbreviation) matchedOn.push('abbreviation');
    if ((viaTypoMask & ~0) !== 0 && viaTypoMask !== 0) matchedOn.push('typo');
    scored.push({ doc, score, matchedOn });
  };

  // Abbreviation defaults and exact Index phrases are always candidates (the Index's code for the term).
  for (const d of defaults) evaluate(d);
  for (const d of phraseDocs) if (!defaults.has(d)) evaluate(d);
  const driverTerms = termsOf(driver);
  const seen = new Set<number>([...defaults, ...phraseDocs]);
  // Before the costlier scoring scan, a candidate must contain every other word. The most selective word's
  // documents are stamped in a per-query array (one write per posting, then an O(1) check per candidate); the others,
  // most selective first, keep cursors into their postings lists and are checked by galloping forward.
  const others = plans.filter((p) => p !== driver).sort((a, b) => work(a) - work(b));
  // Stamping costs one write per posting: worth it only when that word is about as rare as the driver.
  const stamped = others[0] !== undefined && others[0].cost <= 4 * driver.cost ? others.shift() : undefined;
  const docGen = ++scratch.docGen;
  if (stamped) {
    for (const t of termsOf(stamped)) {
      const end = index.postingsStart[t + 1] ?? 0;
      for (let k = index.postingsStart[t] ?? 0; k < end; k++) scratch.docStamp[index.postings[k] ?? 0] = docGen;
    }
  }
  const filters = others
    .map((p) => termsOf(p))
    .filter((terms) => terms.length <= 64)
    .map((terms) => ({
      heads: terms.map((t) => index.postingsStart[t] ?? 0),
      ends: terms.map((t) => index.postingsStart[t + 1] ?? 0),
    }));
  const passes = (doc: number): boolean => {
    if (stamped && scratch.docStamp[doc] !== docGen) return false;
    for (const f of filters) {
      let hit = false;
      for (let k = 0; k < f.heads.length; k++) {
        const end = f.ends[k] ?? 0;
        let h = f.heads[k] ?? 0;
        if (h >= end || (index.postings[h] ?? 0) >= doc) {
          if (h < end && index.postings[h] === doc) hit = true;
          continue;
        }
        // Gallop: double the step until past doc, then binary search.
        let step = 1;
        let lo = h;
        while (h + step < end && (index.postings[h + step] ?? 0) < doc) {
          lo = h + step;
          step *= 2;
        }
        let hi = Math.min(h + step, end);
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((index.postings[mid] ?? 0) < doc) lo = mid + 1;
          else hi = mid;
        }
        h = lo;
        f.heads[k] = h;
        if (h < end && index.postings[h] === doc) hit = true;
      }
      if (!hit) return false;
    }
    return true;
  };
  const checkSeen = seen.size > 0;
  if (driverTerms.length === 1) {
    // One postings list: walk it directly.
    const t = driverTerms[0] ?? 0;
    const end = index.postingsStart[t + 1] ?? 0;
    for (let k = index.postingsStart[t] ?? 0; k < end && scored.length < collect; k++) {
      const doc = index.postings[k] ?? 0;
      if ((!checkSeen || !seen.has(doc)) && passes(doc)) evaluate(doc);
    }
  } else if (driverTerms.length <= 64) {
    // k-way merge of the driver's postings lists, in doc (= static rank) order.
    const postings = index.postings;
    const m = driverTerms.length;
    const heads = new Int32Array(m);
    const ends = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      const t = driverTerms[k] ?? 0;
      heads[k] = index.postingsStart[t] ?? 0;
      ends[k] = index.postingsStart[t + 1] ?? 0;
    }
    for (;;) {
      let minDoc = 0x7fffffff;
      for (let k = 0; k < m; k++) {
        const h = heads[k] as number;
        if (h < (ends[k] as number)) {
          const d = postings[h] as number;
          if (d < minDoc) minDoc = d;
        }
      }
      if (minDoc === 0x7fffffff) break;
      for (let k = 0; k < m; k++) {
        const h = heads[k] as number;
        if (h < (ends[k] as number) && postings[h] === minDoc) heads[k] = h + 1;
      }
      if ((!checkSeen || !seen.has(minDoc)) && passes(minDoc)) evaluate(minDoc);
      if (scored.length >= collect) break;
    }
  } else {
    // A very short prefix matches hundreds of words: walk the docs in rank order instead and stop early.
    for (let doc = 0; doc < index.docCount && scored.length < collect; doc++) {
      if (seen.has(doc)) continue;
      const end = index.fwdStart[doc + 1] ?? 0;
      for (let k = index.fwdStart[doc] ?? 0; k < end; k++) {
        const t = index.fwd[k] ?? 0;
        if (scratch.stamp[t] === gen && ((scratch.bits[t] ?? 0) & (3 << (2 * driverSlot))) !== 0) {
          evaluate(doc);
          break;
        }
      }
    }
  }
  // Billable codes first [search brief]; within each tier by score, then by static rank.
  const billableNow = (doc: number): number => {
    const bit = bits[index.docSystem[doc] ?? 0] ?? -1;
    return bit >= 0 && ((index.billable[doc] ?? 0) & (1 << bit)) !== 0 ? 1 : 0;
  };
  scored.sort((a, b) => billableNow(b.doc) - billableNow(a.doc) || b.score - a.score || a.doc - b.doc);
  const hits: SearchHit[] = [];
  for (const s of scored) {
    if (hits.length >= limit) break;
    const hit = makeHit(index, s.doc, bits, sys, Math.round(s.score * 10) / 10, s.matchedOn);
    if (hit) hits.push(hit);
  }
  return hits;
}
