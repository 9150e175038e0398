export * from './result.js';
export * from './finding.js';
export * from './encounter.js';
export * from './access/index.js';
