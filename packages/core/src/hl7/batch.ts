/**
 * Splits a file or request body into HL7 v2 messages. HL7 v2.5.1 chapter 2, section 2.10.3 (batch protocol): a file
 * may wrap batches in FHS/FTS and each batch in BHS/BTS, with any number of messages (each starting with MSH) inside;
 * the envelope segments carry no patient data and are dropped. Plain concatenations of messages (several MSH, no
 * envelope) and MLLP-framed dumps (0x0B ... 0x1C 0x0D) are read the same way.
 */

const ENVELOPE = new Set(['FHS', 'FTS', 'BHS', 'BTS']);

/** One message cut from a batch, with the line it started on (from 1) for error reports. */
export interface Hl7BatchMessage {
  readonly text: string;
  readonly line: number;
}

/**
 * Cuts text into messages: each starts at an MSH line and runs to the next MSH or envelope segment. Text before the
 * first MSH that is not an envelope segment is returned as a message of its own, so that it is refused and kept like
 * any other malformed input rather than dropped. Segments are rejoined with CR, the standard terminator.
 */
export function splitHl7Batch(text: string): Hl7BatchMessage[] {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .replace(/[\u000b\u001c]/gu, '\r')
    .split(/\r\n|\r|\n/u);
  const out: Hl7BatchMessage[] = [];
  let current: string[] = [];
  let startLine = 0;
  const flush = (): void => {
    if (current.length > 0) out.push({ text: current.join('\r') + '\r', line: startLine });
    current = [];
  };
  lines.forEach((raw, index) => {
    const line = raw.replace(/^[\s\u0000]+/u, '');
    if (line.trim() === '') return;
    const id = line.slice(0, 3);
    if (ENVELOPE.has(id) && /^[A-Z]{3}[^A-Za-z0-9\s]/u.test(line)) {
      flush();
      return;
    }
    if (id === 'MSH') flush();
    if (current.length === 0) startLine = index + 1;
    current.push(line);
  });
  flush();
  return out;
}
