export * from './types.js';
export * from './parse.js';
export * from './timestamp.js';
export * from './adt.js';
export * from './ack.js';
export * from './mllp.js';
export * from './batch.js';
