import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { servedGroupVersions } from '../../src/cluster/report-writes.js';

/** A plain-HTTP API server that answers every request with this JSON body. */
async function answering(body: string): Promise<{ server: Server; kubeConfig: KubeConfig }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return { server, kubeConfig };
}

describe('servedGroupVersions: the API groups of /apis', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it('lists every group/version served', async () => {
    const api = await answering(JSON.stringify({
      kind: 'APIGroupList', apiVersion: 'v1',
      groups: [{ name: 'openreports.io', versions: [{ groupVersion: 'openreports.io/v1alpha1', version: 'v1alpha1' }] }],
    }));
    server = api.server;
    assert.deepEqual([...await servedGroupVersions(api.kubeConfig)], ['openreports.io/v1alpha1']);
  });

  it('says an answer that is not an APIGroupList in one line, not as a TypeError', async () => {
    const api = await answering('{"items": []}');
    server = api.server;
    await assert.rejects(servedGroupVersions(api.kubeConfig), { message: 'the answer is not an APIGroupList' });
  });
});
