export * from './erase.js';
export * from './export.js';
export * from './log.js';
export * from './retention.js';
export { ERASED, mentions, scrubJson, type PersonNeedles } from './scrub.js';
