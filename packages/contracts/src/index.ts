export * from './problem.js';
export * from './common.js';
export * from './auth.js';
export * from './users.js';
export * from './audit.js';
export * from './patients.js';
export * from './coding.js';
