export * from './load-mce.js';
