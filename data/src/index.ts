export * from './paths.js';
export * from './hcc/index.js';
export * from './msdrg/index.js';
export * from './codesets/index.js';
export * from './mce/index.js';
export * from './validation/index.js';
