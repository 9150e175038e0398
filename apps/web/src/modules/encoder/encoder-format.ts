import type { CodeRangeRef, NoteKind, TabularNote } from '@charta/core';

/**
 * Headings for the Tabular note kinds, in the order a coder reads them (ICD-10-CM Official Guidelines FY2026,
 * §I.A.12-17 and §I.B.7: inclusion notes first, then exclusions, then the etiology/manifestation and "code also"
 * sequencing instructions).
 */
export const NOTE_HEADINGS: readonly { readonly kind: NoteKind; readonly heading: string }[] = [
  { kind: 'includes', heading: 'Includes' },
  { kind: 'inclusionTerm', heading: 'Inclusion terms' },
  { kind: 'excludes1', heading: 'Excludes1' },
  { kind: 'excludes2', heading: 'Excludes2' },
  { kind: 'codeFirst', heading: 'Code first' },
  { kind: 'useAdditionalCode', heading: 'Use additional code' },
  { kind: 'codeAlso', heading: 'Code also' },
  { kind: 'notes', heading: 'Notes' },
];

export interface ShownNote extends TabularNote {
  /** Written at an ancestor (category, block, chapter), not at the code itself. */
  readonly inherited: boolean;
}

export interface NoteGroup {
  readonly kind: NoteKind;
  readonly heading: string;
  readonly notes: readonly ShownNote[];
}

/** Groups a code's notes by kind in reading order, keeping the server's nearest-first order inside each group. */
export function groupNotes(notes: readonly TabularNote[], code: string): NoteGroup[] {
  const groups: NoteGroup[] = [];
  for (const { kind, heading } of NOTE_HEADINGS) {
    const mine = notes.filter((n) => n.kind === kind).map((n) => ({ ...n, inherited: n.definedAt !== code }));
    if (mine.length > 0) groups.push({ kind, heading, notes: mine });
  }
  return groups;
}

/** Where a note is written, as a coder reads it: `J44` -> "J44", `J441` -> "J44.1", ranges and chapters as is. */
export function levelLabel(definedAt: string): string {
  if (/^[A-Z][0-9A-Z]{3,6}$/u.test(definedAt)) return `${definedAt.slice(0, 3)}.${definedAt.slice(3)}`;
  return definedAt;
}

/** ICD-10-CM codes as written in notes and the Index: `J44.1`, `J96.0-`, `E11.-`, `T36.0X1`. */
const CODE_IN_TEXT = /\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?(?:\.?-(?![A-Z0-9]))?/gu;

/** A code as the API takes it: no dot, no trailing dash (which means "and its subcodes"), upper case. */
export function compactCode(written: string): string {
  return written.replace(/[.\s]/gu, '').replace(/-+$/u, '').toUpperCase();
}

export type TextPart = { readonly text: string } | { readonly text: string; readonly code: string };

/**
 * Splits a note into text and code references. Only codes the server parsed as references of the note become
 * links, so a word that merely looks like a code ("B12" inside a title) is never turned into one.
 */
export function splitCodeRefs(text: string, refs: readonly CodeRangeRef[]): TextPart[] {
  const known = new Set(refs.flatMap((r) => [r.from, r.to]));
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_IN_TEXT)) {
    const code = compactCode(match[0]);
    if (!known.has(code)) continue;
    const at = match.index;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: match[0], code });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Today in the browser's time zone, as YYYY-MM-DD (the default date of service). */
export function todayIso(now: Date = new Date()): string {
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${m}-${d}`;
}

/** Moves a keyboard highlight through `count` rows: wraps at both ends; -1 means "nothing highlighted". */
export function moveHighlight(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta === 1 ? 0 : count - 1;
  return (current + delta + count) % count;
}
