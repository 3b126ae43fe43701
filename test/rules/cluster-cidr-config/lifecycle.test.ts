import assert from 'node:assert/strict';
import { type ClusterFacts, DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { judgeObject, registrationFor } from '../../../src/rules/registry.js';
import {
  DOC_SPEC, assertAdmitted, assertDenied, assertNoRule, causeAt, configWith, docFacts, judge, warningsOf,
} from './support.js';
import { warningLine } from '../../../src/rules/judgement.js';

const OLD = configWith(DOC_SPEC, { name: 'cluster-wide-ranges' });
const update = (spec: unknown, facts?: ClusterFacts) =>
  judge(configWith(spec, { name: 'cluster-wide-ranges' }), { operation: 'UPDATE', oldObject: OLD, ...(facts ? { facts } : {}) });

describe('R-11 family blocks immutable', () => {
  it('denies a changed ipv6.cidr at spec.ipv6.cidr', () => {
    const judgement = update({ ...DOC_SPEC, ipv6: { cidr: 'fd12::6:0/112', perNodeMaskSize: 120 } });
    assert.equal(causeAt(judgement, 'spec.ipv6.cidr', 'R-11').message,
      'Invalid value: "fd12::6:0/112": field is immutable (was "fd12::1:0/112") [R-11]');
  });

  it('denies a changed perNodeMaskSize at spec.ipv4.perNodeMaskSize', () => {
    assertDenied(update({ ...DOC_SPEC, ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 23 } }),
      'spec.ipv4.perNodeMaskSize', 'R-11', 'Invalid value: 23: field is immutable (was 24)');
  });

  it('denies removing ipv6 at spec.ipv6', () => {
    assertDenied(update({ ipv4: DOC_SPEC.ipv4 }), 'spec.ipv6', 'R-11', 'Invalid value: null: field is immutable');
  });

  it('denies adding ipv4 at spec.ipv4', () => {
    const old = configWith({ ipv6: DOC_SPEC.ipv6 }, { name: 'cluster-wide-ranges' });
    const judgement = judge(configWith(DOC_SPEC, { name: 'cluster-wide-ranges' }), { operation: 'UPDATE', oldObject: old });
    assertDenied(judgement, 'spec.ipv4', 'R-11', 'field is immutable (was unset)');
  });

  it('admits an update that changes only the nodeSelector (D1)', () => {
    assertAdmitted(update({ ...DOC_SPEC, nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } }));
  });

  it('is not checked on CREATE', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-11'));
});

describe('R-12 nodeSelector change keeps allocations', () => {
  it('warns when the selector changes', () => {
    const judgement = update({ ...DOC_SPEC, nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } });
    assert.deepEqual(warningsOf(judgement, 'R-12'),
      ['[R-12] nodeSelector changed: nodes keep the pod ranges already allocated; only new nodes follow it']);
  });

  it('stays silent when an empty selector is spelled out', () => {
    assertNoRule(update({ ...DOC_SPEC, nodeSelector: { matchLabels: {} } }), 'R-12');
  });
});

describe('metadata-only updates', () => {
  it('admits adding a finalizer even when the Cluster is gone: R-1 is an existing violation (D19)', () => {
    const withFinalizer = { ...configWith(DOC_SPEC, { name: 'cluster-wide-ranges' }) };
    withFinalizer.metadata = { ...withFinalizer.metadata, finalizers: ['networking.k8s.io/cluster-cidr-finalizer'] };
    const cluster = docFacts().clusters[0]!;
    const facts = { ...docFacts(), clusters: [{ ...cluster, metadata: { name: 'other', namespace: 'cluster-other' } }] };
    const request = { object: withFinalizer, oldObject: OLD, operation: 'UPDATE' as const, facts, settings: DEFAULT_SETTINGS };
    const registration = registrationFor(OLD.apiVersion, OLD.kind)!;
    const judgement = judgeObject({ registration, ...request });
    assert.deepEqual(judgement.causes, []);
    assert.match(judgement.warnings.map(warningLine)[0] ?? '', /^\[R-1\] existing violation, unchanged by this update: metadata\.namespace: /);
    const strict = judgeObject({ registration, ...request, settings: { ...DEFAULT_SETTINGS, allowExistingViolations: false } });
    assertDenied(strict, 'metadata.namespace', 'R-1', 'no Cluster found');
  });

  it('still judges a spec change against the facts', () => {
    const cluster = docFacts().clusters[0]!;
    const facts = { ...docFacts(), clusters: [{ ...cluster, metadata: { name: 'other', namespace: 'cluster-other' } }] };
    const judgement = update({ ...DOC_SPEC, nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } }, facts);
    assertDenied(judgement, 'metadata.namespace', 'R-1', 'no Cluster found');
  });
});

describe('R-16 DELETE warns, never denies', () => {
  it('warns on DELETE of a config', () => {
    const judgement = judge(OLD, { operation: 'DELETE', oldObject: OLD });
    assert.deepEqual({ ...judgement, warnings: judgement.warnings.map(warningLine) }, {
      causes: [],
      warnings: ['[R-16] "cluster-wide-ranges" stays Terminating while nodes use its ranges; their pod CIDRs are never revoked'],
      patch: [],
    });
  });

  it('admits a DELETE of a config that breaks every rule, without facts', () => {
    const broken = configWith({ ipv6: { cidr: 'nonsense', perNodeMaskSize: 'x' } }, { namespace: 'nowhere' });
    const judgement = judge(broken, { operation: 'DELETE', oldObject: broken, facts: { ...docFacts(), clusters: [], unavailable: ['Cluster'] } });
    assert.deepEqual(judgement.causes, []);
    assert.equal(warningsOf(judgement, 'R-16').length, 1);
  });

  it('admits a DELETE whose old object is missing', () => {
    assert.deepEqual(judge(undefined, { operation: 'DELETE' }).causes, []);
  });

  it('does not warn on CREATE', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-16'));
});
