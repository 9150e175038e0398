import { ABBREVIATIONS } from './abbreviations.js';
import type { CompiledCodeSets, CompiledIndexTerm } from './compiled.js';
import { CODE_SYSTEMS, normalizeCode, type CodeSystem, type IsoDate } from './types.js';

/**
 * The in-memory search index over every code of every loaded release: integer postings lists, a forward index per
 * code, a sorted vocabulary (so a word prefix is a contiguous range of term ids) and length buckets for typo
 * tolerance. Built once per load; queries never scan titles with a regular expression.
 *
 * Documents are numbered in a static rank order (billable first, then shorter titles, then code order), so every
 * postings list is also in rank order and a query can stop early once it has enough good candidates.
 */
export interface SearchIndex {
  readonly docCount: number;
  /** Per doc: index into CODE_SYSTEMS. */
  readonly docSystem: Uint8Array;
  readonly docCode: readonly string[];
  readonly docTitle: readonly string[];
  /** Per doc: bit r set when the code is present in release r (see `releases`). */
  readonly present: Uint32Array;
  readonly billable: Uint32Array;
  readonly releases: readonly {
    readonly system: CodeSystem;
    readonly version: string;
    readonly effectiveFrom: IsoDate;
    readonly bit: number;
  }[];
  /** Sorted vocabulary. */
  readonly terms: readonly string[];
  readonly termId: ReadonlyMap<string, number>;
  /** postings[postingsStart[t] .. postingsStart[t+1]) are the docs containing term t, ascending. */
  readonly postingsStart: Int32Array;
  readonly postings: Int32Array;
  /** Cumulative document frequency over the sorted vocabulary: df of a term range in O(1). */
  readonly cumulativeDf: Float64Array;
  /** fwd[fwdStart[d] .. fwdTitleEnd[d]) title terms, then [fwdTitleEnd[d] .. fwdStart[d+1]) Index and inclusion terms. */
  readonly fwdStart: Int32Array;
  readonly fwdTitleEnd: Int32Array;
  readonly fwd: Int32Array;
  /** Per doc: the doc of its nearest ancestor code (longest proper prefix of 3+ characters), -1 for none. */
  readonly parentDoc: Int32Array;
  /** Doc ids ordered by code, and the codes in that order, for code-prefix search. */
  readonly byCode: Int32Array;
  readonly sortedCodes: readonly string[];
  readonly docByKey: ReadonlyMap<string, number>;
  /** Per term: bit i set when letter a+i occurs, to rule typo candidates out before computing edit distance. */
  readonly termMask: Int32Array;
  /** Term ids by `${firstLetter}${length}`, for edit-distance candidates. */
  readonly fuzzyBuckets: ReadonlyMap<string, readonly number[]>;
  /** Alphabetic Index entries by phraseKey of their words (main term + subterms): the codes they give. */
  readonly indexPhrases: ReadonlyMap<string, readonly number[]>;
  /** Doc ids of abbreviation default codes, by abbreviation. */
  readonly abbreviationDefaults: ReadonlyMap<string, number>;
}

/** Words that carry no meaning in a code title. "with"/"without" are kept out too: titles use them everywhere. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'of',
  'the',
  'and',
  'or',
  'in',
  'to',
  'for',
  'by',
  'a',
  'an',
  'on',
  'at',
  'as',
  'with',
  'nos',
  'nec',
  'is',
  'from',
  'its',
]);

/** Lower-case words of a text: letters and digits, apostrophes dropped ("Addison's" -> "addisons"). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)) {
    if (raw.length > 0) out.push(raw);
  }
  return out;
}

/** Term ids by first letter and length, and (key starting "_") by second letter and length, for typo lookup. */
export function buildFuzzyBuckets(terms: readonly string[]): Map<string, number[]> {
  const buckets = new Map<string, number[]>();
  terms.forEach((t, i) => {
    if (t.length < 3 || /^[0-9]/.test(t)) return;
    for (const key of [`${t[0] ?? ''}${t.length}`, `_${t[1] ?? ''}${t.length}`]) {
      const bucket = buckets.get(key) ?? [];
      bucket.push(i);
      buckets.set(key, bucket);
    }
  });
  return buckets;
}

/** Doc ids of the abbreviation table's default codes, by abbreviation. */
export function abbreviationDefaultsOf(docByKey: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of ABBREVIATIONS) {
    if (!a.defaultCode) continue;
    const doc = docByKey.get(docKey(a.system, a.defaultCode));
    if (doc !== undefined) out.set(a.abbr, doc);
  }
  return out;
}

/** Bit i set when the letter a+i occurs in the word. */
export function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) m |= 1 << c;
  }
  return m;
}

/** A term title without its nonessential modifiers, lower case: "Gallstone (colic) (multiple)" -> "gallstone". */
function headWord(title: string): string {
  return title
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Follows a "see" / "see also" reference ("Calculus, gallbladder") to the code of the entry it names: the main
 * term, then each comma-separated subterm in turn. Undefined when the path does not lead to a code.
 */
function resolveSee(
  terms: readonly CompiledIndexTerm[],
  mainTerms: ReadonlyMap<string, number>,
  reference: string,
): string | undefined {
  const parts = reference
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0);
  // Main terms may themselves contain a comma ("Abdomen, abdominal"): try the longest main-term match first.
  for (let take = Math.min(parts.length, 3); take >= 1; take--) {
    let at = mainTerms.get(parts.slice(0, take).join(', '));
    if (at === undefined) continue;
    for (const part of parts.slice(take)) {
      const level = (terms[at]?.level ?? 0) + 1;
      let next: number | undefined;
      for (let k = at + 1; k < terms.length; k++) {
        const t = terms[k];
        if (!t || t.level < level) break;
        if (t.level === level && t.parent === at && headWord(t.title) === part) {
          next = k;
          break;
        }
      }
      if (next === undefined) return undefined;
      at = next;
    }
    return terms[at]?.code;
  }
  return undefined;
}

/** Order-free key of a set of words, for matching a query against an Index entry. */
export function phraseKey(words: readonly string[]): string {
  return [...new Set(words.filter((w) => !STOPWORDS.has(w)))].sort().join(' ');
}

const systemIndex = (s: CodeSystem): number => CODE_SYSTEMS.indexOf(s);
export const docKey = (system: CodeSystem, code: string): string => `${system}|${code}`;

/** Builds the search index from compiled code sets (pure). */
export function buildSearchIndex(compiled: CompiledCodeSets): SearchIndex {
  const releases = [...compiled.releases].sort((a, b) =>
    a.system === b.system
      ? a.effectiveFrom < b.effectiveFrom
        ? -1
        : 1
      : systemIndex(a.system) - systemIndex(b.system),
  );
  if (releases.length > 32) throw new Error('The search index supports at most 32 loaded releases');

  // 1. Collect docs: one per (system, code), titled by the newest release.
  interface Draft {
    system: CodeSystem;
    code: string;
    title: string;
    present: number;
    billable: number;
    newestBillable: boolean;
    extra: Set<string> | undefined;
  }
  const bySystem = new Map<CodeSystem, Map<string, Draft>>(CODE_SYSTEMS.map((sys) => [sys, new Map<string, Draft>()]));
  releases.forEach((r, bit) => {
    const drafts = bySystem.get(r.system) ?? new Map<string, Draft>();
    const mask = 1 << bit;
    for (let i = 0; i < r.codes.length; i++) {
      const code = r.codes[i] ?? '';
      let d = drafts.get(code);
      const title = compiled.strings[r.long[i] ?? -1] ?? '';
      const isBillable = r.billable.charCodeAt(i) === 49;
      if (!d) {
        d = { system: r.system, code, title, present: 0, billable: 0, newestBillable: isBillable, extra: undefined };
        drafts.set(code, d);
      }
      d.title = title;
      d.newestBillable = isBillable;
      d.present |= mask;
      if (isBillable) d.billable |= mask;
    }
  });

  // 2. Index and inclusion terms become extra words of the code they point to (capped per code).
  const MAX_EXTRA = 48;
  const phraseCodes: [string, string][] = [];
  const attach = (system: CodeSystem, rawCode: string, words: readonly string[], cap = MAX_EXTRA): void => {
    const drafts = bySystem.get(system);
    let code = rawCode.includes('.') || rawCode.endsWith('-') ? normalizeCode(rawCode).replace(/-+$/, '') : rawCode;
    let d = drafts?.get(code);
    while (!d && code.length > 3) {
      code = code.slice(0, -1);
      d = drafts?.get(code);
    }
    if (!d) return;
    const extra = (d.extra ??= new Set());
    for (const w of words) {
      if (extra.size >= cap) return;
      if (!STOPWORDS.has(w)) extra.add(w);
    }
  };
  for (const idx of compiled.indexes) {
    if (idx.kind !== 'index' && idx.kind !== 'eindex') continue;
    const words: string[][] = [];
    const mainTerms = new Map<string, number>();
    idx.terms.forEach((t, i) => {
      if (t.level !== 0) return;
      // "Calculus, calculous, calculi" is found as a whole and under each of its forms.
      const head = headWord(t.title);
      if (!mainTerms.has(head)) mainTerms.set(head, i);
      for (const form of head.split(',')) if (!mainTerms.has(form.trim())) mainTerms.set(form.trim(), i);
    });
    // Phrase keys per term: a main term's comma-separated forms are alternatives ("Asthma, asthmatic"), each
    // extended by the subterm words below it.
    const phrases: string[][][] = [];
    idx.terms.forEach((t, i) => {
      const plain = t.title.replace(/\([^)]*\)/g, ' ');
      const own = tokenize(plain);
      const chain = t.parent >= 0 ? (words[t.parent] ?? []).concat(own) : own;
      words[i] = chain;
      const alternatives =
        t.parent >= 0
          ? (phrases[t.parent] ?? []).map((p) => p.concat(own))
          : [
              own,
              ...plain
                .split(',')
                .slice(0, 4)
                .map((part) => tokenize(part)),
            ].filter((a) => a.length > 0);
      phrases[i] = alternatives;
      const code =
        t.code ??
        (t.see !== undefined || t.seeAlso !== undefined
          ? resolveSee(idx.terms, mainTerms, t.see ?? t.seeAlso ?? '')
          : undefined);
      if (code) {
        // A main term's own words (the condition's name, "Gallstone") are kept even on codes many entries lead to.
        attach('ICD-10-CM', code, chain, t.level === 0 ? 2 * MAX_EXTRA : MAX_EXTRA);
        const normalized = normalizeCode(code).replace(/-+$/, '');
        for (const a of alternatives) phraseCodes.push([phraseKey(a), normalized]);
      }
    });
  }
  for (const n of compiled.tabular?.nodes ?? []) {
    if (n.kind !== 'code') continue;
    for (const [kind, text] of n.notes) if (kind === 'inclusionTerm') attach('ICD-10-CM', n.id, tokenize(text));
  }

  // 3. Static rank order.
  const list = [...bySystem.values()]
    .flatMap((m) => [...m.values()])
    .map((d) => ({ d, titleWords: tokenize(d.title).filter((w) => !STOPWORDS.has(w)) }));
  list.sort((a, b) => {
    if (a.d.newestBillable !== b.d.newestBillable) return a.d.newestBillable ? -1 : 1;
    if (a.titleWords.length !== b.titleWords.length) return a.titleWords.length - b.titleWords.length;
    const s = systemIndex(a.d.system) - systemIndex(b.d.system);
    if (s !== 0) return s;
    return a.d.code < b.d.code ? -1 : a.d.code > b.d.code ? 1 : 0;
  });

  // 4. Vocabulary, forward index and postings.
  const vocab = new Set<string>();
  for (const { d, titleWords } of list) {
    for (const w of titleWords) vocab.add(w);
    if (d.extra) for (const w of d.extra) vocab.add(w);
  }
  const terms = [...vocab].sort();
  const termId = new Map<string, number>();
  terms.forEach((t, i) => termId.set(t, i));
  const docCount = list.length;
  const fwdStart = new Int32Array(docCount + 1);
  const fwdTitleEnd = new Int32Array(docCount);
  const fwdList: number[] = [];
  const stamp = new Int32Array(terms.length);
  const df = new Int32Array(terms.length);
  const docSystem = new Uint8Array(docCount);
  const present = new Uint32Array(docCount);
  const billable = new Uint32Array(docCount);
  const docCode: string[] = [];
  const docTitle: string[] = [];
  const docByKey = new Map<string, number>();
  list.forEach(({ d, titleWords }, doc) => {
    docSystem[doc] = systemIndex(d.system);
    present[doc] = d.present;
    billable[doc] = d.billable;
    docCode.push(d.code);
    docTitle.push(d.title);
    docByKey.set(docKey(d.system, d.code), doc);
    fwdStart[doc] = fwdList.length;
    // stamp[t] === doc + 1 marks a term already listed for this doc (no per-doc Set).
    for (const w of titleWords) {
      const t = termId.get(w) ?? 0;
      if (stamp[t] !== doc + 1) {
        stamp[t] = doc + 1;
        fwdList.push(t);
        df[t] = (df[t] ?? 0) + 1;
      }
    }
    fwdTitleEnd[doc] = fwdList.length;
    if (d.extra) {
      for (const w of d.extra) {
        const t = termId.get(w) ?? 0;
        if (stamp[t] !== doc + 1) {
          stamp[t] = doc + 1;
          fwdList.push(t);
          df[t] = (df[t] ?? 0) + 1;
        }
      }
    }
  });
  fwdStart[docCount] = fwdList.length;
  const fwd = Int32Array.from(fwdList);
  const postingsStart = new Int32Array(terms.length + 1);
  const cumulativeDf = new Float64Array(terms.length + 1);
  for (let t = 0; t < terms.length; t++) {
    postingsStart[t + 1] = (postingsStart[t] ?? 0) + (df[t] ?? 0);
    cumulativeDf[t + 1] = (cumulativeDf[t] ?? 0) + (df[t] ?? 0);
  }
  const postings = new Int32Array(postingsStart[terms.length] ?? 0);
  const fill = postingsStart.slice(0, terms.length);
  for (let doc = 0; doc < docCount; doc++) {
    for (let k = fwdStart[doc] ?? 0; k < (fwdStart[doc + 1] ?? 0); k++) {
      const t = fwd[k] ?? 0;
      postings[fill[t] ?? 0] = doc;
      fill[t] = (fill[t] ?? 0) + 1;
    }
  }

  // 5. Code order and fuzzy buckets.
  const order = Array.from({ length: docCount }, (_, i) => i);
  order.sort((a, b) => {
    const ca = docCode[a] ?? '';
    const cb = docCode[b] ?? '';
    return ca < cb ? -1 : ca > cb ? 1 : (docSystem[a] ?? 0) - (docSystem[b] ?? 0);
  });
  const byCode = Int32Array.from(order);
  const sortedCodes = Array.from(byCode, (d) => docCode[d] ?? '');
  const fuzzyBuckets = buildFuzzyBuckets(terms);
  const termMask = Int32Array.from(terms, letterMask);
  const parentDoc = new Int32Array(docCount).fill(-1);
  for (let d = 0; d < docCount; d++) {
    const system = CODE_SYSTEMS[docSystem[d] ?? 0] ?? 'ICD-10-CM';
    if (system === 'HCPCS' || system === 'CPT') continue;
    const code = docCode[d] ?? '';
    for (let len = code.length - 1; len >= 3; len--) {
      const p = docByKey.get(docKey(system, code.slice(0, len)));
      if (p !== undefined) {
        parentDoc[d] = p;
        break;
      }
    }
  }
  const indexPhrases = new Map<string, number[]>();
  for (const [key, code] of phraseCodes) {
    const doc = docByKey.get(docKey('ICD-10-CM', code));
    if (doc === undefined) continue;
    const list = indexPhrases.get(key) ?? [];
    if (!list.includes(doc)) list.push(doc);
    indexPhrases.set(key, list);
  }
  const abbreviationDefaults = abbreviationDefaultsOf(docByKey);

  return {
    docCount,
    docSystem,
    docCode,
    docTitle,
    present,
    billable,
    releases: releases.map((r, bit) => ({ system: r.system, version: r.version, effectiveFrom: r.effectiveFrom, bit })),
    terms,
    termId,
    postingsStart,
    postings,
    cumulativeDf,
    fwdStart,
    fwdTitleEnd,
    fwd,
    byCode,
    sortedCodes,
    docByKey,
    termMask,
    parentDoc,
    fuzzyBuckets,
    indexPhrases,
    abbreviationDefaults,
  };
}
