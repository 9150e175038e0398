/** Moves the item at `index` by `delta` places (clamped to the list); the same list when it cannot move. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): readonly T[] {
  const to = Math.min(Math.max(index + delta, 0), list.length - 1);
  if (index < 0 || index >= list.length || to === index) return list;
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** The list without the item at `index`. */
export function removeAt<T>(list: readonly T[], index: number): readonly T[] {
  return list.filter((_, i) => i !== index);
}

/** The list with the item at `index` replaced. */
export function replaceAt<T>(list: readonly T[], index: number, item: T): readonly T[] {
  return list.map((current, i) => (i === index ? item : current));
}
