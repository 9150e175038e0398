export * from './types.js';
export * from './resource-types.js';
export { parseReference, systemName, systemUri } from './elements.js';
export * from './map.js';
export * from './parse.js';
