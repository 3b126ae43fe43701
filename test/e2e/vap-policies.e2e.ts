import assert from 'node:assert/strict';
import { renderPolicies, renderVap } from '../../src/manifests/validating-admission-policies.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { createNamespace, documentationClusterIn, mainTarget } from './support/admission.js';
import { pollUntil } from '../support/processes.js';

// `dualstack-webhook vap` on the real kube-apiserver: every policy and binding it renders is accepted (the
// expressions compile), and a policy denies and warns as the webhook's rule with the same ID would, message and all.
// The full comparison with the webhook, case by case, is test/e2e/vap-differential.e2e.ts.

const NAMESPACE = 'vap-policies';
const OPTIONS = { kubeMinor: 31, maxServiceHostBits: DEFAULT_SETTINGS.maxServiceHostBits, warnBindings: true };
const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);

describe('e2e: vap policies on kube-apiserver', function () {
  this.timeout(180_000);

  before(async () => {
    const applied = await kubectl(['apply', '-f', '-'], renderVap(OPTIONS));
    assert.equal(applied.code, 0, applied.stderr);
    await createNamespace(mainTarget(), NAMESPACE);
  });

  after(async () => {
    await kubectl(['delete', 'validatingadmissionpolicies,validatingadmissionpolicybindings', '-l', 'app.kubernetes.io/part-of=dualstack-webhook']);
    await kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('kube-apiserver stores every policy and binding', async () => {
    const listed = await kubectl(['get', 'validatingadmissionpolicies', '-l', 'app.kubernetes.io/part-of=dualstack-webhook', '-o', 'name']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(),
      renderPolicies(OPTIONS).map((policy) => `validatingadmissionpolicy.admissionregistration.k8s.io/${policy.name}`).sort());
  });

  it('admits the documentation cluster and denies an IPv6 pod range with C-5, naming the field', async () => {
    const cluster = documentationClusterIn(NAMESPACE);
    // Policies take a moment to reach the admission plugin's informer.
    await pollUntil('the policies to be active', 60_000, async () => {
      const broken = cluster.replace('      - 192.168.0.0/16\n    services:', '      - 192.168.0.0/16\n      - fd12::1:0/112\n    services:');
      const result = await kubectl(['apply', '--dry-run=server', '-f', '-'], broken);
      return result.code !== 0 && result.stderr.includes('[C-5]') ? result : undefined;
    }).then((result) => {
      assert.match(result.stderr, /spec\.clusterNetwork\.pods\.cidrBlocks\[1\]: Invalid value: "fd12::1:0\/112": must be an IPv4 CIDR.* \[C-5\]/);
    });
    const admitted = await kubectl(['apply', '--dry-run=server', '-f', '-'], cluster);
    assert.equal(admitted.code, 0, admitted.stderr);
  });
});
