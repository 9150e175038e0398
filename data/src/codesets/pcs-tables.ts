import type { CompiledPcsAxis, CompiledPcsDefinition, CompiledPcsTable } from '@charta/core';
import { CodeSetParseError } from './parse-error.js';
import { readXml, TextCollector } from './xml.js';

interface AxisDraft {
  pos: number;
  title: string;
  labels: [string, string][];
  definition?: string;
}

const PCS_CHAR = /^[0-9A-HJ-NP-Z]$/;

/**
 * Reads the ICD-10-PCS Tables XML (root ICD10PCS.tabular > pcsTable > axis[pos 1-3] + pcsRow > axis[pos 4-7], each axis
 * a title and label[code] values) [CMS ICD-10-PCS Tables XML; DOMAIN.md §1.5]. A row is a Cartesian product of its
 * axes; the caller checks that expanding all rows gives exactly the order file's codes.
 */
export function parsePcsTablesXml(text: string, file: string): { version: string; tables: CompiledPcsTable[] } {
  const tables: { axes: AxisDraft[]; rows: AxisDraft[][] }[] = [];
  const elements: string[] = [];
  const collector = new TextCollector();
  let version = '';
  let axis: AxisDraft | undefined;
  let row: AxisDraft[] | undefined;
  let labelCode = '';
  readXml(text, file, {
    open(name, attrs, line) {
      elements.push(name);
      if (elements.length === 1 && name !== 'ICD10PCS.tabular')
        throw new CodeSetParseError(file, line, `Root element is <${name}>, expected <ICD10PCS.tabular>`);
      switch (name) {
        case 'pcsTable':
          tables.push({ axes: [], rows: [] });
          return;
        case 'pcsRow':
          row = [];
          return;
        case 'axis': {
          const pos = Number(attrs['pos']);
          if (!(pos >= 1 && pos <= 7))
            throw new CodeSetParseError(file, line, `Axis position "${attrs['pos'] ?? ''}" is not 1-7`);
          axis = { pos, title: '', labels: [] };
          return;
        }
        case 'label':
          labelCode = attrs['code'] ?? '';
          if (!PCS_CHAR.test(labelCode))
            throw new CodeSetParseError(file, line, `Label code "${labelCode}" is not a PCS character`);
          collector.begin();
          return;
        case 'title':
        case 'definition':
        case 'version':
          collector.begin();
          return;
      }
    },
    text(value) {
      if (collector.depth > 0) collector.add(value);
    },
    close(name, line) {
      elements.pop();
      const table = tables[tables.length - 1];
      switch (name) {
        case 'version': {
          const v = collector.end();
          if (elements.length === 1) version = v;
          return;
        }
        case 'title': {
          const v = collector.end();
          if (axis) axis.title = v;
          return;
        }
        case 'definition': {
          const v = collector.end();
          if (axis) axis.definition = v;
          return;
        }
        case 'label':
          axis?.labels.push([labelCode, collector.end()]);
          return;
        case 'axis':
          if (!axis || !table) return;
          if (axis.labels.length === 0) throw new CodeSetParseError(file, line, `Axis ${axis.pos} has no labels`);
          if (row) row.push(axis);
          else table.axes.push(axis);
          axis = undefined;
          return;
        case 'pcsRow':
          if (!table || !row) return;
          if (row.length !== 4)
            throw new CodeSetParseError(file, line, `A pcsRow needs axes 4-7, found ${row.length} axes`);
          table.rows.push(row);
          row = undefined;
          return;
        case 'pcsTable':
          if (!table) return;
          if (table.axes.length !== 3)
            throw new CodeSetParseError(file, line, `A pcsTable needs axes 1-3, found ${table.axes.length}`);
          return;
      }
    },
  });
  if (tables.length === 0) throw new CodeSetParseError(file, 1, 'No pcsTable elements: not an ICD-10-PCS Tables file');
  const toAxis = (a: AxisDraft): CompiledPcsAxis => ({
    pos: a.pos,
    title: a.title,
    labels: a.labels,
    ...(a.definition ? { definition: a.definition } : {}),
  });
  return { version, tables: tables.map((t) => ({ axes: t.axes.map(toAxis), rows: t.rows.map((r) => r.map(toAxis)) })) };
}

/** Reads the ICD-10-PCS Definitions XML (section[code] > axis[pos] > terms: title, definition, explanation, includes). */
export function parsePcsDefinitionsXml(text: string, file: string): CompiledPcsDefinition[] {
  const out: CompiledPcsDefinition[] = [];
  const elements: string[] = [];
  const collector = new TextCollector();
  let section = '';
  let pos = 0;
  let term: { term: string; definition: string; explanation?: string; includes?: string } | undefined;
  readXml(text, file, {
    open(name, attrs, line) {
      elements.push(name);
      if (elements.length === 1 && name !== 'ICD10PCS.definitions')
        throw new CodeSetParseError(file, line, `Root element is <${name}>, expected <ICD10PCS.definitions>`);
      if (name === 'section') section = attrs['code'] ?? '';
      else if (name === 'axis') pos = Number(attrs['pos'] ?? 0);
      else if (name === 'terms') term = { term: '', definition: '' };
      else if (['title', 'definition', 'explanation', 'includes'].includes(name)) collector.begin();
    },
    text(value) {
      if (collector.depth > 0) collector.add(value);
    },
    close(name) {
      elements.pop();
      if (name === 'terms') {
        if (term) out.push({ section, pos, ...term });
        term = undefined;
        return;
      }
      if (!['title', 'definition', 'explanation', 'includes'].includes(name)) return;
      const v = collector.end();
      if (!term) return;
      if (name === 'title') term.term = term.term ? `${term.term}; ${v}` : v;
      else if (name === 'definition') term.definition = v;
      else if (name === 'explanation') term.explanation = v;
      else term.includes = term.includes ? `${term.includes}; ${v}` : v;
    },
  });
  return out;
}
