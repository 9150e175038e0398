export * from './reference.js';
export * from './parse-batch.js';
