export * from './tables.js';
export * from './types.js';
export * from './formula.js';
export { groupMsDrg, msDrgVersionFor } from './group.js';
export * from './impact.js';
export * from './grouping-tsv.js';
