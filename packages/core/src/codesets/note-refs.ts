import type { CodeRangeRef } from './types.js';

const CODE = '[A-Z][0-9][0-9A-Z](?:\\.[0-9A-Z]{1,4})?';
const REF = new RegExp(`(${CODE})(?:\\s?-\\s?(${CODE}))?(\\.?-)?`, 'g');

/**
 * Extracts the codes and ranges a Tabular note names in parentheses: `(G47.63)`, `(G30.-)`, `(E00-E03.-)`,
 * `(T36-T65)`. A trailing `.-` or a bare 3-character category means the whole subtree [ICD-10-CM Tabular conventions,
 * Guidelines FY2026 §I.A.7 (point dash)].
 */
export function parseNoteRefs(text: string): CodeRangeRef[] {
  const out: CodeRangeRef[] = [];
  for (const paren of text.matchAll(/\(([^()]*)\)/g)) {
    const inner = paren[1] ?? '';
    for (const m of inner.matchAll(REF)) {
      const from = (m[1] ?? '').replace('.', '');
      const to = (m[2] ?? m[1] ?? '').replace('.', '');
      const subtree = m[3] !== undefined || from.length === 3 || to.length === 3;
      out.push({ from, to, subtree });
    }
  }
  return out;
}

/** True when a code (without dot) falls inside a note's range. */
export function refCovers(ref: CodeRangeRef, code: string): boolean {
  if (!ref.subtree) return code === ref.from && ref.from === ref.to ? true : code >= ref.from && code <= ref.to;
  const lo = ref.from;
  const hi = ref.to;
  if (code.startsWith(lo) || code.startsWith(hi)) return true;
  const head = code.slice(0, Math.max(lo.length, hi.length));
  return head >= lo && head <= hi;
}
