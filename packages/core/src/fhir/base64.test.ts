import { describe, expect, it } from 'vitest';
import { decodeBase64Text } from './map.js';

describe('decodeBase64Text', () => {
  it.each(['Discharge summary: patient stable.', 'Café, naïve résumé — 42 °C', 'Emoji 🩺 and CJK 病歷', '', 'a', 'ab'])(
    'decodes %j as Node does',
    (text) => {
      expect(decodeBase64Text(Buffer.from(text, 'utf8').toString('base64'))).toBe(text);
    },
  );

  it('ignores whitespace inside the encoded text', () => {
    const encoded = Buffer.from('line one\nline two', 'utf8').toString('base64');
    expect(decodeBase64Text(`${encoded.slice(0, 8)}\n  ${encoded.slice(8)}`)).toBe('line one\nline two');
  });

  it('refuses characters outside the alphabet', () => {
    expect(decodeBase64Text('not*base64')).toBeNull();
  });

  it('replaces malformed UTF-8 with U+FFFD', () => {
    expect(decodeBase64Text(Buffer.from([0x41, 0xff, 0x42]).toString('base64'))).toBe('A\uFFFDB');
  });
});
