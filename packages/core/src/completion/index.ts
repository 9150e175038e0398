export * from './types.js';
export * from './rules.js';
export * from './match.js';
export * from './analyze.js';
export * from './consistency.js';
export * from './metrics.js';
export * from './escalation.js';
