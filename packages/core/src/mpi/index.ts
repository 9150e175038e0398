// Exported under MPI-specific names where a short name could clash with another module in the core barrel.
export * from './types.js';
export * from './weights.js';
export { jaro, jaroWinkler, nysiis, isOneEdit, normalizeName as normalizePersonName } from './strings.js';
export { areNicknames, nicknameGroups, NICKNAME_GROUP_COUNT } from './nicknames.js';
export {
  birthDateLevel,
  normalizeStreet,
  prepareRecord as prepareMpiRecord,
  type PreparedRecord as PreparedMpiRecord,
} from './compare.js';
export {
  buildMpiIndex,
  findCandidates,
  findDuplicatePairs,
  scorePair as scoreMpiPair,
  verdictOf as mpiVerdictOf,
  type FindCandidatesOptions,
  type MpiIndex,
  type MpiPopulation,
} from './match.js';
export { matchMpiBatch, mpiBlockingKeys, orderMpiPair } from './batch.js';
