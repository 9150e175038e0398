/**
 * What the validation rules need to know about the code sets, and nothing more. An adapter in @charta/data builds it
 * from the loaded `CodeSetStore` and the MCE tables; tests can build one in memory.
 *
 * Implementations should answer from precomputed maps: the engine calls `diagnosis()` and `procedure()` once per code
 * per encounter and aims at more than 100,000 encounters per second on one core.
 */
import type { CodeSystem, IsoDate } from '../codesets/types.js';
import type { CodeMatcherSet } from './matchers.js';
import type { McePeriod, MceTables } from './mce.js';

/** How a code stands in the release in force on a date. */
export const CodeStatus = {
  /** Reportable on the date. */
  valid: 'valid',
  /** A category or subcategory on the date: not valid for submission. */
  header: 'header',
  /** Reportable in another loaded release, but not on the date (deleted, or not yet added). */
  notOnDate: 'not-on-date',
  /** Not in any loaded release. */
  unknown: 'unknown',
  /** No release of the system covers the date. */
  noRelease: 'no-release',
  /** Well formed, but no code list is loaded for the system (CPT without a site file): validity is unknown. */
  formatOnly: 'format-only',
} as const;
export type CodeStatus = (typeof CodeStatus)[keyof typeof CodeStatus];

/** A code's standing on a date. */
export interface CodeCheck {
  readonly status: CodeStatus;
  /** The release consulted, e.g. 'FY2026'. */
  readonly version?: string | undefined;
  /** For not-on-date: the first day the code is no longer (or not yet) reportable. */
  readonly changedOn?: IsoDate | undefined;
  /** For not-on-date and header: replacement codes from the conversion table, without dots. */
  readonly replacedBy?: readonly string[] | undefined;
  /** For header: some billable descendants, to help finish the code. */
  readonly billableChildren?: readonly string[] | undefined;
}

/** The Tabular facts about an ICD-10-CM code that the note-driven rules use (own and inherited notes). */
export interface DiagnosisNotes {
  /** Excludes1 targets [Guidelines FY2026 §I.A.12.a]. */
  readonly excludes1: CodeMatcherSet;
  /** "Code first" targets [§I.A.13, §I.B.7]. */
  readonly codeFirst: CodeMatcherSet;
  /** One entry per "use additional code" note that names codes [§I.A.13, §I.B.7]. */
  readonly useAdditional: readonly { readonly text: string; readonly targets: CodeMatcherSet }[];
  /**
   * A manifestation code: "in diseases classified elsewhere" in the title [§I.A.13]. (The MCE manifestation list is
   * read from the MCE tables separately.)
   */
  readonly manifestation: boolean;
  /** Allowed 7th characters for the code's subtree (nearest `sevenChrDef`), e.g. 'ADS'; undefined when none. */
  readonly seventh?: string | undefined;
  /** The Tabular release the notes come from, e.g. 'FY2023'. */
  readonly notesRelease?: string | undefined;
}

export interface DiagnosisInfo extends CodeCheck {
  /** On the POA-exempt list in force on the date [POA exempt list FY2026; Guidelines App. I]. */
  readonly poaExempt: boolean;
  readonly notes: DiagnosisNotes;
  /**
   * The code's MCE periods (`mce.dx.get(code)`), looked up once with the rest; undefined when the MCE tables do not
   * know the code or are not loaded. Saves a Map lookup per code per encounter.
   */
  readonly mcePeriods?: readonly McePeriod[] | undefined;
}

/** The ICD-10-CM release in force on a date, with a memoised lookup: one Map get per code once warm. */
export interface DiagnosisRelease {
  /** e.g. 'FY2026'. */
  readonly version: string;
  /** The date lies after the newest loaded release's end: the newest is used, flagged. */
  readonly beyondNewest: boolean;
  /** An ICD-10-CM code (no dot, upper case, already well formed) in this release. */
  diagnosis(code: string): DiagnosisInfo;
}

/** Narrow read access to the loaded code sets, per date. */
export interface ValidationReference {
  /** The ICD-10-CM release that selects codes on the date; undefined when no loaded release covers the date. */
  diagnosisRelease(date: IsoDate): DiagnosisRelease | undefined;
  /** An ICD-10-CM code (no dot, upper case, already well formed) on the date. */
  diagnosis(code: string, date: IsoDate): DiagnosisInfo;
  /** Allowed 7th characters for a (possibly invalid) ICD-10-CM code's subtree, e.g. 'ABCDEFGHJKMNPQRS'. */
  seventhCharacters(code: string): string | undefined;
  /** An ICD-10-PCS, HCPCS or CPT code (well formed for the system) on the date. */
  procedure(system: Exclude<CodeSystem, 'ICD-10-CM'>, code: string, date: IsoDate): CodeCheck;
  /** The MCE tables, when loaded (inpatient edits); undefined leaves the MCE rules reporting "unknown". */
  readonly mce?: MceTables | undefined;
}
