export * from './types.js';
export * from './build-tables.js';
export * from './software-rules.js';
export * from './score-hcc.js';
