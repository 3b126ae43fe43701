import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type Cidr, type IpAddress, type IpFamily, cidrOf, cidrSize, familyBits, formatCidr, formatIp, parseCidr, parseIp,
  rangeContains, rangeSize, rangesOverlap, sameCidr,
} from '../../src/net/index.js';

const IPV4_MAPPED_PREFIX = 0xffffn;

function isIpv4Mapped(address: IpAddress): boolean {
  return address.family === 'IPv6' && address.value >> 32n === IPV4_MAPPED_PREFIX;
}

const family = fc.constantFrom<IpFamily>('IPv4', 'IPv6');

const address = (of: IpFamily): fc.Arbitrary<IpAddress> =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(familyBits(of))) - 1n })
    .map((value) => ({ family: of, value }))
    .filter((candidate) => !isIpv4Mapped(candidate));

// IPv6 with long zero runs, so "::" compression (and its tie-breaking) is exercised, not just random hex.
const sparseIpv6: fc.Arbitrary<IpAddress> = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((parts) => ({ family: 'IPv6' as const, value: parts.reduce((value, part) => (value << 16n) | BigInt(part), 0n) }))
  .filter((candidate) => !isIpv4Mapped(candidate));

const anyAddress = fc.oneof(family.chain(address), sparseIpv6);

const cidrIn = (of: IpFamily): fc.Arbitrary<Cidr> =>
  fc.tuple(address(of), fc.integer({ min: 0, max: familyBits(of) })).map(([base, prefix]) => cidrOf(base, prefix));

const anyCidr = family.chain(cidrIn);

/** A CIDR inside `outer`: a random address of it, with a prefix at least as long. */
function cidrInside(outer: Cidr): fc.Arbitrary<Cidr> {
  return fc.tuple(fc.bigInt({ min: outer.first, max: outer.last }), fc.integer({ min: outer.prefix, max: familyBits(outer.family) }))
    .map(([value, prefix]) => cidrOf({ family: outer.family, value }, prefix));
}

// Small IPv4 space (10.0.0.0/20, prefixes /20../32) so random pairs overlap and contain each other often.
const crowdedCidr: fc.Arbitrary<Cidr> = fc.tuple(fc.bigInt({ min: 0x0a000000n, max: 0x0a000fffn }), fc.integer({ min: 20, max: 32 }))
  .map(([value, prefix]) => cidrOf({ family: 'IPv4', value }, prefix));

/** Full, upper/lower mixed, zero-padded IPv6 text: 0FD12:0000:... is what a human might write. */
function expandedIpv6(value: bigint, upper: boolean[]): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    const group = ((value >> shift) & 0xffffn).toString(16).padStart(4, '0');
    groups.push(upper[groups.length] ? group.toUpperCase() : group);
  }
  return groups.join(':');
}

/** WHATWG URL host serialization is RFC 5952 too (lower case, first longest run of two or more zero groups). */
function urlCanonical(text: string): string {
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

function mustParseIp(text: string): IpAddress {
  const result = parseIp(text);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
  return result.value;
}

function mustParseCidr(text: string) {
  const result = parseCidr(text);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
  return result.value;
}

describe('address library properties (fast-check)', () => {
  describe('round trips', () => {
    it('parseIp(formatIp(a)) is a, for IPv4 and IPv6', () => {
      fc.assert(fc.property(anyAddress, (candidate) => {
        assert.deepEqual(mustParseIp(formatIp(candidate)), candidate);
      }), { numRuns: 2000 });
    });

    it('formatIp writes IPv6 as RFC 5952 (checked against the WHATWG URL serializer)', () => {
      fc.assert(fc.property(sparseIpv6, (candidate) => {
        const text = formatIp(candidate);
        assert.equal(text, urlCanonical(text));
      }), { numRuns: 2000 });
    });

    it('expanded, zero-padded, mixed-case IPv6 text parses to the same address', () => {
      fc.assert(fc.property(sparseIpv6, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (candidate, upper) => {
        assert.deepEqual(mustParseIp(expandedIpv6(candidate.value, upper)), candidate);
      }), { numRuns: 1000 });
    });

    it('an IPv6 address written with a dotted IPv4 tail parses to the same value', () => {
      fc.assert(fc.property(address('IPv6'), (candidate) => {
        const head = expandedIpv6(candidate.value, []).split(':').slice(0, 6).join(':');
        const low = candidate.value & 0xffffffffn;
        const tail = [24n, 16n, 8n, 0n].map((shift) => String((low >> shift) & 0xffn)).join('.');
        assert.deepEqual(mustParseIp(`${head}:${tail}`), candidate);
      }), { numRuns: 1000 });
    });

    it('parseCidr(formatCidr(c)) is c, canonical and without host bits', () => {
      fc.assert(fc.property(anyCidr, (cidr) => {
        const text = formatCidr(cidr);
        const result = mustParseCidr(text);
        assert.ok(sameCidr(result.cidr, cidr));
        assert.deepEqual(result.cidr, cidr);
        assert.equal(result.canonical, text);
        assert.equal(result.hostBitsSet, false);
      }), { numRuns: 2000 });
    });

    it('canonical text is a fixed point, and hostBitsSet says whether the address was the network address', () => {
      fc.assert(fc.property(anyAddress, fc.nat(), (base, prefixSeed) => {
        const prefix = prefixSeed % (familyBits(base.family) + 1);
        const result = mustParseCidr(`${formatIp(base)}/${prefix}`);
        assert.equal(mustParseCidr(result.canonical).canonical, result.canonical);
        assert.equal(mustParseCidr(result.canonical).hostBitsSet, false);
        assert.equal(result.hostBitsSet, result.cidr.first !== base.value);
      }), { numRuns: 2000 });
    });
  });

  describe('containment and overlap', () => {
    it('containment is reflexive', () => {
      fc.assert(fc.property(anyCidr, (cidr) => assert.ok(rangeContains(cidr, cidr))), { numRuns: 1000 });
    });

    it('containment is transitive (a ⊇ b ⊇ c built from random sub-networks)', () => {
      const chain = anyCidr.chain((a) => cidrInside(a).chain((b) => cidrInside(b).map((c) => [a, b, c] as const)));
      fc.assert(fc.property(chain, ([a, b, c]) => {
        assert.ok(rangeContains(a, b));
        assert.ok(rangeContains(b, c));
        assert.ok(rangeContains(a, c));
      }), { numRuns: 1000 });
    });

    it('containment is transitive among random crowded pairs', () => {
      fc.assert(fc.property(crowdedCidr, crowdedCidr, crowdedCidr, (a, b, c) => {
        if (rangeContains(a, b) && rangeContains(b, c)) assert.ok(rangeContains(a, c));
      }), { numRuns: 3000 });
    });

    it('a CIDR contains its first and last address, and neither first-1 nor last+1', () => {
      fc.assert(fc.property(anyCidr, (cidr) => {
        assert.ok(rangeContains(cidr, { family: cidr.family, value: cidr.first }));
        assert.ok(rangeContains(cidr, { family: cidr.family, value: cidr.last }));
        if (cidr.last < (1n << BigInt(familyBits(cidr.family))) - 1n) {
          assert.ok(!rangeContains(cidr, { family: cidr.family, value: cidr.last + 1n }));
        }
        if (cidr.first > 0n) assert.ok(!rangeContains(cidr, { family: cidr.family, value: cidr.first - 1n }));
      }), { numRuns: 2000 });
    });

    it('overlap is symmetric', () => {
      fc.assert(fc.property(crowdedCidr, crowdedCidr, (a, b) => {
        assert.equal(rangesOverlap(a, b), rangesOverlap(b, a));
      }), { numRuns: 3000 });
      fc.assert(fc.property(anyCidr, anyCidr, (a, b) => {
        assert.equal(rangesOverlap(a, b), rangesOverlap(b, a));
      }), { numRuns: 1000 });
    });

    it('containment implies overlap', () => {
      fc.assert(fc.property(crowdedCidr, crowdedCidr, (a, b) => {
        if (rangeContains(a, b)) assert.ok(rangesOverlap(a, b));
      }), { numRuns: 3000 });
    });

    it('two CIDRs either nest or are disjoint', () => {
      fc.assert(fc.property(crowdedCidr, crowdedCidr, (a, b) => {
        assert.equal(rangesOverlap(a, b), rangeContains(a, b) || rangeContains(b, a));
      }), { numRuns: 3000 });
    });

    it('ranges of different families never contain or overlap each other', () => {
      fc.assert(fc.property(cidrIn('IPv4'), cidrIn('IPv6'), (ipv4, ipv6) => {
        assert.ok(!rangesOverlap(ipv4, ipv6));
        assert.ok(!rangeContains(ipv4, ipv6));
        assert.ok(!rangeContains(ipv6, ipv4));
      }), { numRuns: 500 });
    });
  });

  describe('sizes', () => {
    it('cidrSize is 2^(bits - prefix) and equals the number of addresses from first to last', () => {
      fc.assert(fc.property(anyCidr, (cidr) => {
        assert.equal(cidrSize(cidr), 2n ** BigInt(familyBits(cidr.family) - cidr.prefix));
        assert.equal(cidrSize(cidr), rangeSize(cidr));
      }), { numRuns: 2000 });
    });
  });
});
