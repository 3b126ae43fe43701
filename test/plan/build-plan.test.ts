import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseDocuments } from '../../src/documents/documents.js';
import { configurationOf } from '../../src/documents/configurations.js';
import { sourcesOf } from '../../src/documents/object-identity.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { buildPlans } from '../../src/plan/build-plan.js';
import { type ClusterPlan } from '../../src/plan/plan-model.js';

const EXAMPLE = readFileSync(path.join(PACKAGE_ROOT, 'examples/dual-stack-cluster.yaml'), 'utf8');

function plan(yaml: string, nodes?: number): ClusterPlan[] {
  const documents = parseDocuments(yaml, 'input.yaml');
  const configuration = configurationOf({ documents });
  assert.ok(configuration.ok);
  return buildPlans({ facts: configuration.facts, sources: sourcesOf(documents), ...(nodes === undefined ? {} : { nodes }) });
}

function only(yaml: string, nodes?: number): ClusterPlan {
  const plans = plan(yaml, nodes);
  assert.equal(plans.length, 1);
  return plans[0]!;
}

function cluster(spec: string, name = 'c', namespace = 'ns'): string {
  return `apiVersion: baremetal.cluster.gke.io/v1
kind: Cluster
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec.replace(/^/gm, '  ')}
`;
}

function config(name: string, body: string, namespace = 'ns'): string {
  return `---
apiVersion: baremetal.cluster.gke.io/v1alpha1
kind: ClusterCIDRConfig
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${body.replace(/^/gm, '  ')}
`;
}

describe('plan: the documentation dual-stack cluster (examples/dual-stack-cluster.yaml)', () => {
  const result = only(EXAMPLE);
  const { capacity } = result;

  it('holds 256 nodes in each family: a tie, both families named as binding', () => {
    assert.deepEqual(result.families, ['IPv4', 'IPv6']);
    assert.equal(capacity.nodes.perFamily.get('IPv4')?.value, 256n);
    assert.equal(capacity.nodes.perFamily.get('IPv6')?.value, 256n);
    assert.equal(capacity.nodes.dualStack?.value, 256n);
    assert.deepEqual(capacity.nodes.binding, ['IPv4', 'IPv6']);
    assert.equal(capacity.nodes.perFamily.get('IPv4')?.formula, '2^(24−16) = 256');
    assert.equal(capacity.nodes.perFamily.get('IPv6')?.formula, '2^(120−112) = 256');
  });

  it('has 65,536 pod addresses per family', () => {
    const pods = result.ranges.filter((range) => range.role === 'pods' || range.role === 'cluster-cidr-config');
    assert.deepEqual(pods.map((range) => [range.role, range.family, range.value, range.addresses.value]), [
      ['pods', 'IPv4', '192.168.0.0/16', 65536n],
      ['cluster-cidr-config', 'IPv4', '192.168.0.0/16', 65536n],
      ['cluster-cidr-config', 'IPv6', 'fd12::1:0/112', 65536n],
    ]);
    assert.equal(pods[2]!.addresses.formula, '2^(128−112) = 2^16 = 65536');
    assert.equal(pods[0]!.source.field, 'spec.clusterNetwork.pods.cidrBlocks[0]');
    assert.equal(pods[0]!.source.line, 10);
  });

  it('has 4,096 addresses in each service range; kube-apiserver hands out 4,094 IPv4 and 4,095 IPv6 ClusterIPs', () => {
    const services = result.ranges.filter((range) => range.role === 'services');
    assert.deepEqual(services.map((range) => [range.family, range.addresses.value, range.usable?.value]), [
      ['IPv4', 4096n, 4094n], ['IPv6', 4096n, 4095n],
    ]);
    assert.equal(capacity.services.dualStack?.value, 4094n);
    assert.deepEqual(capacity.services.binding, ['IPv4']);
  });

  it('has pool-1 with 10 IPv4 and 16 IPv6 addresses, the ingress VIP taking one IPv4: 9 dual-stack LoadBalancer Services, IPv4 binding', () => {
    const pools = result.ranges.filter((range) => range.role === 'load-balancer-pool');
    assert.deepEqual(pools.map((range) => [range.family, range.pool?.name, range.addresses.value, range.pool?.takenBy, range.pool?.free.value]), [
      ['IPv4', 'pool-1', 10n, ['ingressVIP'], 9n],
      ['IPv6', 'pool-1', 16n, [], 16n],
    ]);
    assert.equal(capacity.loadBalancer.dualStack?.value, 9n);
    assert.deepEqual(capacity.loadBalancer.binding, ['IPv4']);
    assert.equal(capacity.loadBalancer.dualStack?.formula, 'min(IPv4 9, IPv6 16) = 9');
  });

  it('counts 5 declared nodes, 110 pods per node, the 15,000-pod recommendation as 136 nodes, and no overlaps', () => {
    assert.equal(capacity.declaredNodes, 5);
    assert.equal(capacity.headroom?.value, 251n);
    assert.equal(capacity.pods?.value, 28160n);
    assert.equal(capacity.recommendedMaxNodes.value, 136n);
    assert.deepEqual(result.overlaps, []);
  });

  it('--nodes N: the headroom against N nodes', () => {
    assert.equal(only(EXAMPLE, 300).capacity.headroom?.value, -44n);
  });
});

describe('plan: exact counts, selectors, single-stack, flat IPv4, overlaps', () => {
  it('prints a /48 IPv6 pool exactly: 2^80 = 1208925819614629174706176', () => {
    const result = only(cluster(`clusterNetwork:
  pods: {cidrBlocks: [10.0.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20, fd00:5::/108]}
loadBalancer:
  addressPools:
  - name: wide
    addresses: [10.200.0.0/28, 2001:db8:1::/48]`));
    const wide = result.ranges.find((range) => range.value === '2001:db8:1::/48');
    assert.equal(wide?.addresses.value, 1208925819614629174706176n);
    assert.match(wide?.addresses.formula ?? '', /2\^80 = 1208925819614629174706176$/);
    assert.equal(result.capacity.loadBalancer.perFamily.get('IPv6')?.value, 1208925819614629174706176n);
    assert.deepEqual(result.capacity.loadBalancer.binding, ['IPv4']);
    // A /108 service range is beyond the bitmap allocator's 2^16: 65,535 ClusterIPs.
    assert.equal(result.capacity.services.perFamily.get('IPv6')?.value, 65535n);
  });

  it('counts each ClusterCIDRConfig with a selector on its own: a config with one family serves no dual-stack node', () => {
    const yaml = `${cluster(`clusterNetwork:
  pods: {cidrBlocks: [10.0.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20, fd00:5::/112]}
controlPlane:
  nodePoolSpec:
    nodes: [{address: 10.1.0.1}]`)}---
apiVersion: baremetal.cluster.gke.io/v1
kind: NodePool
metadata: {name: gpu, namespace: ns}
spec:
  clusterName: c
  nodes: [{address: 10.1.0.10}, {address: 10.1.0.11}]
---
apiVersion: baremetal.cluster.gke.io/v1
kind: NodePool
metadata: {name: edge, namespace: ns}
spec:
  clusterName: c
  nodes: [{address: 10.1.0.20}]
${config('gpu-ranges', `ipv4: {cidr: 10.0.0.0/20, perNodeMaskSize: 24}
ipv6: {cidr: fd00:1::/112, perNodeMaskSize: 120}
nodeSelector: {matchLabels: {baremetal.cluster.gke.io/node-pool: gpu}}`)}${config('edge-ranges', `ipv4: {cidr: 10.0.16.0/20, perNodeMaskSize: 24}
ipv6: {cidr: fd00:2::/116, perNodeMaskSize: 120}
nodeSelector: {matchLabels: {baremetal.cluster.gke.io/node-pool: edge}}`)}${config('v4-only', `ipv4: {cidr: 10.0.32.0/20, perNodeMaskSize: 24}
nodeSelector: {matchLabels: {baremetal.cluster.gke.io/k8s-ip: 10.1.0.1}}`)}`;
    const { capacity } = only(yaml);
    assert.deepEqual(capacity.configs.map((entry) => [entry.name, entry.selector, entry.nodes.perFamily.get('IPv4')?.value,
      entry.nodes.perFamily.get('IPv6')?.value, entry.nodes.dualStack?.value, entry.nodes.binding, entry.served]), [
      ['gpu-ranges', 'baremetal.cluster.gke.io/node-pool=gpu', 16n, 256n, 16n, ['IPv4'], 2],
      ['edge-ranges', 'baremetal.cluster.gke.io/node-pool=edge', 16n, 16n, 16n, ['IPv4', 'IPv6'], 1],
      ['v4-only', 'baremetal.cluster.gke.io/k8s-ip=10.1.0.1', 16n, 0n, 0n, ['IPv6'], 1],
    ]);
    assert.equal(capacity.nodes.perFamily.get('IPv4')?.value, 48n);
    assert.equal(capacity.nodes.perFamily.get('IPv6')?.value, 272n);
    assert.equal(capacity.nodes.dualStack?.value, 32n);
    assert.deepEqual(capacity.nodes.binding, ['IPv4']);
    assert.equal(capacity.declaredNodes, 4);
  });

  it('plans a single-stack IPv4 cluster from its island pod range: one family, no dual-stack figure', () => {
    const result = only(cluster(`clusterNetwork:
  pods: {cidrBlocks: [192.168.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20]}
nodeConfig: {podDensity: {maxPodsPerNode: 250}}`));
    assert.deepEqual(result.families, ['IPv4']);
    // NET: "250 pods + /16 ⇒ 2^(23−16) = 128 nodes".
    assert.equal(result.capacity.nodes.perFamily.get('IPv4')?.formula, '2^(23−16) = 128');
    assert.equal(result.capacity.nodes.dualStack?.value, 128n);
    assert.equal(result.capacity.pods?.value, 32000n);
    assert.equal(result.capacity.recommendedMaxNodes.value, 60n);
    assert.equal(result.capacity.services.perFamily.has('IPv6'), false);
  });

  it('plans a flat-IPv4 cluster from its ClusterCIDRConfigs, not from an island block', () => {
    const result = only(`${cluster(`clusterNetwork:
  flatIPv4: true
  pods: {cidrBlocks: [10.10.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20, fd12::5:0/116]}`)}${config('flat', `ipv4: {cidr: 10.10.0.0/22, perNodeMaskSize: 26}
ipv6: {cidr: fd12::1:0/112, perNodeMaskSize: 122}`)}`);
    assert.equal(result.ranges.find((range) => range.role === 'pods')?.perNode, undefined);
    assert.equal(result.capacity.nodes.perFamily.get('IPv4')?.value, 16n);
    assert.equal(result.capacity.nodes.perFamily.get('IPv6')?.value, 1024n);
    assert.equal(result.capacity.nodes.dualStack?.value, 16n);
    assert.deepEqual(result.capacity.nodes.binding, ['IPv4']);
  });

  it('names both objects and fields of overlapping ranges', () => {
    const result = only(`${cluster(`clusterNetwork:
  pods: {cidrBlocks: [10.0.0.0/16]}
  services: {cidrBlocks: [10.0.128.0/20, fd12::5:0/116]}
controlPlane:
  nodePoolSpec:
    nodes: [{address: 10.0.0.7}]`)}${config('ranges', `ipv4: {cidr: 10.0.0.0/16, perNodeMaskSize: 24}
ipv6: {cidr: fd12::5:0/112, perNodeMaskSize: 120}`)}`);
    const described = result.overlaps.map((overlap) => `${overlap.first.source.kind} ${overlap.first.source.field} ${overlap.first.value}`
      + ` × ${overlap.second.source.kind} ${overlap.second.source.field} ${overlap.second.value}`);
    assert.deepEqual(described, [
      'Cluster spec.clusterNetwork.pods.cidrBlocks[0] 10.0.0.0/16 × Cluster spec.controlPlane.nodePoolSpec.nodes[0].address 10.0.0.7',
      'Cluster spec.clusterNetwork.pods.cidrBlocks[0] 10.0.0.0/16 × Cluster spec.clusterNetwork.services.cidrBlocks[0] 10.0.128.0/20',
      'ClusterCIDRConfig spec.ipv4.cidr 10.0.0.0/16 × Cluster spec.controlPlane.nodePoolSpec.nodes[0].address 10.0.0.7',
      'ClusterCIDRConfig spec.ipv4.cidr 10.0.0.0/16 × Cluster spec.clusterNetwork.services.cidrBlocks[0] 10.0.128.0/20',
      'ClusterCIDRConfig spec.ipv6.cidr fd12::5:0/112 × Cluster spec.clusterNetwork.services.cidrBlocks[1] fd12::5:0/116',
    ]);
  });

  it('reports a node address written twice, but not a node whose address and k8sIP are the same', () => {
    const result = only(cluster(`clusterNetwork:
  pods: {cidrBlocks: [192.168.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20]}
controlPlane:
  nodePoolSpec:
    nodes: [{address: 10.1.0.1, k8sIP: 10.1.0.1}, {address: 10.1.0.1}]`));
    assert.deepEqual(result.overlaps.map((overlap) => [overlap.first.source.field, overlap.second.source.field]), [
      ['spec.controlPlane.nodePoolSpec.nodes[0].address', 'spec.controlPlane.nodePoolSpec.nodes[1].address'],
      ['spec.controlPlane.nodePoolSpec.nodes[0].k8sIP', 'spec.controlPlane.nodePoolSpec.nodes[1].address'],
    ]);
  });

  it('takes avoidBuggyIPs into account: .0 and .255 addresses of an IPv4 pool are not free', () => {
    const result = only(cluster(`clusterNetwork:
  pods: {cidrBlocks: [10.0.0.0/16]}
  services: {cidrBlocks: [10.96.0.0/20]}
loadBalancer:
  vips: {ingressVIP: 10.200.0.10}
  addressPools:
  - name: buggy
    avoidBuggyIPs: true
    addresses: [10.200.0.0/23]`));
    const pool = result.ranges.find((range) => range.role === 'load-balancer-pool');
    assert.equal(pool?.addresses.value, 512n);
    assert.equal(pool?.pool?.avoided, 4n);
    assert.equal(pool?.pool?.free.value, 507n);
    assert.equal(pool?.pool?.free.formula, '512 − 4 (.0/.255, avoidBuggyIPs) − 1 (VIP) = 507');
  });
});

describe('plan: hostile input', () => {
  it('never throws on Clusters, NodePools and ClusterCIDRConfigs of any shape', () => {
    const anyValue = fc.anything({ maxDepth: 3, withBigInt: false });
    const cidrish = fc.oneof(fc.constantFrom('10.0.0.0/16', 'fd00::/48', '0.0.0.0/0', '::/0', '10.0.0.1-10.0.0.0', 'x', '10.0.0.0/33'), anyValue);
    const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, anyValue);
    const clusterArbitrary = fc.record({
      apiVersion: fc.constant('baremetal.cluster.gke.io/v1'), kind: fc.constant('Cluster'),
      metadata: maybe(fc.record({ name: fc.string(), namespace: fc.constant('ns') })),
      spec: maybe(fc.record({
        clusterNetwork: maybe(fc.record({ pods: maybe(fc.record({ cidrBlocks: maybe(fc.array(cidrish)) })),
          services: maybe(fc.record({ cidrBlocks: maybe(fc.array(cidrish)) })), flatIPv4: anyValue })),
        loadBalancer: maybe(fc.record({ addressPools: maybe(fc.array(maybe(fc.record({ name: anyValue, avoidBuggyIPs: anyValue, addresses: maybe(fc.array(cidrish)) })))),
          vips: maybe(fc.record({ ingressVIP: maybe(fc.constantFrom('10.0.0.1', 'fd00::1')) })) })),
        nodeConfig: maybe(fc.record({ podDensity: maybe(fc.record({ maxPodsPerNode: anyValue })) })),
        controlPlane: maybe(fc.record({ nodePoolSpec: maybe(fc.record({ nodes: maybe(fc.array(maybe(fc.record({ address: anyValue })))) })) })),
      })),
    });
    const configArbitrary = fc.record({
      apiVersion: fc.constant('baremetal.cluster.gke.io/v1alpha1'), kind: fc.constant('ClusterCIDRConfig'),
      metadata: fc.record({ name: fc.string(), namespace: fc.constant('ns') }),
      spec: maybe(fc.record({ ipv4: maybe(fc.record({ cidr: cidrish, perNodeMaskSize: maybe(fc.integer({ min: -1, max: 130 })) })),
        ipv6: maybe(fc.record({ cidr: cidrish, perNodeMaskSize: maybe(fc.integer({ min: -1, max: 130 })) })), nodeSelector: anyValue })),
    });
    fc.assert(fc.property(fc.array(fc.oneof(clusterArbitrary, configArbitrary), { maxLength: 4 }), fc.option(fc.nat(1000), { nil: undefined }), (objects, nodes) => {
      const documents = objects.map((content, index) => ({ file: 'fuzz.yaml', index, line: index + 1, content }));
      const configuration = configurationOf({ documents: documents as never });
      if (!configuration.ok) return;
      buildPlans({ facts: configuration.facts, sources: sourcesOf(documents as never), ...(nodes === undefined ? {} : { nodes }) });
    }), { numRuns: 300 });
  });
});
