import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHl7, getField, getSegments, getValue, parseHl7, parseHl7Path, unescapeHl7 } from './parse.js';
import { EVN, hl7, msh, PID, PV1 } from './synthetic-messages.js';
import { DEFAULT_DELIMITERS, type Hl7Message } from './types.js';

function parsed(text: string): Hl7Message {
  const r = parseHl7(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('parseHl7', () => {
  const message = parsed(hl7(msh('A01'), EVN, PID, PV1));

  it.each([
    ['MSH-1', '|'],
    ['MSH-2', '^~\\&'],
    ['MSH-3', 'SYNTHADT'],
    ['MSH-9.1', 'ADT'],
    ['MSH-9.2', 'A01'],
    ['MSH-10', 'CTL-A01'],
    ['PID-3.1', 'MRN000123'],
    ['PID-3.5', 'MR'],
    ['PID-3[2].1', 'ACC778'],
    ['PID-3[2].5', 'AN'],
    ['PID-5', 'TESTPATIENT'],
    ['PID-5.1', 'TESTPATIENT'],
    ['PID-5.2', 'ALPHA'],
    ['PID-11.3', 'Springfield'],
    ['PV1-3.1', '4W'],
    ['PV1-3.2', '401'],
    ['PV1-7.2', 'DOCTOR'],
    ['PV1-44', '20260105142500'],
    ['PV1[1]-2', 'I'],
  ])('reads %s as %s', (path, expected) => {
    expect(getValue(message, path)).toBe(expected);
  });

  it.each([['PID-4'], ['PID-3[3].1'], ['PV1[2]-2'], ['ZZZ-1'], ['PID-5.9'], ['not a path'], ['PID-0'], ['PID-3[0]']])(
    'gives undefined for the absent or invalid path %s',
    (path) => {
      expect(getValue(message, path)).toBeUndefined();
    },
  );

  it('returns the repetitions of a field', () => {
    expect(getField(message, 'PID-3')).toHaveLength(2);
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('splits segments on %s and skips blank lines', (_name, eol) => {
    const text = [msh('A01'), EVN, '', PID, PV1].join(eol) + eol + eol;
    const m = parsed(text);
    expect(m.segments.map((s) => s.id)).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
    expect(m.segments.map((s) => s.index)).toEqual([0, 1, 2, 3]);
  });

  it('tolerates a byte order mark and leading white space', () => {
    expect(parsed('\uFEFF \n' + hl7(msh('A01'), PID)).segments).toHaveLength(2);
  });

  it('reads subcomponents', () => {
    const m = parsed(hl7(msh('A01'), 'PID|1||X1^^^NWG&1.2.3&ISO^MR'));
    expect(getValue(m, 'PID-3.4.1')).toBe('NWG');
    expect(getValue(m, 'PID-3.4.2')).toBe('1.2.3');
    expect(getValue(m, 'PID-3.4.3')).toBe('ISO');
    expect(getSegments(m, 'PID')).toHaveLength(1);
  });

  it.each([
    ['#', '$', '*', '!', '@'],
    ['|', ':', '+', '/', '%'],
  ])(
    'honours the declared delimiters field=%s component=%s repetition=%s escape=%s subcomponent=%s',
    (f, c, r, e, s) => {
      const text = [
        `MSH${f}${c}${r}${e}${s}${f}SYNTHADT${f}NWG${f}CHARTA${f}HIM${f}20260105${f}${f}ADT${c}A08${f}C1${f}P${f}2.5.1`,
        `PID${f}1${f}${f}A1${c}${c}${c}NWG${s}X${c}MR${r}B2${c}${c}${c}NWG${c}AN${f}${f}DOE${e}F${e}SMITH${c}ANN`,
      ].join('\r');
      const m = parsed(text);
      expect(m.delimiters).toEqual({ field: f, component: c, repetition: r, escape: e, subcomponent: s });
      expect(getValue(m, 'MSH-9.2')).toBe('A08');
      expect(getValue(m, 'MSH-2')).toBe(`${c}${r}${e}${s}`);
      expect(getValue(m, 'PID-3.4.2')).toBe('X');
      expect(getValue(m, 'PID-3[2].5')).toBe('AN');
      expect(getValue(m, 'PID-5.1')).toBe(`DOE${f}SMITH`);
      expect(getValue(m, 'PID-5.2')).toBe('ANN');
    },
  );

  it('fills missing encoding characters with the recommended ones', () => {
    const m = parsed('MSH|^~|APP|FAC\rPID|1||A&B');
    expect(m.delimiters).toEqual(DEFAULT_DELIMITERS);
    expect(getValue(m, 'PID-3.1.2')).toBe('B');
  });

  it.each([
    ['an empty message', '', 'MSH', undefined, undefined],
    ['blank lines only', '\r\n\r\n', 'MSH', undefined, undefined],
    ['no MSH', hl7(PID, PV1), 'MSH', 0, 1],
    ['a letter as field separator', 'MSHA^~\\&AAPP', 'MSH', 0, 1],
    ['a field separator only', 'MSH|', 'MSH', 0, 2],
    ['repeated encoding characters', 'MSH|^^\\&|APP', 'MSH', 0, 2],
    ['white space among the encoding characters', 'MSH|^ \\&|APP', 'MSH', 0, 2],
    ['too many encoding characters', 'MSH|^~\\&#!|APP', 'MSH', 0, 2],
    ['a line that is not a segment', hl7(msh('A01'), 'this is not hl7', PID), '', 1, undefined],
    ['a lower-case segment id', hl7(msh('A01'), 'pid|1'), '', 1, undefined],
  ])('rejects %s with a located error', (_name, text, segment, segmentIndex, field) => {
    const r = parseHl7(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const [first] = r.error;
    expect(first?.location.segment).toBe(segment);
    expect(first?.location.segmentIndex).toBe(segmentIndex);
    expect(first?.location.field).toBe(field);
    expect(first?.hl7Code).toBe('100');
  });

  it('parses a truncated message (header only) without failing; mapping reports what is missing', () => {
    const m = parsed('MSH|^~\\&|SYNTHADT|NWG');
    expect(getValue(m, 'MSH-4')).toBe('NWG');
    expect(getValue(m, 'MSH-9')).toBeUndefined();
  });
});

describe('escape sequences', () => {
  const d = DEFAULT_DELIMITERS;
  it.each([
    ['\\F\\', '|'],
    ['\\S\\', '^'],
    ['\\T\\', '&'],
    ['\\R\\', '~'],
    ['\\E\\', '\\'],
    ['A\\.br\\B', 'A\nB'],
    ['\\X0D0A\\', '\r\n'],
    ['\\X41E9\\', 'Aé'],
    ['\\H\\bold\\N\\', '\\H\\bold\\N\\'],
    ['\\XZZ\\', '\\XZZ\\'],
    ['open \\F', 'open \\F'],
    ['plain', 'plain'],
  ])('unescapes %s', (raw, expected) => {
    expect(unescapeHl7(raw, d)).toBe(expected);
  });

  it('unescapes inside parsed fields without splitting on escaped delimiters', () => {
    const m = parsed(hl7(msh('A01'), 'PID|1||X1||O\\S\\BRIEN\\T\\CO^ANN\\F\\MARIE\\R\\ \\E\\'));
    expect(getValue(m, 'PID-5.1')).toBe('O^BRIEN&CO');
    expect(getValue(m, 'PID-5.2')).toBe('ANN|MARIE~ \\');
  });

  it.each([['a|b^c&d~e\\f'], ['line\rbreak\nhere'], ['plain text']])('round-trips %j through escape', (text) => {
    expect(unescapeHl7(escapeHl7(text, d), d)).toBe(text);
  });
});

describe('parseHl7Path', () => {
  it.each([
    ['PID-5', { segment: 'PID', sequence: 1, field: 5, repetition: 1 }],
    ['PID-3[2].1', { segment: 'PID', sequence: 1, field: 3, repetition: 2, component: 1 }],
    ['OBX[2]-5.1.2', { segment: 'OBX', sequence: 2, field: 5, repetition: 1, component: 1, subcomponent: 2 }],
  ])('parses %s', (path, expected) => {
    expect(parseHl7Path(path)).toEqual({ ok: true, value: expected });
  });

  it.each([['PID'], ['PID-'], ['pid-5'], ['PID-5.'], ['PID-5.0']])('rejects %s', (path) => {
    expect(parseHl7Path(path).ok).toBe(false);
  });
});

describe('parser properties', () => {
  const delimiterSets = fc
    .uniqueArray(fc.constantFrom('|', '^', '~', '\\', '&', '#', '$', '*', '!', '@', '%', '+', ':', '/'), {
      minLength: 5,
      maxLength: 5,
    })
    .map(([field = '', component = '', repetition = '', escape = '', subcomponent = '']) => ({
      field,
      component,
      repetition,
      escape,
      subcomponent,
    }));

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const r = parseHl7('MSH' + text);
        expect(typeof r.ok).toBe('boolean');
        expect(typeof parseHl7(text).ok).toBe('boolean');
      }),
    );
  });

  it('reads back any text written with escapeHl7 under any delimiters', () => {
    fc.assert(
      fc.property(delimiterSets, fc.string({ unit: 'grapheme' }), (d, text) => {
        const encoding = d.component + d.repetition + d.escape + d.subcomponent;
        const message = `MSH${d.field}${encoding}${d.field}APP\rNTE${d.field}1${d.field}${d.field}${escapeHl7(text, d)}`;
        const m = parsed(message);
        const value = getValue(m, 'NTE-3');
        expect(value ?? '').toBe(text);
      }),
    );
  });
});
