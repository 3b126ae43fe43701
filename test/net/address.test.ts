import assert from 'node:assert/strict';
import { ADDRESS_EXAMPLE, formatIp, parseIp } from '../../src/net/index.js';

function canonical(text: unknown): string {
  const result = parseIp(text);
  assert.ok(result.ok, `${String(text)} should parse: ${result.ok ? '' : result.reason}`);
  return formatIp(result.value);
}

function reason(text: unknown): string {
  const result = parseIp(text);
  assert.ok(!result.ok, `${String(text)} should be refused`);
  return result.reason;
}

describe('D17 strict IP addresses', () => {
  describe('IPv4: four-part decimal without leading zeros', () => {
    it('admits 10.2.0.212, 0.0.0.0 and 255.255.255.255', () => {
      assert.equal(canonical('10.2.0.212'), '10.2.0.212');
      assert.equal(canonical('0.0.0.0'), '0.0.0.0');
      assert.equal(canonical('255.255.255.255'), '255.255.255.255');
    });

    it('refuses 010.2.0.1 with the leading-zero message', () => {
      assert.equal(reason('010.2.0.1'), 'must not have leading 0s in IP address');
      assert.equal(reason('10.2.0.01'), 'must not have leading 0s in IP address');
    });

    it('refuses short forms (10.1, 10.1.2) and a fifth part', () => {
      for (const text of ['10.1', '10.1.2', '10', '10.1.2.3.4']) assert.equal(reason(text), ADDRESS_EXAMPLE, text);
    });

    it('refuses octets over 255, hexadecimal, signs, empty parts and spaces', () => {
      for (const text of ['256.0.0.0', '0x0a.0.0.1', '+1.2.3.4', '1..2.3', ' 10.0.0.1', '10.0.0.1 ', '10.0.0.1\n', '１.2.3.4']) {
        assert.equal(reason(text), ADDRESS_EXAMPLE, JSON.stringify(text));
      }
    });
  });

  describe('IPv6', () => {
    it('prints RFC 5952 text: lower case, longest zero run compressed, a single zero group kept', () => {
      assert.equal(canonical('FD12:0000:0000:0000:0000:0000:0005:0000'), 'fd12::5:0');
      assert.equal(canonical('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
      assert.equal(canonical('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
      assert.equal(canonical('0:0:0:0:0:0:0:0'), '::');
    });

    it('reads an embedded IPv4 tail strictly (64:ff9b::1.2.3.4 is 64:ff9b::102:304)', () => {
      assert.equal(canonical('64:ff9b::1.2.3.4'), '64:ff9b::102:304');
      assert.equal(reason('64:ff9b::01.2.3.4'), ADDRESS_EXAMPLE);
      assert.equal(reason('64:ff9b::1.2.3'), ADDRESS_EXAMPLE);
    });

    it('reads the deprecated IPv4-compatible ::1.2.3.4 as IPv6 ::102:304, as Go does (not as IPv4-mapped)', () => {
      const result = parseIp('::1.2.3.4');
      assert.ok(result.ok);
      assert.deepEqual(result.value, { family: 'IPv6', value: 0x01020304n });
      assert.equal(formatIp(result.value), '::102:304');
    });

    it('refuses zone IDs', () => {
      assert.equal(reason('fe80::1%eth0'), 'must not have an IPv6 zone ID');
      assert.equal(reason('fe80::1%25eth0'), 'must not have an IPv6 zone ID');
    });

    it('refuses IPv4-mapped addresses in every spelling: they are not IPv6 (D17)', () => {
      for (const text of ['::ffff:10.0.0.1', '::FFFF:10.0.0.1', '0:0:0:0:0:ffff:10.0.0.1', '::ffff:a00:1']) {
        assert.equal(reason(text), 'must not be an IPv4-mapped IPv6 address', text);
      }
    });

    it('refuses more than four hex digits, several ::, a :: standing for no group, and stray colons', () => {
      for (const text of ['::00001', '1::2::3', '1:::2', '1::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', ':1::', '1:2:3:4:5:6:7:1.2.3.4', 'g::1']) {
        assert.equal(reason(text), ADDRESS_EXAMPLE, text);
      }
    });
  });

  describe('hostile and non-string input', () => {
    it('refuses a 100 kB string quickly with "too long"', () => {
      assert.equal(reason('1'.repeat(100_000)), `${ADDRESS_EXAMPLE}: too long`);
      assert.equal(reason(`${'a:'.repeat(50_000)}1`), `${ADDRESS_EXAMPLE}: too long`);
    });

    it('refuses non-strings and the empty string', () => {
      for (const value of [undefined, null, 10, 10n, true, {}, [], ['10.0.0.1'], '']) assert.equal(reason(value), ADDRESS_EXAMPLE);
    });
  });
});
