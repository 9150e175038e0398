import type { Query } from '../../api/client.js';

/** The queue filters as the form holds them: '' means "any". */
export interface QueueFilters {
  readonly queue: string;
  readonly service: string;
  readonly payer: string;
  /** '' = every status but final (the server's default), 'all' = with final, or one status. */
  readonly status: string;
  /** '' = anyone, 'me', 'none' (unassigned). */
  readonly assignee: string;
  readonly minAgeDays: string;
  readonly maxAgeDays: string;
  readonly due: string;
  readonly holdReason: string;
}

export const EMPTY_QUEUE_FILTERS: QueueFilters = {
  queue: '',
  service: '',
  payer: '',
  status: '',
  assignee: '',
  minAgeDays: '',
  maxAgeDays: '',
  due: '',
  holdReason: '',
};

/** Rows fetched per load: a coder's screenful and then some; the list says when there are more. */
export const QUEUE_LIMIT = 200;

const ALL_STATUSES = 'unassigned,assigned,in_progress,on_hold,final';
const wholeDays = (text: string): number | undefined =>
  /^\d{1,4}$/u.test(text.trim()) ? Number(text.trim()) : undefined;

/** The query string for the queue list; blanks are left out so the server's defaults apply. */
export function queueQuery(filters: QueueFilters): Query {
  return {
    queue: filters.queue || undefined,
    service: filters.service.trim() || undefined,
    payer: filters.payer.trim() || undefined,
    status: filters.status === 'all' ? ALL_STATUSES : filters.status || undefined,
    assignee: filters.assignee || undefined,
    minAgeDays: wholeDays(filters.minAgeDays),
    maxAgeDays: wholeDays(filters.maxAgeDays),
    due: filters.due || undefined,
    holdReason: filters.holdReason || undefined,
    sort: 'age',
    order: 'desc',
    limit: QUEUE_LIMIT,
  };
}

/** Whether a typed age bound is usable (blank or whole days). */
export function ageBoundError(text: string): string | undefined {
  return text.trim() === '' || wholeDays(text) !== undefined ? undefined : 'Whole days';
}
