import { describe, expect, it } from 'vitest';
import { ageBoundError, EMPTY_QUEUE_FILTERS, queueQuery } from './queue-filters.js';

describe('queueQuery', () => {
  it('leaves blank filters out so the server defaults apply', () => {
    const q = queueQuery(EMPTY_QUEUE_FILTERS);
    expect(q['status']).toBeUndefined();
    expect(q['queue']).toBeUndefined();
    expect(q['limit']).toBe(200);
  });

  it('asks for every status including final when "all" is chosen, and passes whole-day bounds', () => {
    const q = queueQuery({
      ...EMPTY_QUEUE_FILTERS,
      status: 'all',
      minAgeDays: ' 4 ',
      maxAgeDays: 'x',
      payer: ' Medicare ',
    });
    expect(q['status']).toBe('unassigned,assigned,in_progress,on_hold,final');
    expect(q['minAgeDays']).toBe(4);
    expect(q['maxAgeDays']).toBeUndefined();
    expect(q['payer']).toBe('Medicare');
  });

  it('flags an age bound that is not whole days', () => {
    expect(ageBoundError('3')).toBeUndefined();
    expect(ageBoundError('')).toBeUndefined();
    expect(ageBoundError('3.5')).toBe('Whole days');
  });
});
