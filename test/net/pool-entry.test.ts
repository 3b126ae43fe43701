import assert from 'node:assert/strict';
import { POOL_ENTRY_EXAMPLE, parsePoolEntry } from '../../src/net/index.js';

function reason(text: unknown): string {
  const result = parsePoolEntry(text);
  assert.ok(!result.ok, `${String(text)} should be refused`);
  return result.reason;
}

describe('load-balancer pool entries (a-b or CIDR)', () => {
  it('admits the documentation pool 10.2.0.212-10.2.0.221 as a range of 10 addresses', () => {
    const result = parsePoolEntry('10.2.0.212-10.2.0.221');
    assert.ok(result.ok);
    assert.equal(result.value.form, 'range');
    assert.equal(result.value.canonical, '10.2.0.212-10.2.0.221');
    assert.equal(result.value.range.last - result.value.range.first + 1n, 10n);
  });

  it('admits an IPv6 range and canonicalizes its ends', () => {
    const result = parsePoolEntry('FD12::4:101-fd12:0::4:110');
    assert.ok(result.ok);
    assert.equal(result.value.canonical, 'fd12::4:101-fd12::4:110');
    assert.equal(result.value.range.family, 'IPv6');
  });

  it('admits a single-address range and a CIDR entry', () => {
    assert.ok(parsePoolEntry('10.2.0.212-10.2.0.212').ok);
    const cidr = parsePoolEntry('10.2.0.1/28');
    assert.ok(cidr.ok);
    assert.equal(cidr.value.form, 'cidr');
    assert.equal(cidr.value.canonical, '10.2.0.0/28');
  });

  it('refuses spaces around the dash', () => {
    for (const text of ['10.2.0.212 - 10.2.0.221', '10.2.0.212 -10.2.0.221', '10.2.0.212- 10.2.0.221']) {
      assert.equal(reason(text), POOL_ENTRY_EXAMPLE, text);
    }
  });

  it('refuses a reversed range', () => {
    assert.equal(reason('10.2.0.221-10.2.0.212'), 'the start of a range must not be greater than its end');
  });

  it('refuses mixed families', () => {
    assert.equal(reason('10.2.0.212-fd12::4:110'), 'both ends of a range must be of the same IP family');
  });

  it('refuses strict-parsing failures at either end', () => {
    assert.equal(reason('010.2.0.212-10.2.0.221'), `${POOL_ENTRY_EXAMPLE}: start must not have leading 0s in IP address`);
    assert.equal(reason('10.2.0.212-::ffff:10.2.0.221'), `${POOL_ENTRY_EXAMPLE}: end must not be an IPv4-mapped IPv6 address`);
  });

  it('refuses a bare address, several dashes, 100 kB strings and non-strings', () => {
    for (const value of ['10.2.0.212', '10.2.0.1-10.2.0.2-10.2.0.3', `10.2.0.1-${'1'.repeat(100_000)}`, '', undefined, null, 5, {}]) {
      assert.equal(reason(value), POOL_ENTRY_EXAMPLE);
    }
  });
});
