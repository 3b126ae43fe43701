import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import request from 'supertest';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { FIXTURES, capturingLogger, reviewOf } from './support/reviews.js';
import { yamlObjects } from '../support/yaml.js';

// The documentation's cluster: pods 192.168.0.0/16, services 172.16.0.0/20 and fd12::5:0/116, control plane
// 10.2.0.2-10.2.0.4, NodePool workers 10.2.0.5 and 10.2.0.6.
const facts = await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG);
const metrics = createWebhookMetrics(new Registry());
const app = createWebhookApp({
  facts: staticFactsSource(facts), settings: DEFAULT_SETTINGS, logger: capturingLogger().logger, metrics,
});

type NodePool = { metadata: { name: string; namespace: string; finalizers?: string[] }; spec: Record<string, unknown> };

const POOLS = new Map(yamlObjects<NodePool>(readFileSync(path.join(FIXTURES, 'node-pools.yaml'), 'utf8'))
  .map((pool) => [pool.metadata.name, pool]));

function pool(name: string): NodePool {
  const found = POOLS.get(name);
  if (!found) throw new Error(`no NodePool ${name} in node-pools.yaml`);
  return structuredClone(found);
}

const WORKERS = facts.nodePools[0] as NodePool;
const UID = 'c1b6c4a8-0000-4000-8000-0000000000np';

function nodePoolReview(object: NodePool, oldObject?: NodePool): Record<string, unknown> {
  return reviewOf({
    uid: UID, group: 'baremetal.cluster.gke.io', kind: 'NodePool', operation: oldObject ? 'UPDATE' : 'CREATE',
    name: object.metadata.name, namespace: object.metadata.namespace, object, oldObject,
  });
}

async function validate(object: NodePool, oldObject?: NodePool) {
  return (await request(app).post('/validate').send(nodePoolReview(object, oldObject)).expect(200)).body.response;
}

/** The AdmissionResponse of a denial as kube-apiserver relays it: 422 Invalid, group-qualified kind. */
function denial(name: string, causes: { reason: string; field: string; message: string }[]) {
  const joined = causes.map((cause) => `${cause.field}: ${cause.message}`);
  return {
    uid: UID,
    allowed: false,
    status: {
      metadata: {},
      status: 'Failure',
      message: `NodePool.baremetal.cluster.gke.io "${name}" is invalid: ${joined.length === 1 ? joined[0] : `[${joined.join(', ')}]`}`,
      reason: 'Invalid',
      details: { name, group: 'baremetal.cluster.gke.io', kind: 'NodePool', causes },
      code: 422,
    },
  };
}

describe('NodePools at admission, judged against the documentation\'s cluster', () => {
  it('admits a scale-out NodePool whose nodes break no rule, with no warning', async () => {
    assert.deepEqual(await validate(pool('scale-out')), { uid: UID, allowed: true });
  });

  it('admits an UPDATE of NodePool workers that adds a node: its own stored nodes are not duplicates (C-39)', async () => {
    const grown = structuredClone(WORKERS);
    (grown.spec.nodes as unknown[]).push({ address: '10.2.0.7' });
    assert.deepEqual(await validate(grown, WORKERS), { uid: UID, allowed: true });
  });

  describe('C-17 node addresses outside the pod and service ranges', () => {
    it('denies a node inside the pod range 192.168.0.0/16 at spec.nodes[1].address', async () => {
      assert.deepEqual(await validate(pool('c-17-pod-range')), denial('c-17-pod-range', [{
        reason: 'FieldValueInvalid',
        field: 'spec.nodes[1].address',
        message: 'Invalid value: "192.168.3.4": must not be inside Cluster dual-stack spec.clusterNetwork.pods.cidrBlocks[0] '
          + '(192.168.0.0/16): node IPs must lie outside the pod and service ranges [C-17]',
      }]));
    });

    it('denies a node inside the service range 172.16.0.0/20 at spec.nodes[0].address', async () => {
      assert.deepEqual(await validate(pool('c-17-service-range')), denial('c-17-service-range', [{
        reason: 'FieldValueInvalid',
        field: 'spec.nodes[0].address',
        message: 'Invalid value: "172.16.0.9": must not be inside Cluster dual-stack spec.clusterNetwork.services.cidrBlocks[0] '
          + '(172.16.0.0/20): node IPs must lie outside the pod and service ranges [C-17]',
      }]));
    });

    it('denies an UPDATE that moves a node of workers into the pod range', async () => {
      const moved = structuredClone(WORKERS);
      (moved.spec.nodes as { address: string }[])[1] = { address: '192.168.0.6' };
      const answer = await validate(moved, WORKERS);
      assert.equal(answer.allowed, false);
      assert.deepEqual(answer.status.details.causes.map((cause: { field: string }) => cause.field), ['spec.nodes[1].address']);
      assert.match(answer.status.message, /"192\.168\.0\.6": must not be inside Cluster dual-stack .*\[C-17\]$/);
    });

    it('admits a metadata-only UPDATE (a finalizer) of a pool stored before the webhook, with the existing violation as a warning (D19)', async () => {
      const stored = pool('c-17-pod-range');
      const finalized = structuredClone(stored);
      finalized.metadata.finalizers = ['baremetal.cluster.gke.io/node-pool-finalizer'];
      assert.deepEqual(await validate(finalized, stored), {
        uid: UID, allowed: true,
        warnings: ['[C-17] existing violation, unchanged by this update: spec.nodes[1].address: must not be inside Cluster dual-stack spec…'],
      });
    });
  });

  describe('C-38 node addresses are IPv4', () => {
    it('denies an IPv6 node address at spec.nodes[1].address', async () => {
      assert.deepEqual(await validate(pool('c-38-ipv6-node')), denial('c-38-ipv6-node', [{
        reason: 'FieldValueInvalid',
        field: 'spec.nodes[1].address',
        message: 'Invalid value: "fd12::2:7": must be an IPv4 address: node addresses are IPv4, also in dual-stack clusters [C-38]',
      }]));
    });
  });

  describe('C-39 a node IP belongs to one node pool', () => {
    it('denies a node of NodePool workers, naming that pool\'s field', async () => {
      assert.deepEqual(await validate(pool('c-39-taken-by-workers')), denial('c-39-taken-by-workers', [{
        reason: 'FieldValueDuplicate',
        field: 'spec.nodes[0].address',
        message: 'Duplicate value: "10.2.0.5": already used by NodePool workers spec.nodes[0].address; '
          + 'a node IP belongs to one node pool only [C-39]',
      }]));
    });

    it('denies a control-plane node of the Cluster', async () => {
      assert.deepEqual(await validate(pool('c-39-taken-by-control-plane')), denial('c-39-taken-by-control-plane', [{
        reason: 'FieldValueDuplicate',
        field: 'spec.nodes[0].address',
        message: 'Duplicate value: "10.2.0.3": already used by Cluster dual-stack spec.controlPlane.nodePoolSpec.nodes[1].address; '
          + 'a node IP belongs to one node pool only [C-39]',
      }]));
    });

    it('denies the same address twice in the pool at the second entry', async () => {
      assert.deepEqual(await validate(pool('c-39-twice')), denial('c-39-twice', [{
        reason: 'FieldValueDuplicate',
        field: 'spec.nodes[1].address',
        message: 'Duplicate value: "10.2.0.7": already used by spec.nodes[0].address; a node IP belongs to one node pool only [C-39]',
      }]));
    });
  });

  describe('X-1 namespace and clusterName against the Cluster facts', () => {
    it('denies a clusterName that is not the Cluster of the namespace at spec.clusterName', async () => {
      assert.deepEqual(await validate(pool('x-1-wrong-cluster')), denial('x-1-wrong-cluster', [{
        reason: 'FieldValueInvalid',
        field: 'spec.clusterName',
        message: 'Invalid value: "single-stack": must be "dual-stack", the Cluster in namespace "cluster-dual-stack" [X-1]',
      }]));
    });

    it('denies a NodePool outside its Cluster\'s namespace at metadata.namespace', async () => {
      assert.deepEqual(await validate(pool('x-1-wrong-namespace')), denial('x-1-wrong-namespace', [{
        reason: 'FieldValueInvalid',
        field: 'metadata.namespace',
        message: 'Invalid value: "cluster-elsewhere": must be "cluster-dual-stack", the namespace of Cluster "dual-stack" [X-1]',
      }]));
    });

    it('denies an UPDATE that changes clusterName: immutable, and not the namespace\'s Cluster', async () => {
      const renamed = structuredClone(WORKERS);
      renamed.spec.clusterName = 'single-stack';
      assert.deepEqual(await validate(renamed, WORKERS), denial('workers', [
        {
          reason: 'FieldValueInvalid', field: 'spec.clusterName',
          message: 'Invalid value: "single-stack": field is immutable (was "dual-stack") [X-1]',
        },
        {
          reason: 'FieldValueInvalid', field: 'spec.clusterName',
          message: 'Invalid value: "single-stack": must be "dual-stack", the Cluster in namespace "cluster-dual-stack" [X-1]',
        },
      ]));
    });
  });

  it('counts NodePool reviews under their own kind label', async () => {
    await validate(pool('c-38-ipv6-node'));
    assert.match(await metrics.registry.metrics(),
      /dualstack_webhook_requests_total\{webhook="validate",kind="NodePool",operation="CREATE",decision="denied"\} \d+/);
  });
});
