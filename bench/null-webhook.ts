/**
 * The null webhook: the least an HTTPS admission webhook can do, in plain Node (no framework, no loader). Every review
 * is allowed with no patch; the server has our server's certificate kind, TLS minimum and keep-alive settings. `npm run
 * bench` loads it beside ours; `npm run bench:e2e` registers it with kube-apiserver as ours is, so that ours minus it
 * is what our server and rules add. A GET answers how many reviews each path got, so bench:e2e can tell when
 * kube-apiserver calls it or has stopped calling it. Run as `node --input-type=module --eval NULL_WEBHOOK_SOURCE` with
 * BENCH_PORT, BENCH_CERT and BENCH_KEY in the environment.
 */
export const NULL_WEBHOOK_SOURCE = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const reviews = {};
const server = createServer({
  cert: readFileSync(process.env.BENCH_CERT), key: readFileSync(process.env.BENCH_KEY),
  minVersion: 'TLSv1.2', keepAliveTimeout: 90000, headersTimeout: 32000,
}, (incoming, outgoing) => {
  const path = incoming.url.split('?')[0];
  if (incoming.method === 'GET') {
    outgoing.writeHead(200, { 'Content-Type': 'application/json' });
    outgoing.end(JSON.stringify(reviews));
    return;
  }
  const chunks = [];
  incoming.on('data', (chunk) => chunks.push(chunk));
  incoming.on('end', () => {
    let review;
    try { review = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { outgoing.writeHead(400).end(); return; }
    reviews[path] = (reviews[path] ?? 0) + 1;
    outgoing.writeHead(200, { 'Content-Type': 'application/json' });
    outgoing.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } }));
  });
});
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); });
`;

/** The environment that tells the null webhook where to listen and what certificate to serve. */
export function nullWebhookEnvironment(port: number, certFile: string, keyFile: string): Record<string, string> {
  return { BENCH_PORT: String(port), BENCH_CERT: certFile, BENCH_KEY: keyFile };
}
