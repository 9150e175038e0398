import type { CodeSystem, IsoDate, NoteKind } from './types.js';

/**
 * The compact, JSON-serialisable form of the code sets that data/src compiles from the official files and caches.
 * Pure data: the store, search index and code detail in this folder are built over it. Titles are interned in one
 * string table because most titles repeat across releases.
 */
export interface CompiledRelease {
  readonly system: CodeSystem;
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly source: string;
  readonly origin: 'shipped' | 'imported';
  /** Codes without dot, in the file's order (the classification's order for ICD-10). */
  readonly codes: readonly string[];
  /** One character per code: '1' billable / valid for submission, '0' header. */
  readonly billable: string;
  /** Indexes into CompiledCodeSets.strings. */
  readonly short: readonly number[];
  readonly long: readonly number[];
  /** HCPCS: per code, the date it was added and the date it terminates (exclusive), or '' when open. */
  readonly addedOn?: readonly string[] | undefined;
  readonly terminatesOn?: readonly string[] | undefined;
  /** HCPCS: cross-reference (replacement) codes per code, '' when none. */
  readonly crossRefs?: readonly string[] | undefined;
}

/** One node of the ICD-10-CM Tabular: chapter, block (section) or diagnosis code, in document order. */
export interface CompiledTabularNode {
  readonly kind: 'chapter' | 'block' | 'code';
  /** Chapter number, block range ('A00-A09') or code without dot. */
  readonly id: string;
  readonly title: string;
  /** Index of the parent node, -1 for chapters. */
  readonly parent: number;
  /** [kind, text] pairs in document order. */
  readonly notes: readonly (readonly [NoteKind, string])[];
  readonly seventh?: { readonly note: string; readonly values: readonly (readonly [string, string])[] } | undefined;
  readonly placeholder?: boolean | undefined;
}

export interface CompiledTabular {
  /** e.g. 'FY2023'. */
  readonly release: string;
  readonly source: string;
  readonly nodes: readonly CompiledTabularNode[];
}

/** One term of an Alphabetic Index (diseases, external causes) or of the Drug / Neoplasm tables. */
export interface CompiledIndexTerm {
  /** Index of the parent term, -1 for a main term. */
  readonly parent: number;
  /** 0 for a main term, then the subterm level. */
  readonly level: number;
  /** Title with its nonessential modifiers in parentheses, as printed. */
  readonly title: string;
  /** Code as printed (with dot, may end in '-' when incomplete). */
  readonly code?: string | undefined;
  readonly manif?: string | undefined;
  readonly see?: string | undefined;
  readonly seeAlso?: string | undefined;
  /** Drug and Neoplasm tables: one code per column after the first ('--' when none). */
  readonly cells?: readonly string[] | undefined;
}

export interface CompiledIndex {
  readonly kind: 'index' | 'eindex' | 'drug' | 'neoplasm' | 'pcs-index';
  readonly release: string;
  readonly source: string;
  /** Table column headings (Drug, Neoplasm); empty for indexes. */
  readonly headings: readonly string[];
  readonly terms: readonly CompiledIndexTerm[];
}

/** One axis value: code character and label. */
export type PcsLabel = readonly [code: string, label: string];

export interface CompiledPcsAxis {
  readonly pos: number;
  readonly title: string;
  readonly labels: readonly PcsLabel[];
  readonly definition?: string | undefined;
}

/** A PCS table fixes characters 1-3; each row lists the allowed values of characters 4-7 (a Cartesian product). */
export interface CompiledPcsTable {
  readonly axes: readonly CompiledPcsAxis[];
  readonly rows: readonly (readonly CompiledPcsAxis[])[];
}

export interface CompiledPcsTables {
  readonly release: string;
  readonly source: string;
  readonly tables: readonly CompiledPcsTable[];
}

/** A PCS axis-value definition from the Definitions file: section, axis position, term, definition. */
export interface CompiledPcsDefinition {
  readonly section: string;
  readonly pos: number;
  readonly term: string;
  readonly definition: string;
  readonly explanation?: string | undefined;
  readonly includes?: string | undefined;
}

export interface CompiledPoaExempt {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly source: string;
  readonly codes: readonly string[];
}

/** ICD-10-CM conversion table row: a current code and the code(s) it replaced (all without dots). */
export interface CompiledConversion {
  readonly code: string;
  readonly effective: string;
  readonly previous: readonly string[];
}

export interface CompiledCodeSets {
  readonly formatVersion: 1;
  readonly strings: readonly string[];
  readonly releases: readonly CompiledRelease[];
  readonly tabular?: CompiledTabular | undefined;
  readonly indexes: readonly CompiledIndex[];
  readonly pcsTables?: CompiledPcsTables | undefined;
  readonly pcsDefinitions: readonly CompiledPcsDefinition[];
  readonly poaExempt: readonly CompiledPoaExempt[];
  readonly conversion: readonly CompiledConversion[];
  readonly conversionSource?: string | undefined;
}
