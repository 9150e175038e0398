import type { CompiledCodeSets, CompiledRelease, CompiledTabularNode } from './compiled.js';
import { addDays, addMonths } from './dates.js';
import { formatProblem } from './format.js';
import { parseNoteRefs } from './note-refs.js';
import {
  CODE_SYSTEMS,
  CodeSystem,
  displayCode,
  normalizeCode,
  type CodeEntry,
  type CodeHierarchy,
  type CodeHistoryEvent,
  type CodeLookup,
  type CodeNotes,
  type CodeSetStore,
  type HierarchyLevel,
  type IsoDate,
  type Release,
  type ReleaseStatus,
  type SeventhCharacterRule,
  type TabularNote,
} from './types.js';

/** A release with its code index, built once. */
interface LoadedRelease {
  readonly release: Release;
  readonly data: CompiledRelease;
  readonly index: Map<string, number>;
  /** Index of the nearest ancestor code present in the release, -1 for top-level codes. */
  readonly parent: Int32Array;
  children?: Map<number, number[]>;
}

/** How long a release is expected to stay in force when no newer one is loaded (for `beyond-newest`). */
function expectedEnd(system: CodeSystem, from: IsoDate): IsoDate {
  // ICD-10: fiscal year (or its April half) [DOMAIN.md §1.1]; HCPCS quarterly; CPT annual on 1 Jan.
  const months = system === CodeSystem.hcpcs ? 3 : 12;
  if ((system === CodeSystem.icd10cm || system === CodeSystem.icd10pcs) && from.slice(5) === '04-01')
    return addDays(`${from.slice(0, 4)}-10-01`, -1);
  if ((system === CodeSystem.icd10cm || system === CodeSystem.icd10pcs) && from.slice(5) === '10-01')
    return addDays(`${Number(from.slice(0, 4)) + 1}-10-01`, -1);
  return addDays(addMonths(from, months), -1);
}

function buildParents(codes: readonly string[], index: Map<string, number>): Int32Array {
  const parent = new Int32Array(codes.length).fill(-1);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? '';
    for (let len = code.length - 1; len >= 3; len--) {
      const p = index.get(code.slice(0, len));
      if (p !== undefined) {
        parent[i] = p;
        break;
      }
    }
  }
  return parent;
}

/**
 * Builds the date-aware CodeSetStore over compiled code sets. Pure: all data comes in as an argument.
 * Validity comes only from the release code lists (order-file flag 1); the Tabular supplies notes and hierarchy
 * [DOMAIN.md §1.4, loader rule 1].
 */
export function createCodeSetStore(compiled: CompiledCodeSets): CodeSetStore {
  const strings = compiled.strings;
  const bySystem = new Map<CodeSystem, LoadedRelease[]>();
  for (const system of CODE_SYSTEMS) {
    const list = compiled.releases
      .filter((r) => r.system === system)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    bySystem.set(
      system,
      list.map((data, i) => {
        const next = list[i + 1];
        const index = new Map<string, number>();
        data.codes.forEach((c, k) => index.set(c, k));
        const release: Release = {
          system,
          version: data.version,
          effectiveFrom: data.effectiveFrom,
          effectiveTo: next ? addDays(next.effectiveFrom, -1) : undefined,
          source: data.source,
          codeCount: data.codes.length,
          origin: data.origin,
        };
        return { release, data, index, parent: buildParents(data.codes, index) };
      }),
    );
  }

  // Tabular: node per code, and block ranges for codes the Tabular release does not have yet.
  const tabular = compiled.tabular;
  const nodes: readonly CompiledTabularNode[] = tabular?.nodes ?? [];
  const nodeByCode = new Map<string, number>();
  const blocks: { first: string; last: string; node: number }[] = [];
  nodes.forEach((n, i) => {
    if (n.kind === 'code') nodeByCode.set(n.id, i);
    else if (n.kind === 'block') {
      const [first, last] = n.id.split('-');
      blocks.push({ first: first ?? n.id, last: last ?? first ?? n.id, node: i });
    }
  });

  const replacements = new Map<string, string[]>();
  for (const row of compiled.conversion) {
    for (const prev of row.previous) {
      const list = replacements.get(prev) ?? [];
      if (!list.includes(row.code)) list.push(row.code);
      replacements.set(prev, list);
    }
  }
  const poaLists = [...compiled.poaExempt]
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .map((p) => ({ ...p, set: new Set(p.codes) }));

  const loaded = (system: CodeSystem): LoadedRelease[] => bySystem.get(system) ?? [];

  function loadedAt(system: CodeSystem, date: IsoDate): LoadedRelease | undefined {
    const list = loaded(system);
    let found: LoadedRelease | undefined;
    for (const r of list) if (r.release.effectiveFrom <= date) found = r;
    return found;
  }

  function levelOf(index: number): HierarchyLevel | undefined {
    const n = nodes[index];
    return n ? { id: n.id, title: n.title } : undefined;
  }

  function cmHierarchy(code: string, rel: LoadedRelease, i: number): CodeHierarchy {
    const ancestors: string[] = [];
    for (let p = rel.parent[i] ?? -1; p !== -1; p = rel.parent[p] ?? -1) ancestors.unshift(rel.data.codes[p] ?? '');
    const cat = code.slice(0, 3);
    let blockIndex = -1;
    const catNode = nodeByCode.get(cat);
    if (catNode !== undefined) {
      for (let p = nodes[catNode]?.parent ?? -1; p !== -1; p = nodes[p]?.parent ?? -1) {
        if (nodes[p]?.kind === 'block') {
          blockIndex = p;
          break;
        }
      }
    }
    if (blockIndex === -1) blockIndex = blocks.find((b) => cat >= b.first && cat <= b.last)?.node ?? -1;
    const chapterIndex = blockIndex === -1 ? -1 : (nodes[blockIndex]?.parent ?? -1);
    const catIndex = rel.index.get(cat);
    const catTitle =
      catIndex !== undefined ? (strings[rel.data.long[catIndex] ?? -1] ?? '') : (nodes[catNode ?? -1]?.title ?? '');
    return {
      chapter: levelOf(chapterIndex),
      block: levelOf(blockIndex),
      category: { id: displayCode(CodeSystem.icd10cm, cat), title: catTitle },
      ancestors,
    };
  }

  function entryAt(rel: LoadedRelease, i: number): CodeEntry {
    const system = rel.release.system;
    const code = rel.data.codes[i] ?? '';
    const hierarchy: CodeHierarchy =
      system === CodeSystem.icd10cm
        ? cmHierarchy(code, rel, i)
        : system === CodeSystem.icd10pcs && code.length === 7
          ? { ancestors: [code.slice(0, 3)] }
          : { ancestors: [] };
    return {
      system,
      code,
      display: displayCode(system, code),
      version: rel.release.version,
      billable: rel.data.billable[i] === '1',
      shortTitle: strings[rel.data.short[i] ?? -1] ?? '',
      longTitle: strings[rel.data.long[i] ?? -1] ?? '',
      hierarchy,
    };
  }

  /** HCPCS codes carry their own add and termination dates inside a quarterly release. */
  function activeOn(rel: LoadedRelease, i: number, date: IsoDate): 'active' | 'not-yet' | 'terminated' {
    const added = rel.data.addedOn?.[i] ?? '';
    const ends = rel.data.terminatesOn?.[i] ?? '';
    if (added && date < added) return 'not-yet';
    if (ends && date >= ends) return 'terminated';
    return 'active';
  }

  function childrenIndexes(rel: LoadedRelease, i: number): number[] {
    if (!rel.children) {
      const map = new Map<number, number[]>();
      rel.parent.forEach((p, k) => {
        if (p === -1) return;
        const list = map.get(p) ?? [];
        list.push(k);
        map.set(p, list);
      });
      rel.children = map;
    }
    return rel.children.get(i) ?? [];
  }

  function billableDescendants(rel: LoadedRelease, i: number, limit: number): string[] {
    const out: string[] = [];
    const walk = (k: number): void => {
      for (const c of childrenIndexes(rel, k)) {
        if (out.length >= limit) return;
        if (rel.data.billable[c] === '1') out.push(rel.data.codes[c] ?? '');
        walk(c);
      }
    };
    walk(i);
    return out;
  }

  function replacementsOf(code: string): readonly string[] {
    return replacements.get(normalizeCode(code)) ?? [];
  }

  const store: CodeSetStore = {
    notesRelease: tabular?.release,

    releases: (system) => loaded(system).map((r) => r.release),

    release: (system, date) => loadedAt(system, date)?.release,

    releaseStatus(system, date): ReleaseStatus {
      const list = loaded(system);
      const first = list[0];
      if (!first) return { kind: 'none-loaded' };
      const rel = loadedAt(system, date);
      if (!rel) return { kind: 'before-oldest', oldest: first.release };
      if (rel.release.effectiveTo === undefined && date > expectedEnd(system, rel.release.effectiveFrom))
        return { kind: 'beyond-newest', release: rel.release };
      return { kind: 'in-force', release: rel.release };
    },

    lookup(system, rawCode, date): CodeLookup {
      const code = normalizeCode(rawCode);
      const problem = formatProblem(system, code);
      if (problem !== undefined)
        return { ok: false, error: { reason: 'invalid-format', system, code, message: problem } };
      const list = loaded(system);
      if (system === CodeSystem.cpt && list.length === 0) {
        // No licensed CPT file loaded: CPT codes are checked for format only [DOMAIN.md §1.7].
        const entry: CodeEntry = {
          system,
          code,
          display: code,
          version: 'format-only',
          billable: true,
          shortTitle: '',
          longTitle: '',
          hierarchy: { ancestors: [] },
        };
        return { ok: true, value: { entry, release: undefined, basis: 'format-only' } };
      }
      const rel = loadedAt(system, date);
      if (!rel) return { ok: false, error: { reason: 'no-release', system, code, date } };
      const i = rel.index.get(code);
      if (i !== undefined) {
        const state = activeOn(rel, i, date);
        if (state === 'active') {
          const entry = entryAt(rel, i);
          if (entry.billable) return { ok: true, value: { entry, release: rel.release, basis: 'release' } };
          // A header now that was billable before (B88.0 in FY2026) carries the date and its replacements.
          const pos = loaded(system).indexOf(rel);
          let becameHeaderOn: IsoDate | undefined;
          for (let k = pos - 1; k >= 0 && becameHeaderOn === undefined; k--) {
            const earlier = loaded(system)[k];
            const j = earlier?.index.get(code);
            if (earlier && j !== undefined && earlier.data.billable[j] === '1')
              becameHeaderOn = loaded(system)[k + 1]?.release.effectiveFrom;
          }
          return {
            ok: false,
            error: {
              reason: 'header',
              system,
              code,
              release: rel.release,
              entry,
              billableChildren: billableDescendants(rel, i, 20),
              ...(becameHeaderOn !== undefined ? { becameHeaderOn, replacedBy: replacementsOf(code) } : {}),
            },
          };
        }
        if (state === 'not-yet') {
          return {
            ok: false,
            error: {
              reason: 'not-yet-valid',
              system,
              code,
              release: rel.release,
              validFrom: rel.data.addedOn?.[i] ?? '',
              firstVersion: rel.release.version,
            },
          };
        }
        const xref = rel.data.crossRefs?.[i] ?? '';
        return {
          ok: false,
          error: {
            reason: 'deleted',
            system,
            code,
            release: rel.release,
            deletedOn: rel.data.terminatesOn?.[i] ?? '',
            lastVersion: rel.release.version,
            becameHeader: false,
            replacedBy: xref ? xref.split(' ') : [],
          },
        };
      }
      // Absent on the date: look at the other releases to tell "deleted" from "not yet valid" from "unknown".
      const pos = list.indexOf(rel);
      for (let k = pos - 1; k >= 0; k--) {
        const earlier = list[k];
        const j = earlier?.index.get(code);
        if (earlier && j !== undefined && earlier.data.billable[j] === '1') {
          const after = list[k + 1];
          return {
            ok: false,
            error: {
              reason: 'deleted',
              system,
              code,
              release: rel.release,
              deletedOn: after?.release.effectiveFrom ?? rel.release.effectiveFrom,
              lastVersion: earlier.release.version,
              becameHeader: false,
              replacedBy: replacementsOf(code),
            },
          };
        }
      }
      for (let k = pos + 1; k < list.length; k++) {
        const later = list[k];
        if (later?.index.has(code)) {
          return {
            ok: false,
            error: {
              reason: 'not-yet-valid',
              system,
              code,
              release: rel.release,
              validFrom: later.release.effectiveFrom,
              firstVersion: later.release.version,
            },
          };
        }
      }
      return { ok: false, error: { reason: 'unknown', system, code, release: rel.release } };
    },

    entry(system, rawCode, date) {
      const rel = loadedAt(system, date);
      const i = rel?.index.get(normalizeCode(rawCode));
      return rel && i !== undefined ? entryAt(rel, i) : undefined;
    },

    notesFor(rawCode): CodeNotes | undefined {
      if (!tabular) return undefined;
      const code = normalizeCode(rawCode);
      let nodeIndex: number | undefined;
      for (let len = code.length; len >= 3 && nodeIndex === undefined; len--)
        nodeIndex = nodeByCode.get(code.slice(0, len));
      if (nodeIndex === undefined) {
        const block = blocks.find((b) => code.slice(0, 3) >= b.first && code.slice(0, 3) <= b.last);
        if (!block) return undefined;
        nodeIndex = block.node;
      }
      // A 7-character code is "in" the Tabular when its 6-character stem (X placeholders removed) is listed with a
      // 7th-character definition: the Tabular never lists the expanded codes [DOMAIN.md §1.4 rule 2].
      const nodeId = nodes[nodeIndex]?.id;
      const inTabular = nodeId === code || (code.length === 7 && nodeId === code.slice(0, 6).replace(/X+$/, ''));
      const notes: TabularNote[] = [];
      let seventh: SeventhCharacterRule | undefined;
      let placeholder = false;
      for (let p = nodeIndex; p !== -1; p = nodes[p]?.parent ?? -1) {
        const n = nodes[p];
        if (!n) break;
        const definedAt = n.kind === 'chapter' ? `chapter ${n.id}` : n.id;
        for (const [kind, text] of n.notes) notes.push({ kind, text, refs: parseNoteRefs(text), definedAt });
        if (!seventh && n.seventh)
          seventh = {
            definedAt: n.id,
            note: n.seventh.note,
            values: n.seventh.values.map(([char, meaning]) => ({ char, meaning })),
          };
        if (n.placeholder) placeholder = true;
      }
      return { code, notesRelease: tabular.release, inTabular, notes, seventh, placeholder };
    },

    isPoaExempt(rawCode, date) {
      // The list in force on the date; before the oldest loaded list, the oldest is the best available
      // approximation (the lists change by a few hundred codes a year) [POA FY2026 ReadMe].
      let list = poaLists[0];
      for (const p of poaLists) if (p.effectiveFrom <= date) list = p;
      return list?.set.has(normalizeCode(rawCode)) ?? false;
    },

    children(system, rawCode, date) {
      const rel = loadedAt(system, date);
      const i = rel?.index.get(normalizeCode(rawCode));
      if (!rel || i === undefined) return [];
      return childrenIndexes(rel, i).map((k) => entryAt(rel, k));
    },

    history(system, rawCode) {
      const code = normalizeCode(rawCode);
      const events: CodeHistoryEvent[] = [];
      let prev: { billable: boolean; long: string } | undefined;
      loaded(system).forEach((rel, k) => {
        const i = rel.index.get(code);
        const base = { version: rel.release.version, effectiveFrom: rel.release.effectiveFrom };
        if (i === undefined) {
          if (prev) events.push({ ...base, change: 'deleted', replacedBy: replacementsOf(code) });
          prev = undefined;
          return;
        }
        const now = { billable: rel.data.billable[i] === '1', long: strings[rel.data.long[i] ?? -1] ?? '' };
        if (!prev) {
          if (k > 0) events.push({ ...base, change: 'added' });
        } else {
          if (prev.billable && !now.billable)
            events.push({ ...base, change: 'became-header', replacedBy: replacementsOf(code) });
          if (!prev.billable && now.billable) events.push({ ...base, change: 'became-billable' });
          if (prev.long !== now.long) events.push({ ...base, change: 'revised', from: prev.long, to: now.long });
        }
        const ends = rel.data.terminatesOn?.[i] ?? '';
        if (ends)
          events.push({
            version: rel.release.version,
            effectiveFrom: ends,
            change: 'deleted',
            replacedBy: (rel.data.crossRefs?.[i] ?? '').split(' ').filter(Boolean),
          });
        prev = now;
      });
      return events;
    },

    replacementsOf,

    hasCptFile: () => loaded(CodeSystem.cpt).length > 0,
  };
  return store;
}
