/**
 * An in-memory ValidationReference for tests and examples: a handful of codes, one release, optional MCE tables.
 * The real one is built from the shipped code sets by @charta/data (`loadValidationReference`).
 */
import type { IsoDate } from '../codesets/types.js';
import { compileCodeMatchers, EMPTY_MATCHERS, type CodeMatcher } from './matchers.js';
import type { MceTables } from './mce.js';
import {
  CodeStatus,
  type CodeCheck,
  type DiagnosisInfo,
  type DiagnosisNotes,
  type DiagnosisRelease,
  type ValidationReference,
} from './ports.js';

export interface MemoryDiagnosis {
  /** Default 'valid'. */
  readonly status?: CodeStatus;
  readonly poaExempt?: boolean;
  readonly manifestation?: boolean;
  readonly excludes1?: readonly CodeMatcher[];
  readonly codeFirst?: readonly CodeMatcher[];
  readonly useAdditional?: readonly { readonly text: string; readonly targets: readonly CodeMatcher[] }[];
  readonly seventh?: string;
  readonly replacedBy?: readonly string[];
}

export interface MemoryReferenceData {
  /** The one release: its version and the dates it covers (inclusive). */
  readonly release: { readonly version: string; readonly from: IsoDate; readonly to: IsoDate };
  readonly diagnoses: Readonly<Record<string, MemoryDiagnosis>>;
  /** Valid procedure codes (any system). */
  readonly procedures?: readonly string[];
  /** Allowed 7th characters by code prefix, e.g. { S52: 'ABC' }. */
  readonly seventh?: Readonly<Record<string, string>>;
  readonly mce?: MceTables;
}

/** Builds a ValidationReference over a few in-memory codes. */
export function createMemoryReference(data: MemoryReferenceData): ValidationReference {
  const infos = new Map<string, DiagnosisInfo>();
  for (const [code, d] of Object.entries(data.diagnoses)) {
    const notes: DiagnosisNotes = {
      excludes1: compileCodeMatchers(d.excludes1 ?? []),
      codeFirst: compileCodeMatchers(d.codeFirst ?? []),
      useAdditional: (d.useAdditional ?? []).map((u) => ({ text: u.text, targets: compileCodeMatchers(u.targets) })),
      manifestation: d.manifestation ?? false,
      seventh: d.seventh,
      notesRelease: data.release.version,
    };
    infos.set(code, {
      status: d.status ?? CodeStatus.valid,
      version: data.release.version,
      changedOn: undefined,
      replacedBy: d.replacedBy,
      billableChildren: undefined,
      poaExempt: d.poaExempt ?? false,
      notes,
      mcePeriods: data.mce?.dx.get(code),
    });
  }
  const unknown: DiagnosisInfo = {
    status: CodeStatus.unknown,
    version: data.release.version,
    changedOn: undefined,
    replacedBy: undefined,
    billableChildren: undefined,
    poaExempt: false,
    notes: {
      excludes1: EMPTY_MATCHERS,
      codeFirst: EMPTY_MATCHERS,
      useAdditional: [],
      manifestation: false,
      seventh: undefined,
      notesRelease: undefined,
    },
  };
  const release: DiagnosisRelease = {
    version: data.release.version,
    beyondNewest: false,
    diagnosis: (code) => infos.get(code) ?? unknown,
  };
  const covers = (date: IsoDate): boolean => date >= data.release.from && date <= data.release.to;
  const procedures = new Set(data.procedures ?? []);
  return {
    mce: data.mce,
    diagnosisRelease: (date) => (covers(date) ? release : undefined),
    diagnosis: (code, date) => (covers(date) ? release.diagnosis(code) : { ...unknown, status: CodeStatus.noRelease }),
    seventhCharacters(code) {
      for (let len = Math.min(code.length, 6); len >= 3; len--) {
        const chars = data.seventh?.[code.slice(0, len)];
        if (chars) return chars;
      }
      return undefined;
    },
    procedure(_system, code, date): CodeCheck {
      if (!covers(date)) return { status: CodeStatus.noRelease };
      return { status: procedures.has(code) ? CodeStatus.valid : CodeStatus.unknown, version: data.release.version };
    },
  };
}
