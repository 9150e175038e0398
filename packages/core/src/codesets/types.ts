/**
 * The code-set data model shared by lookups, search, code detail and the validation engine.
 *
 * Conventions (DOMAIN.md §1):
 * - Codes are stored without dots, upper case (`E119`); `display` carries the dot for ICD-10-CM (`E11.9`).
 * - Dates are ISO calendar dates `YYYY-MM-DD`. ICD-10-CM/PCS releases start on 1 Oct (fiscal year) and may have an
 *   interim 1 Apr release; HCPCS Level II is quarterly; CPT annual on 1 Jan.
 * - Validity comes only from the release's code list (the order file's flag 1 for ICD-10); the Tabular XML supplies
 *   notes and hierarchy [ICD-10-CM Tabular loader rules, DOMAIN.md §1.4].
 */

/** The code systems Charta knows. CPT is never shipped: a site imports its own licensed file (AMA licence). */
export const CodeSystem = {
  icd10cm: 'ICD-10-CM',
  icd10pcs: 'ICD-10-PCS',
  hcpcs: 'HCPCS',
  cpt: 'CPT',
} as const;
export type CodeSystem = (typeof CodeSystem)[keyof typeof CodeSystem];

export const CODE_SYSTEMS: readonly CodeSystem[] = [
  CodeSystem.icd10cm,
  CodeSystem.icd10pcs,
  CodeSystem.hcpcs,
  CodeSystem.cpt,
];

/** An ISO calendar date, `YYYY-MM-DD`. Plain strings compare in date order. */
export type IsoDate = string;

/** A code always travels with its system and version (house style §2). */
export interface CodeRef {
  readonly system: CodeSystem;
  /** Without dot, upper case. */
  readonly code: string;
  /** Release label, e.g. 'FY2026' or '2025-10' (HCPCS quarter). */
  readonly version: string;
}

/** One loaded release of a code system and the dates it is in force. */
export interface Release {
  readonly system: CodeSystem;
  /** 'FY2026', 'FY2026.1' (April interim), '2025-10' (HCPCS October 2025), 'CPT2026'. */
  readonly version: string;
  /** First day in force, inclusive (1 Oct or 1 Apr for ICD-10). */
  readonly effectiveFrom: IsoDate;
  /**
   * Last day in force, inclusive. Undefined while no later release is loaded: the newest release stays in force
   * (the store then reports the date as beyond its known releases through `releaseStatus`).
   */
  readonly effectiveTo?: IsoDate | undefined;
  /** Where the codes came from, e.g. 'CMS icd10cm_order_2026.txt'. */
  readonly source: string;
  /** How many codes (billable + header) the release holds. */
  readonly codeCount: number;
  /** Shipped with Charta, or imported by a site. */
  readonly origin: 'shipped' | 'imported';
}

/** A named level of the ICD-10-CM hierarchy (chapter number or block range, and its title). */
export interface HierarchyLevel {
  /** Chapter number ('1'..'22'), block range ('A00-A09') or category code ('A00'). */
  readonly id: string;
  readonly title: string;
}

export interface CodeHierarchy {
  readonly chapter?: HierarchyLevel | undefined;
  /** The Tabular "section" (a block of categories). */
  readonly block?: HierarchyLevel | undefined;
  /** The three-character category. */
  readonly category?: HierarchyLevel | undefined;
  /**
   * Ancestor codes from the category down to the direct parent, without dots (`['E11', 'E113', 'E1132']`).
   * For PCS: the 3-character table (`['0DT']`). For HCPCS/CPT: empty.
   */
  readonly ancestors: readonly string[];
}

/** One code of one release. */
export interface CodeEntry {
  readonly system: CodeSystem;
  /** Without dot, upper case. */
  readonly code: string;
  /** As a coder reads it: with the dot for ICD-10-CM (`E11.9`), as is for the others. */
  readonly display: string;
  readonly version: string;
  /** Valid for submission (order-file flag 1; active HCPCS code). A header is a category or subcategory. */
  readonly billable: boolean;
  readonly shortTitle: string;
  readonly longTitle: string;
  readonly hierarchy: CodeHierarchy;
}

/** Why a lookup did not yield a reportable code. */
export const NotFoundReason = {
  /** Not a well-formed code of the system. */
  invalidFormat: 'invalid-format',
  /** Never present in any loaded release. */
  unknown: 'unknown',
  /** Present only in a release that starts after the date. */
  notYetValid: 'not-yet-valid',
  /** Valid in an earlier release, gone (or no longer billable) on the date. */
  deleted: 'deleted',
  /** Present on the date, but a header (category/subcategory): not valid for submission. */
  header: 'header',
  /** No release of the system is loaded for the date. */
  noRelease: 'no-release',
} as const;
export type NotFoundReason = (typeof NotFoundReason)[keyof typeof NotFoundReason];

export type CodeNotFound =
  | { readonly reason: 'invalid-format'; readonly system: CodeSystem; readonly code: string; readonly message: string }
  | { readonly reason: 'unknown'; readonly system: CodeSystem; readonly code: string; readonly release: Release }
  | {
      readonly reason: 'not-yet-valid';
      readonly system: CodeSystem;
      readonly code: string;
      readonly release: Release;
      /** The first release that holds the code, and its start date. */
      readonly validFrom: IsoDate;
      readonly firstVersion: string;
    }
  | {
      readonly reason: 'deleted';
      readonly system: CodeSystem;
      readonly code: string;
      readonly release: Release;
      /** The first day on which the code is no longer reportable. */
      readonly deletedOn: IsoDate;
      /** The last release in which the code was reportable. */
      readonly lastVersion: string;
      /**
       * Reserved: a code still present as a header on the date (e.g. B88.0 in FY2026) is reported with reason
       * 'header' and its `becameHeaderOn` / `replacedBy`, so this is false.
       */
      readonly becameHeader: boolean;
      /** Replacement codes from the conversion table (ICD-10-CM) or the HCPCS cross-reference, without dots. */
      readonly replacedBy: readonly string[];
    }
  | {
      readonly reason: 'header';
      readonly system: CodeSystem;
      readonly code: string;
      readonly release: Release;
      readonly entry: CodeEntry;
      /** Billable descendants on the date (first few, in code order), to help a coder finish the code. */
      readonly billableChildren: readonly string[];
      /** Set when the code was billable in an earlier release: the first day it is a header (B88.0: 2025-10-01). */
      readonly becameHeaderOn?: IsoDate | undefined;
      /** With becameHeaderOn: the replacements from the conversion table (B88.0: B88.01, B88.09). */
      readonly replacedBy?: readonly string[] | undefined;
    }
  | { readonly reason: 'no-release'; readonly system: CodeSystem; readonly code: string; readonly date: IsoDate };

/**
 * A successful lookup. `basis: 'format-only'` is used for CPT when the site has loaded no CPT file: the code is only
 * known to be well formed (DOMAIN.md §1.7), and `entry` has empty titles.
 */
export interface CodeMatch {
  readonly entry: CodeEntry;
  readonly release: Release | undefined;
  readonly basis: 'release' | 'format-only';
}

export type CodeLookup =
  { readonly ok: true; readonly value: CodeMatch } | { readonly ok: false; readonly error: CodeNotFound };

/** The kinds of Tabular instructional notes (ICD-10-CM Tabular XML schema; Guidelines FY2026 §I.A.12-17, §I.B.7). */
export const NoteKind = {
  includes: 'includes',
  inclusionTerm: 'inclusionTerm',
  excludes1: 'excludes1',
  excludes2: 'excludes2',
  codeFirst: 'codeFirst',
  useAdditionalCode: 'useAdditionalCode',
  codeAlso: 'codeAlso',
  notes: 'notes',
} as const;
export type NoteKind = (typeof NoteKind)[keyof typeof NoteKind];

/**
 * A code or range named inside a note: `(G47.63)`, `(G30.-)` (whole subtree), `(E00-E03.-)`, `(T36-T65)`.
 * `from`/`to` are without dots; a single code has `to === from`.
 */
export interface CodeRangeRef {
  readonly from: string;
  readonly to: string;
  /** `.-` or a bare category: every descendant of the bounds is included. */
  readonly subtree: boolean;
}

export interface TabularNote {
  readonly kind: NoteKind;
  readonly text: string;
  /** Codes and ranges named in the text, parsed. */
  readonly refs: readonly CodeRangeRef[];
  /** The level where the note is written: a code without dot, a block range ('A00-A09') or 'chapter 1'. */
  readonly definedAt: string;
}

export interface SeventhCharacter {
  readonly char: string;
  readonly meaning: string;
}

/** The 7th-character rule in force for a code: the nearest `sevenChrDef` on the path wins (DOMAIN.md §1.4 rule 2). */
export interface SeventhCharacterRule {
  /** Code (without dot) that carries the definition. */
  readonly definedAt: string;
  readonly note: string;
  readonly values: readonly SeventhCharacter[];
}

/** All Tabular notes that apply to a code, own and inherited from its ancestors, nearest first. */
export interface CodeNotes {
  readonly code: string;
  /** The Tabular release the notes were read from, e.g. 'FY2023'. */
  readonly notesRelease: string;
  /**
   * False when the code itself is absent from that Tabular release (added later): it then carries only the notes of
   * its nearest ancestor that is present.
   */
  readonly inTabular: boolean;
  readonly notes: readonly TabularNote[];
  /** Set when a 7th character is required for codes in this subtree. */
  readonly seventh?: SeventhCharacterRule | undefined;
  /**
   * The Tabular marks a placeholder X for this subtree (T36-T50 etc.): an X fills empty positions up to the 6th
   * character when a 7th is required [Guidelines FY2026 §I.A.4-5].
   */
  readonly placeholder: boolean;
}

/** One change of a code across the loaded releases. */
export interface CodeHistoryEvent {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly change: 'added' | 'revised' | 'deleted' | 'became-header' | 'became-billable';
  /** For 'revised': the previous and new long title. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** For 'deleted' / 'became-header': replacements from the conversion table. */
  readonly replacedBy?: readonly string[] | undefined;
}

/** Where a date stands relative to the loaded releases of a system. */
export type ReleaseStatus =
  | { readonly kind: 'in-force'; readonly release: Release }
  /** After the newest loaded release's expected end (e.g. FY2026 on 2026-10-01): the newest is used, flagged. */
  | { readonly kind: 'beyond-newest'; readonly release: Release }
  | { readonly kind: 'before-oldest'; readonly oldest: Release }
  | { readonly kind: 'none-loaded' };

/**
 * Date-aware access to the loaded code sets. Every question takes the date that selects the release (discharge date
 * for inpatient stays, date of service otherwise: `releaseDateOf()` in encounter.ts).
 */
export interface CodeSetStore {
  /** Loaded releases, oldest first, per system. */
  releases(system: CodeSystem): readonly Release[];
  /** The release in force on the date; the newest release also covers dates after it until a newer one is loaded. */
  release(system: CodeSystem, date: IsoDate): Release | undefined;
  releaseStatus(system: CodeSystem, date: IsoDate): ReleaseStatus;
  /** Looks a code (with or without dot, any case) up in the release in force on the date. */
  lookup(system: CodeSystem, code: string, date: IsoDate): CodeLookup;
  /** The entry in the release in force on the date, billable or header; undefined when absent. */
  entry(system: CodeSystem, code: string, date: IsoDate): CodeEntry | undefined;
  /** ICD-10-CM Tabular notes for a code (own + inherited, nearest first). Undefined for codes outside the Tabular. */
  notesFor(code: string): CodeNotes | undefined;
  /** The Tabular release notes come from, e.g. 'FY2023'; undefined when no Tabular is loaded. */
  readonly notesRelease: string | undefined;
  /** ICD-10-CM: true when the code is on the POA-exempt list in force on the date [POA FY2026; Guidelines App. I]. */
  isPoaExempt(code: string, date: IsoDate): boolean;
  /** Children of a code (one level down) in the release in force on the date. */
  children(system: CodeSystem, code: string, date: IsoDate): readonly CodeEntry[];
  /** Additions, revisions and deletions across the loaded releases. */
  history(system: CodeSystem, code: string): readonly CodeHistoryEvent[];
  /** Replacement codes from the conversion table for a code that was deleted or became a header. */
  replacementsOf(code: string): readonly string[];
  /** True when a site CPT file is loaded (otherwise CPT codes are checked for format only). */
  hasCptFile(): boolean;
}

/** Strips a dot and whitespace and upper-cases: 'e11.9 ' -> 'E119'. */
export function normalizeCode(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
}

/** Display form: ICD-10-CM codes longer than 3 characters take a dot after the 3rd; others are unchanged. */
export function displayCode(system: CodeSystem, code: string): string {
  if (system === CodeSystem.icd10cm && code.length > 3) return `${code.slice(0, 3)}.${code.slice(3)}`;
  return code;
}
