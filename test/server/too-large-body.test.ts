import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Server, createServer } from 'node:http';
import { type AddressInfo, type Socket, connect as connectTcp } from 'node:net';
import { connect } from 'node:tls';
import { Registry } from 'prom-client';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { type LingerBounds, refuseUnreadBody } from '../../src/server/lingering-close.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { type RunningWebhookServer, startWebhookServer } from '../../src/server/webhook-server.js';
import { type TestCertificates, makeTestCertificates } from './support/certificates.js';
import { SERVICE_NAME, httpsCall } from './support/https-client.js';
import { capturingLogger, fixtureText } from './support/reviews.js';

const MiB = 1024 * 1024;
const CHUNK = 256 * 1024;

interface SlowPost {
  /** Everything the server sent, as text. */
  readonly answer: string;
  /** Body bytes written when the first byte of the answer arrived. */
  readonly writtenAtAnswer: number | undefined;
  readonly written: number;
  /** A write or read error (EPIPE, ECONNRESET), if the connection broke. */
  readonly error: string | undefined;
}

/**
 * A misbehaving client over a raw TLS socket: it declares `size` bytes and writes all of them in chunks with small
 * pauses, whatever the server answers meanwhile, then waits for the server to close.
 */
function slowPost(port: number, ca: string, path: string, size: number): Promise<SlowPost> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: SERVICE_NAME });
    const received: Buffer[] = [];
    let written = 0;
    let writtenAtAnswer: number | undefined;
    let error: string | undefined;
    let closed = false;
    socket.on('data', (chunk: Buffer) => {
      writtenAtAnswer ??= written;
      received.push(chunk);
    });
    socket.on('error', (problem: NodeJS.ErrnoException) => { error ??= problem.code ?? problem.message; });
    socket.on('close', () => {
      closed = true;
      resolve({ answer: Buffer.concat(received).toString('utf8'), writtenAtAnswer, written, error });
    });
    socket.once('secureConnect', async () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${SERVICE_NAME}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
      const chunk = Buffer.alloc(CHUNK, 'x');
      while (written < size && !closed) {
        const part = size - written >= CHUNK ? chunk : chunk.subarray(0, size - written);
        written += part.length;
        if (!socket.write(part)) await untilDrainedOrClosed(socket);
        await sleep(1);
      }
      if (!closed) socket.end();
    });
  });
}

describe('413 for a body over the limit, read by a client still sending it (docs/webhook.md "Bad requests")', function () {
  this.timeout(120_000);
  let certificates: TestCertificates;
  let running: RunningWebhookServer;

  before(async () => {
    certificates = await makeTestCertificates();
    running = await startWebhookServer({
      host: '127.0.0.1', port: 0, minVersion: 'TLSv1.2', certFile: certificates.certFile, keyFile: certificates.keyFile,
      facts: staticFactsSource(await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG)), settings: DEFAULT_SETTINGS,
      logger: capturingLogger().logger, metrics: createWebhookMetrics(new Registry()),
    });
  });
  after(async () => {
    await running?.stop({ skipDelay: true });
    if (certificates) await rm(certificates.folder, { recursive: true, force: true });
  });

  for (const size of [9 * MiB, 64 * MiB]) {
    for (const path of ['/validate', '/mutate']) {
      it(`answers 413 to ${size / MiB} MiB sent slowly to ${path}, three times, before the body ends, and closes cleanly`, async () => {
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const sent = await slowPost(running.port, certificates.ca.cert, path, size);
          const at = `attempt ${attempt}`;
          assert.equal(sent.error, undefined, `${at}: the connection broke (${sent.error}) after ${sent.written} bytes`);
          assert.equal(sent.written, size, at);
          assert.match(sent.answer, /^HTTP\/1\.1 413 Payload Too Large\r\n/, at);
          assert.match(sent.answer, /\r\nconnection: close\r\n/i, at);
          const body = JSON.parse(sent.answer.slice(sent.answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
          assert.deepEqual(body, {
            apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', code: 413, reason: 'RequestEntityTooLarge',
            message: 'request body larger than 7340032 bytes',
          }, at);
          // Answered from Content-Length, while the client was still writing.
          assert.ok(sent.writtenAtAnswer !== undefined && sent.writtenAtAnswer < size, `${at}: answered after ${sent.writtenAtAnswer} of ${size} bytes`);
        }
      });
    }
  }

  it('answers 413 to a 9 MiB body sent by node\'s https client, and goes on serving reviews', async () => {
    const refused = await httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/validate', body: Buffer.alloc(9 * MiB, 'x') });
    assert.equal(refused.status, 413);
    assert.equal(JSON.parse(refused.text).reason, 'RequestEntityTooLarge');
    const answered = await httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/validate', body: fixtureText('service-create-review.json') });
    assert.equal(answered.status, 200);
    assert.equal(JSON.parse(answered.text).response.allowed, true);
  });
});

describe('lingering close: the bounds on what is discarded', () => {
  const LONG = 10 * 60_000;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => { server?.close(() => resolve()) ?? resolve(); });
    server = undefined;
  });

  /** A server that refuses every request with `bounds`; resolves to its port. */
  async function serve(bounds: LingerBounds): Promise<number> {
    const started = createServer((request, response) => { void refuseUnreadBody(request, response, 413, 'too large', bounds); });
    server = started;
    await new Promise<void>((resolve) => { started.listen(0, '127.0.0.1', resolve); });
    return (started.address() as AddressInfo).port;
  }

  /**
   * Declares `declared` bytes and writes `size` of them in 16 KiB chunks, `pauseMs` apart, then stays silent. Resolves
   * when the server closes the connection (a test that waits for a bound the server does not keep times out).
   */
  function post(port: number, declared: number, size: number, pauseMs = 0): Promise<{ answer: string; written: number }> {
    return new Promise((resolve) => {
      const socket = connectTcp(port, '127.0.0.1');
      const received: Buffer[] = [];
      let written = 0;
      let closed = false;
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        closed = true;
        resolve({ answer: Buffer.concat(received).toString('utf8'), written });
      });
      socket.once('connect', async () => {
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${declared}\r\n\r\n`);
        const chunk = Buffer.alloc(16 * 1024, 'x');
        while (written < size && !closed) {
          written += chunk.length;
          if (!socket.write(chunk)) await untilDrainedOrClosed(socket);
          if (pauseMs) await sleep(pauseMs);
        }
      });
    });
  }

  it('closes once the discarded bytes pass the bound, though the client goes on sending', async () => {
    const port = await serve({ bytes: 256 * 1024, totalMs: LONG, idleMs: LONG });
    const sent = await post(port, 64 * MiB, 64 * MiB);
    assert.match(sent.answer, /^HTTP\/1\.1 413 /);
    assert.ok(sent.written < 64 * MiB, `the server read all ${sent.written} bytes`);
  });

  it('closes when the client has sent nothing for the idle bound', async () => {
    const port = await serve({ bytes: 256 * MiB, totalMs: LONG, idleMs: 200 });
    const sent = await post(port, MiB, 64 * 1024);
    assert.match(sent.answer, /^HTTP\/1\.1 413 /);
  });

  it('closes when the time bound runs out, though the client goes on sending', async () => {
    const port = await serve({ bytes: 256 * MiB, totalMs: 300, idleMs: LONG });
    const sent = await post(port, 64 * MiB, 64 * MiB, 20);
    assert.match(sent.answer, /^HTTP\/1\.1 413 /);
    assert.ok(sent.written < 64 * MiB);
  });

  it('ends the answer and closes as soon as the whole body has been read', async () => {
    const port = await serve({ bytes: 256 * MiB, totalMs: LONG, idleMs: LONG });
    const sent = await post(port, 64 * 1024, 64 * 1024);
    assert.match(sent.answer, /^HTTP\/1\.1 413 [^]*\r\n\r\n\{"apiVersion":"v1","kind":"Status",[^]*"message":"too large"[^]*\}$/);
  });
});

/** Back-pressure: waits for 'drain' or 'close', whichever comes first, and leaves no listener behind. */
function untilDrainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}
