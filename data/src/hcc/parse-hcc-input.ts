import { isHccSegment, isMedicaidDual, type HccDiagnosis, type HccPerson } from '@charta/core';

/**
 * Parses the input of `charta hcc score FILE`: a JSON array of persons, or NDJSON (one person object per line). The
 * format is described in packages/core/src/hcc/README.md. Parsing checks shapes and normalizes codes (dots removed,
 * upper case); the scorer judges the values (age ranges, segment against age, code validity) and reports findings.
 * No zod here, so the CLI can use it without the contracts package.
 */

/** A parsed person with the input line where it starts, so a report can point back to the file. */
export interface HccInputPerson extends HccPerson {
  readonly line: number;
}

export interface HccInputError {
  /** 1-based line of the person (or of the syntax error) in the input text. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedHccInput {
  readonly persons: readonly HccInputPerson[];
  readonly errors: readonly HccInputError[];
}

/** Parses a JSON array or NDJSON of persons; never throws. Persons with errors are left out of `persons`. */
export function parseHccInput(text: string): ParsedHccInput {
  const body = text.replace(/^\uFEFF/, '');
  const persons: HccInputPerson[] = [];
  const errors: HccInputError[] = [];

  if (body.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      errors.push({ line: lineOfJsonError(body, e), message: `Not valid JSON: ${messageOf(e)}` });
      return { persons, errors };
    }
    if (!Array.isArray(parsed)) {
      errors.push({ line: 1, message: 'Expected a JSON array of persons.' });
      return { persons, errors };
    }
    const lines = topLevelElementLines(body);
    parsed.forEach((value: unknown, i) => readPerson(value, lines[i] ?? 1, persons, errors));
  } else {
    body.split(/\r?\n/).forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        errors.push({ line, message: `Not valid JSON: ${messageOf(e)}` });
        return;
      }
      readPerson(value, line, persons, errors);
    });
  }
  if (persons.length === 0 && errors.length === 0) errors.push({ line: 1, message: 'The input holds no persons.' });
  return { persons, errors };
}

const SEXES = ['M', 'F', 'U'] as const;

function readPerson(value: unknown, line: number, persons: HccInputPerson[], errors: HccInputError[]): void {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ line, message: 'Each person must be a JSON object.' });
    return;
  }
  const o = value as Record<string, unknown>;

  let id: string | undefined;
  if (typeof o['id'] === 'string' || typeof o['id'] === 'number') id = String(o['id']);
  else if (o['id'] !== undefined) problems.push('"id" must be a string or a number.');

  const sexValue = typeof o['sex'] === 'string' ? o['sex'].trim().toUpperCase() : undefined;
  const sex = SEXES.find((s) => s === sexValue);
  if (!sex) problems.push('"sex" must be "M", "F" or "U".');

  let dateOfBirth: string | undefined;
  if (typeof o['dateOfBirth'] === 'string') dateOfBirth = o['dateOfBirth'].trim();
  else if (o['dateOfBirth'] !== undefined) problems.push('"dateOfBirth" must be a string YYYY-MM-DD.');

  let ageYears: number | undefined;
  if (typeof o['ageYears'] === 'number') ageYears = o['ageYears'];
  else if (o['ageYears'] !== undefined) problems.push('"ageYears" must be a number.');
  if (dateOfBirth === undefined && ageYears === undefined) problems.push('Give "dateOfBirth" or "ageYears".');

  const dual = o['medicaidDual'];
  if (typeof dual !== 'string' || !isMedicaidDual(dual))
    problems.push('"medicaidDual" must be "full", "partial" or "non".');

  const od = o['originallyDisabled'];
  if (od !== undefined && typeof od !== 'boolean') problems.push('"originallyDisabled" must be true or false.');

  const segment = o['segment'];
  if (typeof segment !== 'string' || !isHccSegment(segment)) {
    problems.push(
      `"segment" must be one of: community, community-nondual-aged, ..., institutional, new-enrollee, snp-new-enrollee.`,
    );
  }

  const diagnoses: HccDiagnosis[] = [];
  const rawDiagnoses = o['diagnoses'];
  if (!Array.isArray(rawDiagnoses)) {
    problems.push('"diagnoses" must be an array (it may be empty).');
  } else {
    rawDiagnoses.forEach((d: unknown, i) => {
      const item = readDiagnosis(d);
      if (typeof item === 'string') problems.push(`diagnoses[${i}]: ${item}`);
      else diagnoses.push(item);
    });
  }

  if (
    problems.length > 0 ||
    !sex ||
    typeof dual !== 'string' ||
    !isMedicaidDual(dual) ||
    typeof segment !== 'string' ||
    !isHccSegment(segment)
  ) {
    const who = id !== undefined ? `person "${id}"` : 'person';
    for (const message of problems) errors.push({ line, message: `${who}: ${message}` });
    return;
  }
  persons.push({
    line,
    ...(id !== undefined ? { id } : {}),
    sex,
    ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
    ...(ageYears !== undefined ? { ageYears } : {}),
    medicaidDual: dual,
    originallyDisabled: od === true,
    segment,
    diagnoses,
  });
}

/** A diagnosis is a code string or `{ "code": ..., "date": "YYYY-MM-DD" }`; returns the problem as a string. */
function readDiagnosis(d: unknown): HccDiagnosis | string {
  if (typeof d === 'string') {
    const code = normalizeCode(d);
    return code === '' ? 'empty code' : { code };
  }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'must be a code string or an object with "code"';
  const o = d as Record<string, unknown>;
  if (typeof o['code'] !== 'string' || normalizeCode(o['code']) === '') return '"code" must be a non-empty string';
  if (o['date'] !== undefined && typeof o['date'] !== 'string') return '"date" must be a string YYYY-MM-DD';
  const code = normalizeCode(o['code']);
  return typeof o['date'] === 'string' ? { code, date: o['date'].trim() } : { code };
}

function normalizeCode(code: string): string {
  return code.trim().replaceAll('.', '').toUpperCase();
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The line of a JSON.parse error, from the "position N" or "line N" that V8 puts in its message. */
function lineOfJsonError(text: string, e: unknown): number {
  const message = messageOf(e);
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return 1;
}

/** The 1-based line where each element of a top-level JSON array starts (the text is known to be valid JSON). */
function topLevelElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectValue = false;
  for (const ch of text) {
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && ch !== ']' && !/\s/.test(ch)) {
      lines.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return lines;
}
