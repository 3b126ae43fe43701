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
    await kubectl(['delete', 'clusters.baremetal.cluster.gke.io', '--all', '-n', NAMESPACE]);
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
    const documents = cluster.split(/^---$/m);
    const clusterOnly = documents.find((document) => /^kind: Cluster$/m.test(document))!;
    const admitted = await kubectl(['apply', '--dry-run=server', '-f', '-'], clusterOnly);
    assert.equal(admitted.code, 0, admitted.stderr);
  });

  it('param rules read the Cluster of the namespace: without it R-1 and X-1 refuse, with it the bundle is admitted', async () => {
    const documents = documentationClusterIn(NAMESPACE).split(/^---$/m);
    const others = documents.filter((document) => /^kind: (NodePool|ClusterCIDRConfig)$/m.test(document)).join('---\n');
    // The param bindings reach the admission plugin a moment after the policies that need no params (measured in CI:
    // one dry run right after the C-5 policy acted was admitted), so this waits for the refusal as the test above does.
    const refused = await pollUntil('the param bindings to be active', 60_000, async () => {
      const result = await kubectl(['apply', '--dry-run=server', '-f', '-'], others);
      return result.code !== 0 && result.stderr.includes('dualstack-webhook-r-1') && result.stderr.includes('dualstack-webhook-x-1') ? result : undefined;
    });
    assert.match(refused.stderr, /ValidatingAdmissionPolicy 'dualstack-webhook-x-1' with binding 'dualstack-webhook-x-1-deny' denied request: failed to configure binding: no params found/);
    assert.match(refused.stderr, /ValidatingAdmissionPolicy 'dualstack-webhook-r-1' with binding 'dualstack-webhook-r-1-deny' denied request: failed to configure binding: no params found/);
    const stored = await kubectl(['apply', '-f', '-'], documents.find((document) => /^kind: Cluster$/m.test(document))!);
    assert.equal(stored.code, 0, stored.stderr);
    // Params come from an informer cache (VP-2): the Cluster reaches it a moment after it is stored.
    await pollUntil('the Cluster to be the policies\' params', 30_000, async () => {
      const result = await kubectl(['apply', '--dry-run=server', '-f', '-'], others);
      return result.code === 0 ? result : undefined;
    });
    const wrongName = others.replace('clusterName: dual-stack', 'clusterName: another');
    const denied = await kubectl(['apply', '--dry-run=server', '-f', '-'], wrongName);
    assert.match(denied.stderr, /spec\.clusterName: Invalid value: "another": must be "dual-stack", the Cluster in namespace "vap-policies" \[X-1\]/);
  });
});
