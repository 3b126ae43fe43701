import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { createNamespace, documentationClusterIn, mainTarget } from './support/admission.js';
import { runCli } from '../support/cli.js';
import { unregisterWebhook } from './support/webhook.js';
import { e2e } from './support/environment.js';
import { yamlObjects } from '../support/yaml.js';

const NAMESPACE = 'rollout';

// The install guide's rollout recipe (docs/install.md; with servicecidrs: kube-apiserver's own Service ranges, docs/rules.md D18): before a team switches the webhooks to failurePolicy: Fail, `check` judges what the
// cluster already holds. The objects here were stored while no webhook was registered, as on a cluster that ran
// before the webhook was installed.
describe('e2e: kubectl get ... -A -o yaml | dualstack-webhook check - (rollout recipe)', function () {
  this.timeout(120_000);

  before(async () => {
    await unregisterWebhook(e2e().api, e2e().binaries.kubectl);
    await createNamespace(mainTarget(), NAMESPACE);
    const documents = yamlObjects(documentationClusterIn(NAMESPACE));
    const [, cluster, , config] = documents;
    cluster!.spec.loadBalancer.mode = 'automatic';
    const twoIps = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'prefer', namespace: NAMESPACE },
      spec: { ipFamilyPolicy: 'PreferDualStack', selector: { app: 'try-dual-stack' }, ports: [{ port: 80 }] },
    };
    const stored = await mainTarget().kubectl(['apply', '-f', '-'], [cluster, config, twoIps].map((object) => JSON.stringify(object)).join('\n'));
    assert.equal(stored.code, 0, stored.stderr);
  });

  it('judges the stored objects: exit 1, the bad Cluster DENY with its cause, the good config and Services admitted', async () => {
    const listed = await mainTarget().kubectl(['get', 'clusters,clustercidrconfigs,servicecidrs,services', '-A', '-o', 'yaml']);
    assert.equal(listed.code, 0, listed.stderr);
    const checked = await runCli(['check', '-'], listed.stdout);
    assert.equal(checked.status, 1, checked.stderr);
    const output = checked.stdout.split('\n');
    const denied = output.findIndex((line) => line.startsWith(`DENY Cluster ${NAMESPACE}/dual-stack -:`));
    assert.ok(denied >= 0, checked.stdout);
    const cause = 'spec.loadBalancer.mode: Unsupported value: "automatic": supported values: "bundled", "manual" [C-24]';
    // Placed at its line and column in kubectl's output, which depend on what else the API holds.
    assert.match(output[denied + 1] ?? '', new RegExp(`^  -:\\d+:13 ${cause.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    // docs/install.md's rollout section shows this very cause line.
    assert.ok(readFileSync(path.join(PACKAGE_ROOT, 'docs', 'install.md'), 'utf8').includes(`\n     -:1043:13 ${cause}\n`), 'docs/install.md lacks the cause line');
    // The API holds the other test files' Clusters too: the config may only be warned about theirs (X-5, another cluster).
    const config = output.findIndex((line) => /^(PASS|WARN) ClusterCIDRConfig rollout\/cluster-wide-ranges -:/.test(line));
    assert.ok(config >= 0, checked.stdout);
    for (const line of output.slice(config + 1).filter((_, index, rest) => rest.slice(0, index + 1).every((text) => text.startsWith('  ')))) {
      assert.match(line, /^ {2}-:\d+:\d+ Warning: \[X-5\] .* \(another cluster\)$/);
    }
    assert.ok(output.some((line) => line.startsWith(`PASS Service ${NAMESPACE}/prefer -:`)), checked.stdout);
    assert.ok(output.some((line) => line.startsWith('PASS Service default/kubernetes -:')), checked.stdout);
  });
});
