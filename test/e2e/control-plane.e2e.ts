import assert from 'node:assert/strict';
import { e2e } from './support/environment.js';

describe('e2e: the control plane the suite runs on', () => {
  it('serves the documentation cluster\'s dual-stack Service ranges: a RequireDualStack Service gets both families', async () => {
    const answer = await e2e().api.request('POST', '/api/v1/namespaces/default/services?dryRun=All', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'probe' },
      spec: { ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] },
    });
    assert.equal(answer.status, 201, answer.text);
    const spec = (JSON.parse(answer.text) as { spec: { ipFamilies: string[]; clusterIPs: string[] } }).spec;
    assert.deepEqual(spec.ipFamilies, ['IPv4', 'IPv6']);
    // Dry-run allocates nothing: the placeholders are the ranges' network addresses.
    assert.deepEqual(spec.clusterIPs, ['172.16.0.0', 'fd12::5:0']);
  });

  it('accepts our CRDs as structural and serves them (Established)', async () => {
    const listed = await e2e().kubectl(['get', 'crd', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
      'clustercidrconfigs.baremetal.cluster.gke.io', 'clusters.baremetal.cluster.gke.io', 'nodepools.baremetal.cluster.gke.io',
    ]);
  });

  it('runs kubectl of the same minor version as the apiserver', async () => {
    const version = await e2e().kubectl(['version', '-o', 'json']);
    assert.equal(version.code, 0, version.stderr);
    const parsed = JSON.parse(version.stdout) as { clientVersion: { minor: string }; serverVersion: { minor: string; gitVersion: string } };
    assert.equal(parsed.clientVersion.minor, parsed.serverVersion.minor);
    assert.match(parsed.serverVersion.gitVersion, /^v1\.\d+\.\d+$/);
  });
});
