/**
 * Adapter from the loaded code sets (`CodeSetStore`) and the MCE tables to the validation engine's narrow port
 * (`ValidationReference`). Every answer is memoised per release and code, so after warm-up a lookup is two Map gets.
 *
 * Dates before the oldest loaded ICD-10-CM release fall back to the MCE tables for diagnosis validity: MCE 43.1 lists
 * every billable code since 2015-10-01 with its validity periods (data/mce/PROVENANCE.md), though not headers.
 */
import {
  CodeStatus,
  CodeSystem,
  compileCodeMatchers,
  EMPTY_MATCHERS,
  NoteKind,
  periodOn,
  type CodeCheck,
  type CodeLookup,
  type CodeMatcher,
  type CodeSetStore,
  type DiagnosisInfo,
  type DiagnosisNotes,
  type DiagnosisRelease,
  type IsoDate,
  type MceTables,
  type ValidationReference,
} from '@charta/core';
import { loadCodeSets, type LoadCodeSetsOptions } from '../codesets/load.js';
import { loadMceTablesOrThrow } from '../mce/load-mce.js';

const MANIFESTATION_TITLE = 'in diseases classified elsewhere';

/** Every DiagnosisNotes in one shape (all fields present), for monomorphic reads in the rules. */
function notesShape(
  excludes1: DiagnosisNotes['excludes1'],
  codeFirst: DiagnosisNotes['codeFirst'],
  useAdditional: DiagnosisNotes['useAdditional'],
  manifestation: boolean,
  seventh: string | undefined,
  notesRelease: string | undefined,
): DiagnosisNotes {
  return { excludes1, codeFirst, useAdditional, manifestation, seventh, notesRelease };
}

const EMPTY_NOTES: DiagnosisNotes = notesShape(EMPTY_MATCHERS, EMPTY_MATCHERS, [], false, undefined, undefined);

type ReleaseAnswer = (DiagnosisRelease & { readonly fromMce: boolean }) | null;

/** Every CodeCheck in one shape (all fields present), so the engine's property reads stay monomorphic. */
function check(
  status: CodeCheck['status'],
  version?: string,
  extra: { changedOn?: string; replacedBy?: readonly string[]; billableChildren?: readonly string[] } = {},
): CodeCheck {
  return {
    status,
    version,
    changedOn: extra.changedOn,
    replacedBy: extra.replacedBy,
    billableChildren: extra.billableChildren,
  };
}

function checkOf(result: CodeLookup): CodeCheck {
  if (result.ok) {
    return check(
      result.value.basis === 'format-only' ? CodeStatus.formatOnly : CodeStatus.valid,
      result.value.entry.version,
    );
  }
  const e = result.error;
  switch (e.reason) {
    case 'header':
      return check(CodeStatus.header, e.release.version, { billableChildren: e.billableChildren });
    case 'deleted':
      return check(CodeStatus.notOnDate, e.release.version, { changedOn: e.deletedOn, replacedBy: e.replacedBy });
    case 'not-yet-valid':
      return check(CodeStatus.notOnDate, e.release.version, { changedOn: e.validFrom });
    case 'unknown':
      return check(CodeStatus.unknown, e.release.version);
    case 'invalid-format':
      return check(CodeStatus.unknown);
    case 'no-release':
      return check(CodeStatus.noRelease);
  }
}

/** 7th characters that mean an open fracture in the fracture categories' sevenChrDef (e.g. S52: B, C initial; E, F
 * subsequent; H, J delayed healing; M, N nonunion; Q, R malunion). */
const OPEN_FRACTURE_SEVENTH = 'BCEFHJMNQR';

/**
 * The 7th characters a note restricts its codes to: "open fracture of wrist, hand and finger (S62.- with 7th
 * character B)", "(S42.- with 7th character B or C)", "(S52.- with open fracture 7th character)". Empty: any.
 */
export function seventhQualifier(text: string): string {
  if (/with open fracture 7th character/i.test(text)) return OPEN_FRACTURE_SEVENTH;
  const m = /with 7th characters? ([A-Z0-9](?:(?:,|\s+or|\s+and)\s*[A-Z0-9]\b)*)/.exec(text);
  return m?.[1] ? m[1].replace(/,|\s+or|\s+and|\s/g, '') : '';
}

function memoMap<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/**
 * Builds the validation engine's reference port from a code-set store and (optionally) the MCE tables.
 * Pure apart from memoisation; safe to share across requests.
 */
export function createValidationReference(store: CodeSetStore, mce?: MceTables): ValidationReference {
  const releaseByDate = new Map<string, ReleaseAnswer>();
  const releaseByVersion = new Map<string, ReleaseAnswer>();
  const notesByCode = new Map<string, DiagnosisNotes>();
  const seventhByCode = new Map<string, string | undefined>();
  const pxByRelease = new Map<string, Map<string, CodeCheck>>();
  const pxMemoBySystemDate = new Map<string, Map<string, Map<string, CodeCheck>>>();
  let mceFrom: string | undefined;
  if (mce)
    for (const periods of mce.dx.values())
      for (const p of periods) if (mceFrom === undefined || p.from < mceFrom) mceFrom = p.from;

  /** A release object with its own memo; `date` is only used for the lookups that need one. */
  function makeRelease(
    version: string,
    beyondNewest: boolean,
    fromMce: boolean,
    date: IsoDate,
  ): NonNullable<ReleaseAnswer> {
    const memo = new Map<string, DiagnosisInfo>();
    return {
      version,
      beyondNewest,
      fromMce,
      diagnosis(code) {
        const known = memo.get(code);
        if (known) return known;
        const info = computeDiagnosis(code, date, fromMce ? version : undefined);
        memo.set(code, info);
        return info;
      },
    };
  }

  function release(date: IsoDate): ReleaseAnswer {
    const known = releaseByDate.get(date);
    if (known !== undefined) return known;
    const status = store.releaseStatus(CodeSystem.icd10cm, date);
    let answer: ReleaseAnswer = null;
    if (status.kind === 'in-force' || status.kind === 'beyond-newest') {
      // One object per release version: its memo serves every date in force. Answers within a release do not depend
      // on the day (the store keys by release).
      const key = `${status.release.version}|${status.kind}`;
      answer =
        releaseByVersion.get(key) ?? makeRelease(status.release.version, status.kind === 'beyond-newest', false, date);
      releaseByVersion.set(key, answer);
    } else if (mce && mceFrom !== undefined && date >= mceFrom && date <= mce.validThrough) {
      // MCE-derived validity changes within its span, so each date has its own object.
      answer = makeRelease(`MCE ${mce.version}`, false, true, date);
    }
    releaseByDate.set(date, answer);
    return answer;
  }

  function seventhCharacters(code: string): string | undefined {
    if (seventhByCode.has(code)) return seventhByCode.get(code);
    const rule = store.notesFor(code)?.seventh;
    const chars = rule ? rule.values.map((v) => v.char).join('') : undefined;
    seventhByCode.set(code, chars || undefined);
    return chars || undefined;
  }

  function notesOf(code: string, title: string | undefined): DiagnosisNotes {
    const known = notesByCode.get(code);
    if (known) return known;
    const raw = store.notesFor(code);
    const manifestation = title !== undefined && title.toLowerCase().includes(MANIFESTATION_TITLE);
    if (!raw) {
      const notes = manifestation
        ? notesShape(EMPTY_MATCHERS, EMPTY_MATCHERS, [], true, undefined, undefined)
        : EMPTY_NOTES;
      notesByCode.set(code, notes);
      return notes;
    }
    const excludes1: CodeMatcher[] = [];
    const codeFirst: CodeMatcher[] = [];
    // One "use additional code" note is split into several lines in the Tabular (one alternative per line, e.g. insulin
    // (Z79.4) / oral antidiabetic drugs (Z79.84)); any one alternative satisfies it, so lines are grouped by the level
    // that defines them.
    const useAdditionalByLevel = new Map<string, { texts: string[]; refs: CodeMatcher[] }>();
    for (const n of raw.notes) {
      if (n.kind === NoteKind.excludes1) {
        const seventh = seventhQualifier(n.text);
        for (const r of n.refs) excludes1.push({ from: r.from, to: r.to, seventh });
      } else if (n.kind === NoteKind.codeFirst) for (const r of n.refs) codeFirst.push({ from: r.from, to: r.to });
      else if (n.kind === NoteKind.useAdditionalCode && n.refs.length > 0) {
        let group = useAdditionalByLevel.get(n.definedAt);
        if (!group) useAdditionalByLevel.set(n.definedAt, (group = { texts: [], refs: [] }));
        group.texts.push(n.text);
        for (const r of n.refs) group.refs.push({ from: r.from, to: r.to });
      }
    }
    const useAdditional = [...useAdditionalByLevel.values()].map((g) => ({
      text: g.texts.join('; '),
      targets: compileCodeMatchers(g.refs),
    }));
    const seventh = raw.seventh ? raw.seventh.values.map((v) => v.char).join('') : undefined;
    const notes = notesShape(
      compileCodeMatchers(excludes1),
      compileCodeMatchers(codeFirst),
      useAdditional,
      manifestation,
      seventh || undefined,
      raw.notesRelease,
    );
    notesByCode.set(code, notes);
    return notes;
  }

  function diagnosisFromMce(code: string, date: IsoDate, version: string): CodeCheck {
    const periods = mce?.dx.get(code);
    if (periodOn(periods, date)) return check(CodeStatus.valid, version);
    if (!periods || periods.length === 0) return check(CodeStatus.unknown, version);
    const first = periods[0];
    const last = periods[periods.length - 1];
    const changedOn = first && date < first.from ? first.from : last?.to;
    return check(CodeStatus.notOnDate, version, {
      ...(changedOn ? { changedOn } : {}),
      replacedBy: store.replacementsOf(code),
    });
  }

  /** Looks a code up for a date; `mceVersion` set means validity comes from the MCE tables. */
  function computeDiagnosis(code: string, date: IsoDate, mceVersion: string | undefined): DiagnosisInfo {
    let c: CodeCheck;
    let title: string | undefined;
    if (mceVersion !== undefined) c = diagnosisFromMce(code, date, mceVersion);
    else {
      const result = store.lookup(CodeSystem.icd10cm, code, date);
      c = checkOf(result);
      title = result.ok
        ? result.value.entry.longTitle
        : result.error.reason === 'header'
          ? result.error.entry.longTitle
          : undefined;
    }
    if (title === undefined)
      title = store.entry(
        CodeSystem.icd10cm,
        code,
        store.releases(CodeSystem.icd10cm).at(-1)?.effectiveFrom ?? date,
      )?.longTitle;
    return {
      status: c.status,
      version: c.version,
      changedOn: c.changedOn,
      replacedBy: c.replacedBy,
      billableChildren: c.billableChildren,
      poaExempt: store.isPoaExempt(code, date),
      notes: notesOf(code, title),
      mcePeriods: mce?.dx.get(code),
    };
  }

  const noRelease: DiagnosisInfo = {
    ...check(CodeStatus.noRelease),
    poaExempt: false,
    notes: EMPTY_NOTES,
    mcePeriods: undefined,
  };

  const reference: ValidationReference = {
    mce,
    diagnosisRelease(date) {
      return release(date) ?? undefined;
    },
    diagnosis(code, date) {
      return release(date)?.diagnosis(code) ?? noRelease;
    },
    seventhCharacters,
    procedure(system, code, date) {
      let byDate = pxMemoBySystemDate.get(system);
      if (!byDate) pxMemoBySystemDate.set(system, (byDate = new Map()));
      let memo = byDate.get(date);
      if (!memo) {
        // ICD-10-PCS answers depend on the release only, so its dates share one memo per release. HCPCS and CPT codes
        // carry their own add and termination dates inside a release: one memo per date.
        const version =
          store.release(system, date)?.version ??
          (system === CodeSystem.cpt && !store.hasCptFile() ? 'format-only' : '');
        memo =
          system === CodeSystem.icd10pcs ? memoMap(pxByRelease, `${system}|${version}`) : new Map<string, CodeCheck>();
        byDate.set(date, memo);
      }
      const known = memo.get(code);
      if (known) return known;
      const c = checkOf(store.lookup(system, code, date));
      memo.set(code, c);
      return c;
    },
  };
  return reference;
}

export interface LoadValidationReferenceOptions extends LoadCodeSetsOptions {
  /** Skip the MCE tables (MCE rules then report "unknown"). */
  readonly withoutMce?: boolean;
}

/** Loads the shipped code sets (plus site imports) and the MCE 43.1 tables, and returns the engine's reference. */
export async function loadValidationReference(
  options: LoadValidationReferenceOptions = {},
): Promise<ValidationReference> {
  const store = await loadCodeSets(options);
  const mce = options.withoutMce ? undefined : loadMceTablesOrThrow();
  return createValidationReference(store, mce);
}
