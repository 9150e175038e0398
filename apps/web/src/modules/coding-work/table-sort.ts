export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string> {
  readonly column: K;
  readonly direction: SortDirection;
}

type Sortable = string | number | null | undefined;

/** Compares two cell values: numbers by value, text by locale with numbers inside it in order; blanks always last. */
export function compareCells(a: Sortable, b: Sortable, direction: SortDirection): number {
  const aBlank = a === null || a === undefined || a === '';
  const bBlank = b === null || b === undefined || b === '';
  if (aBlank || bBlank) return aBlank === bBlank ? 0 : aBlank ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
  return direction === 'asc' ? order : -order;
}

/** A sorted copy of `rows` by the value `cell` reads from each, stable for equal values. */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  sort: SortState<K>,
  cell: (row: T, column: K) => Sortable,
): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (x, y) => compareCells(cell(x.row, sort.column), cell(y.row, sort.column), sort.direction) || x.index - y.index,
    )
    .map((x) => x.row);
}

/** The next sort after a click on a column header: the same column flips, a new one starts ascending. */
export function nextSort<K extends string>(current: SortState<K>, column: K): SortState<K> {
  if (current.column !== column) return { column, direction: 'asc' };
  return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}
