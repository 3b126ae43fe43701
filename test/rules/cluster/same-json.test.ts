import assert from 'node:assert/strict';
import { sameJson } from '../../../src/rules/same-json.js';

describe('sameJson (how C-20, C-29 and R-11 compare old and new values)', () => {
  it('ignores key order and treats an undefined key as missing', () => {
    assert.equal(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
    assert.equal(sameJson({ a: 1, b: undefined }, { a: 1 }), true);
  });

  it('tells apart values that differ in type, order, length or one nested leaf', () => {
    assert.equal(sameJson(1, '1'), false);
    assert.equal(sameJson([1, 2], [2, 1]), false);
    assert.equal(sameJson([1], [1, 1]), false);
    assert.equal(sameJson({ a: { b: 1 } }, { a: { b: 2 } }), false);
    assert.equal(sameJson({}, []), false);
    assert.equal(sameJson(null, {}), false);
  });

  it('compares a decoded "__proto__" key as a key, not with the other side\'s prototype', () => {
    assert.equal(sameJson(JSON.parse('{"__proto__": {}}'), { x: 1 }), false);
    assert.equal(sameJson({ x: 1 }, JSON.parse('{"__proto__": {}}')), false);
    assert.equal(sameJson(JSON.parse('{"__proto__": {}}'), JSON.parse('{"__proto__": {}}')), true);
  });
});
