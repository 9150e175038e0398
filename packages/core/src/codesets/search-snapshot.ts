import { abbreviationDefaultsOf, buildFuzzyBuckets, docKey, type SearchIndex } from './search-index.js';
import { CODE_SYSTEMS, type CodeSystem, type IsoDate } from './types.js';

/**
 * A search index flattened for a cache file: its typed arrays as they are, its strings and small tables as JSON.
 * Maps that can be derived (term ids, doc keys, typo buckets, abbreviation defaults) are rebuilt on restore, which
 * is much cheaper than re-tokenising every title and Index term.
 */
export interface SearchIndexSnapshot {
  readonly json: {
    readonly formatVersion: 1;
    readonly docCount: number;
    readonly docCode: readonly string[];
    readonly docTitle: readonly string[];
    readonly terms: readonly string[];
    readonly releases: readonly {
      readonly system: CodeSystem;
      readonly version: string;
      readonly effectiveFrom: IsoDate;
      readonly bit: number;
    }[];
    readonly indexPhrases: readonly (readonly [string, readonly number[]])[];
  };
  readonly arrays: {
    readonly docSystem: Uint8Array;
    readonly present: Uint32Array;
    readonly billable: Uint32Array;
    readonly postingsStart: Int32Array;
    readonly postings: Int32Array;
    readonly cumulativeDf: Float64Array;
    readonly fwdStart: Int32Array;
    readonly fwdTitleEnd: Int32Array;
    readonly fwd: Int32Array;
    readonly parentDoc: Int32Array;
    readonly byCode: Int32Array;
    readonly termMask: Int32Array;
  };
}

export type SnapshotArrayName = keyof SearchIndexSnapshot['arrays'];

export function snapshotSearchIndex(index: SearchIndex): SearchIndexSnapshot {
  return {
    json: {
      formatVersion: 1,
      docCount: index.docCount,
      docCode: index.docCode,
      docTitle: index.docTitle,
      terms: index.terms,
      releases: index.releases,
      indexPhrases: [...index.indexPhrases.entries()],
    },
    arrays: {
      docSystem: index.docSystem,
      present: index.present,
      billable: index.billable,
      postingsStart: index.postingsStart,
      postings: index.postings,
      cumulativeDf: index.cumulativeDf,
      fwdStart: index.fwdStart,
      fwdTitleEnd: index.fwdTitleEnd,
      fwd: index.fwd,
      parentDoc: index.parentDoc,
      byCode: index.byCode,
      termMask: index.termMask,
    },
  };
}

/** Rebuilds a search index from a snapshot (the derived maps are recomputed). */
export function restoreSearchIndex(snapshot: SearchIndexSnapshot): SearchIndex {
  const { json, arrays } = snapshot;
  const termId = new Map<string, number>();
  json.terms.forEach((t, i) => termId.set(t, i));
  const docByKey = new Map<string, number>();
  for (let d = 0; d < json.docCount; d++)
    docByKey.set(docKey(CODE_SYSTEMS[arrays.docSystem[d] ?? 0] ?? 'ICD-10-CM', json.docCode[d] ?? ''), d);
  const fuzzyBuckets = buildFuzzyBuckets(json.terms);
  const abbreviationDefaults = abbreviationDefaultsOf(docByKey);
  return {
    docCount: json.docCount,
    docSystem: arrays.docSystem,
    docCode: json.docCode,
    docTitle: json.docTitle,
    present: arrays.present,
    billable: arrays.billable,
    releases: json.releases,
    terms: json.terms,
    termId,
    postingsStart: arrays.postingsStart,
    postings: arrays.postings,
    cumulativeDf: arrays.cumulativeDf,
    fwdStart: arrays.fwdStart,
    fwdTitleEnd: arrays.fwdTitleEnd,
    fwd: arrays.fwd,
    parentDoc: arrays.parentDoc,
    byCode: arrays.byCode,
    sortedCodes: Array.from(arrays.byCode, (d) => json.docCode[d] ?? ''),
    docByKey,
    termMask: arrays.termMask,
    fuzzyBuckets,
    indexPhrases: new Map(json.indexPhrases),
    abbreviationDefaults,
  };
}
