import type { CompiledConversion } from '@charta/core';
import { CodeSetParseError } from './parse-error.js';
import { linesOf, splitCsvLine } from './lines.js';

/** One HCPCS Level II code from the quarterly file. */
export interface HcpcsRecord {
  readonly code: string;
  readonly long: string;
  readonly short: string;
  readonly addedOn: string;
  readonly effectiveOn: string;
  readonly terminatesOn: string;
  readonly action: string;
  readonly crossRefs: readonly string[];
  readonly modifier: boolean;
}

const ymd = (v: string): string => (v.length === 8 ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : '');

/**
 * Reads the CMS HCPCS Level II quarterly file in its CSV form (HCPC, SEQNUM, RECID, LONG DESCRIPTION, SHORT
 * DESCRIPTION, ..., XREF1-5, ..., ADD DT, ACT EFF DT, TERM DT, ACTION CD). Record types 3/7 start a procedure or
 * modifier, 4/8 continue its long description [CMS HCPCS record layout; DOMAIN.md §1.6].
 */
export function parseHcpcsCsv(text: string, file: string): HcpcsRecord[] {
  const out: HcpcsRecord[] = [];
  let columns: Map<string, number> | undefined;
  for (const [line, n] of linesOf(text)) {
    if (line.trim().length === 0) continue;
    const cells = splitCsvLine(line);
    if (!cells) throw new CodeSetParseError(file, n, 'Unbalanced quotes in the CSV record');
    if (!columns) {
      columns = new Map(cells.map((c, i) => [c.trim().toUpperCase(), i]));
      for (const need of ['HCPC', 'RECID', 'LONG DESCRIPTION', 'SHORT DESCRIPTION', 'ADD DT', 'TERM DT']) {
        if (!columns.has(need))
          throw new CodeSetParseError(file, n, `Header lacks the column "${need}": not a HCPCS quarterly CSV`);
      }
      continue;
    }
    if (cells.length !== columns.size)
      throw new CodeSetParseError(
        file,
        n,
        `Record has ${cells.length} fields, the header has ${columns.size} (truncated line?)`,
      );
    const get = (name: string): string => (cells[columns?.get(name) ?? -1] ?? '').trim();
    const code = get('HCPC');
    const recid = get('RECID');
    if (!/^[0-9A-Z]{2,5}$/.test(code))
      throw new CodeSetParseError(file, n, `"${code}" is not a HCPCS code or modifier`);
    if (recid === '4' || recid === '8') {
      const prev = out[out.length - 1];
      if (!prev || prev.code !== code)
        throw new CodeSetParseError(file, n, `Continuation record for ${code} without its first record`);
      out[out.length - 1] = { ...prev, long: `${prev.long} ${get('LONG DESCRIPTION')}`.trim() };
      continue;
    }
    if (recid !== '3' && recid !== '7')
      throw new CodeSetParseError(file, n, `Unknown record type "${recid}" (expected 3, 4, 7 or 8)`);
    const crossRefs = ['XREF1', 'XREF2', 'XREF3', 'XREF4', 'XREF5'].map(get).filter((x) => x.length > 0);
    for (const d of ['ADD DT', 'ACT EFF DT', 'TERM DT']) {
      const v = get(d);
      if (v.length > 0 && !/^[0-9]{8}$/.test(v)) throw new CodeSetParseError(file, n, `${d} "${v}" is not YYYYMMDD`);
    }
    out.push({
      code,
      long: get('LONG DESCRIPTION'),
      short: get('SHORT DESCRIPTION'),
      addedOn: ymd(get('ADD DT')),
      effectiveOn: ymd(get('ACT EFF DT')),
      terminatesOn: ymd(get('TERM DT')),
      action: get('ACTION CD'),
      crossRefs,
      modifier: recid === '7',
    });
  }
  if (out.length === 0) throw new CodeSetParseError(file, 1, 'The HCPCS file holds no records');
  return out;
}

/** One code of a site's CPT file. */
export interface CptRecord {
  readonly code: string;
  readonly short: string;
  readonly long: string;
}

/**
 * Reads a site's licensed CPT file: `code<TAB>short descriptor<TAB>long descriptor`, UTF-8, optional header row
 * (documented in data/codesets/CPT-FORMAT.md). Codes: 4 digits + digit/F/T, or the made-up test form 4 digits + Z.
 */
export function parseCptFile(text: string, file: string): CptRecord[] {
  const out: CptRecord[] = [];
  const seen = new Set<string>();
  for (const [line, n] of linesOf(text)) {
    if (line.trim().length === 0) continue;
    const cells = line.split('\t');
    if (n === 1 && /^code$/i.test((cells[0] ?? '').trim())) continue;
    if (cells.length !== 3)
      throw new CodeSetParseError(
        file,
        n,
        `Expected 3 tab-separated fields (code, short, long), found ${cells.length}`,
      );
    const code = (cells[0] ?? '').trim().toUpperCase();
    if (!/^[0-9]{4}[0-9FTZ]$/.test(code))
      throw new CodeSetParseError(file, n, `"${code}" is not a CPT code (4 digits + digit, F or T)`);
    if (seen.has(code)) throw new CodeSetParseError(file, n, `Code ${code} appears twice`);
    seen.add(code);
    const short = (cells[1] ?? '').trim();
    const long = (cells[2] ?? '').trim();
    if (long.length === 0 && short.length === 0) throw new CodeSetParseError(file, n, `Code ${code} has no descriptor`);
    out.push({ code, short: short || long, long: long || short });
  }
  if (out.length === 0) throw new CodeSetParseError(file, 1, 'The CPT file holds no codes');
  return out;
}

/**
 * Reads the ICD-10-CM conversion table (CSV converted from the CDC spreadsheet: notice rows, then "Current code
 * assignment, Effective, Previous Code(s) Assignment"). Previous codes may be a list separated by commas or "and".
 */
export function parseConversionCsv(text: string, file: string): CompiledConversion[] {
  const out: CompiledConversion[] = [];
  let headerSeen = false;
  for (const [line, n] of linesOf(text)) {
    if (!headerSeen) {
      if (/^"?Current code assignment/i.test(line)) headerSeen = true;
      continue;
    }
    // The CDC sheet's export ends with empty rows (",", '""'): a row without a code is blank.
    if (line.replace(/[",\s]/g, '').length === 0) continue;
    const cells = splitCsvLine(line);
    if (!cells || cells.length < 3)
      throw new CodeSetParseError(file, n, 'Expected current code, effective year and previous code(s)');
    const code = (cells[0] ?? '').replace('.', '').trim().toUpperCase();
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(code))
      throw new CodeSetParseError(file, n, `"${cells[0] ?? ''}" is not an ICD-10-CM code`);
    const previous = (
      cells
        .slice(2)
        .join(',')
        .match(/[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?/g) ?? []
    ).map((c) => c.replace('.', ''));
    out.push({ code, effective: (cells[1] ?? '').trim(), previous });
  }
  if (!headerSeen)
    throw new CodeSetParseError(file, 1, 'No "Current code assignment" header row: not a conversion table');
  return out;
}

/** Reads the POA-exempt list (tab-delimited: Order, POAexemptCode with dots, Description) [POA FY2026 ReadMe]. */
export function parsePoaExempt(text: string, file: string): string[] {
  const out: string[] = [];
  for (const [line, n] of linesOf(text)) {
    if (line.trim().length === 0) continue;
    const cells = line.split('\t');
    if (n === 1 && /code/i.test(cells[1] ?? '')) continue;
    const code = (cells[1] ?? '').replace('.', '').trim().toUpperCase();
    if (cells.length < 2 || !/^[A-Z][0-9A-Z]{2,6}$/.test(code))
      throw new CodeSetParseError(file, n, 'Expected order, code and description separated by tabs');
    out.push(code);
  }
  return out;
}
