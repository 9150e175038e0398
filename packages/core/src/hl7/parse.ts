/**
 * A tolerant HL7 v2.x parser. Message structure and delimiters follow HL7 v2.5.1 chapter 2 (Control), sections 2.5
 * (message construction: segments end in CR, fields/components/subcomponents/repetitions separated by the characters
 * declared in MSH-1 and MSH-2) and 2.7 (escape sequences in text data). Tolerances beyond the standard, because real
 * feeds need them: LF and CRLF segment terminators, blank lines, leading whitespace or a byte order mark, fewer than
 * four encoding characters (the missing ones take their recommended values when they do not clash).
 */
import { err, jsonPointer, ok, type Result } from '../result.js';
import {
  type Hl7Component,
  type Hl7Delimiters,
  Hl7ErrorCode,
  type Hl7Field,
  type Hl7Issue,
  type Hl7Location,
  type Hl7Message,
  type Hl7Repetition,
  type Hl7Segment,
} from './types.js';

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/** Builds an `Hl7Issue` whose `path` is a JSON Pointer to the located segment/field/component. */
export function hl7Issue(
  location: Hl7Location,
  hl7Code: Hl7ErrorCode,
  message: string,
  code = 'hl7.' + hl7Code,
  severity: Hl7Issue['severity'] = 'E',
): Hl7Issue {
  const segments: (string | number)[] = ['segments'];
  if (location.segmentIndex !== undefined) {
    segments.push(location.segmentIndex);
    if (location.field !== undefined) {
      segments.push('fields', location.field);
      if (location.repetition !== undefined) segments.push(location.repetition);
      if (location.component !== undefined) segments.push(location.component);
      if (location.subcomponent !== undefined) segments.push(location.subcomponent);
    }
  }
  return { path: jsonPointer(segments), code, message, location, hl7Code, severity };
}

/** Reads the delimiters from the start of an MSH segment, or says why they are unusable. */
export function readDelimiters(mshLine: string): Result<Hl7Delimiters, Hl7Issue[]> {
  const at = (field: number, text: string): Hl7Issue[] => [
    hl7Issue({ segment: 'MSH', segmentIndex: 0, sequence: 1, field }, Hl7ErrorCode.segmentSequenceError, text),
  ];
  if (!mshLine.startsWith('MSH')) return err(at(1, 'The message does not start with an MSH segment'));
  const field = mshLine.charAt(3);
  if (field === '' || /[A-Za-z0-9\s]/.test(field)) {
    return err(at(1, 'MSH-1 (field separator) is missing or is a letter, digit or white space'));
  }
  const end = mshLine.indexOf(field, 4);
  const encoding = end === -1 ? mshLine.slice(4) : mshLine.slice(4, end);
  if (encoding.length === 0 || encoding.length > 5) {
    return err(at(2, 'MSH-2 (encoding characters) must hold 1 to 5 characters'));
  }
  const chosen = [...encoding];
  const recommended = ['^', '~', '\\', '&'];
  for (let i = chosen.length; i < 4; i++) {
    const fallback = recommended[i] ?? '';
    if (chosen.includes(fallback) || fallback === field) return err(at(2, 'MSH-2 (encoding characters) is incomplete'));
    chosen.push(fallback);
  }
  const [component = '', repetition = '', escape = '', subcomponent = ''] = chosen;
  const all = [field, component, repetition, escape, subcomponent];
  if (new Set(all).size !== all.length) return err(at(2, 'MSH-1 and MSH-2 must be five different characters'));
  if (chosen.slice(0, 4).some((c) => /[A-Za-z0-9\s]/.test(c))) {
    return err(at(2, 'MSH-2 (encoding characters) may not be letters, digits or white space'));
  }
  return ok({ field, component, repetition, escape, subcomponent });
}

/** Turns two hex digits per byte into text; bytes are read as ISO 8859-1, HL7's default character set. */
function hexToText(hex: string): string | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return undefined;
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/**
 * Replaces escape sequences (HL7 v2.5.1 section 2.7): \F\ \S\ \T\ \R\ \E\ by the delimiters, \Xhh..\ by the bytes,
 * \.br\ by a line feed. Other sequences (highlighting, character-set switches) and unterminated ones stay as written,
 * so nothing is lost.
 */
export function unescapeHl7(text: string, d: Hl7Delimiters): string {
  if (!text.includes(d.escape)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch !== d.escape) {
      out += ch;
      i++;
      continue;
    }
    const close = text.indexOf(d.escape, i + 1);
    if (close === -1) {
      out += text.slice(i);
      break;
    }
    const body = text.slice(i + 1, close);
    const replaced = escapeBody(body, d);
    out += replaced ?? text.slice(i, close + 1);
    i = close + 1;
  }
  return out;
}

function escapeBody(body: string, d: Hl7Delimiters): string | undefined {
  switch (body) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
    default:
      return body.startsWith('X') ? hexToText(body.slice(1)) : undefined;
  }
}

/** Escapes text for use inside a field (the inverse of `unescapeHl7`); line breaks become \X0D\ / \X0A\. */
export function escapeHl7(text: string, d: Hl7Delimiters): string {
  let out = '';
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\r') out += `${d.escape}X0D${d.escape}`;
    else if (ch === '\n') out += `${d.escape}X0A${d.escape}`;
    else out += ch;
  }
  return out;
}

function parseField(raw: string, d: Hl7Delimiters): Hl7Field {
  if (raw === '') return [];
  return raw
    .split(d.repetition)
    .map((rep): Hl7Repetition =>
      rep.split(d.component).map((comp): Hl7Component => comp.split(d.subcomponent).map((s) => unescapeHl7(s, d))),
    );
}

/**
 * Parses an HL7 v2.x message. Fails (never throws) when there is no readable MSH or when a line is not a segment;
 * each issue is located by segment index and id. Field content is not validated here (see `mapAdtEvent`).
 */
export function parseHl7(text: string): Result<Hl7Message, Hl7Issue[]> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^[\s\u0000]+/, ''))
    .filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) {
    return err([hl7Issue({ segment: 'MSH' }, Hl7ErrorCode.segmentSequenceError, 'The message is empty')]);
  }
  const delimiters = readDelimiters(first);
  if (!delimiters.ok) return delimiters;
  const d = delimiters.value;
  const issues: Hl7Issue[] = [];
  const segments: Hl7Segment[] = [];
  lines.forEach((line, index) => {
    const parts = line.split(d.field);
    const id = parts[0] ?? '';
    if (!SEGMENT_ID.test(id)) {
      issues.push(
        hl7Issue(
          { segment: '', segmentIndex: index },
          Hl7ErrorCode.segmentSequenceError,
          `Line ${index + 1} does not start with a segment id (three upper-case letters or digits)`,
        ),
      );
      return;
    }
    const fields: Hl7Field[] = [[]];
    if (index === 0) {
      const encoding = parts[1] ?? '';
      fields.push([[[d.field]]], [[[encoding]]]);
      for (const raw of parts.slice(2)) fields.push(parseField(raw, d));
    } else {
      for (const raw of parts.slice(1)) fields.push(parseField(raw, d));
    }
    segments.push({ id, index, fields });
  });
  if (issues.length > 0) return err(issues);
  return ok({ delimiters: d, segments });
}

/** A parsed field path such as `PID-3[2].1` or `OBX[2]-5.1.2`; every position counts from 1. */
export interface Hl7Path {
  readonly segment: string;
  readonly sequence: number;
  readonly field: number;
  readonly repetition: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

const PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;

/** Parses `SEG[occurrence]-field[repetition].component.subcomponent`; occurrence and repetition default to 1. */
export function parseHl7Path(path: string): Result<Hl7Path> {
  const m = PATH.exec(path.trim());
  const positive = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  const sequence = positive(m?.[2]) ?? 1;
  const field = positive(m?.[3]) ?? 0;
  const repetition = positive(m?.[4]) ?? 1;
  const component = positive(m?.[5]);
  const subcomponent = positive(m?.[6]);
  if (!m || [sequence, field, repetition, component ?? 1, subcomponent ?? 1].some((n) => n < 1)) {
    return err([{ path: '', code: 'hl7.path', message: `Not an HL7 field path: ${path}` }]);
  }
  return ok({
    segment: m[1] ?? '',
    sequence,
    field,
    repetition,
    ...(component === undefined ? {} : { component }),
    ...(subcomponent === undefined ? {} : { subcomponent }),
  });
}

/** All segments with the given id, in message order. */
export function getSegments(message: Hl7Message, id: string): readonly Hl7Segment[] {
  return message.segments.filter((s) => s.id === id);
}

/** The value at field/repetition/component/subcomponent of one segment (positions from 1), or undefined when empty. */
export function segmentValue(
  segment: Hl7Segment,
  field: number,
  repetition = 1,
  component = 1,
  subcomponent = 1,
): string | undefined {
  const value = segment.fields[field]?.[repetition - 1]?.[component - 1]?.[subcomponent - 1];
  return value === undefined || value === '' ? undefined : value;
}

/** The field a path points at (its component part is ignored), or undefined when absent or the path is invalid. */
export function getField(message: Hl7Message, path: string): Hl7Field | undefined {
  const p = parseHl7Path(path);
  if (!p.ok) return undefined;
  return getSegments(message, p.value.segment)[p.value.sequence - 1]?.fields[p.value.field];
}

/**
 * The text at a path, e.g. `PID-5.1` (family name), `PV1-3.1`, `PID-3[2].1`. A path without a component reads the
 * first component's first subcomponent. Empty and absent values, and invalid paths, give undefined.
 */
export function getValue(message: Hl7Message, path: string): string | undefined {
  const p = parseHl7Path(path);
  if (!p.ok) return undefined;
  const segment = getSegments(message, p.value.segment)[p.value.sequence - 1];
  if (!segment) return undefined;
  return segmentValue(segment, p.value.field, p.value.repetition, p.value.component, p.value.subcomponent);
}
