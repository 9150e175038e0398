import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ackCodeFor, acknowledgeAdt, buildAck, buildFallbackAck } from './ack.js';
import { getSegments, getValue, hl7Issue, parseHl7 } from './parse.js';
import { EVN, hl7, msh, PID, PV1, VALID_ADT } from './synthetic-messages.js';
import { type Hl7Issue, type Hl7Message } from './types.js';

function parsed(text: string): Hl7Message {
  const r = parseHl7(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('buildAck', () => {
  const incoming = parsed(VALID_ADT['A01'] ?? '');

  it('swaps sender and receiver and echoes the control id', () => {
    const ack = parsed(buildAck(incoming, { code: 'AA', controlId: 'ACK0001', timestamp: '20260105143001' }));
    expect(ack.segments.map((s) => s.id)).toEqual(['MSH', 'MSA']);
    expect(
      ['MSH-3', 'MSH-4', 'MSH-5', 'MSH-6', 'MSH-7', 'MSH-9.1', 'MSH-9.2', 'MSH-9.3', 'MSH-10', 'MSH-11', 'MSH-12'].map(
        (p) => getValue(ack, p),
      ),
    ).toEqual([
      'CHARTA',
      'HIM',
      'SYNTHADT',
      'NORTHWIND GEN',
      '20260105143001',
      'ACK',
      'A01',
      'ACK',
      'ACK0001',
      'P',
      '2.5.1',
    ]);
    expect(getValue(ack, 'MSA-1')).toBe('AA');
    expect(getValue(ack, 'MSA-2')).toBe('CTL-A01');
  });

  it('defaults the ACK control id and timestamp to the incoming ones (core has no clock)', () => {
    const ack = parsed(buildAck(incoming, { code: 'AA' }));
    expect(getValue(ack, 'MSH-7')).toBe('20260105143000');
    expect(getValue(ack, 'MSH-10')).toBe('CTL-A01');
  });

  it('ends every segment with CR', () => {
    const text = buildAck(incoming, { code: 'AA' });
    expect(text.endsWith('\r')).toBe(true);
    expect(text).not.toContain('\n');
  });

  it('writes one ERR per issue with location, table 0357 code, severity and escaped text', () => {
    const errors: Hl7Issue[] = [
      hl7Issue(
        { segment: 'PV1', segmentIndex: 3, sequence: 1, field: 45 },
        '101',
        'PV1-45 | discharge ^ date & time ~ required \\ now',
      ),
      hl7Issue({ segment: 'PID', segmentIndex: 2, sequence: 1, field: 3, repetition: 2, component: 1 }, '102', 'bad'),
    ];
    const text = buildAck(incoming, { code: 'AE', text: 'Rejected: see ERR', errors });
    const ack = parsed(text);
    const errs = getSegments(ack, 'ERR');
    expect(errs).toHaveLength(2);
    expect(
      ['ERR-2.1', 'ERR-2.2', 'ERR-2.3', 'ERR-3.1', 'ERR-3.2', 'ERR-3.3', 'ERR-4'].map((p) => getValue(ack, p)),
    ).toEqual(['PV1', '1', '45', '101', 'Required field missing', 'HL70357', 'E']);
    expect(getValue(ack, 'ERR-8')).toBe('PV1-45 | discharge ^ date & time ~ required \\ now');
    expect(['ERR[2]-2.4', 'ERR[2]-2.5', 'ERR[2]-3.1'].map((p) => getValue(ack, p))).toEqual(['2', '1', '102']);
    expect(getValue(ack, 'MSA-1')).toBe('AE');
    expect(getValue(ack, 'MSA-3')).toBe('Rejected: see ERR');
  });

  it('answers with the incoming message’s delimiters', () => {
    const custom = parsed(
      ['MSH#$*!@#SYN$1.2$ISO#NWG#CHARTA#HIM#20260105143000##ADT$A08#C9#P#2.5.1', 'PID#1##M1##DOE'].join('\r'),
    );
    const text = buildAck(custom, { code: 'AE', text: 'a#b$c', errors: [hl7Issue({ segment: 'PV1' }, '100', 'x')] });
    expect(text.startsWith('MSH#$*!@#CHARTA#HIM#SYN$1.2$ISO#NWG#20260105143000##ACK$A08$ACK#C9#P#2.5.1\r')).toBe(true);
    const ack = parsed(text);
    expect(getValue(ack, 'MSA-3')).toBe('a#b$c');
    expect(getValue(ack, 'MSH-5.2')).toBe('1.2');
  });
});

describe('buildFallbackAck', () => {
  it.each([
    ['garbage', 'hello there', ''],
    ['an empty message', '', ''],
    ['a broken MSH with a readable control id', 'MSH|^^^^|A|B|C|D|20260105||ADT^A01|CTL77|P|2.5.1', 'CTL77'],
  ])('answers %s with a parseable AR', (_name, raw, controlId) => {
    const ack = parsed(buildFallbackAck(raw, { timestamp: '20260105143001', controlId: 'ACKF1' }));
    expect(getValue(ack, 'MSA-1')).toBe('AR');
    expect(getValue(ack, 'MSA-2')).toBe(controlId === '' ? undefined : controlId);
    expect(getValue(ack, 'MSH-9')).toBe('ACK');
    expect(getValue(ack, 'MSH-10')).toBe('ACKF1');
    expect(getValue(ack, 'ERR-3.1')).toBe('100');
  });
});

describe('ackCodeFor', () => {
  it.each([
    [[], 'AA'],
    [['101'], 'AE'],
    [['102', '103'], 'AE'],
    [['101', '201'], 'AR'],
    [['200'], 'AR'],
    [['100'], 'AE'],
    [['101', '203'], 'AR'],
  ] as const)('gives %j -> %s', (codes, expected) => {
    expect(ackCodeFor(codes.map((c) => hl7Issue({ segment: 'MSH' }, c, 'x')))).toBe(expected);
  });
});

describe('acknowledgeAdt', () => {
  it.each(Object.keys(VALID_ADT))('accepts a valid %s with AA', (trigger) => {
    const { result, ack } = acknowledgeAdt(VALID_ADT[trigger] ?? '', { controlId: 'A1', timestamp: '20260105143001' });
    expect(result.ok).toBe(true);
    const m = parsed(ack);
    expect(getValue(m, 'MSA-1')).toBe('AA');
    expect(getValue(m, 'MSA-2')).toBe(`CTL-${trigger}`);
    expect(getValue(m, 'MSH-9.2')).toBe(trigger);
    expect(getSegments(m, 'ERR')).toHaveLength(0);
  });

  it.each([
    ['an A03 without discharge time', hl7(msh('A03'), EVN, PID, PV1), 'AE', 'CTL-A03', '101'],
    ['an unsupported trigger', hl7(msh('A28'), PID, PV1), 'AR', 'CTL-A28', '201'],
    ['a body line that is not a segment', hl7(msh('A01'), '??', PID, PV1), 'AE', 'CTL-A01', '100'],
    ['no MSH', hl7(PID, PV1), 'AR', undefined, '100'],
    ['bad separators', 'MSH|^^^^|X|Y', 'AR', undefined, '100'],
  ])('answers %s with %s and keeps the issues', (_name, text, code, controlId, errCode) => {
    const { result, ack } = acknowledgeAdt(text);
    expect(result.ok).toBe(false);
    const m = parsed(ack);
    expect(getValue(m, 'MSA-1')).toBe(code);
    expect(getValue(m, 'MSA-2')).toBe(controlId);
    expect(getValue(m, 'ERR-3.1')).toBe(errCode);
  });
});

describe('acknowledgement properties', () => {
  it('always produces a parseable ACK, whatever arrives', () => {
    const line = fc.oneof(
      fc.constantFrom(msh('A01'), msh('A03', 'C|X'), EVN, PID, PV1, 'MSH|^~\\&', 'PV1|1|Z', 'MRG|'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const { ack } = acknowledgeAdt(lines.join('\r'));
        const m = parsed(ack);
        expect(['AA', 'AE', 'AR']).toContain(getValue(m, 'MSA-1'));
      }),
    );
  });
});
