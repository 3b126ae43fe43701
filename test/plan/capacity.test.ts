import assert from 'node:assert/strict';
import { addressesPerNode, bindingOf, nodeBlocks, podsFor, recommendedMaxNodes } from '../../src/rules/capacity.js';
import { avoidedBuggyIps } from '../../src/plan/buggy-ips.js';
import { usableClusterIps } from '../../src/plan/service-allocator.js';
import { parseCidr } from '../../src/net/index.js';

function cidr(text: string) {
  const parsed = parseCidr(text);
  assert.ok(parsed.ok);
  return parsed.value.cidr;
}

describe('capacity model (src/rules/capacity.ts)', () => {
  it('counts node blocks and addresses per node exactly, in BigInt', () => {
    assert.equal(nodeBlocks(16, 24), 256n);
    assert.equal(nodeBlocks(16, 23), 128n); // NET: 250 pods + /16 ⇒ 2^(23−16) = 128 nodes
    assert.equal(nodeBlocks(48, 128), 1n << 80n);
    assert.equal(nodeBlocks(24, 16), 0n);
    assert.equal(addressesPerNode('IPv6', 120), 256n);
    assert.equal(addressesPerNode('IPv6', 48), 1n << 80n);
  });

  it('pods and the 15,000-pod recommendation as a node count', () => {
    assert.equal(podsFor(110, 256n), 28160n);
    assert.equal(recommendedMaxNodes(110), 136n);
    assert.equal(recommendedMaxNodes(250), 60n);
    assert.equal(recommendedMaxNodes(0), 0n);
  });

  it('names the binding family, both on a tie', () => {
    assert.deepEqual(bindingOf(new Map([['IPv4', 9n], ['IPv6', 16n]])), { least: 9n, binding: ['IPv4'] });
    assert.deepEqual(bindingOf(new Map([['IPv4', 256n], ['IPv6', 256n]])), { least: 256n, binding: ['IPv4', 'IPv6'] });
    assert.equal(bindingOf(new Map()), undefined);
  });
});

describe('allocator facts the plan mirrors', () => {
  it('kube-apiserver ClusterIPs: IPv4 minus network and broadcast, IPv6 minus network, IPv6 capped by the bitmap', () => {
    assert.equal(usableClusterIps(cidr('172.16.0.0/20')).value, 4094n);
    assert.equal(usableClusterIps(cidr('fd12::5:0/116')).value, 4095n);
    assert.equal(usableClusterIps(cidr('fd00::/108')).value, 65535n);
    assert.equal(usableClusterIps(cidr('fd00::/112')).value, 65535n);
    assert.equal(usableClusterIps(cidr('10.0.0.0/32')).value, 0n);
  });

  it('avoidBuggyIPs skips IPv4 addresses ending in .0 and .255, none in IPv6', () => {
    assert.equal(avoidedBuggyIps(cidr('10.0.0.0/24')), 2n);
    assert.equal(avoidedBuggyIps(cidr('10.0.0.0/16')), 512n);
    assert.equal(avoidedBuggyIps({ family: 'IPv4', first: 0x0a0000ffn, last: 0x0a000100n }), 2n); // 10.0.0.255-10.0.1.0
    assert.equal(avoidedBuggyIps({ family: 'IPv4', first: 0x0a000001n, last: 0x0a0000fen }), 0n);
    assert.equal(avoidedBuggyIps({ family: 'IPv4', first: 0n, last: 0n }), 1n);
    assert.equal(avoidedBuggyIps(cidr('fd00::/120')), 0n);
  });
});
