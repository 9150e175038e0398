/**
 * MLLP framing (HL7 v2.5.1 Appendix C, Lower Layer Protocols; HL7 Transport Specification: MLLP, Release 2, "Block
 * format"): a message is sent as <VT 0x0B> message <FS 0x1C><CR 0x0D>. Pure: bytes in, text out; no sockets here.
 * Text is UTF-8, which leaves the framing bytes and ASCII unchanged.
 */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

/** Encodes text as UTF-8 (no TextEncoder: core is built without DOM or Node types). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; a malformed sequence becomes U+FFFD for its first byte, so no input is lost silently. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need === 0) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let cp = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    let valid = need > 0;
    for (let k = 1; valid && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) valid = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 2 ? 0x800 : need === 3 ? 0x10000 : 0x80;
    if (!valid || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\uFFFD';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Wraps one message in an MLLP block. */
export function mllpEncode(text: string): Uint8Array {
  const body = utf8Encode(text);
  const out = new Uint8Array(body.length + 3);
  out[0] = MLLP_START;
  out.set(body, 1);
  out[body.length + 1] = MLLP_END;
  out[body.length + 2] = MLLP_CR;
  return out;
}

/** What the decoder found in the stream, in order. */
export type MllpEvent =
  | { readonly type: 'message'; readonly text: string; readonly bytes: number }
  /** A block grew past the limit; the rest of it is skipped up to its end. Reported once per block. */
  | { readonly type: 'oversized'; readonly bytes: number }
  /** Bytes outside any block (or a block cut short by a new start byte). */
  | { readonly type: 'noise'; readonly bytes: number }
  /** At `end()`: a block was started but never finished. */
  | { readonly type: 'incomplete'; readonly bytes: number };

export interface MllpDecoderOptions {
  /** Largest message body accepted, in bytes (framing excluded). */
  readonly maxMessageBytes: number;
}

type State = 'idle' | 'frame' | 'frame-end' | 'skip' | 'skip-end';

/**
 * Streaming MLLP decoder: push chunks of any size, get complete messages in order. Bytes between blocks are reported
 * as noise and dropped; a block over the size limit is reported and skipped without being buffered; memory is bounded
 * by `maxMessageBytes`. Tolerates a lone FS without its CR (the next byte starts over).
 */
export class MllpDecoder {
  readonly #max: number;
  #state: State = 'idle';
  #parts: Uint8Array[] = [];
  #size = 0;
  #noise = 0;

  constructor(options: MllpDecoderOptions) {
    this.#max = Math.max(0, Math.floor(options.maxMessageBytes));
  }

  /** Bytes of the block being received, or 0 between blocks. */
  get pendingBytes(): number {
    return this.#state === 'frame' || this.#state === 'frame-end' ? this.#size : 0;
  }

  /** Feeds one chunk; returns what it completed. */
  push(chunk: Uint8Array): MllpEvent[] {
    const events: MllpEvent[] = [];
    let from = -1; // start of the current run of message bytes within this chunk
    const flushRun = (to: number): void => {
      if (from >= 0 && to > from) this.#parts.push(chunk.slice(from, to)); // copied: callers may reuse chunks
      from = -1;
    };
    const flushNoise = (): void => {
      if (this.#noise > 0) events.push({ type: 'noise', bytes: this.#noise });
      this.#noise = 0;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      switch (this.#state) {
        case 'idle':
          if (b === MLLP_START) {
            flushNoise();
            this.#begin();
          } else this.#noise++;
          break;
        case 'frame':
          if (b === MLLP_END) {
            flushRun(i);
            this.#state = 'frame-end';
          } else if (b === MLLP_START) {
            // A sender that restarts a block abandons the partial one.
            flushRun(i);
            this.#noise += this.#size + 1;
            flushNoise();
            this.#begin();
          } else if (this.#size >= this.#max) {
            flushRun(i);
            events.push({ type: 'oversized', bytes: this.#size + 1 });
            this.#parts = [];
            this.#size = 0;
            this.#state = 'skip';
          } else {
            if (from < 0) from = i;
            this.#size++;
          }
          break;
        case 'frame-end':
          events.push({ type: 'message', text: utf8Decode(this.#take()), bytes: this.#size });
          this.#size = 0;
          this.#state = 'idle';
          if (b === MLLP_START) this.#begin();
          else if (b !== MLLP_CR) this.#noise++;
          break;
        case 'skip':
          if (b === MLLP_END) this.#state = 'skip-end';
          else if (b === MLLP_START) this.#begin();
          break;
        case 'skip-end':
          this.#state = 'idle';
          if (b === MLLP_START) this.#begin();
          else if (b !== MLLP_CR) this.#noise++;
          break;
        default: {
          const unreachable: never = this.#state;
          return unreachable;
        }
      }
    }
    flushRun(chunk.length);
    flushNoise();
    return events;
  }

  /** Ends the stream: a finished block still waiting for its CR is delivered; a cut-off one is reported. */
  end(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.#state === 'frame-end') {
      events.push({ type: 'message', text: utf8Decode(this.#take()), bytes: this.#size });
    } else if (this.#state === 'frame') {
      events.push({ type: 'incomplete', bytes: this.#size });
    }
    this.#parts = [];
    this.#size = 0;
    this.#state = 'idle';
    return events;
  }

  #begin(): void {
    this.#parts = [];
    this.#size = 0;
    this.#state = 'frame';
  }

  #take(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.length;
    }
    this.#parts = [];
    return out;
  }
}
