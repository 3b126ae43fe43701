import assert from 'node:assert/strict';
import { CIDR_EXAMPLE, cidrSize, hostBits, parseCidr } from '../../src/net/index.js';

function parsedCidr(text: string) {
  const result = parseCidr(text);
  assert.ok(result.ok, `${text} should parse: ${result.ok ? '' : result.reason}`);
  return result.value;
}

function reason(text: unknown): string {
  const result = parseCidr(text);
  assert.ok(!result.ok, `${String(text)} should be refused`);
  return result.reason;
}

describe('D17 strict CIDRs', () => {
  it('parses the documentation ranges canonically', () => {
    for (const text of ['192.168.0.0/16', '172.16.0.0/20', 'fd12::5:0/116', '0.0.0.0/0', '::/0', '10.2.0.212/32', 'fd12::1/128']) {
      const value = parsedCidr(text);
      assert.equal(value.canonical, text);
      assert.equal(value.hostBitsSet, false);
    }
  });

  it('reads upper-case IPv6 as non-canonical: FD12::/64 parses with canonical fd12::/64 (D5)', () => {
    const value = parsedCidr('FD12::/64');
    assert.equal(value.canonical, 'fd12::/64');
    assert.equal(value.hostBitsSet, false);
    assert.deepEqual(value.cidr, { family: 'IPv6', prefix: 64, first: 0xfd12n << 112n, last: (0xfd12n << 112n) | ((1n << 64n) - 1n) });
  });

  it('clears host bits: 10.96.0.1/12 has canonical 10.96.0.0/12 and hostBitsSet', () => {
    const value = parsedCidr('10.96.0.1/12');
    assert.equal(value.canonical, '10.96.0.0/12');
    assert.equal(value.hostBitsSet, true);
    assert.equal(parsedCidr('fd12::5:1/116').canonical, 'fd12::5:0/116');
  });

  it('refuses leading zeros in the address or the prefix length', () => {
    assert.equal(reason('010.2.0.1/8'), 'must not have leading 0s in IP or prefix length');
    assert.equal(reason('10.0.0.0/08'), 'must not have leading 0s in IP or prefix length');
  });

  it('refuses short IPv4 (10.1/16) with the address reason', () => {
    assert.equal(reason('10.1/16'), `${CIDR_EXAMPLE}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  });

  it('refuses an IPv4-mapped ::ffff:10.0.0.0/104: it is not IPv6', () => {
    assert.equal(reason('::ffff:10.0.0.0/104'), `${CIDR_EXAMPLE}: must not be an IPv4-mapped IPv6 address`);
  });

  it('refuses zone IDs', () => {
    assert.equal(reason('fe80::%eth0/64'), `${CIDR_EXAMPLE}: must not have an IPv6 zone ID`);
  });

  it('refuses prefixes beyond the family, missing parts, spaces and several slashes', () => {
    for (const text of ['10.0.0.0/33', 'fd12::/129', '10.0.0.0/', '10.0.0.0', '10.0.0.0/8/8', '10.0.0.0/ 8', '10.0.0.0/-1', '10.0.0.0/+8']) {
      assert.equal(reason(text), CIDR_EXAMPLE, text);
    }
  });

  it('refuses a 100 kB string and non-strings', () => {
    assert.match(reason(`10.0.0.0/${'1'.repeat(100_000)}`), /^must/);
    assert.match(reason(`${'1'.repeat(100_000)}/8`), /too long$/);
    for (const value of [undefined, null, 8, {}, ['10.0.0.0/8']]) assert.equal(reason(value), CIDR_EXAMPLE);
  });

  it('counts sizes and host bits: /20 holds 4096 IPv4 addresses, /116 holds 4096 IPv6 addresses', () => {
    assert.equal(cidrSize(parsedCidr('172.16.0.0/20').cidr), 4096n);
    assert.equal(hostBits(parsedCidr('fd12::5:0/116').cidr), 12);
    assert.equal(cidrSize(parsedCidr('::/0').cidr), 1n << 128n);
  });
});
