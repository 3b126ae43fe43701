export * from './family.js';
export * from './address.js';
export * from './range.js';
export * from './cidr.js';
export * from './pool-entry.js';
