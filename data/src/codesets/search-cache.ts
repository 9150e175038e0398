import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  restoreSearchIndex,
  snapshotSearchIndex,
  type SearchIndex,
  type SearchIndexSnapshot,
  type SnapshotArrayName,
} from '@charta/core';

/**
 * The search index cached as one binary file: a 4-byte little-endian length, a JSON header (strings, small tables
 * and the layout of the typed arrays), then the typed arrays' bytes, each 8-byte aligned. Reading it back avoids
 * re-tokenising every title and Index term on start-up.
 */
const MAGIC = 'charta-search-1';

const TYPES = {
  Uint8Array,
  Uint32Array,
  Int32Array,
  Float64Array,
} as const;
type TypeName = keyof typeof TYPES;

interface Layout {
  readonly name: SnapshotArrayName;
  readonly type: TypeName;
  readonly offset: number;
  readonly length: number;
}

function typeNameOf(a: ArrayBufferView): TypeName {
  if (a instanceof Uint8Array) return 'Uint8Array';
  if (a instanceof Uint32Array) return 'Uint32Array';
  if (a instanceof Int32Array) return 'Int32Array';
  return 'Float64Array';
}

/** Writes the index to `file` through a temporary name and a rename. */
export async function writeSearchIndexCache(file: string, index: SearchIndex): Promise<void> {
  const snapshot = snapshotSearchIndex(index);
  const layout: Layout[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(snapshot.arrays) as [
    SnapshotArrayName,
    ArrayBufferView & { length: number },
  ][]) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    layout.push({ name, type: typeNameOf(array), offset, length: array.length });
    chunks.push(bytes);
    const pad = (8 - (bytes.byteLength % 8)) % 8;
    if (pad > 0) chunks.push(new Uint8Array(pad));
    offset += bytes.byteLength + pad;
  }
  const header = new TextEncoder().encode(JSON.stringify({ magic: MAGIC, layout, json: snapshot.json }));
  const headerPad = (8 - ((4 + header.byteLength) % 8)) % 8;
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, header.byteLength + headerPad, true);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, Buffer.concat([length, header, new Uint8Array(headerPad).fill(32), ...chunks]));
  await rename(tmp, file);
}

/** Reads a cached index; undefined when the file is absent, of another format, or damaged. */
export async function readSearchIndexCache(file: string): Promise<SearchIndex | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const buf = await readFile(file);
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as {
      magic: string;
      layout: Layout[];
      json: SearchIndexSnapshot['json'];
    };
    if (header.magic !== MAGIC) return undefined;
    const base = 4 + headerLength;
    const arrays: Partial<Record<SnapshotArrayName, ArrayBufferView>> = {};
    for (const l of header.layout) {
      const Ctor = TYPES[l.type];
      const start = buf.byteOffset + base + l.offset;
      // Copy into a fresh, aligned buffer: the file buffer's offset need not suit the element size.
      arrays[l.name] = new Ctor(buf.buffer.slice(start, start + l.length * Ctor.BYTES_PER_ELEMENT));
    }
    return restoreSearchIndex({ json: header.json, arrays: arrays as SearchIndexSnapshot['arrays'] });
  } catch {
    return undefined;
  }
}
