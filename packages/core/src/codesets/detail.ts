import type { CompiledCodeSets, CompiledIndex, CompiledPcsTable, CompiledPcsTables } from './compiled.js';
import {
  CodeSystem,
  normalizeCode,
  type CodeEntry,
  type CodeHistoryEvent,
  type CodeLookup,
  type CodeNotes,
  type CodeSetStore,
  type IsoDate,
} from './types.js';

/** The meaning of one character of an ICD-10-PCS code, from the Tables. */
export interface PcsCharacterMeaning {
  readonly position: number;
  /** Axis title: Section, Body System, Operation, Body Part, Approach, Device, Qualifier (they vary by section). */
  readonly axis: string;
  readonly value: string;
  readonly label: string;
  readonly definition?: string | undefined;
}

/** Everything a coder sees on a code's detail page. */
export interface CodeDetail {
  readonly system: CodeSystem;
  readonly code: string;
  readonly date: IsoDate;
  readonly lookup: CodeLookup;
  /** The entry in force on the date, header or billable; undefined when absent on the date. */
  readonly entry: CodeEntry | undefined;
  readonly children: readonly CodeEntry[];
  /** ICD-10-CM: Tabular notes that apply (own and inherited), with the Tabular release they come from. */
  readonly notes: CodeNotes | undefined;
  /** Shown with the notes: which Tabular release they come from and that newer codes carry only their parents' notes. */
  readonly notesDisclaimer: string | undefined;
  readonly poaExempt: boolean | undefined;
  readonly history: readonly CodeHistoryEvent[];
  /** ICD-10-PCS: the meaning of each of the 7 characters. */
  readonly pcsCharacters: readonly PcsCharacterMeaning[] | undefined;
}

function findTable(tables: CompiledPcsTables, code: string): CompiledPcsTable | undefined {
  return tableHeads(tables).get(code.slice(0, 3));
}

/**
 * The meaning of each character of a PCS code from the Tables: characters 1-3 from the table, 4-7 from the row that
 * lists all four values (rows are Cartesian products; a combination split across rows is invalid) [DOMAIN.md §3].
 */
export function pcsCharacterMeanings(tables: CompiledPcsTables, rawCode: string): PcsCharacterMeaning[] | undefined {
  const code = normalizeCode(rawCode);
  if (code.length !== 7) return undefined;
  const table = findTable(tables, code);
  if (!table) return undefined;
  const row = table.rows.find((r) => r.every((a) => a.labels.some(([c]) => c === code[a.pos - 1])));
  if (!row) return undefined;
  const out: PcsCharacterMeaning[] = [];
  for (const axis of [...table.axes, ...row]) {
    const value = code[axis.pos - 1] ?? '';
    const label = axis.labels.find(([c]) => c === value)?.[1] ?? '';
    out.push({
      position: axis.pos,
      axis: axis.title,
      value,
      label,
      ...(axis.definition ? { definition: axis.definition } : {}),
    });
  }
  return out.sort((a, b) => a.position - b.position);
}

/** Collects a code's detail: lookup on the date, notes, POA exemption, history and (PCS) character meanings. */
export function codeDetail(
  store: CodeSetStore,
  compiled: CompiledCodeSets,
  system: CodeSystem,
  rawCode: string,
  date: IsoDate,
): CodeDetail {
  const code = normalizeCode(rawCode);
  const notes = system === CodeSystem.icd10cm ? store.notesFor(code) : undefined;
  const notesDisclaimer =
    notes === undefined
      ? undefined
      : `Instructional notes come from the ICD-10-CM Tabular List ${notes.notesRelease}.` +
        (notes.inTabular ? '' : ` ${code} is newer than that release: it carries only the notes of its parent codes.`);
  return {
    system,
    code,
    date,
    lookup: store.lookup(system, code, date),
    entry: store.entry(system, code, date),
    children: store.children(system, code, date),
    notes,
    notesDisclaimer,
    poaExempt: system === CodeSystem.icd10cm ? store.isPoaExempt(code, date) : undefined,
    history: store.history(system, code),
    pcsCharacters:
      system === CodeSystem.icd10pcs && compiled.pcsTables ? pcsCharacterMeanings(compiled.pcsTables, code) : undefined,
  };
}

/** One value offered by the PCS builder for the next character. */
export interface PcsBuilderOption {
  readonly value: string;
  readonly label: string;
  /** The axis title for this position in this section. */
  readonly axis: string;
}

export interface PcsBuilderStep {
  /** 1-based position of the character being chosen; 8 when the prefix is a complete, valid code. */
  readonly position: number;
  readonly options: readonly PcsBuilderOption[];
  /** True when the prefix is a complete code listed by the Tables. */
  readonly complete: boolean;
}

/**
 * The values the next character may take after `prefix` such that at least one valid code results: section, body
 * system, root operation (from the tables), then body part, approach, device and qualifier, each restricted to the
 * rows that still match every character already chosen. Offers nothing outside the Tables' Cartesian rows.
 */
export function pcsBuilderOptions(tables: CompiledPcsTables, rawPrefix: string): PcsBuilderStep {
  const prefix = normalizeCode(rawPrefix);
  const position = prefix.length + 1;
  const byValue = new Map<string, PcsBuilderOption>();
  const add = (value: string, label: string, axis: string): void => {
    if (!byValue.has(value)) byValue.set(value, { value, label, axis });
  };
  let complete = false;
  const heads = tableHeads(tables);
  if (position <= 3) {
    for (const [head, table] of heads) {
      if (!head.startsWith(prefix)) continue;
      const axis = table.axes[position - 1];
      const label = axis?.labels[0];
      if (axis && label) add(label[0], label[1], axis.title);
    }
  } else {
    const table = heads.get(prefix.slice(0, 3));
    for (const row of table?.rows ?? []) {
      // The row must accept every chosen character 4..prefix.length (rows are Cartesian products).
      let fits = true;
      for (let pos = 4; pos <= prefix.length && fits; pos++)
        fits = row[pos - 4]?.labels.some(([c]) => c === prefix[pos - 1]) ?? false;
      if (!fits) continue;
      if (position === 8) {
        complete = true;
        continue;
      }
      const axis = row[position - 4];
      if (axis) for (const [c, label] of axis.labels) add(c, label, axis.title);
    }
  }
  const options = [...byValue.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { position, options, complete };
}

const headCache = new WeakMap<CompiledPcsTables, Map<string, CompiledPcsTable>>();
/** Tables by their first three characters (section, body system, root operation). */
function tableHeads(tables: CompiledPcsTables): Map<string, CompiledPcsTable> {
  let map = headCache.get(tables);
  if (!map) {
    map = new Map(tables.tables.map((t) => [t.axes.map((a) => a.labels[0]?.[0] ?? '').join(''), t]));
    headCache.set(tables, map);
  }
  return map;
}

/** Expands every row of every table: the set of valid PCS codes the Tables define. */
export function expandPcsTables(tables: CompiledPcsTables): string[] {
  const out: string[] = [];
  for (const table of tables.tables) {
    const head = table.axes.map((a) => a.labels[0]?.[0] ?? '').join('');
    for (const row of table.rows) {
      const [a4, a5, a6, a7] = row;
      for (const [c4] of a4?.labels ?? [])
        for (const [c5] of a5?.labels ?? [])
          for (const [c6] of a6?.labels ?? [])
            for (const [c7] of a7?.labels ?? []) out.push(`${head}${c4}${c5}${c6}${c7}`);
    }
  }
  return out;
}

/** An Alphabetic Index entry as browsed: title, code, cross-references and direct subterms. */
export interface IndexEntryView {
  readonly id: number;
  readonly title: string;
  readonly level: number;
  readonly code?: string | undefined;
  readonly manif?: string | undefined;
  readonly see?: string | undefined;
  readonly seeAlso?: string | undefined;
  /** Drug / Neoplasm tables: column heading -> code ('--' when none). */
  readonly cells?: Readonly<Record<string, string>> | undefined;
  readonly subterms: readonly { readonly id: number; readonly title: string }[];
}

function viewOf(index: CompiledIndex, id: number): IndexEntryView | undefined {
  const t = index.terms[id];
  if (!t) return undefined;
  const subterms: { id: number; title: string }[] = [];
  for (let k = id + 1; k < index.terms.length; k++) {
    const s = index.terms[k];
    if (!s || s.level <= t.level) break;
    if (s.parent === id) subterms.push({ id: k, title: s.title });
  }
  let cells: Record<string, string> | undefined;
  if (t.cells) {
    cells = {};
    t.cells.forEach((c, i) => {
      if (cells) cells[index.headings[i + 1] ?? `col ${i + 2}`] = c;
    });
  }
  return {
    id,
    title: t.title,
    level: t.level,
    ...(t.code !== undefined ? { code: t.code } : {}),
    ...(t.manif !== undefined ? { manif: t.manif } : {}),
    ...(t.see !== undefined ? { see: t.see } : {}),
    ...(t.seeAlso !== undefined ? { seeAlso: t.seeAlso } : {}),
    ...(cells ? { cells } : {}),
    subterms,
  };
}

/** Main terms of an index (or table) whose title starts with the text, case-insensitive, in index order. */
export function browseIndex(
  compiled: CompiledCodeSets,
  kind: CompiledIndex['kind'],
  startsWith: string,
  limit = 50,
): IndexEntryView[] {
  const index = compiled.indexes.find((i) => i.kind === kind);
  if (!index) return [];
  const needle = startsWith.trim().toLowerCase();
  const out: IndexEntryView[] = [];
  index.terms.forEach((t, id) => {
    if (out.length >= limit || t.level !== 0) return;
    if (t.title.toLowerCase().startsWith(needle)) {
      const v = viewOf(index, id);
      if (v) out.push(v);
    }
  });
  return out;
}

/** One entry of an index by id, with its subterms (to walk down from a main term). */
export function indexEntry(
  compiled: CompiledCodeSets,
  kind: CompiledIndex['kind'],
  id: number,
): IndexEntryView | undefined {
  const index = compiled.indexes.find((i) => i.kind === kind);
  return index ? viewOf(index, id) : undefined;
}

/**
 * Looks a substance up in the Table of Drugs and Chemicals, or a site in the Neoplasm Table, by a path of terms
 * ("Neoplasm, neoplastic" > "lung"). Returns the deepest entry reached, with its column codes.
 */
export function tableLookup(
  compiled: CompiledCodeSets,
  kind: 'drug' | 'neoplasm',
  path: readonly string[],
): IndexEntryView | undefined {
  const index = compiled.indexes.find((i) => i.kind === kind);
  if (!index || path.length === 0) return undefined;
  let parent = -1;
  let found: number | undefined;
  for (const [depth, raw] of path.entries()) {
    const wanted = raw.trim().toLowerCase();
    let next: number | undefined;
    for (let k = parent + 1; k < index.terms.length; k++) {
      const t = index.terms[k];
      if (!t) break;
      if (
        t.parent === parent &&
        t.level === depth &&
        t.title.toLowerCase().replace(/\s*\(.*$/, '') === wanted.replace(/\s*\(.*$/, '')
      ) {
        next = k;
        break;
      }
      if (parent >= 0 && t.level <= depth - 1) break;
    }
    if (next === undefined) break;
    found = next;
    parent = next;
  }
  return found === undefined ? undefined : viewOf(index, found);
}
