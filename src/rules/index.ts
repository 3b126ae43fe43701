// The rules' public entry, as src/net/index.ts is the address library's: nothing outside src/rules/ imports an
// inner file (test/docs/architecture.test.ts checks it), so the rules can be rearranged inside without touching
// the admission review, the server, check, plan or the manifests.
export * from './judgement.js';
export * from './facts.js';
export * from './objects.js';
export * from './registry.js';
export * from './rule.js';
export * from './rule-catalog.js';
export * from './field-path.js';
export * from './same-json.js';
export * from './object-memo.js';
export * from './cluster-view.js';
export * from './cluster-cidr-config-view.js';
export * from './capacity.js';
export * from './node-selection.js';
export * from './pod-density.js';
export * from './cluster/cluster-fields.js';
export * from './cluster/readable.js';
export * from './cluster/node-inventory.js';
export * from './service/allocator-range.js';
