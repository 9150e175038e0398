import { PayloadTooLarge } from './errors.js';

/**
 * Reads a request body into memory, refusing it (413) once it passes `limit` bytes: by its Content-Length up front,
 * and while streaming, so the limit holds when the header is absent or wrong. No body reads as empty.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.headers.get('content-length') ?? '0') > limit) {
    throw new PayloadTooLarge(`The body may be at most ${limit} bytes`);
  }
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLarge(`The body may be at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
