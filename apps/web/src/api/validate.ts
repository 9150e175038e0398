import type { FieldError } from '@charta/contracts';

/**
 * The part of a contracts (zod) schema the web app uses. Declared structurally so the app depends on
 * @charta/contracts alone, not on the schema library behind it.
 */
export interface Schema<T> {
  parse(input: unknown): T;
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] } };
}

/** The type a contracts schema produces. */
export type Parsed<S> = S extends Schema<infer T> ? T : never;

/** Encodes a property path as a JSON Pointer (RFC 6901), the same form the server uses in problem `errors[].path`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Checks form input against the same contract the server parses it with, so the person sees the server's own messages
 * before sending. The server still validates: this only saves a round trip.
 */
export function validate<T>(schema: Schema<T>, input: unknown): Validation<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: toPointer(issue.path),
      code: issue.code,
      message: issue.message,
    })),
  };
}
