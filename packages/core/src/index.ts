export * from './result.js';
export * from './finding.js';
export * from './encounter.js';
export * from './access/index.js';
export * from './codesets/index.js';
export * from './hcc/index.js';
export * from './validation/index.js';
export * from './drg/index.js';
