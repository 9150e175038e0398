export * from './shared-data.js';
export * from './databases.js';
export * from './golden.js';
export * from './mpi/index.js';
export * from './random.js';
