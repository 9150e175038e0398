import { describe, expect, it } from 'vitest';
import { splitHl7Batch } from './batch.js';
import { VALID_ADT } from './synthetic-messages.js';

const A01 = VALID_ADT['A01'] ?? '';
const A03 = VALID_ADT['A03'] ?? '';

describe('splitHl7Batch', () => {
  it('reads one message as one', () => {
    expect(splitHl7Batch(A01).map((m) => m.text)).toEqual([A01]);
  });

  it('cuts several messages at each MSH, whatever the line ends', () => {
    const text = A01.replaceAll('\r', '\r\n') + '\n' + A03.replaceAll('\r', '\n');
    const found = splitHl7Batch(text);
    expect(found.map((m) => m.text)).toEqual([A01, A03]);
    expect(found.map((m) => m.line)).toEqual([1, 6]);
  });

  it('drops the FHS/BHS/BTS/FTS envelope', () => {
    const text = ['FHS|^~\\&|SYNTHADT', 'BHS|^~\\&|SYNTHADT', A01.trimEnd(), A03.trimEnd(), 'BTS|2', 'FTS|1'].join(
      '\r',
    );
    expect(splitHl7Batch(text).map((m) => m.text)).toEqual([A01, A03]);
  });

  it('reads an MLLP-framed dump', () => {
    const text = `\u000b${A01}\u001c\r\u000b${A03}\u001c\r`;
    expect(splitHl7Batch(text).map((m) => m.text)).toEqual([A01, A03]);
  });

  it('keeps text before the first MSH as a message of its own, so that it is refused rather than lost', () => {
    const found = splitHl7Batch(`garbage line\r${A01}`);
    expect(found.map((m) => m.text)).toEqual(['garbage line\r', A01]);
  });

  it('finds nothing in blank text', () => {
    expect(splitHl7Batch(' \r\n\n')).toEqual([]);
  });
});
