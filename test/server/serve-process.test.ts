import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestCertificates, makeTestCertificates, removeTestCertificates } from './support/certificates.js';
import { SERVICE_NAME, httpsCall } from './support/https-client.js';
import { fixture } from './support/reviews.js';
import { type ServeProcess, listeningPort, spawnServe } from '../support/serve.js';

interface SlowRequest {
  /** Sends the rest of the body; resolves with the answer. */
  finish(): Promise<{ status: number; body: string }>;
}

/** A review whose body is half sent: the server has it in flight until `finish`. */
function startSlowReview(port: number, ca: string, uid: string): Promise<SlowRequest> {
  const review = fixture<{ request: { uid: string } }>('service-create-review.json');
  review.request.uid = uid;
  const body = Buffer.from(JSON.stringify(review));
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    let answered: Promise<{ status: number; body: string }>;
    const outgoing = request({
      host: '127.0.0.1', port, method: 'POST', path: '/validate', ca, servername: SERVICE_NAME, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    });
    answered = new Promise((resolveAnswer, rejectAnswer) => {
      outgoing.on('response', (response: IncomingMessage) => {
        let text = '';
        response.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
        response.on('end', () => resolveAnswer({ status: response.statusCode ?? 0, body: text }));
      });
      outgoing.on('error', rejectAnswer);
    });
    answered.catch(() => {});
    outgoing.on('error', reject);
    outgoing.write(body.subarray(0, half), () => resolve({
      finish: () => {
        outgoing.end(body.subarray(half));
        return answered;
      },
    }));
  });
}

async function inFlight(port: number, ca: string): Promise<number> {
  const text = (await httpsCall({ port, ca, path: '/metrics', method: 'GET' })).text;
  const match = /^dualstack_webhook_requests_in_flight\{webhook="validate"\} (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

describe('dualstack-webhook serve (the process)', () => {
  let certificates: TestCertificates;
  let serve: ServeProcess | undefined;

  let fresh: string | undefined;

  before(async () => { certificates = await makeTestCertificates(); });
  after(removeTestCertificates);
  afterEach(async () => {
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
    serve = undefined;
    if (fresh) await rm(fresh, { recursive: true, force: true });
    fresh = undefined;
  });

  it('on a fresh checkout generates a development CA and serving certificate, prints the CA and a curl line, and serves', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'dualstack-webhook-fresh-'));
    fresh = cwd;
    serve = spawnServe(['--port', '0'], { cwd, env: { DUALSTACK_WEBHOOK_HOST: '127.0.0.1' } });
    const port = await listeningPort(serve);
    const caFile = path.join(cwd, 'certs', 'ca.crt');
    const printed = await serve.waitForStderr(/try: curl/);
    assert.ok(printed.includes(`CA certificate: ${caFile}\n`), printed);
    assert.ok(printed.includes(`try: curl --cacert ${caFile} https://localhost:${port}/readyz\n`), printed);
    assert.equal(statSync(path.join(cwd, 'certs', 'tls.key')).mode & 0o777, 0o600);
    assert.equal(statSync(path.join(cwd, 'certs', 'ca.key')).mode & 0o777, 0o600);
    const ca = await readFile(caFile, 'utf8');
    const ready = await httpsCall({ port, ca, path: '/readyz', method: 'GET' });
    assert.equal(ready.status, 200);
    const review = await httpsCall({ port, ca, path: '/mutate', body: JSON.stringify(fixture('service-create-review.json')) });
    assert.equal(JSON.parse(review.text).response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
    const facts = serve.lines.find((line) => line.msg === 'cluster facts loaded');
    assert.match(String(facts?.file), /examples[/\\]dual-stack-cluster\.yaml$/);
    serve.child.kill('SIGTERM');
    assert.deepEqual(await serve.exited, { code: 0, signal: null });
    assert.ok(existsSync(path.join(cwd, 'certs', 'tls.crt')));
  });

  it('on SIGTERM turns readiness false, lets every in-flight review finish and exits 0', async () => {
    serve = spawnServe([
      '--host', '127.0.0.1', '--port', '0', '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile,
      '--shutdown-delay', '1',
    ]);
    const port = await listeningPort(serve);
    const ca = certificates.ca.cert;

    // A stream of ordinary reviews, and reviews held in flight with half their body sent.
    let streaming = true;
    const failures: unknown[] = [];
    let answered = 0;
    const body = JSON.stringify(fixture('service-create-review.json'));
    const streams = [0, 1, 2, 3].map(async () => {
      while (streaming) {
        try {
          const answer = await httpsCall({ port, ca, path: '/validate', body });
          if (answer.status === 200) answered += 1;
          else failures.push(answer.status);
        } catch (error) {
          failures.push(error);
        }
      }
    });
    const slow = await Promise.all([1, 2, 3, 4, 5].map((index) => startSlowReview(port, ca, `slow-${index}`)));
    while (await inFlight(port, ca) < 5) await new Promise((resolve) => { setTimeout(resolve, 20); });
    assert.ok(answered > 0);

    streaming = false;
    await Promise.all(streams);
    serve.child.kill('SIGTERM');
    await serve.waitForLine((line) => line.msg === 'draining: readiness is false');
    const readyz = await httpsCall({ port, ca, path: '/readyz', method: 'GET' });
    assert.equal(readyz.status, 503);
    assert.match(readyz.text, /\[-\]shutdown draining/);

    await serve.waitForLine((line) => line.msg === 'stopped accepting connections; waiting for in-flight requests');
    const answers = await Promise.all(slow.map((held) => held.finish()));
    assert.deepEqual(failures, []);
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(answers.map((answer) => JSON.parse(answer.body).response.uid), ['slow-1', 'slow-2', 'slow-3', 'slow-4', 'slow-5']);
    assert.deepEqual(await serve.exited, { code: 0, signal: null });
    assert.ok(serve.lines.some((line) => line.msg === 'stopped'));
  });

  describe('bad options exit 2 with a clear message', () => {
    for (const [args, env, message] of [
      [['--port', 'eighty'], {}, /--port: "eighty" is not a whole number/],
      [[], { DUALSTACK_WEBHOOK_LOG_LEVEL: 'loud' }, /--log-level: "loud" is not one of debug, info, warn, error/],
      [['--cluster-config', 'no/such/file.yaml'], {}, /--cluster-config no\/such\/file\.yaml: no such file or directory/],
      [['--tls-cert', 'no/such/tls.crt', '--tls-key', 'no/such/tls.key'], {}, /cannot read no\/such\/tls\.(crt|key): no such file/],
    ] as const) {
      it(`${[...args, ...Object.entries(env).map(([key, value]) => `${key}=${value}`)].join(' ')}`, async () => {
        serve = spawnServe(args, { env });
        assert.deepEqual(await serve.exited, { code: 2, signal: null });
        assert.match(serve.stderr(), message);
      });
    }
  });
});
