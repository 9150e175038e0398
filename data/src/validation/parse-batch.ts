/**
 * Parses a batch of encounters for `charta validate FILE`: a JSON array, NDJSON (one JSON object per line) or CSV.
 * Parse, don't validate (STYLE.md §5): each row becomes a `CodedEncounter` or errors naming its line and field; a bad
 * row never stops the others. Codes are normalised at this edge (dots and spaces removed, upper case). Whether the
 * codes are valid is the engine's job, not the parser's.
 *
 * Formats: packages/core/src/validation/README.md.
 */
import {
  EncounterType,
  normalizeCode,
  type CodedDiagnosis,
  type CodedEncounter,
  type CodedProcedure,
  type PoaIndicator,
  type Sex,
} from '@charta/core';

export const BatchFormat = { json: 'json', ndjson: 'ndjson', csv: 'csv' } as const;
export type BatchFormat = (typeof BatchFormat)[keyof typeof BatchFormat];

export interface BatchRow {
  /** 1-based line where the row starts. */
  readonly line: number;
  readonly encounter: CodedEncounter;
}

export interface BatchError {
  /** 1-based line where the bad row starts (or where the syntax error is). */
  readonly line: number;
  /**
   * JSON Pointer of the field in the row ('/diagnoses/1/poa'; for CSV the first segment is the column), a list of
   * missing CSV columns on the header line, or '' for the whole row.
   */
  readonly field: string;
  readonly message: string;
}

export interface ParsedBatch {
  readonly rows: BatchRow[];
  readonly errors: BatchError[];
}

/** The batch format named by a file name's extension: .json, .ndjson/.jsonl, .csv. */
export function batchFormatOf(fileName: string): BatchFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return BatchFormat.ndjson;
  if (lower.endsWith('.json')) return BatchFormat.json;
  if (lower.endsWith('.csv')) return BatchFormat.csv;
  return undefined;
}

const ENCOUNTER_TYPES = new Set<string>(Object.values(EncounterType));
const SEXES = new Set<string>(['M', 'F', 'U']);
const POA_VALUES = new Set<string>(['Y', 'N', 'U', 'W', '1']);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

type FieldErrors = { field: string; message: string }[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  return s === '' ? undefined : s;
}

function parseCode(value: unknown, field: string, errors: FieldErrors): string | undefined {
  const raw = optionalString(value);
  if (raw === undefined) {
    errors.push({ field, message: 'a code is required' });
    return undefined;
  }
  return normalizeCode(raw);
}

function parseDate(value: unknown, field: string, errors: FieldErrors, required: boolean): string | undefined {
  const s = optionalString(value);
  if (s === undefined) {
    if (required) errors.push({ field, message: 'a date (YYYY-MM-DD) is required' });
    return undefined;
  }
  if (!DATE.test(s)) {
    errors.push({ field, message: `"${s}" is not a date (YYYY-MM-DD)` });
    return undefined;
  }
  return s;
}

function parseDiagnosis(value: unknown, i: number, errors: FieldErrors): CodedDiagnosis | undefined {
  const field = `/diagnoses/${i}`;
  let code: unknown;
  let poa: unknown;
  if (typeof value === 'string') {
    // "E119:Y" shorthand, as in the CSV format.
    const [c, p] = value.split(':');
    code = c;
    poa = p;
  } else if (isRecord(value)) {
    code = value['code'];
    poa = value['poa'];
  } else {
    errors.push({ field, message: 'a diagnosis is an object { code, poa? } or "CODE:POA"' });
    return undefined;
  }
  const parsedCode = parseCode(code, `${field}/code`, errors);
  const p = optionalString(poa)?.toUpperCase();
  if (p !== undefined && !POA_VALUES.has(p)) {
    errors.push({ field: `${field}/poa`, message: `"${p}" is not a POA indicator (Y, N, U, W, 1 or blank)` });
    return undefined;
  }
  if (parsedCode === undefined) return undefined;
  return p === undefined ? { code: parsedCode } : { code: parsedCode, poa: p as PoaIndicator };
}

function parseProcedure(value: unknown, i: number, errors: FieldErrors): CodedProcedure | undefined {
  const field = `/procedures/${i}`;
  let code: unknown;
  let date: unknown;
  if (typeof value === 'string') {
    const [c, d] = value.split('@');
    code = c;
    date = d;
  } else if (isRecord(value)) {
    code = value['code'];
    date = value['date'];
  } else {
    errors.push({ field, message: 'a procedure is an object { code, date? } or "CODE@YYYY-MM-DD"' });
    return undefined;
  }
  const parsedCode = parseCode(code, `${field}/code`, errors);
  const parsedDate = parseDate(date, `${field}/date`, errors, false);
  if (parsedCode === undefined) return undefined;
  return parsedDate === undefined ? { code: parsedCode } : { code: parsedCode, date: parsedDate };
}

function parseList<T>(
  value: unknown,
  field: string,
  errors: FieldErrors,
  item: (v: unknown, i: number, e: FieldErrors) => T | undefined,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field, message: 'a list is required' });
    return [];
  }
  const out: T[] = [];
  value.forEach((v, i) => {
    const parsed = item(v, i, errors);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

function parseInteger(value: unknown, field: string, errors: FieldErrors, required: boolean): number | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) errors.push({ field, message: 'a whole number is required' });
    return undefined;
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isInteger(n)) {
    errors.push({ field, message: `"${String(value)}" is not a whole number` });
    return undefined;
  }
  return n;
}

/** Parses one encounter object (JSON shape) into a CodedEncounter, or field errors. */
export function parseEncounterObject(value: unknown): { encounter?: CodedEncounter; errors: FieldErrors } {
  const errors: FieldErrors = [];
  if (!isRecord(value)) return { errors: [{ field: '', message: 'an encounter is a JSON object' }] };
  const id = optionalString(value['id']);
  const ageYears = parseInteger(value['ageYears'], '/ageYears', errors, true);
  const ageDays = parseInteger(value['ageDays'], '/ageDays', errors, false);
  const sexRaw = optionalString(value['sex'])?.toUpperCase();
  if (sexRaw === undefined || !SEXES.has(sexRaw))
    errors.push({ field: '/sex', message: `sex must be M, F or U${sexRaw ? `, not "${sexRaw}"` : ''}` });
  const typeRaw = optionalString(value['encounterType'])?.toLowerCase();
  if (typeRaw === undefined || !ENCOUNTER_TYPES.has(typeRaw)) {
    errors.push({
      field: '/encounterType',
      message: `encounterType must be one of ${[...ENCOUNTER_TYPES].join(', ')}`,
    });
  }
  const admitDate = parseDate(value['admitDate'], '/admitDate', errors, true);
  const dischargeDate = parseDate(value['dischargeDate'], '/dischargeDate', errors, false);
  const dischargeStatus = optionalString(value['dischargeStatus']);
  const admitDiagnosisRaw = optionalString(value['admitDiagnosis']);
  const diagnoses = parseList(value['diagnoses'], '/diagnoses', errors, parseDiagnosis);
  const procedures = parseList(value['procedures'], '/procedures', errors, parseProcedure);
  if (errors.length > 0 || ageYears === undefined || admitDate === undefined) return { errors };
  const encounter: CodedEncounter = {
    ...(id !== undefined ? { id } : {}),
    ageYears,
    ...(ageDays !== undefined ? { ageDays } : {}),
    sex: sexRaw as Sex,
    encounterType: typeRaw as EncounterType,
    admitDate,
    ...(dischargeDate !== undefined ? { dischargeDate } : {}),
    ...(dischargeStatus !== undefined ? { dischargeStatus } : {}),
    ...(admitDiagnosisRaw !== undefined ? { admitDiagnosis: normalizeCode(admitDiagnosisRaw) } : {}),
    diagnoses,
    procedures,
  };
  return { encounter, errors };
}

function collect(result: ParsedBatch, line: number, value: unknown): void {
  const { encounter, errors } = parseEncounterObject(value);
  if (encounter) result.rows.push({ line, encounter });
  for (const e of errors) result.errors.push({ line, ...e });
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Start offsets of the top-level elements of a JSON array text (strings and nesting skipped). */
function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectValue && c !== ']') {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

/** A JSON.parse error position as a line number, when the message carries one. */
function syntaxErrorLine(text: string, error: unknown): number {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return m?.[1] ? lineAt(text, Number(m[1])) : 1;
}

function parseJsonArray(text: string): ParsedBatch {
  const result: ParsedBatch = { rows: [], errors: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    result.errors.push({
      line: syntaxErrorLine(text, e),
      field: '',
      message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
    return result;
  }
  if (!Array.isArray(value)) {
    result.errors.push({ line: 1, field: '', message: 'a JSON batch is an array of encounters' });
    return result;
  }
  const offsets = arrayElementOffsets(text);
  // Line numbers counted incrementally: one pass over the text, not one per element.
  let line = 1;
  let at = 0;
  value.forEach((item, i) => {
    const offset = offsets[i] ?? at;
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    collect(result, line, item);
  });
  return result;
}

function parseNdjson(text: string): ParsedBatch {
  const result: ParsedBatch = { rows: [], errors: [] };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      result.errors.push({
        line: i + 1,
        field: '',
        message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      });
      return;
    }
    collect(result, i + 1, value);
  });
  return result;
}

/** RFC 4180 records with the line each starts on; quoted fields may hold commas, quotes ("") and newlines. */
function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (any || field !== '') records.push({ line: start, fields });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== '') {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

/** The CSV columns, in the documented order. `diagnoses`: CODE:POA;...  `procedures`: CODE or CODE@DATE;... */
export const CSV_COLUMNS = [
  'id',
  'ageYears',
  'ageDays',
  'sex',
  'encounterType',
  'admitDate',
  'dischargeDate',
  'dischargeStatus',
  'admitDiagnosis',
  'diagnoses',
  'procedures',
] as const;

const REQUIRED_COLUMNS = ['ageYears', 'sex', 'encounterType', 'admitDate', 'diagnoses'] as const;

const splitList = (s: string | undefined): string[] =>
  (s ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');

function parseCsv(text: string): ParsedBatch {
  const result: ParsedBatch = { rows: [], errors: [] };
  const records = csvRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = records[0];
  if (!header) return result;
  const columns = header.fields.map((f) => f.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    result.errors.push({
      line: header.line,
      field: missing.join(', '),
      message: `missing column(s): ${missing.join(', ')}`,
    });
    return result;
  }
  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      result.errors.push({
        line: record.line,
        field: '',
        message: `${record.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      row[c] = record.fields[i];
    });
    row['diagnoses'] = splitList(row['diagnoses'] as string | undefined);
    row['procedures'] = splitList(row['procedures'] as string | undefined);
    collect(result, record.line, row);
  }
  return result;
}

/**
 * Parses a batch of encounters. Never throws on bad content: syntax errors and bad rows come back in `errors`, each
 * with the line the row starts on and the field at fault; good rows come back in `rows`, in file order.
 */
export function parseEncounterBatch(text: string, format: BatchFormat): ParsedBatch {
  switch (format) {
    case BatchFormat.json:
      return parseJsonArray(text);
    case BatchFormat.ndjson:
      return parseNdjson(text);
    case BatchFormat.csv:
      return parseCsv(text);
  }
}
