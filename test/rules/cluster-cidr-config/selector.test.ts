import assert from 'node:assert/strict';
import { DOC_SPEC, assertAdmitted, assertNoRule, configWith, docFacts, judge, warningsOf } from './support.js';

const WORKERS = { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } };

describe('R-13 documented selector', () => {
  it('warns on matchExpressions and on undocumented label keys', () => {
    const judgement = judge(configWith({
      ipv4: { cidr: '192.168.2.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'node-1' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
    }));
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-13'), [
      '[R-13] spec.nodeSelector.matchExpressions is not documented for ClusterCIDRConfig; use matchLabels',
      '[R-13] spec.nodeSelector.matchLabels: "kubernetes.io/hostname" is not a documented label (node-pool, k8s-ip)',
    ]);
  });

  it('stays silent for the node-pool and k8s-ip labels', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS })), 'R-13');
    assertNoRule(judge(configWith({
      ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } },
    })), 'R-13');
  });
});

describe('R-14 twin configs (D2)', () => {
  const withWorkerConfig = docFacts({
    extra: [configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' })],
  });

  it('warns when another config of the namespace has the same selector and an overlapping range', () => {
    const judgement = judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'workers-again' }), { facts: withWorkerConfig });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-14'),
      ['[R-14] same nodeSelector and overlapping ranges as "worker-pool-ccc": the allocator\'s tie-breaks pick one']);
  });

  it('names at most 3 twins', () => {
    const twins = ['a', 'b', 'c', 'd', 'e'].map((name) => configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name }));
    const judgement = judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'workers-again' }), { facts: docFacts({ extra: twins }) });
    assert.deepEqual(warningsOf(judgement, 'R-14'), ['a', 'b', 'c'].map((name) =>
      `[R-14] same nodeSelector and overlapping ranges as "${name}": the allocator's tie-breaks pick one`));
  });

  it('stays silent for the same selector with disjoint ranges', () => {
    const judgement = judge(configWith({ ipv6: { cidr: 'fd12::7:0/112', perNodeMaskSize: 120 }, nodeSelector: WORKERS }, { name: 'more' }),
      { facts: withWorkerConfig });
    assertNoRule(judgement, 'R-14');
  });

  it('stays silent for overlapping ranges under different selectors (the documentation\'s pattern)', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts: docFacts() }), 'R-14');
  });

  it('does not compare a config with itself in the facts', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts: withWorkerConfig }), 'R-14');
  });

  it('ignores configs of other namespaces', () => {
    const facts = docFacts({ extra: [configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'twin', namespace: 'elsewhere' })] });
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts }), 'R-14');
  });
});

describe('R-18 matchLabels keys and values are Kubernetes label syntax (upstream ValidateLabels)', () => {
  const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const withLabels = (matchLabels: Record<string, string>) => configWith({ ...DOC_SPEC, nodeSelector: { matchLabels } });
  const r18 = (labels: Record<string, string>) => judge(withLabels(labels)).causes
    .filter((cause) => cause.rule === 'R-18').map((cause) => [cause.field, cause.message]);

  it('denies a bad key at spec.nodeSelector.matchLabels with the key as the value and upstream\'s message', () => {
    assert.deepEqual(r18({ 'baremetal.cluster.gke.io/node pool': 'workers' }), [
      ['spec.nodeSelector.matchLabels', `Invalid value: "baremetal.cluster.gke.io/node pool": ${NAME_PART} [R-18]`],
    ]);
    assert.deepEqual(r18({ 'Example.com/pool': 'workers' }), [
      ['spec.nodeSelector.matchLabels', 'Invalid value: "Example.com/pool": prefix part a DNS-1123 subdomain must consist of lower '
        + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
        + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*') [R-18]"],
    ]);
    assert.deepEqual(r18({ 'a/b/c': 'v' }), [
      ['spec.nodeSelector.matchLabels', "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' "
        + "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
        + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        + "'example.com/MyName') [R-18]"],
    ]);
  });

  it('denies a bad value at spec.nodeSelector.matchLabels[key], and a value over 63 characters', () => {
    assert.deepEqual(r18({ 'baremetal.cluster.gke.io/k8s-ip': 'fd12::1' }), [
      ['spec.nodeSelector.matchLabels[baremetal.cluster.gke.io/k8s-ip]', 'Invalid value: "fd12::1": a valid label must be an empty '
        + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?') [R-18]"],
    ]);
    const long = 'a'.repeat(64);
    assert.deepEqual(r18({ pool: long }), [
      ['spec.nodeSelector.matchLabels[pool]', `Invalid value: "${long}": must be no more than 63 characters [R-18]`],
    ]);
  });

  it('admits the documentation\'s labels (node-pool, k8s-ip) and an empty value', () => {
    for (const labels of <Record<string, string>[]>[
      { 'baremetal.cluster.gke.io/node-pool': 'workers' }, { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' }, { pool: '' },
    ]) assertNoRule(judge(withLabels(labels)), 'R-18');
  });
});
