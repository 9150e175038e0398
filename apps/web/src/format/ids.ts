/**
 * Shortens a long opaque id (a UUID) for a dense table column: the first 8 characters and an ellipsis, like a short
 * git hash. The full id stays available as the cell's title and to copy. Short ids are returned unchanged.
 */
export function shortId(id: string, keep = 8): string {
  return id.length > keep + 4 ? `${id.slice(0, keep)}…` : id;
}
