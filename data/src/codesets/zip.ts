import { gunzipSync, unzipSync } from 'fflate';
import { CodeSetParseError } from './parse-error.js';

/** True for a ZIP archive (local file header signature PK\x03\x04). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** True for a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Names of the members of a ZIP archive, without inflating them. */
export function zipMemberNames(bytes: Uint8Array, file: string): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new CodeSetParseError(file, 1, `Not a readable ZIP archive (${(e as Error).message})`);
  }
  return names;
}

/** Inflates the one member whose name matches; refuses when none or several match. */
export function readZipMember(bytes: Uint8Array, file: string, match: RegExp): { name: string; text: string } {
  const names = zipMemberNames(bytes, file).filter((n) => match.test(n.split('/').pop() ?? n));
  if (names.length !== 1) {
    throw new CodeSetParseError(
      file,
      1,
      names.length === 0
        ? `No member matching ${String(match)} in the ZIP archive`
        : `Several members match ${String(match)}: ${names.join(', ')}`,
    );
  }
  const name = names[0] ?? '';
  const out = unzipSync(bytes, { filter: (f) => f.name === name });
  const data = out[name];
  if (!data) throw new CodeSetParseError(file, 1, `Could not inflate ${name}`);
  return { name, text: new TextDecoder('utf-8').decode(data) };
}

/** Text of a plain, gzip-compressed or single-member file; latin1 fallback is not needed for these UTF-8/ASCII files. */
export function decodeText(bytes: Uint8Array, file: string): string {
  let data = bytes;
  if (isGzip(bytes)) {
    try {
      data = gunzipSync(bytes);
    } catch (e) {
      throw new CodeSetParseError(file, 1, `Corrupt gzip stream (${(e as Error).message})`);
    }
  }
  return new TextDecoder('utf-8').decode(data);
}
