import assert from 'node:assert/strict';
import {
  DOC_SPEC, assertAdmitted, assertDenied, assertNoRule, causeAt, configWith, judge, warningsOf,
} from './support.js';

// Denials below use ranges off the documentation cluster's address plan unless the test is about the plan.
const v6 = (cidr: string, perNodeMaskSize: number) => ({ ipv6: { cidr, perNodeMaskSize } });

describe('ClusterCIDRConfig schema', () => {
  it('denies a missing cidr and perNodeMaskSize as R-3 Required values, and runs no rule after it', () => {
    const judgement = judge(configWith({ ipv4: {}, ipv6: { cidr: 'fd12::1:0/112' } }));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [
      ['spec.ipv4.cidr', 'Required value [R-3]'],
      ['spec.ipv4.perNodeMaskSize', 'Required value [R-3]'],
      ['spec.ipv6.perNodeMaskSize', 'Required value [R-3]'],
    ]);
  });

  it('denies perNodeMaskSize outside 0..128 and non-integers as R-3', () => {
    const judgement = judge(configWith({ ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24.5 }, ipv6: { cidr: 'fd12::1:0/112', perNodeMaskSize: 129 } }));
    assertDenied(judgement, 'spec.ipv4.perNodeMaskSize', 'R-3', 'Invalid value: 24.5: must be of type integer');
    assertDenied(judgement, 'spec.ipv6.perNodeMaskSize', 'R-3', 'Invalid value: 129: must be <= 128');
  });

  it('denies a nodeSelector with non-string label values and unknown operators', () => {
    const judgement = judge(configWith({
      ...DOC_SPEC,
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 7 }, matchExpressions: [{ key: 'a', operator: 'Near' }] },
    }));
    assertDenied(judgement, 'spec.nodeSelector.matchLabels.baremetal.cluster.gke.io/node-pool', 'SCHEMA', 'must be of type string');
    assertDenied(judgement, 'spec.nodeSelector.matchExpressions[0].operator', 'SCHEMA', 'Unsupported value: "Near"');
  });

  describe('hostile input: field errors, never exceptions', () => {
    const huge = 'x'.repeat(100 * 1024);
    const cases: [string, unknown, string, string][] = [
      ['spec a string', 'ipv4', 'spec', 'must be of type object'],
      ['ipv4 null', { ipv4: null }, 'spec.ipv4', 'must be of type object'],
      ['ipv6 a list', { ipv6: ['fd12::/64'] }, 'spec.ipv6', 'must be of type object'],
      ['cidr a number', { ipv4: { cidr: 10, perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'must be of type string'],
      ['perNodeMaskSize a string', { ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: '24' } }, 'spec.ipv4.perNodeMaskSize', 'must be of type integer'],
      ['perNodeMaskSize null', { ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: null } }, 'spec.ipv4.perNodeMaskSize', 'must be of type integer'],
      ['a 100 kB cidr', { ipv4: { cidr: huge, perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'must be no more than 64 characters'],
      ['a 100 kB label value (R-18, upstream\'s message)', { ...DOC_SPEC, nodeSelector: { matchLabels: { k: huge } } }, 'spec.nodeSelector.matchLabels[k]', 'must be no more than 63 characters [R-18]'],
      ['nodeSelector null', { ...DOC_SPEC, nodeSelector: null }, 'spec.nodeSelector', 'must be of type object'],
      ['65 matchLabels', { ...DOC_SPEC, nodeSelector: { matchLabels: Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`k${index}`, 'v'])) } },
        'spec.nodeSelector.matchLabels', 'must NOT have more than 64 properties'],
    ];
    for (const [title, spec, field, fragment] of cases) {
      it(`denies ${title} at ${field}`, () => {
        const judgement = judge(configWith(spec));
        const cause = judgement.causes.find((entry) => entry.field === field);
        assert.ok(cause && cause.message.includes(fragment), JSON.stringify(judgement.causes));
        assert.ok(cause.message.length < 400, 'a long value is truncated in the message');
      });
    }

    it('judges non-object documents and metadata without throwing', () => {
      for (const object of [null, 42, 'text', [], { metadata: null }, { metadata: { namespace: 5 } }]) {
        assert.ok(judge(object).causes.length > 0, JSON.stringify(object));
      }
    });
  });
});

describe('R-2 at least one family', () => {
  it('denies a spec without ipv4 and ipv6 at spec', () => {
    const judgement = judge(configWith({ nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } }));
    const cause = causeAt(judgement, 'spec', 'R-2');
    assert.equal(cause.message, 'Required value: one or both of `ipv4` and `ipv6` must be specified [R-2]');
    assert.equal(cause.reason, 'FieldValueRequired');
  });

  it('denies a config without spec at spec', () => {
    assertDenied(judge({ ...configWith({}), spec: undefined }), 'spec', 'R-2', 'one or both of `ipv4` and `ipv6`');
  });

  it('admits an ipv4-only config', () => {
    assertNoRule(judge(configWith({ ipv4: DOC_SPEC.ipv4 })), 'R-2');
  });
});

describe('R-3 cidr of the block\'s family, canonical', () => {
  const denials: [string, unknown, string, string][] = [
    ['an IPv6 CIDR as ipv4', { ipv4: { cidr: 'fd12::/64', perNodeMaskSize: 72 } }, 'spec.ipv4.cidr', 'Invalid value: "fd12::/64": must be a valid IPv4 CIDR: got an IPv6 CIDR'],
    ['an IPv4 CIDR as ipv6', v6('10.0.0.0/16', 24), 'spec.ipv6.cidr', 'must be a valid IPv6 CIDR: got an IPv4 CIDR'],
    ['an IPv4-mapped range as ipv6', v6('::ffff:10.0.0.0/104', 112), 'spec.ipv6.cidr', 'must be a valid IPv6 CIDR: must not be an IPv4-mapped IPv6 address'],
    ['leading zeros', { ipv4: { cidr: '010.2.0.1/16', perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'must be a valid IPv4 CIDR: must not have leading 0s in IP or prefix length'],
    ['a zone ID', v6('fe80::%eth0/112', 120), 'spec.ipv6.cidr', 'must be a valid IPv6 CIDR: must not have an IPv6 zone ID'],
    ['no prefix', { ipv4: { cidr: '192.168.0.0', perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'must be a valid IPv4 CIDR (e.g. 10.9.8.0/24)'],
    ['a shorthand address', { ipv4: { cidr: '10.1/16', perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'must be a valid IPv4 CIDR'],
    ['host bits set (D5)', { ipv4: { cidr: '192.168.1.5/16', perNodeMaskSize: 24 } }, 'spec.ipv4.cidr', 'Invalid value: "192.168.1.5/16": must not have bits set beyond the prefix length; did you mean 192.168.0.0/16?'],
    ['upper-case IPv6 (D5)', v6('FD12::1:0/112', 120), 'spec.ipv6.cidr', 'must be written in canonical form (IPv6 lower-case and compressed); did you mean fd12::1:0/112?'],
    ['uncompressed IPv6 (D5)', v6('fd12:0:0:0:0:0:1:0/112', 120), 'spec.ipv6.cidr', 'did you mean fd12::1:0/112?'],
  ];
  for (const [title, spec, field, fragment] of denials) {
    it(`denies ${title} at ${field}`, () => assertDenied(judge(configWith(spec)), field, 'R-3', fragment));
  }

  it('admits the documentation\'s canonical ranges', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-3'));
});

describe('R-4 prefix ≤ perNodeMaskSize ≤ 32 / 128', () => {
  it('denies an IPv4 perNodeMaskSize above 32 at spec.ipv4.perNodeMaskSize', () => {
    assertDenied(judge(configWith({ ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 33 } })),
      'spec.ipv4.perNodeMaskSize', 'R-4', 'Invalid value: 33: must be less than or equal to 32 for IPv4');
  });

  it('denies a node block wider than the range at spec.ipv6.perNodeMaskSize', () => {
    assertDenied(judge(configWith(v6('fd12::1:0/112', 104))), 'spec.ipv6.perNodeMaskSize', 'R-4',
      'Invalid value: 104: must be greater than or equal to 112, the prefix length of spec.ipv6.cidr');
  });

  it('admits perNodeMaskSize equal to the prefix (the documentation\'s range-node1)', () => {
    assertNoRule(judge(configWith({ ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 } })), 'R-4');
  });
});

describe('R-5 equal per-node sizes', () => {
  it('denies ipv4 /24 with ipv6 /112 at spec.ipv6.perNodeMaskSize', () => {
    const judgement = judge(configWith({ ipv4: DOC_SPEC.ipv4, ipv6: { cidr: 'fd12::1:0/112', perNodeMaskSize: 112 } }));
    assert.equal(causeAt(judgement, 'spec.ipv6.perNodeMaskSize', 'R-5').message,
      'Invalid value: 112: must give each node as many addresses as ipv4.perNodeMaskSize 24 does (2^8) [R-5]');
  });

  it('admits ipv4 /24 with ipv6 /120 (2^8 each)', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-5'));
});

describe('R-6 IPv6 range split into at most 2^16 node blocks', () => {
  it('denies fd13::/64 with /120 per node at spec.ipv6.perNodeMaskSize', () => {
    assertDenied(judge(configWith(v6('fd13::/64', 120))), 'spec.ipv6.perNodeMaskSize', 'R-6',
      'Invalid value: 120: must be at most 80: the node IPAM allocator splits spec.ipv6.cidr (/64) into at most 2^16 node blocks');
  });

  it('admits exactly 16 bits (fd13::/104 with /120)', () => assertNoRule(judge(configWith(v6('fd13::/104', 120))), 'R-6'));
});

describe('R-7 IPv4 range split into more than 2^16 node blocks', () => {
  it('warns for 10.0.0.0/8 with /28 per node', () => {
    const judgement = judge(configWith({ ipv4: { cidr: '10.0.0.0/8', perNodeMaskSize: 28 } }));
    assert.deepEqual(warningsOf(judgement, 'R-7'), ['[R-7] spec.ipv4: /28 per node splits /8 into 2^20 blocks; kubeadm allows at most 2^16']);
    assert.ok(!judgement.causes.some((cause) => cause.rule === 'R-7'));
  });

  it('stays silent for 16 bits', () => assertNoRule(judge(configWith({ ipv4: { cidr: '10.0.0.0/8', perNodeMaskSize: 24 } })), 'R-7'));
});

describe('R-8 at least 4 host bits per node', () => {
  it('warns for ipv4 /30 and ipv6 /126 and admits them (D14)', () => {
    const judgement = judge(configWith({ ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 30 }, ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 126 } }));
    assertNoRule({ ...judgement, warnings: [] }, 'R-8');
    assert.deepEqual(warningsOf(judgement, 'R-8'), [
      '[R-8] spec.ipv4.perNodeMaskSize 30 leaves 2 host bits per node; use at most /28 (16 addresses)',
      '[R-8] spec.ipv6.perNodeMaskSize 126 leaves 2 host bits per node; use at most /124 (16 addresses)',
    ]);
  });

  it('stays silent for /28', () => assertNoRule(judge(configWith({ ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 28 } })), 'R-8'));
});

describe('the documentation ranges', () => {
  it('pass R-2..R-8 with no finding', () => assert.deepEqual(judge(configWith(DOC_SPEC)), { causes: [], warnings: [], patch: [] }));
  it('the admitted ipv4 island config has no cause at all', () => assertAdmitted(judge(configWith({ ipv4: DOC_SPEC.ipv4 }))));
});
