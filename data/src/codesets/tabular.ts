import type { CompiledIndex, CompiledIndexTerm, CompiledTabularNode, NoteKind } from '@charta/core';
import { CodeSetParseError } from './parse-error.js';
import { readXml, TextCollector } from './xml.js';

const NOTE_CONTAINERS: ReadonlySet<string> = new Set<NoteKind>([
  'includes',
  'inclusionTerm',
  'excludes1',
  'excludes2',
  'codeFirst',
  'useAdditionalCode',
  'codeAlso',
  'notes',
]);

interface NodeDraft {
  kind: 'chapter' | 'block' | 'code';
  id: string;
  title: string;
  parent: number;
  notes: [NoteKind, string][];
  seventh?: { note: string; values: [string, string][] };
  placeholder?: boolean;
}

/**
 * Reads the ICD-10-CM Tabular List XML (root ICD10CM.tabular: chapter > section > diag, diag nesting recursively) into
 * a flat node list in document order, keeping every instructional note with its kind [Tabular XML schema; DOMAIN.md
 * §1.4]. Codes lose their dot. Returns the release year from <version>.
 */
export function parseTabularXml(text: string, file: string): { version: string; nodes: CompiledTabularNode[] } {
  const nodes: NodeDraft[] = [];
  const nodeStack: number[] = [];
  const elements: string[] = [];
  const collector = new TextCollector();
  let version = '';
  let container: NoteKind | 'sevenChrNote' | 'sevenChrDef' | undefined;
  let extensionChar = '';
  readXml(text, file, {
    open(name, attrs, line) {
      const parentElement = elements[elements.length - 1];
      elements.push(name);
      if (elements.length === 1 && name !== 'ICD10CM.tabular')
        throw new CodeSetParseError(file, line, `Root element is <${name}>, expected <ICD10CM.tabular>`);
      if (name === 'chapter' || name === 'section' || name === 'diag') {
        const kind = name === 'chapter' ? 'chapter' : name === 'section' ? 'block' : 'code';
        const draft: NodeDraft = {
          kind,
          id: attrs['id'] ?? '',
          title: '',
          parent: nodeStack[nodeStack.length - 1] ?? -1,
          notes: [],
        };
        if (attrs['placeholder'] === 'true') draft.placeholder = true;
        nodes.push(draft);
        nodeStack.push(nodes.length - 1);
        return;
      }
      if (
        NOTE_CONTAINERS.has(name) &&
        nodeStack.length > 0 &&
        (parentElement === 'chapter' || parentElement === 'section' || parentElement === 'diag')
      ) {
        container = name as NoteKind;
        return;
      }
      if ((name === 'sevenChrNote' || name === 'sevenChrDef') && nodeStack.length > 0) {
        container = name;
        const node = nodes[nodeStack[nodeStack.length - 1] ?? -1];
        if (node && !node.seventh) node.seventh = { note: '', values: [] };
        return;
      }
      if (name === 'extension') extensionChar = attrs['char'] ?? '';
      if (name === 'name' || name === 'desc' || name === 'note' || name === 'extension' || name === 'version')
        collector.begin();
    },
    text(value) {
      if (collector.depth > 0) collector.add(value);
    },
    close(name, line) {
      elements.pop();
      if (name === 'chapter' || name === 'section' || name === 'diag') {
        const index = nodeStack.pop() ?? -1;
        const node = nodes[index];
        if (node && node.id === '') throw new CodeSetParseError(file, line, `<${name}> without a <name> or id`);
        return;
      }
      if (NOTE_CONTAINERS.has(name) || name === 'sevenChrNote' || name === 'sevenChrDef') {
        container = undefined;
        return;
      }
      if (name !== 'name' && name !== 'desc' && name !== 'note' && name !== 'extension' && name !== 'version') return;
      const value = collector.end();
      if (name === 'version') {
        if (elements.length === 1) version = value;
        return;
      }
      const node = nodes[nodeStack[nodeStack.length - 1] ?? -1];
      if (!node) return;
      const owner = elements[elements.length - 1];
      if (name === 'name' && (owner === 'chapter' || owner === 'diag')) {
        node.id = owner === 'diag' ? value.replace('.', '').toUpperCase() : value;
        if (owner === 'diag' && !/^[A-Z][0-9A-Z]{2,6}$/.test(node.id))
          throw new CodeSetParseError(file, line, `<name> "${value}" is not an ICD-10-CM code`);
      } else if (name === 'desc' && (owner === 'chapter' || owner === 'section' || owner === 'diag'))
        node.title = value;
      else if (name === 'note' && container !== undefined) {
        if (container === 'sevenChrNote') {
          if (node.seventh) node.seventh.note = node.seventh.note ? `${node.seventh.note} ${value}` : value;
        } else if (container !== 'sevenChrDef') node.notes.push([container, value]);
      } else if (name === 'extension' && container === 'sevenChrDef' && node.seventh)
        node.seventh.values.push([extensionChar, value]);
    },
  });
  if (nodes.length === 0) throw new CodeSetParseError(file, 1, 'No chapters found: not an ICD-10-CM Tabular file');
  const out = nodes.map((n): CompiledTabularNode => ({
    kind: n.kind,
    id: n.id,
    title: n.title,
    parent: n.parent,
    notes: n.notes,
    ...(n.seventh && n.seventh.values.length > 0 ? { seventh: n.seventh } : {}),
    ...(n.placeholder ? { placeholder: true } : {}),
  }));
  return { version, nodes: out };
}

interface TermDraft {
  parent: number;
  level: number;
  title: string;
  code?: string;
  manif?: string;
  see?: string;
  seeAlso?: string;
  cells?: string[];
}

/**
 * Reads an ICD-10-CM Alphabetic Index, External Cause Index, Drug or Neoplasm table, or the ICD-10-PCS Index
 * (roots ICD10CM.index / ICD10PCS.index: letter > mainTerm > term[level], with title, code, manif, see, seeAlso, use,
 * cell[col]; PCS `see` may hold <codes>). Terms come out flat, parents before children.
 */
export function parseIndexXml(
  text: string,
  file: string,
  kind: CompiledIndex['kind'],
): { version: string; headings: string[]; terms: CompiledIndexTerm[] } {
  const terms: TermDraft[] = [];
  const termStack: number[] = [];
  const elements: string[] = [];
  const collector = new TextCollector();
  const headings: string[] = [];
  let version = '';
  let cellCol = 0;
  let codesInSee = '';
  readXml(text, file, {
    open(name, attrs, line) {
      elements.push(name);
      if (elements.length === 1 && name !== 'ICD10CM.index' && name !== 'ICD10PCS.index')
        throw new CodeSetParseError(file, line, `Root element is <${name}>, expected an ICD-10 index`);
      if (name === 'mainTerm' || name === 'term') {
        const level = name === 'mainTerm' ? 0 : Number(attrs['level'] ?? termStack.length);
        terms.push({ parent: termStack[termStack.length - 1] ?? -1, level, title: '' });
        termStack.push(terms.length - 1);
        return;
      }
      if (name === 'cell') cellCol = Number(attrs['col'] ?? 0);
      if (name === 'see') codesInSee = '';
      if (name === 'codes') {
        collector.begin();
        return;
      }
      if (['title', 'code', 'manif', 'see', 'seeAlso', 'use', 'cell', 'head', 'version', 'tab'].includes(name))
        collector.begin();
    },
    text(value) {
      if (collector.depth > 0) collector.add(value);
    },
    close(name, line) {
      elements.pop();
      if (name === 'mainTerm' || name === 'term') {
        termStack.pop();
        return;
      }
      if (name === 'codes') {
        codesInSee = collector.end();
        return;
      }
      if (!['title', 'code', 'manif', 'see', 'seeAlso', 'use', 'cell', 'head', 'version', 'tab'].includes(name)) return;
      let value = collector.end();
      if (name === 'version') {
        if (elements.length === 1) version = value;
        return;
      }
      if (name === 'head') {
        headings.push(value);
        return;
      }
      const term = terms[termStack[termStack.length - 1] ?? -1];
      if (!term) return;
      const owner = elements[elements.length - 1];
      if (owner !== 'mainTerm' && owner !== 'term') return;
      switch (name) {
        case 'title':
          term.title = value;
          break;
        case 'code':
          term.code = value;
          break;
        case 'tab':
          term.code = value;
          break;
        case 'manif':
          term.manif = value;
          break;
        case 'see':
        case 'use':
          // PCS: <see>Resection, Uterus<codes>0UT9</codes></see>: keep the table prefix as the code.
          if (codesInSee) {
            value = value.replace(codesInSee, '').trim();
            term.code ??= codesInSee;
          }
          term.see = name === 'use' ? `use ${value}` : value;
          break;
        case 'seeAlso':
          term.seeAlso = value;
          break;
        case 'cell': {
          if (cellCol < 2 || cellCol > 16)
            throw new CodeSetParseError(file, line, `Table cell column ${cellCol} out of range`);
          term.cells ??= [];
          while (term.cells.length < cellCol - 1) term.cells.push('--');
          term.cells[cellCol - 2] = value;
          break;
        }
      }
    },
  });
  if (terms.length === 0) throw new CodeSetParseError(file, 1, 'No index terms found');
  const out = terms.map((t): CompiledIndexTerm => {
    const term: { -readonly [K in keyof CompiledIndexTerm]: CompiledIndexTerm[K] } = {
      parent: t.parent,
      level: t.level,
      title: t.title,
    };
    if (t.code !== undefined) term.code = t.code;
    if (t.manif !== undefined) term.manif = t.manif;
    if (t.see !== undefined) term.see = t.see;
    if (t.seeAlso !== undefined) term.seeAlso = t.seeAlso;
    if (t.cells !== undefined) term.cells = t.cells;
    return term;
  });
  void kind;
  return { version, headings, terms: out };
}
