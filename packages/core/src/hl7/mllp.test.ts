import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MllpDecoder, type MllpEvent, mllpEncode, utf8Decode, utf8Encode } from './mllp.js';
import { VALID_ADT } from './synthetic-messages.js';

function bytes(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === 'string' ? utf8Encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function decodeAll(input: Uint8Array, chunkSize: number, max = 1_000_000): MllpEvent[] {
  const d = new MllpDecoder({ maxMessageBytes: max });
  const events: MllpEvent[] = [];
  for (let i = 0; i < input.length; i += chunkSize) events.push(...d.push(input.subarray(i, i + chunkSize)));
  events.push(...d.end());
  return events;
}

const messages = (events: MllpEvent[]): string[] => events.flatMap((e) => (e.type === 'message' ? [e.text] : []));

describe('mllpEncode', () => {
  it('wraps a message in VT ... FS CR', () => {
    expect([...mllpEncode('MSH|A')]).toEqual([0x0b, 0x4d, 0x53, 0x48, 0x7c, 0x41, 0x1c, 0x0d]);
  });

  it('encodes text as UTF-8', () => {
    expect([...mllpEncode('é')]).toEqual([0x0b, 0xc3, 0xa9, 0x1c, 0x0d]);
  });
});

describe('MllpDecoder', () => {
  const a01 = VALID_ADT['A01'] ?? '';
  const a03 = VALID_ADT['A03'] ?? '';
  const stream = bytes(mllpEncode(a01), mllpEncode('MSH|ü€😀'), mllpEncode(a03));

  it.each([1, 2, 3, 7, 64, 100_000])('yields complete messages in order from chunks of %i bytes', (size) => {
    expect(messages(decodeAll(stream, size))).toEqual([a01, 'MSH|ü€😀', a03]);
  });

  it('reports noise between frames and still yields the messages', () => {
    const events = decodeAll(bytes('junk', mllpEncode('M1'), '\r\n', [0, 1, 2], mllpEncode('M2'), 'tail'), 3);
    expect(messages(events)).toEqual(['M1', 'M2']);
    const noise = events.flatMap((e) => (e.type === 'noise' ? [e.bytes] : [])).reduce((a, b) => a + b, 0);
    expect(noise).toBe(4 + 2 + 3 + 4);
  });

  it('accepts a frame end without its CR', () => {
    expect(messages(decodeAll(bytes([0x0b], 'M1', [0x1c, 0x0b], 'M2', [0x1c, 0x0d]), 1))).toEqual(['M1', 'M2']);
  });

  it('drops a frame abandoned by a new start byte', () => {
    const events = decodeAll(bytes([0x0b], 'partial', mllpEncode('M2')), 4);
    expect(messages(events)).toEqual(['M2']);
    expect(events).toContainEqual({ type: 'noise', bytes: 8 });
  });

  it('reports an oversized frame once, skips it, and continues', () => {
    const big = 'X'.repeat(50);
    const events = decodeAll(bytes(mllpEncode(big), mllpEncode('ok')), 7, 20);
    expect(events.filter((e) => e.type === 'oversized')).toEqual([{ type: 'oversized', bytes: 21 }]);
    expect(messages(events)).toEqual(['ok']);
  });

  it('accepts a message of exactly the limit', () => {
    expect(messages(decodeAll(mllpEncode('X'.repeat(20)), 5, 20))).toEqual(['X'.repeat(20)]);
  });

  it('reports a frame cut off at the end of the stream', () => {
    const d = new MllpDecoder({ maxMessageBytes: 100 });
    expect(d.push(bytes([0x0b], 'MSH|cut'))).toEqual([]);
    expect(d.pendingBytes).toBe(7);
    expect(d.end()).toEqual([{ type: 'incomplete', bytes: 7 }]);
    expect(d.pendingBytes).toBe(0);
  });

  it('delivers a frame whose CR never came when the stream ends', () => {
    const d = new MllpDecoder({ maxMessageBytes: 100 });
    expect(d.push(bytes([0x0b], 'M1', [0x1c]))).toEqual([]);
    expect(d.end()).toEqual([{ type: 'message', text: 'M1', bytes: 2 }]);
  });

  it('does not keep a reference to the caller’s chunk', () => {
    const d = new MllpDecoder({ maxMessageBytes: 100 });
    const chunk = bytes([0x0b], 'AB');
    d.push(chunk);
    chunk.fill(0x5a);
    expect(d.push(Uint8Array.from([0x1c, 0x0d]))).toEqual([{ type: 'message', text: 'AB', bytes: 2 }]);
  });
});

describe('utf8', () => {
  it.each([['plain'], ['é ü ß'], ['€ 中文'], ['😀 emoji'], ['']])('round-trips %j', (text) => {
    expect(utf8Decode(utf8Encode(text))).toBe(text);
  });

  it.each([
    [[0xff], '\uFFFD'],
    [[0xc3], '\uFFFD'],
    [[0xc0, 0x80], '\uFFFD\uFFFD'],
    [[0xe2, 0x82], '\uFFFD\uFFFD'],
    [[0xed, 0xa0, 0x80], '\uFFFD\uFFFD\uFFFD'],
  ])('replaces malformed %j', (input, expected) => {
    expect(utf8Decode(Uint8Array.from(input))).toBe(expected);
  });
});

describe('MllpDecoder properties', () => {
  it('yields the same messages however the stream is cut', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((t) => t.replace(/[\u000b\u001c]/g, ''));
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        (texts, cuts) => {
          const stream = bytes(...texts.map((t) => mllpEncode(t)));
          const d = new MllpDecoder({ maxMessageBytes: 1000 });
          const events: MllpEvent[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            events.push(...d.push(stream.subarray(at, at + size)));
            at += size;
          }
          events.push(...d.end());
          expect(messages(events)).toEqual(texts);
        },
      ),
    );
  });
});
