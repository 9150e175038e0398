import { describe, expect, it } from 'vitest';
import { matchMpiBatch, mpiBlockingKeys, orderMpiPair } from './batch.js';
import { buildMpiIndex, findDuplicatePairs } from './match.js';
import type { MpiRecord } from './types.js';
import { DEFAULT_MPI_SETTINGS } from './weights.js';

const records: MpiRecord[] = [
  { id: 'r1', familyName: 'Okafor', givenName: 'William', birthDate: '1970-03-12', sex: 'M', phones: ['2175550142'] },
  { id: 'r2', familyName: 'Okafor', givenName: 'Bill', birthDate: '1970-03-12', sex: 'M', phones: ['217-555-0142'] },
  { id: 'r3', familyName: 'Lindqvist', givenName: 'Maren', birthDate: '1988-11-02', sex: 'F' },
  { id: 'r4', familyName: 'Lindqvist', givenName: 'Maren', birthDate: '1988-02-11', sex: 'F' },
];

describe('matchMpiBatch', () => {
  it('finds the same pairs as a sweep, each once, with a < b', () => {
    const batch = matchMpiBatch([records[1]!, records[3]!], [records[0]!, records[2]!], DEFAULT_MPI_SETTINGS);
    const sweep = findDuplicatePairs(buildMpiIndex(records), DEFAULT_MPI_SETTINGS);
    const key = (p: { a: string; b: string }) => orderMpiPair(p.a, p.b).join('|');
    expect(batch.map(key).sort()).toEqual(sweep.map(key).sort());
    for (const p of batch) expect(p.a < p.b).toBe(true);
    expect(batch.map((p) => p.score).sort()).toEqual(sweep.map((p) => p.score).sort());
  });

  it('compares records of the batch with each other and ignores pool records that share no key', () => {
    const pairs = matchMpiBatch(records, [], DEFAULT_MPI_SETTINGS);
    expect(pairs.map((p) => `${p.a}|${p.b}`).sort()).toEqual(['r1|r2', 'r3|r4']);
    expect(matchMpiBatch([records[0]!], [records[2]!], DEFAULT_MPI_SETTINGS)).toEqual([]);
  });

  it('gives stable blocking keys', () => {
    expect(mpiBlockingKeys(records[0]!)).toEqual(mpiBlockingKeys({ ...records[0]! }));
    expect(mpiBlockingKeys(records[0]!)).toContain('D19700312');
  });
});
