/** An expected failure, described for a person and located in the input by a JSON Pointer. */
export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The outcome of an operation that can fail in expected ways. */
export type Result<T, E = readonly Issue[]> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Builds a JSON Pointer (RFC 6901) from path segments. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '';
  return '/' + segments.map((s) => String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}
