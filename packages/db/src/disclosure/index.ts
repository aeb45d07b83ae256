export * from './engine.js';
export * from './tables.js';
export * from './shapes.js';
