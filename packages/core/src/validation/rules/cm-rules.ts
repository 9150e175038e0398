/**
 * ICD-10-CM convention rules: validity, structure (7th character, placeholder X) and the note-driven rules
 * (Excludes1, code first, use additional code), duplicates. Source: ICD-10-CM Official Guidelines for Coding and
 * Reporting FY2026, Section I.A-B; MCE 43.1 edits 1, 3 and 6 where they make the same check for inpatient claims.
 */
import type { Finding } from '../../finding.js';
import { matchesAny, mayMatch } from '../matchers.js';
import { MceFlag } from '../mce.js';
import { both, cm, finding, guidelines, ICD10_START, list, mceEdit, NO_FINDINGS } from '../rule-kit.js';
import {
  DiagnosisProblem,
  DiagnosisProblemBit,
  type PreparedDiagnosis,
  type PreparedEncounter,
  type CodeFacts,
  type UseAdditionalFacts,
  type ValidationRule,
} from '../types.js';

/** A rule that reports every diagnosis (and the admitting one: MCE edit 1 checks it too) whose problem is listed. */
function problemRule(
  base: Omit<ValidationRule, 'evaluate'>,
  problems: readonly DiagnosisProblem[],
  describe: (
    d: PreparedDiagnosis,
    input: PreparedEncounter,
  ) => { message: string; data?: Readonly<Record<string, unknown>> },
): ValidationRule {
  const wanted = new Set<DiagnosisProblem>(problems);
  let mask = 0;
  for (const p of problems) mask |= DiagnosisProblemBit[p];
  const rule: ValidationRule = {
    ...base,
    evaluate(input) {
      // Most encounters have none of the problems: no scan.
      if ((input.dxProblems & mask) === 0) return NO_FINDINGS;
      let out: Finding[] | undefined;
      const dx = input.diagnoses;
      for (let i = 0; i <= dx.length; i++) {
        const d = i < dx.length ? dx[i] : input.admitDiagnosis;
        if (!d || !wanted.has(d.problem)) continue;
        const { message, data } = describe(d, input);
        (out ??= []).push(finding(rule, 'error', d.path, message, [d.code], data));
      }
      return out ?? NO_FINDINGS;
    },
  };
  return rule;
}

// Guidelines FY2026 §I.A.2-3 (only codes are reportable); MCE edit 1 (invalid diagnosis code).
export const invalidCodeRule = problemRule(
  {
    id: 'CM.INVALID_CODE',
    title: 'Diagnosis code is not an ICD-10-CM code',
    citation: both(guidelines('Section I.A.2-3, I.B.2'), mceEdit('1 (invalid diagnosis or procedure code)')),
    effective: { from: ICD10_START },
  },
  [DiagnosisProblem.malformed, DiagnosisProblem.wrongSystem, DiagnosisProblem.unknown],
  (d, input) => {
    if (d.problem === DiagnosisProblem.malformed) {
      return {
        message: `"${d.code}" is not a well-formed ICD-10-CM code: 3 to 7 characters, a letter first, upper case, no dot.`,
      };
    }
    if (d.problem === DiagnosisProblem.wrongSystem) {
      return {
        message: `"${d.code}" looks like a procedure code (ICD-10-PCS, HCPCS or CPT), not an ICD-10-CM diagnosis code.`,
      };
    }
    return {
      message: `${cm(d.code)} is not an ICD-10-CM code in ${input.version ?? 'the release in force'}.`,
      data: { version: input.version },
    };
  },
);

// Guidelines FY2026 §I.B.2 (code to the highest level of detail); MCE edit 1.
export const headerCodeRule = problemRule(
  {
    id: 'CM.HEADER_CODE',
    title: 'Category or subcategory reported instead of a code',
    citation: both(guidelines('Section I.A.3, I.B.2'), mceEdit('1 (invalid diagnosis or procedure code)')),
    effective: { from: ICD10_START },
  },
  [DiagnosisProblem.header],
  (d, input) => {
    const children = d.info?.billableChildren ?? [];
    const hint = children.length > 0 ? ` Reportable codes below it include ${list(children)}.` : '';
    return {
      message: `${cm(d.code)} is a category or subcategory (header) in ${input.version ?? 'the release in force'}, not a reportable code.${hint}`,
      data: { version: input.version, billableChildren: children, replacedBy: d.info?.replacedBy ?? [] },
    };
  },
);

// Validity is per release (CMS FY2025/FY2026 order files, flag 1); the CDC FY2026 conversion table names replacements.
export const notValidOnDateRule = problemRule(
  {
    id: 'CM.NOT_VALID_ON_DATE',
    title: 'Diagnosis code not valid on the date of discharge or service',
    citation: both(
      guidelines('Section I.A.2 (code set in force on the date)'),
      mceEdit('1 (invalid diagnosis or procedure code)'),
    ),
    effective: { from: ICD10_START },
  },
  [DiagnosisProblem.notOnDate],
  (d, input) => {
    const replacedBy = d.info?.replacedBy ?? [];
    const repl = replacedBy.length > 0 ? ` The conversion table replaces it with ${list(replacedBy)}.` : '';
    const since = d.info?.changedOn ? ` (changed ${d.info.changedOn})` : '';
    return {
      message: `${cm(d.code)} is not valid on ${input.date ?? 'the date'} in ${input.version ?? 'the release in force'}${since}.${repl}`,
      data: { version: input.version, changedOn: d.info?.changedOn, replacedBy },
    };
  },
);

// Guidelines FY2026 §I.A.5 (7th characters) and §I.B.2; values from the Tabular sevenChrDef in force.
export const seventhCharRule = problemRule(
  {
    id: 'CM.SEVENTH_CHAR',
    title: '7th character missing or not defined for the category',
    citation: guidelines('Section I.A.5'),
    effective: { from: ICD10_START },
  },
  [DiagnosisProblem.seventhMissing, DiagnosisProblem.seventhInvalid],
  (d) => {
    if (d.problem === DiagnosisProblem.seventhMissing) {
      const hint = d.suggestion ? ` For example ${cm(d.suggestion)}.` : '';
      return {
        message: `${cm(d.code)} needs a 7th character (padded with placeholder X to 6 characters).${hint}`,
        data: { suggestion: d.suggestion },
      };
    }
    return { message: `The 7th character "${d.code[6] ?? ''}" of ${cm(d.code)} is not one the category defines.` };
  },
);

// Guidelines FY2026 §I.A.4-5: placeholder X where the Tabular has one, and only there.
export const placeholderRule = problemRule(
  {
    id: 'CM.PLACEHOLDER_X',
    title: 'Placeholder X missing or misplaced',
    citation: guidelines('Section I.A.4-5'),
    effective: { from: ICD10_START },
  },
  [DiagnosisProblem.placeholder],
  (d) => ({
    message: `${cm(d.code)} misuses the placeholder X${d.suggestion ? `; the reportable code is ${cm(d.suggestion)}` : ''}.`,
    data: { suggestion: d.suggestion },
  }),
);

/**
 * Whether any diagnosis of the encounter may lie in a note's ranges, from the note's filters (CodeMatcherSet letters,
 * categories, blocks) and the encounter's: false rules the note out without reading its matchers.
 */
function mayMatchAny(letters: number, categories: number, blocks: number, input: PreparedEncounter): boolean {
  if ((letters & input.dxLetters) === 0) return false;
  return ((categories & input.dxCategories) | (blocks & input.dxBlocks)) !== 0;
}

/** Sorted pair key, as in ValidationSettings.unrelatedExcludes1Pairs. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

// Guidelines FY2026 §I.A.12.a: an Excludes1 note forbids reporting both codes, in either direction, except when the
// provider documents the two conditions as unrelated (ValidationSettings.unrelatedExcludes1Pairs).
export const excludes1Rule: ValidationRule = {
  id: 'CM.EXCLUDES1',
  title: 'Codes reported together although an Excludes1 note separates them',
  citation: guidelines('Section I.A.12.a'),
  effective: { from: ICD10_START },
  evaluate(input, ctx) {
    const dx = input.diagnoses;
    let out: Finding[] | undefined;
    let seen: Set<string> | undefined;
    for (let i = 0; i < dx.length; i++) {
      const a = dx[i];
      // A code without problem always has its facts (and its info).
      const facts = a?.facts;
      if (!a || facts === undefined || a.problem !== DiagnosisProblem.none) continue;
      // The filters only rule out: a code in the note's ranges has its letter, and its category or block, in them.
      const letters = facts.excludes1Letters;
      const categories = facts.excludes1Categories;
      const blocks = facts.excludes1Blocks;
      if (!mayMatchAny(letters, categories, blocks, input)) continue;
      const ex = facts.excludes1;
      for (let j = 0; j < dx.length; j++) {
        const b = dx[j];
        if (j === i || !b || b.problem !== DiagnosisProblem.none || b.code === a.code) continue;
        if (!mayMatch(letters, categories, blocks, b.category) || !matchesAny(ex, b.code, b.category)) continue;
        const key = pairKey(a.code, b.code);
        if (seen?.has(key)) continue;
        (seen ??= new Set()).add(key);
        if (ctx.settings?.unrelatedExcludes1Pairs?.has(key)) continue;
        const later = Math.max(i, j);
        (out ??= []).push(
          finding(
            excludes1Rule,
            'error',
            `/diagnoses/${later}/code`,
            `${cm(a.code)} has an Excludes1 note for ${cm(b.code)}: report only one, unless the provider documents the conditions as unrelated.`,
            [a.code, b.code],
            { overridable: true },
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

/** For a code without problem (whose facts are set); the facts repeat `info.notes.manifestation`. */
const isManifestation = (d: PreparedDiagnosis): boolean =>
  (d.facts?.manifestation ?? d.info?.notes.manifestation ?? false) || (d.mceFlags & MceFlag.manifestation) !== 0;

// Guidelines FY2026 §I.A.13 and §I.B.7: the etiology named by "code first" is sequenced first; a manifestation code
// needs its etiology reported.
export const codeFirstRule: ValidationRule = {
  id: 'CM.CODE_FIRST',
  title: '"Code first" etiology missing or sequenced after the manifestation',
  citation: guidelines('Section I.A.13, I.B.7'),
  effective: { from: ICD10_START },
  evaluate(input) {
    const dx = input.diagnoses;
    let out: Finding[] | undefined;
    for (let j = 0; j < dx.length; j++) {
      const m = dx[j];
      const facts = m?.facts;
      if (!m || facts === undefined || m.problem !== DiagnosisProblem.none) continue;
      const noTargets = !mayMatchAny(facts.codeFirstLetters, facts.codeFirstCategories, facts.codeFirstBlocks, input);
      const manifestation = facts.manifestation || (m.mceFlags & MceFlag.manifestation) !== 0;
      if (noTargets && !manifestation) continue;
      const targets = facts.codeFirst;
      let firstAt = -1;
      for (let i = 0; i < dx.length; i++) {
        const e = dx[i];
        if (i !== j && e && !noTargets && matchesAny(targets, e.code, e.category)) {
          firstAt = i;
          break;
        }
      }
      if (firstAt > j) {
        (out ??= []).push(
          finding(
            codeFirstRule,
            'warning',
            m.path,
            `${cm(m.code)} says "code first" ${cm(dx[firstAt]?.code ?? '')}, which is sequenced after it.`,
            [m.code, dx[firstAt]?.code ?? ''],
          ),
        );
      } else if (firstAt < 0 && manifestation && j > 0) {
        // The note's codes are examples ("such as"), so an absent example is a prompt, not proof of a missing etiology.
        (out ??= []).push(
          finding(
            codeFirstRule,
            'warning',
            m.path,
            `${cm(m.code)} is a manifestation code: its underlying condition must be reported and sequenced before it; none of the codes its "code first" note names is present.`,
            [m.code],
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

// Guidelines FY2026 §I.A.13 ("in diseases classified elsewhere" codes are never principal or first-listed);
// MCE edit 6 (manifestation code as principal diagnosis, MCE manifestation list).
export const manifestationPrincipalRule: ValidationRule = {
  id: 'CM.MANIFESTATION_PRINCIPAL',
  title: 'Manifestation code as principal or first-listed diagnosis',
  citation: both(guidelines('Section I.A.13'), mceEdit('6 (manifestation code as principal diagnosis)')),
  effective: { from: ICD10_START },
  evaluate(input) {
    const p = input.diagnoses[0];
    if (!p || p.problem !== DiagnosisProblem.none || !isManifestation(p)) return NO_FINDINGS;
    return [
      finding(
        manifestationPrincipalRule,
        'error',
        p.path,
        `${cm(p.code)} is a manifestation code and cannot be the principal or first-listed diagnosis; sequence the underlying condition first.`,
        [p.code],
      ),
    ];
  },
};

// Guidelines FY2026 §I.B.12 (a code is reported once per encounter); MCE edit 3 (secondary diagnosis equal to the
// principal).
export const duplicateRule: ValidationRule = {
  id: 'CM.DUPLICATE',
  title: 'Diagnosis code reported more than once',
  citation: both(guidelines('Section I.B.12'), mceEdit('3 (duplicate of principal diagnosis)')),
  effective: { from: ICD10_START },
  evaluate(input) {
    const dx = input.diagnoses;
    let out: Finding[] | undefined;
    for (let i = 1; i < dx.length; i++) {
      const code = dx[i]?.code;
      for (let j = 0; j < i; j++) {
        if (dx[j]?.code === code && code !== undefined) {
          const what = j === 0 ? 'the principal diagnosis' : `diagnosis ${j + 1}`;
          (out ??= []).push(
            finding(
              duplicateRule,
              'error',
              `/diagnoses/${i}/code`,
              `${cm(code)} repeats ${what}; report each code once.`,
              [code],
            ),
          );
          break;
        }
      }
    }
    return out ?? NO_FINDINGS;
  },
};

// Guidelines FY2026 §I.A.13 and §I.B.7: "use additional code" asks for a second code when the information is known.
export const useAdditionalRule: ValidationRule = {
  id: 'CM.USE_ADDITIONAL',
  title: '"Use additional code" note without any of the codes it names',
  citation: guidelines('Section I.A.13, I.B.7'),
  effective: { from: ICD10_START },
  evaluate(input) {
    const dx = input.diagnoses;
    let out: Finding[] | undefined;
    for (let j = 0; j < dx.length; j++) {
      const d = dx[j];
      const facts = d?.facts;
      if (!d || facts === undefined || d.problem !== DiagnosisProblem.none) continue;
      const count = facts.useAdditionalCount;
      if (count === 0) continue;
      // Most codes have at most one note, whose filters the facts repeat: no other object is read unless a code the
      // note names may be present.
      const letters = facts.useAdditionalLetters;
      if (!noteSatisfied(input, j, letters, facts.useAdditionalCategories, facts.useAdditionalBlocks, facts, 0))
        (out ??= []).push(useAdditionalFinding(d, facts, 0));
      for (let n = 1; n < count; n++) {
        const note = facts.useAdditional[n] as UseAdditionalFacts;
        if (!noteSatisfied(input, j, note.letters, note.categories, note.blocks, facts, n))
          (out ??= []).push(useAdditionalFinding(d, facts, n));
      }
    }
    return out ?? NO_FINDINGS;
  },
};

/** Whether a diagnosis other than the j-th lies in the ranges of the code's n-th note (with the filters given). */
function noteSatisfied(
  input: PreparedEncounter,
  j: number,
  letters: number,
  categories: number,
  blocks: number,
  facts: CodeFacts,
  n: number,
): boolean {
  if (!mayMatchAny(letters, categories, blocks, input)) return false;
  const targets = (facts.useAdditional[n] as UseAdditionalFacts).targets;
  const dx = input.diagnoses;
  for (let i = 0; i < dx.length; i++) {
    const o = dx[i];
    if (i === j || !o || !mayMatch(letters, categories, blocks, o.category)) continue;
    if (matchesAny(targets, o.code, o.category)) return true;
  }
  return false;
}

/**
 * The finding for the code's n-th note. Its message and codes depend only on the code and the note, so they are built
 * once and kept in the facts; the finding itself is a small fresh object (cheaper than looking up a shared one by
 * position, which costs cache misses).
 */
function useAdditionalFinding(d: PreparedDiagnosis, facts: CodeFacts, n: number): Finding {
  let message = n === 0 ? facts.useAdditionalMessage : facts.useAdditional[n]?.message;
  if (message === undefined) {
    const note = facts.useAdditional[n] as UseAdditionalFacts;
    const text = note.text.length > 160 ? `${note.text.slice(0, 157)}...` : note.text;
    message = `${cm(d.code)}: "use additional code" (${text}); none of the codes it names is reported, add one if the information is documented.`;
    if (n === 0) facts.useAdditionalMessage = message;
    else note.message = message;
  }
  return finding(useAdditionalRule, 'warning', d.path, message, (facts.codes ??= [d.code]));
}

export const CM_RULES: readonly ValidationRule[] = [
  invalidCodeRule,
  headerCodeRule,
  notValidOnDateRule,
  seventhCharRule,
  placeholderRule,
  excludes1Rule,
  codeFirstRule,
  manifestationPrincipalRule,
  duplicateRule,
  useAdditionalRule,
];
