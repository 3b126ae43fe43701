import assert from 'node:assert/strict';
import { MAX_SCHEMA_CAUSES, checkSchema } from '../../src/rules/schema-check.js';

function service(spec: Record<string, unknown>): unknown {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec };
}

describe('schema check: bounded answers for hostile input', () => {
  it('answers a 500,000-entry clusterIPs with the one size cause at spec.clusterIPs [S-5]', () => {
    const causes = checkSchema('Service', service({ clusterIPs: Array(500_000).fill(1) }));
    assert.deepEqual(causes, [{
      reason: 'FieldValueTooMany', field: 'spec.clusterIPs', rule: 'S-5',
      message: 'Too many: 500000: must have at most 64 items [S-5]',
    }]);
  });

  it('lists every cause of an ordinary invalid object', () => {
    const causes = checkSchema('Service', service({ clusterIPs: [1], ipFamilies: [true] }));
    assert.deepEqual(causes.map((cause) => cause.field), ['spec.clusterIPs[0]', 'spec.ipFamilies[0]']);
  });

  it(`stops at ${MAX_SCHEMA_CAUSES} causes`, () => {
    const causes = checkSchema('Service', service({ clusterIPs: Array(60).fill(1), ipFamilies: Array(60).fill(2) }));
    assert.equal(causes.length, MAX_SCHEMA_CAUSES);
    assert.equal(causes[0]?.field, 'spec.clusterIPs[0]');
    assert.equal(causes[99]?.field, 'spec.ipFamilies[39]');
  });
});
